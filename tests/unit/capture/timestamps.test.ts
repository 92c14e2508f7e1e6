// pcapng timestamp conversion: the double-only fast path equals exact BigInt arithmetic for every
// 64-bit value and every decimal resolution up to nanoseconds; other resolutions and offsets too.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertTs, tsResolution } from '../../../parsers/capture';

function reference(ts: bigint, tsresol: number, offset: number): [number, number] {
  const n = tsresol & 0x7f;
  const units = tsresol & 0x80 ? 1n << BigInt(n) : 10n ** BigInt(n);
  const sec = ts / units;
  const nsec = ((ts % units) * 1_000_000_000n) / units;
  return [Number(sec) + offset, Number(nsec)];
}

describe('pcapng timestamps', () => {
  it('exact for random 64-bit values, all decimal and binary resolutions', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0x80, max: 0x80 + 40 })), fc.integer({ min: -1000, max: 1000 }), (ts, res, off) => {
        const out = { sec: 0, nsec: 0 };
        convertTs(Number(ts >> 32n), Number(ts & 0xffffffffn), tsResolution(res, off), out);
        const [sec, nsec] = reference(ts, res, off);
        // Seconds beyond 2^53 cannot be exact in a double; real captures are far below.
        if (Number(ts / (res & 0x80 ? 1n << BigInt(res & 0x7f) : 10n ** BigInt(res & 0x7f))) < 2 ** 53) expect(out.sec).toBe(sec);
        expect(out.nsec).toBe(nsec);
      }),
      { numRuns: 5000, seed: 5 },
    );
  });

  it('digits: 10^-n gives n (max 9), 2^-n gives 9', () => {
    expect(tsResolution(6, 0).digits).toBe(6);
    expect(tsResolution(3, 0).digits).toBe(3);
    expect(tsResolution(9, 0).digits).toBe(9);
    expect(tsResolution(12, 0).digits).toBe(9);
    expect(tsResolution(0x80 | 20, 0).digits).toBe(9);
  });
});
