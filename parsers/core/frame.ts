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

/** ISO 8601 UTC with the capture's precision: 2026-11-24T02:52:19.746123Z */
export function formatFrameTime(ref: FrameRef): string {
  const base = new Date(ref.tsSec * 1000).toISOString().slice(0, 19);
  if (ref.tsDigits <= 0) return base + 'Z';
  const digits = Math.min(ref.tsDigits, 9);
  const frac = String(ref.tsNsec).padStart(9, '0').slice(0, digits);
  return `${base}.${frac}Z`;
}
