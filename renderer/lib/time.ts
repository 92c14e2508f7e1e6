// Capture timestamps (ISO 8601 UTC with up to nanosecond digits) to epoch seconds, keeping the fraction
// that Date.parse would cut to milliseconds.

export function isoToSeconds(iso: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(iso);
  if (!m) {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? t / 1000 : NaN;
  }
  const whole = Date.parse(m[1] + 'Z') / 1000;
  return m[2] ? whole + Number(m[2]) : whole;
}

/** Seconds since the first message as a fixed-width label: 0.009752 -> "0.009752", 75.5 -> "75.500000". */
export function formatRelative(sec: number): string {
  if (!Number.isFinite(sec)) return '';
  return sec.toFixed(sec < 1000 ? 6 : 3);
}

/** "2026-11-24T02:52:19.746123Z" -> "02:52:19.746123" (the time of day, UTC). */
export function timeOfDay(iso: string): string {
  const i = iso.indexOf('T');
  return i < 0 ? iso : iso.slice(i + 1).replace(/Z$/, '');
}
