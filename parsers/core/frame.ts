// Frame references: which capture frame (Wireshark's 1-based numbering) something happened in, and when.

export interface FrameRef {
  /** 1-based frame number within the capture (all sections and interfaces counted together). */
  frame: number;
  /** Whole seconds since the Unix epoch (UTC). */
  tsSec: number;
  /** Fraction of the second in nanoseconds, 0..999_999_999. */
  tsNsec: number;
  /** Decimal digits of precision the capture recorded (6 for classic pcap, 9 for nanosecond pcap, if_tsresol for pcapng). */
  tsDigits: number;
}

// Consecutive frames mostly share their second: keep the formatted date-time of the last one.
let cachedSec = NaN;
let cachedBase = '';

/** ISO 8601 UTC with the capture's precision: 2026-11-24T02:52:19.746123Z */
export function formatFrameTime(ref: FrameRef): string {
  if (ref.tsSec !== cachedSec) {
    cachedSec = ref.tsSec;
    const d = new Date(ref.tsSec * 1000);
    // hostile captures carry any 64-bit time: years past 9999 print with their sign, out-of-range ones as epoch 0
    const iso = Number.isNaN(d.getTime()) ? '1970-01-01T00:00:00.000Z' : d.toISOString();
    cachedBase = iso.slice(0, iso.length - 5);
  }
  if (ref.tsDigits <= 0) return cachedBase + 'Z';
  const digits = Math.min(ref.tsDigits, 9);
  const frac = String(ref.tsNsec).padStart(9, '0').slice(0, digits);
  return `${cachedBase}.${frac}Z`;
}
