// RFC 6455 §5.3 unmasking, word at a time for long payloads: equal to the byte-by-byte definition
// (octet i XOR key octet (i mod 4)) for every length, alignment, key phase, in place or into another buffer.
import { describe, expect, it } from 'vitest';
import { unmaskInto } from '../../../parsers/protocols/websocket/payload';

function reference(src: Uint8Array, key: number, phase: number): Uint8Array {
  const k = [(key >>> 24) & 0xff, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff];
  return src.map((b, i) => b ^ k[(phase + i) & 3]);
}

describe('unmaskInto', () => {
  const key = 0x37fa213d; // RFC 6455 §5.7's example key
  const backing = new Uint8Array(200).map((_, i) => (i * 97 + 13) & 0xff);
  for (const length of [0, 1, 3, 4, 5, 7, 8, 31, 64, 101]) {
    it(`${length} bytes, every source/destination alignment and key phase`, () => {
      for (let srcOff = 0; srcOff < 4; srcOff++) {
        for (let dstOff = 0; dstOff < 4; dstOff++) {
          for (let phase = 0; phase < 4; phase++) {
            const src = backing.subarray(srcOff, srcOff + length);
            const want = reference(src, key, phase);
            const dst = new Uint8Array(length + 8);
            unmaskInto(src, dst, dstOff, key, phase);
            expect(dst.subarray(dstOff, dstOff + length)).toEqual(want);
            expect([...dst.subarray(0, dstOff), ...dst.subarray(dstOff + length)].every((b) => b === 0)).toBe(true);
            const inPlace = backing.slice(0, srcOff + length).subarray(srcOff);
            unmaskInto(inPlace, inPlace, 0, key, phase);
            expect(inPlace).toEqual(want);
          }
        }
      }
    });
  }
  it('RFC 6455 §5.7: the masked "Hello" frame payload', () => {
    const masked = new Uint8Array([0x7f, 0x9f, 0x4d, 0x51, 0x58]);
    const out = new Uint8Array(5);
    unmaskInto(masked, out, 0, key);
    expect(new TextDecoder().decode(out)).toBe('Hello');
  });
});
