// V2GTP (V2G Transfer Protocol) header: ISO 15118-2:2014 §7.8.3 (Table 9/10) and ISO 15118-20:2022 §7.8.3
// (payload type table), DIN SPEC 70121 §8.7.3. An 8-byte header: protocol version 0x01, its inverse 0xFE,
// payload type (uint16 big-endian), payload length (uint32 big-endian), then the payload. Joins the
// `tcp` heuristic table (first bytes 01 FE + a known payload type) and the `v2gtp.payload_type` table.

export const V2GTP_HEADER_LENGTH = 8;
export const V2GTP_VERSION = 0x01;
export const V2GTP_INVERSE_VERSION = 0xfe;

/** Largest payload this inspector accepts (bounded memory); ISO allows up to 2^32-1, real messages are < 8 KiB. */
export const V2GTP_MAX_PAYLOAD = 64 * 1024;

export const PT_EXI = 0x8001; // ISO 15118-2 / DIN 70121 EXI message; ISO 15118-20 supportedAppProtocol (SAP)
export const PT_ISO20_COMMON = 0x8002;
export const PT_ISO20_AC = 0x8003;
export const PT_ISO20_DC = 0x8004;
export const PT_ISO20_ACDP = 0x8005;
export const PT_ISO20_WPT = 0x8006;
export const PT_ISO20_SCHEDULE_RENEGOTIATION = 0x8101;
export const PT_ISO20_METERING_CONFIRMATION = 0x8102;
export const PT_ISO20_ACDP_SYSTEM_STATUS = 0x8103;
export const PT_ISO20_PARKING_STATUS = 0x8104;
export const PT_SDP_REQUEST = 0x9000;
export const PT_SDP_RESPONSE = 0x9001;
export const PT_SDP_REQUEST_WIRELESS = 0x9002;
export const PT_SDP_RESPONSE_WIRELESS = 0x9003;
export const PT_SDP_REQUEST_EMSP = 0x9004;
export const PT_SDP_RESPONSE_EMSP = 0x9005;

/** Payload types with their meaning (ISO 15118-2 Table 10, ISO 15118-20 payload type table). */
export const PAYLOAD_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [PT_EXI, 'EXI encoded V2G message (ISO 15118-2 / DIN 70121 / SAP)'],
  [PT_ISO20_COMMON, 'ISO 15118-20 common messages'],
  [PT_ISO20_AC, 'ISO 15118-20 AC main stream'],
  [PT_ISO20_DC, 'ISO 15118-20 DC main stream'],
  [PT_ISO20_ACDP, 'ISO 15118-20 ACDP main stream'],
  [PT_ISO20_WPT, 'ISO 15118-20 WPT main stream'],
  [PT_ISO20_SCHEDULE_RENEGOTIATION, 'ISO 15118-20 schedule renegotiation side stream'],
  [PT_ISO20_METERING_CONFIRMATION, 'ISO 15118-20 metering confirmation side stream'],
  [PT_ISO20_ACDP_SYSTEM_STATUS, 'ISO 15118-20 ACDP system status side stream'],
  [PT_ISO20_PARKING_STATUS, 'ISO 15118-20 parking status side stream'],
  [PT_SDP_REQUEST, 'SDP request'],
  [PT_SDP_RESPONSE, 'SDP response'],
  [PT_SDP_REQUEST_WIRELESS, 'SDP request (wireless)'],
  [PT_SDP_RESPONSE_WIRELESS, 'SDP response (wireless)'],
  [PT_SDP_REQUEST_EMSP, 'SDP request (EMSP)'],
  [PT_SDP_RESPONSE_EMSP, 'SDP response (EMSP)'],
]);

/** Payload types that carry an EXI stream over TCP. */
export function isExiPayloadType(pt: number): boolean {
  return (pt >= PT_EXI && pt <= PT_ISO20_WPT) || (pt >= PT_ISO20_SCHEDULE_RENEGOTIATION && pt <= PT_ISO20_PARKING_STATUS);
}

export function isKnownPayloadType(pt: number): boolean {
  return PAYLOAD_TYPE_NAMES.has(pt);
}

export function payloadTypeHex(pt: number): string {
  return '0x' + pt.toString(16).padStart(4, '0');
}

export interface V2gtpHeader {
  version: number;
  inverseVersion: number;
  payloadType: number;
  payloadLength: number;
}

/** Reads the 8-byte header at `o`; undefined when fewer than 8 bytes are there. Does not validate. */
export function readV2gtpHeader(b: Uint8Array, o = 0): V2gtpHeader | undefined {
  if (b.length - o < V2GTP_HEADER_LENGTH) return undefined;
  return {
    version: b[o],
    inverseVersion: b[o + 1],
    payloadType: (b[o + 2] << 8) | b[o + 3],
    // >>> 0 keeps the uint32 unsigned
    payloadLength: ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0,
  };
}

/** Problems of a header, as a stable code, or undefined when it is acceptable. */
export function checkV2gtpHeader(h: V2gtpHeader, maxPayload = V2GTP_MAX_PAYLOAD): { code: string; message: string } | undefined {
  if (h.version !== V2GTP_VERSION || h.inverseVersion !== V2GTP_INVERSE_VERSION) {
    return {
      code: 'v2gtp.bad_version',
      message: `V2GTP version 0x${h.version.toString(16).padStart(2, '0')} / inverse 0x${h.inverseVersion.toString(16).padStart(2, '0')} (expected 0x01 / 0xfe)`,
    };
  }
  if (h.payloadLength > maxPayload) {
    return { code: 'v2gtp.bad_length', message: `V2GTP payload length ${h.payloadLength} exceeds the limit of ${maxPayload} bytes` };
  }
  return undefined;
}

/**
 * TCP heuristic: does this connection start with a V2GTP header (01 FE and a known payload type)?
 * Needs at least 4 bytes; never throws.
 */
export function looksLikeV2gtp(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  if (bytes[0] !== V2GTP_VERSION || bytes[1] !== V2GTP_INVERSE_VERSION) return false;
  const pt = (bytes[2] << 8) | bytes[3];
  if (!isKnownPayloadType(pt)) return false;
  if (bytes.length >= V2GTP_HEADER_LENGTH) {
    const len = ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0;
    if (len > V2GTP_MAX_PAYLOAD) return false;
  }
  return true;
}

/** A V2GTP message: the 8-byte header (version, its inverse, payload type, length) and the payload. For
 *  writers of captures (the bundled samples, tests). */
export function encodeV2gtp(payloadType: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(V2GTP_HEADER_LENGTH + payload.length);
  out.set([V2GTP_VERSION, V2GTP_INVERSE_VERSION, payloadType >> 8, payloadType & 0xff]);
  new DataView(out.buffer).setUint32(4, payload.length);
  out.set(payload, V2GTP_HEADER_LENGTH);
  return out;
}
