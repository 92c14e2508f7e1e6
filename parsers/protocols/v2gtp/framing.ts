// V2GTP message framing over one direction of a TCP byte stream (ISO 15118-2 §7.8.3, ISO 15118-20 §7.8.3,
// DIN SPEC 70121 §8.7.3): several messages per segment, one message across segments, bounded payload
// length. A bad header (version bytes, oversized length) is reported and the stream resynchronises on the
// next plausible header (01 FE + known payload type + acceptable length). A message still incomplete when a
// new segment starts with a plausible header is reported as truncated (a corrupted length field must not
// swallow the rest of the connection). Payloads are views into the pushed bytes unless they span pushes.

import { diag, type Diagnostic } from '../../core/diagnostics';
import type { FrameRef } from '../../core/frame';
import {
  V2GTP_HEADER_LENGTH,
  V2GTP_MAX_PAYLOAD,
  V2GTP_VERSION,
  V2GTP_INVERSE_VERSION,
  checkV2gtpHeader,
  isKnownPayloadType,
  payloadTypeHex,
  readV2gtpHeader,
} from './header';

export interface V2gtpFrame {
  payloadType: number;
  /** View valid only during the callback; copy to keep. */
  payload: Uint8Array;
  at: FrameRef;
  /** Frame in which the first byte of the message arrived. */
  firstAt: FrameRef;
}

export interface V2gtpProblem {
  /** Payload type of the broken message when its header was readable. */
  payloadType?: number;
  at: FrameRef;
  diagnostic: Diagnostic;
  /** Bytes skipped (header included). */
  skipped: number;
  /** Up to 64 of the skipped bytes, for display. */
  sample: Uint8Array;
}

export interface V2gtpStreamSink {
  message(m: V2gtpFrame): void;
  problem(p: V2gtpProblem): void;
}

const SAMPLE_MAX = 64;

/** True when `b[o..]` holds a plausible V2GTP header (needs 8 bytes; with fewer, a plausible prefix). */
function plausibleHeaderAt(b: Uint8Array, o: number, maxPayload: number): boolean {
  const n = b.length - o;
  if (n <= 0) return false;
  if (b[o] !== V2GTP_VERSION) return false;
  if (n >= 2 && b[o + 1] !== V2GTP_INVERSE_VERSION) return false;
  if (n >= 4 && !isKnownPayloadType((b[o + 2] << 8) | b[o + 3])) return false;
  if (n >= 8) {
    const len = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
    if (len > maxPayload) return false;
  }
  return true;
}

export class V2gtpStream {
  private readonly maxPayload: number;
  /** Bytes of an incomplete message (header and payload), or null. */
  private partial: Uint8Array | null = null;
  private partialUsed = 0;
  /** Total size of the incomplete message once its header is known (0 = header not complete yet). */
  private partialTotal = 0;
  private partialFirstAt: FrameRef | null = null;
  /** Resynchronising: bytes are being skipped until a plausible header. */
  private resyncing = false;
  private skipped = 0;
  private skippedSample: number[] = [];
  private skippedAt: FrameRef | null = null;
  private skipReason: Diagnostic | null = null;

  constructor(private readonly sink: V2gtpStreamSink, opts: { maxPayload?: number } = {}) {
    this.maxPayload = opts.maxPayload ?? V2GTP_MAX_PAYLOAD;
  }

  push(data: Uint8Array, at: FrameRef): void {
    try {
      this.pushInner(data, at);
    } catch (e) {
      // Defensive: framing never throws past this boundary.
      this.reset();
      this.sink.problem({ at, diagnostic: diag('error', 'v2gtp.internal', `V2GTP framing failed: ${String(e)}`), skipped: 0, sample: new Uint8Array(0) });
    }
  }

  /** Bytes missing from the capture: an incomplete message is lost, decoding resynchronises after the gap. */
  gap(missingBytes: number, at: FrameRef): void {
    if (this.partial !== null) {
      this.reportPartial(at, diag('warning', 'v2gtp.gap', `${missingBytes} bytes missing from the capture inside a V2GTP message; message dropped`));
    }
    this.flushSkipped(at);
    this.resyncing = true;
  }

  end(at: FrameRef): void {
    if (this.partial !== null) {
      const have = this.partialUsed;
      const want = this.partialTotal;
      this.reportPartial(at, diag('warning', 'v2gtp.truncated', want > 0
        ? `connection ended inside a V2GTP message (${have} of ${want} bytes)`
        : `connection ended inside a V2GTP header (${have} of 8 bytes)`));
    }
    this.flushSkipped(at);
  }

  private reset(): void {
    this.partial = null;
    this.partialUsed = 0;
    this.partialTotal = 0;
    this.partialFirstAt = null;
  }

  private reportPartial(at: FrameRef, d: Diagnostic): void {
    const p = this.partial;
    if (p === null) return;
    const hdr = this.partialUsed >= 4 ? ((p[2] << 8) | p[3]) : undefined;
    this.sink.problem({
      payloadType: hdr,
      at,
      diagnostic: d,
      skipped: this.partialUsed,
      sample: p.slice(0, Math.min(this.partialUsed, SAMPLE_MAX)),
    });
    this.reset();
  }

  private skip(b: Uint8Array, from: number, to: number, at: FrameRef): void {
    if (to <= from) return;
    if (this.skipped === 0) this.skippedAt = at;
    this.skipped += to - from;
    for (let i = from; i < to && this.skippedSample.length < SAMPLE_MAX; i++) this.skippedSample.push(b[i]);
  }

  private flushSkipped(at: FrameRef): void {
    if (this.skipped === 0) {
      this.skipReason = null;
      return;
    }
    const reason = this.skipReason;
    this.sink.problem({
      at: this.skippedAt ?? at,
      diagnostic: reason ?? diag('warning', 'v2gtp.garbage', `${this.skipped} bytes that are not V2GTP skipped`),
      skipped: this.skipped,
      sample: Uint8Array.from(this.skippedSample),
    });
    this.skipped = 0;
    this.skippedSample = [];
    this.skippedAt = null;
    this.skipReason = null;
  }

  private pushInner(data: Uint8Array, at: FrameRef): void {
    let off = 0;
    const n = data.length;
    if (n === 0) return;

    if (this.partial !== null) {
      // A new segment that starts with a plausible header while a message is incomplete: the length field
      // of the pending message was wrong (or bytes were lost without a gap report); do not swallow it.
      if (this.partialTotal > 0 && n >= V2GTP_HEADER_LENGTH && plausibleHeaderAt(data, 0, this.maxPayload)) {
        const want = this.partialTotal - V2GTP_HEADER_LENGTH;
        const have = this.partialUsed - V2GTP_HEADER_LENGTH;
        this.reportPartial(at, diag('error', 'v2gtp.bad_length',
          `V2GTP header announces ${want} payload bytes but only ${have} follow before the next V2GTP header`));
      } else {
        off = this.fillPartial(data, at);
        if (this.partial !== null) return; // still incomplete, all consumed
      }
    }

    while (off < n) {
      if (this.resyncing) {
        // Stop at 01 FE + a known payload type even with an oversized length: that header is then reported
        // as such (v2gtp.bad_length, with its payload type) rather than as anonymous garbage.
        let i = off;
        while (i < n && !plausibleHeaderAt(data, i, Number.POSITIVE_INFINITY)) i++;
        this.skip(data, off, i, at);
        off = i;
        if (off >= n) return;
        // A plausible (maybe partial) header at off: leave resync mode once it is complete and valid.
        this.resyncing = false;
        this.flushSkipped(at);
        if (n - off < V2GTP_HEADER_LENGTH) {
          this.startPartial(data, off, at);
          return;
        }
      }
      if (n - off < V2GTP_HEADER_LENGTH) {
        this.startPartial(data, off, at);
        return;
      }
      const h = readV2gtpHeader(data, off);
      if (h === undefined) return;
      const bad = checkV2gtpHeader(h, this.maxPayload);
      if (bad !== undefined) {
        if (bad.code === 'v2gtp.bad_length') {
          // Readable header with an impossible length: one problem record, then resync after it.
          const end = Math.min(n, off + V2GTP_HEADER_LENGTH);
          let next = end;
          while (next < n && !plausibleHeaderAt(data, next, this.maxPayload)) next++;
          this.sink.problem({
            payloadType: h.payloadType,
            at,
            diagnostic: diag('error', bad.code, `${bad.message} (payload type ${payloadTypeHex(h.payloadType)})`),
            skipped: next - off,
            sample: data.slice(off, Math.min(next, off + SAMPLE_MAX)),
          });
          off = next;
          this.resyncing = true;
          continue;
        }
        this.skipReason = diag('warning', bad.code, `${bad.message}; bytes skipped up to the next V2GTP header`);
        this.resyncing = true;
        continue;
      }
      const total = V2GTP_HEADER_LENGTH + h.payloadLength;
      if (n - off >= total) {
        this.sink.message({ payloadType: h.payloadType, payload: data.subarray(off + V2GTP_HEADER_LENGTH, off + total), at, firstAt: at });
        off += total;
        continue;
      }
      this.startPartial(data, off, at);
      return;
    }
  }

  /** Keeps the tail `data[off..]` (an incomplete header or message). */
  private startPartial(data: Uint8Array, off: number, at: FrameRef): void {
    const rest = data.length - off;
    let total = 0;
    if (rest >= V2GTP_HEADER_LENGTH) {
      const h = readV2gtpHeader(data, off);
      if (h !== undefined) total = V2GTP_HEADER_LENGTH + h.payloadLength;
    }
    const cap = total > 0 ? total : V2GTP_HEADER_LENGTH;
    this.partial = new Uint8Array(cap);
    this.partial.set(data.subarray(off, off + Math.min(rest, cap)), 0);
    this.partialUsed = Math.min(rest, cap);
    this.partialTotal = total;
    this.partialFirstAt = at;
  }

  /** Feeds bytes into the incomplete message; returns the offset of the first unconsumed byte. */
  private fillPartial(data: Uint8Array, at: FrameRef): number {
    let off = 0;
    const p0 = this.partial;
    if (p0 === null) return 0;
    if (this.partialTotal === 0) {
      // Complete the header first.
      const take = Math.min(V2GTP_HEADER_LENGTH - this.partialUsed, data.length);
      p0.set(data.subarray(0, take), this.partialUsed);
      this.partialUsed += take;
      off = take;
      if (this.partialUsed < V2GTP_HEADER_LENGTH) return off;
      const h = readV2gtpHeader(p0, 0);
      if (h === undefined) return off;
      const bad = checkV2gtpHeader(h, this.maxPayload);
      if (bad !== undefined) {
        // Header completed across pushes and is unusable: report and resync from here.
        const firstAt = this.partialFirstAt ?? at;
        this.sink.problem({
          payloadType: h.payloadType,
          at: firstAt,
          diagnostic: diag(bad.code === 'v2gtp.bad_length' ? 'error' : 'warning', bad.code, bad.message),
          skipped: V2GTP_HEADER_LENGTH,
          sample: p0.slice(0, V2GTP_HEADER_LENGTH),
        });
        this.reset();
        this.resyncing = true;
        return off;
      }
      const total = V2GTP_HEADER_LENGTH + h.payloadLength;
      const grown = new Uint8Array(total);
      grown.set(p0.subarray(0, V2GTP_HEADER_LENGTH), 0);
      this.partial = grown;
      this.partialTotal = total;
    }
    const p = this.partial;
    if (p === null) return off;
    const take = Math.min(this.partialTotal - this.partialUsed, data.length - off);
    p.set(data.subarray(off, off + take), this.partialUsed);
    this.partialUsed += take;
    off += take;
    if (this.partialUsed === this.partialTotal) {
      const pt = (p[2] << 8) | p[3];
      const firstAt = this.partialFirstAt ?? at;
      this.reset();
      this.sink.message({ payloadType: pt, payload: p.subarray(V2GTP_HEADER_LENGTH), at, firstAt });
    }
    return off;
  }
}
