// What the session layer reads from a decoded V2G document (JSON of ../shared/vectors/exi/README.md):
// DIN 70121 / ISO 15118-2 {V2G_Message: {Header: {SessionID}, Body: {<Msg>: {...}}}} (DIN §9.3, ISO 15118-2
// §8.3.3), ISO 15118-20 {<Msg>: {Header: {SessionID, TimeStamp}, ResponseCode?, ...}} (§8.3.3) and the
// handshake {supportedAppProtocolReq|Res: {...}}: the message name, SessionID, ResponseCode, EVSEProcessing.

import type { V2gSchema } from './types';

export interface MessageView {
  name: string;
  /** JSON pointer of the message element inside the body ('/V2G_Message/Body/SessionSetupRes', '/DC_ChargeLoopReq'). */
  path: string;
  message: Record<string, unknown> | undefined;
  sessionId: string | undefined;
  responseCode: string | undefined;
  evseProcessing: string | undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function firstKey(o: Record<string, unknown> | undefined): string | undefined {
  if (!o) return undefined;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return k;
  return undefined;
}

export function viewMessage(schema: V2gSchema, value: unknown): MessageView {
  const root = obj(value);
  const empty: MessageView = { name: '?', path: '', message: undefined, sessionId: undefined, responseCode: undefined, evseProcessing: undefined };
  if (!root) return empty;
  let name: string | undefined;
  let msg: Record<string, unknown> | undefined;
  let header: Record<string, unknown> | undefined;
  let path = '';
  if (schema === 'din' || schema === 'iso2') {
    const v2g = obj(root.V2G_Message);
    header = obj(v2g?.Header);
    const body = obj(v2g?.Body);
    name = firstKey(body);
    msg = name !== undefined ? obj(body?.[name]) : undefined;
    path = name !== undefined ? `/V2G_Message/Body/${name}` : '';
  } else {
    name = firstKey(root);
    msg = name !== undefined ? obj(root[name]) : undefined;
    header = obj(msg?.Header);
    path = name !== undefined ? `/${name}` : '';
  }
  if (name === undefined) return empty;
  const sid = header?.SessionID;
  const rc = msg?.ResponseCode;
  const ep = msg?.EVSEProcessing;
  return {
    name,
    path,
    message: msg,
    sessionId: typeof sid === 'string' ? sid.toUpperCase() : undefined,
    responseCode: typeof rc === 'string' ? rc : undefined,
    evseProcessing: typeof ep === 'string' ? ep : undefined,
  };
}

export function kindOfName(name: string): 'request' | 'response' | 'notification' {
  if (name.endsWith('Req')) return 'request';
  if (name.endsWith('Res')) return 'response';
  return 'notification';
}

/** 'CurrentDemandRes' -> 'CurrentDemandReq'. */
export function requestNameOf(responseName: string): string {
  return responseName.endsWith('Res') ? responseName.slice(0, -3) + 'Req' : responseName;
}

/** ResponseCodes that report failure: DIN / ISO 15118-2 'FAILED*', ISO 15118-20 'FAILED*' and the SAP 'Failed_NoNegotiation'. */
export function isFailedResponseCode(rc: string): boolean {
  return /^failed/i.test(rc);
}
