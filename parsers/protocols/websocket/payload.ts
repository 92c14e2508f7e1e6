// Payload helpers for the WebSocket decoder: unmasking (RFC 6455 §5.3, the one copy a masked frame
// needs), UTF-8 text decoding with one shared TextDecoder and a cheap invalid-UTF-8 check (§8.1),
// and the close frame body (§5.5.1 status code + reason, §7.4 code ranges).

/** XOR `src` with the 4-byte big-endian masking key into `dst` at `dstOff`; `keyPhase` = bytes of the key already used. */
export function unmaskInto(src: Uint8Array, dst: Uint8Array, dstOff: number, key: number, keyPhase = 0): void {
  const k = [(key >>> 24) & 0xff, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff];
  const k0 = k[keyPhase & 3], k1 = k[(keyPhase + 1) & 3], k2 = k[(keyPhase + 2) & 3], k3 = k[(keyPhase + 3) & 3];
  const n = src.length;
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    dst[dstOff + i] = src[i] ^ k0;
    dst[dstOff + i + 1] = src[i + 1] ^ k1;
    dst[dstOff + i + 2] = src[i + 2] ^ k2;
    dst[dstOff + i + 3] = src[i + 3] ^ k3;
  }
  for (; i < n; i++) dst[dstOff + i] = src[i] ^ k[(keyPhase + i) & 3];
}

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
