// Building EXI streams bit by bit from the EXI 1.0 specification (no encoder involved), for tests that
// check the codec against independent truth: bit strings of '0'/'1' joined, then packed into bytes.

/** 7.1.6 Unsigned Integer: 7-bit groups, least significant first, high bit = more groups follow. */
export function uint(n: number): string {
  let out = '';
  do {
    const low = n % 128;
    n = Math.floor(n / 128);
    out += (n > 0 ? '1' : '0') + low.toString(2).padStart(7, '0');
  } while (n > 0);
  return out;
}

/** 7.1.9 n-bit Unsigned Integer. */
export const nbit = (v: number, n: number): string => (n === 0 ? '' : v.toString(2).padStart(n, '0'));

/** String literal: length + 2, then each character as an unsigned integer (its code point). */
export const literal = (s: string): string => uint([...s].length + 2) + [...s].map((c) => uint(c.codePointAt(0)!)).join('');

/** Packs a bit string into bytes, padding the last one with zeros (bit-packed alignment). */
export function toBytes(bits: string): Uint8Array {
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  const out = new Uint8Array(padded.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * 8, i * 8 + 8), 2);
  return out;
}
