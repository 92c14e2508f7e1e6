// WebSocket frame header reader (RFC 6455 §5.2: FIN, RSV1-3, opcode, MASK, 7/16/64-bit payload length,
// masking key) and the plausibility test used to find frames mid-stream (heuristic `tcp` table entry).
// 64-bit lengths are guarded: the most significant bit must be 0 (§5.2) and values past 2^53 are refused.

export interface FrameHeader {
  fin: boolean;
  /** RSV1 = 4, RSV2 = 2, RSV3 = 1. */
  rsv: number;
  opcode: number;
  masked: boolean;
  /** Masking key as one big-endian 32-bit value (0 when not masked). */
  maskKey: number;
  payloadLength: number;
  headerLength: number;
  /** The length used a longer encoding than needed (§5.2 "the minimal number of bytes MUST be used"). */
  nonMinimal: boolean;
}

export function newFrameHeader(): FrameHeader {
  return { fin: false, rsv: 0, opcode: 0, masked: false, maskKey: 0, payloadLength: 0, headerLength: 0, nonMinimal: false };
}

/** Header size implied by the second header byte. */
export function headerLengthFor(secondByte: number): number {
  const l7 = secondByte & 0x7f;
  return 2 + (l7 === 126 ? 2 : l7 === 127 ? 8 : 0) + (secondByte & 0x80 ? 4 : 0);
}

export const HEADER_NEED_MORE = 0;
export const HEADER_BAD_LENGTH = -1;

/**
 * Read the header at b[off..end). Returns its length, HEADER_NEED_MORE when the bytes stop inside it,
 * or HEADER_BAD_LENGTH for a 64-bit length with the top bit set or beyond 2^53.
 */
export function readFrameHeader(b: Uint8Array, off: number, end: number, h: FrameHeader): number {
  if (end - off < 2) return HEADER_NEED_MORE;
  const b0 = b[off];
  const b1 = b[off + 1];
  const hl = headerLengthFor(b1);
  if (end - off < hl) return HEADER_NEED_MORE;
  h.fin = (b0 & 0x80) !== 0;
  h.rsv = (b0 >> 4) & 7;
  h.opcode = b0 & 0x0f;
  h.masked = (b1 & 0x80) !== 0;
  const l7 = b1 & 0x7f;
  let p = off + 2;
  let len: number;
  h.nonMinimal = false;
  if (l7 === 126) {
    len = (b[p] << 8) | b[p + 1];
    p += 2;
    if (len < 126) h.nonMinimal = true;
  } else if (l7 === 127) {
    const hi = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    const lo = ((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0;
    p += 8;
    if (hi > 0x1fffff) return HEADER_BAD_LENGTH; // MSB set (§5.2) or not representable exactly
    len = hi * 0x100000000 + lo;
    if (len < 65536) h.nonMinimal = true;
  } else {
    len = l7;
  }
  h.payloadLength = len;
  h.maskKey = h.masked ? ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0 : 0;
  h.headerLength = hl;
  return hl;
}

/** Opcodes defined by RFC 6455 §5.2 (0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong). */
export function isKnownOpcode(op: number): boolean {
  return op <= 2 || (op >= 8 && op <= 10);
}

/**
 * Is there a believable frame header at b[off]? Returns the header length, 0 when more bytes are needed
 * to tell, -1 when not. Believable: known opcode; RSV2/RSV3 clear; RSV1 only on a text/binary frame and
 * only if `allowRsv1`; control frames final and <= 125 bytes; MASK bit as the direction requires;
 * minimal length encoding; length <= maxLength.
 */
export function plausibleHeaderAt(
  b: Uint8Array, off: number, end: number, fromClient: boolean, allowRsv1: boolean, maxLength: number, h: FrameHeader,
): number {
  if (end - off < 1) return 0;
  const b0 = b[off];
  const op = b0 & 0x0f;
  if (!isKnownOpcode(op)) return -1;
  const rsv = (b0 >> 4) & 7;
  if (rsv & 3) return -1;
  if (rsv & 4 && (!allowRsv1 || (op !== 1 && op !== 2))) return -1;
  if (op >= 8 && !(b0 & 0x80)) return -1;
  if (end - off < 2) return 0;
  const b1 = b[off + 1];
  if (((b1 & 0x80) !== 0) !== fromClient) return -1;
  if (op >= 8 && (b1 & 0x7f) > 125) return -1;
  const hl = readFrameHeader(b, off, end, h);
  if (hl === HEADER_NEED_MORE) return 0;
  if (hl === HEADER_BAD_LENGTH || h.nonMinimal || h.payloadLength > maxLength) return -1;
  return hl;
}

const scratch = newFrameHeader();

/**
 * Heuristic: do these bytes (the start of one direction of a TCP stream, or the first bytes after a
 * point where decoding starts) read as a chain of WebSocket frames written by the client (masked) or the
 * server (unmasked)? Every complete frame must be followed by another believable header; the last frame
 * may be cut off. Never throws.
 */
export function looksLikeWebSocketFrames(bytes: Uint8Array, fromClient: boolean): boolean {
  try {
    let off = 0;
    let frames = 0;
    const end = bytes.length;
    while (off < end) {
      const hl = plausibleHeaderAt(bytes, off, end, fromClient, true, 0x7fffffff, scratch);
      if (hl < 0) return false;
      if (hl === 0) return frames > 0; // cut inside a header: decided by the frames before it
      frames++;
      off += hl + scratch.payloadLength;
    }
    return frames > 0;
  } catch {
    return false;
  }
}
