// Payload helpers for the WebSocket decoder: unmasking (RFC 6455 §5.3, the one copy a masked frame
// needs), UTF-8 text decoding with one shared TextDecoder and a cheap invalid-UTF-8 check (§8.1),
// and the close frame body (§5.5.1 status code + reason, §7.4 code ranges).

/** XOR `src` with the 4-byte big-endian masking key into `dst` at `dstOff`; `keyPhase` = bytes of the key already used.
 *  `src` may be `dst` itself at the same offset (in place). Long payloads go a 32-bit word at a time. */
export function unmaskInto(src: Uint8Array, dst: Uint8Array, dstOff: number, key: number, keyPhase = 0): void {
  const k = [(key >>> 24) & 0xff, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff];
  const n = src.length;
  if (src !== dst) dst.set(src, dstOff);
  // bytes until dst is 4-aligned in its buffer, then whole words (the platform is little-endian: byte i of a
  // word is its bits 8i..8i+7), then the rest
  let i = 0;
  const abs = dst.byteOffset + dstOff;
  const head = Math.min(n, (4 - (abs & 3)) & 3);
  for (; i < head; i++) dst[dstOff + i] ^= k[(keyPhase + i) & 3];
  const words = (n - i) >> 2;
  if (words > 0 && LITTLE_ENDIAN) {
    const p = keyPhase + i;
    const word = (k[p & 3] | (k[(p + 1) & 3] << 8) | (k[(p + 2) & 3] << 16) | (k[(p + 3) & 3] << 24)) | 0;
    const w = new Int32Array(dst.buffer, abs + i, words);
    for (let j = 0; j < words; j++) w[j] ^= word;
    i += words * 4;
  }
  for (; i < n; i++) dst[dstOff + i] ^= k[(keyPhase + i) & 3];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface DecodedText {
  text: string;
  valid: boolean;
}

/** Decode UTF-8; invalid sequences become U+FFFD. The strict re-check runs only when U+FFFD appears. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const text = lossy.decode(bytes);
  if (text.indexOf('\uFFFD') < 0) return { text, valid: true };
  try {
    strict.decode(bytes);
    return { text, valid: true };
  } catch {
    return { text, valid: false };
  }
}

/** §7.4: may this status code appear in a Close frame? (1000-1003, 1007-1014, 3000-4999). */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}
