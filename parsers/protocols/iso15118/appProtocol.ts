// supportedAppProtocol negotiation (ISO 15118-2 §8.2 / DIN SPEC 70121 §8.2 / ISO 15118-20 §8.3.1, schema
// urn:iso:15118:2:2010:AppProtocol): the EVCC offers AppProtocol entries (ProtocolNamespace, version,
// SchemaID, Priority); the SECC's supportedAppProtocolRes names the chosen SchemaID. The chosen namespace
// selects the grammar for the rest of the connection; for ISO 15118-20 the V2GTP payload type picks the
// document (0x8002 common, 0x8003 AC, 0x8004 DC, 0x8005 ACDP, 0x8006 WPT; side streams 0x8101-0x8104).

import type { V2gProtocol, V2gSchema } from './types';

export const APPHAND_NAMESPACE = 'urn:iso:15118:2:2010:AppProtocol';
export const DIN_NAMESPACE = 'urn:din:70121:2012:MsgDef';
export const ISO2_NAMESPACE = 'urn:iso:15118:2:2013:MsgDef';
export const ISO2_2010_NAMESPACE = 'urn:iso:15118:2:2010:MsgDef';
export const ISO20_PREFIX = 'urn:iso:std:iso:15118:-20';

export interface AppProtocolOffer {
  ProtocolNamespace: string;
  VersionNumberMajor?: number;
  VersionNumberMinor?: number;
  SchemaID: number;
  Priority?: number;
}

/** Family of a protocol namespace: 'din' (also vendor namespaces with ':din:' such as urn:tesla:din:2018:MsgDef), 'iso2', 'iso20'. */
export function namespaceFamily(ns: string): 'din' | 'iso2' | 'iso20' | undefined {
  if (ns === DIN_NAMESPACE || /(^|:)din(:|$)/i.test(ns)) return 'din';
  if (ns === ISO2_NAMESPACE || ns === ISO2_2010_NAMESPACE || /^urn:iso:15118:2:/.test(ns)) return 'iso2';
  if (ns.startsWith(ISO20_PREFIX)) return 'iso20';
  return undefined;
}

export function protocolOfFamily(f: 'din' | 'iso2' | 'iso20'): V2gProtocol {
  return f === 'din' ? 'din70121' : f === 'iso2' ? 'iso15118-2' : 'iso15118-20';
}

export function protocolOfSchema(s: V2gSchema): V2gProtocol {
  if (s === 'apphand') return 'apphandshake';
  if (s === 'din') return 'din70121';
  if (s === 'iso2') return 'iso15118-2';
  return 'iso15118-20';
}

/** Root element index of an ISO 15118-20 schedule-renegotiation side-stream document (first 6 bits of byte 1). */
function renegotiationSchema(bytes: Uint8Array): V2gSchema {
  if (bytes.length < 2) return 'iso20-common';
  const ev = bytes[1] >> 2;
  if (ev === 0x0f || ev === 0x10) return 'iso20-dc';
  if (ev === 0x04 || ev === 0x05) return 'iso20-ac';
  if (ev === 0x1d || ev === 0x1e) return 'iso20-wpt';
  return 'iso20-common';
}

/** ISO 15118-20 document for a V2GTP payload type, or undefined for 0x8001 / unknown types. */
export function iso20SchemaForPayloadType(pt: number, bytes: Uint8Array): V2gSchema | undefined {
  switch (pt) {
    case 0x8002: return 'iso20-common';
    case 0x8003: return 'iso20-ac';
    case 0x8004: return 'iso20-dc';
    case 0x8005: return 'iso20-acdp';
    case 0x8006: return 'iso20-wpt';
    case 0x8101: return renegotiationSchema(bytes);
    case 0x8102: return 'iso20-common';
    case 0x8103: return 'iso20-acdp';
    case 0x8104: return 'iso20-common';
    default: return undefined;
  }
}

/** The offers of a decoded supportedAppProtocolReq (tolerates missing fields). */
export function offersOf(value: unknown): AppProtocolOffer[] {
  const req = (value as { supportedAppProtocolReq?: { AppProtocol?: unknown } } | undefined)?.supportedAppProtocolReq;
  const list = req?.AppProtocol;
  if (!Array.isArray(list)) return [];
  const out: AppProtocolOffer[] = [];
  for (const a of list.slice(0, 32)) {
    if (a && typeof a === 'object' && typeof (a as AppProtocolOffer).ProtocolNamespace === 'string' && typeof (a as AppProtocolOffer).SchemaID === 'number') {
      out.push(a as AppProtocolOffer);
    }
  }
  return out;
}

export function selectionOf(value: unknown): { responseCode?: string; schemaId?: number } {
  const res = (value as { supportedAppProtocolRes?: { ResponseCode?: unknown; SchemaID?: unknown } } | undefined)?.supportedAppProtocolRes;
  return {
    responseCode: typeof res?.ResponseCode === 'string' ? res.ResponseCode : undefined,
    schemaId: typeof res?.SchemaID === 'number' ? res.SchemaID : undefined,
  };
}
