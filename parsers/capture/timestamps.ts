// pcapng timestamps: a 64-bit count of if_tsresol units (10^-n or 2^-n seconds, default 10^-6) plus
// if_tsoffset seconds (pcapng spec, draft-ietf-opsawg-pcapng section 4.2, options 9 and 14).
// Decimal resolutions up to nanoseconds are converted exactly with doubles by long division on 16-bit
// limbs (every intermediate stays below 2^53); other resolutions take an exact BigInt path.

export interface TsResolution {
  /** Decimal digits of precision reported in FrameRef.tsDigits. */
  digits: number;
  /** Fast path: 10^n units per second (n <= 9); 0 when the BigInt path is used. */
  divisor: number;
  /** Nanoseconds per unit on the fast path (10^(9-n)). */
  nsPerUnit: number;
  /** Units per second for the BigInt path. */
  unitsBig: bigint;
  /** Seconds added to every timestamp (if_tsoffset). */
  offsetSec: number;
}

export function tsResolution(tsresol: number, offsetSec: number): TsResolution {
  const n = tsresol & 0x7f;
  if ((tsresol & 0x80) === 0) {
    if (n <= 9) {
      const divisor = 10 ** n;
      return { digits: n, divisor, nsPerUnit: 10 ** (9 - n), unitsBig: BigInt(divisor), offsetSec };
    }
    return { digits: 9, divisor: 0, nsPerUnit: 0, unitsBig: 10n ** BigInt(n), offsetSec };
  }
  return { digits: 9, divisor: 0, nsPerUnit: 0, unitsBig: 1n << BigInt(n), offsetSec };
}

export const DEFAULT_RESOLUTION: TsResolution = tsResolution(6, 0);

/** Converts (hi, lo) units to seconds and nanoseconds, written into `out`. */
export function convertTs(hi: number, lo: number, r: TsResolution, out: { sec: number; nsec: number }): void {
  const d = r.divisor;
  if (d !== 0) {
    const qh = Math.floor(hi / d);
    const rh = hi - qh * d;
    const x1 = rh * 65536 + (lo >>> 16);
    const q1 = Math.floor(x1 / d);
    const r1 = x1 - q1 * d;
    const x2 = r1 * 65536 + (lo & 0xffff);
    const q2 = Math.floor(x2 / d);
    const r2 = x2 - q2 * d;
    out.sec = qh * 4294967296 + q1 * 65536 + q2 + r.offsetSec;
    out.nsec = r2 * r.nsPerUnit;
    return;
  }
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  const units = r.unitsBig;
  const sec = ts / units;
  const rem = ts - sec * units;
  out.sec = Number(sec) + r.offsetSec;
  out.nsec = Number((rem * 1_000_000_000n) / units);
}
