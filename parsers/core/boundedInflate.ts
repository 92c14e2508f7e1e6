// Bounded DEFLATE decompression (RFC 1951 raw, RFC 1950 zlib, RFC 1952 gzip) on pako's low-level inflate.
// Output never exceeds the caller's limit (a decompression bomb stops after limit+1 bytes), the stream
// state can be kept across calls (WebSocket permessage-deflate context takeover, RFC 7692 §7.2.3) or
// reset cheaply (the 32 KiB window is allocated once). Never throws.
// pako's pure-JavaScript zlib port (not Node's zlib).
import zlibInflate from 'pako/lib/zlib/inflate.js';
import type { PakoZStream } from 'pako/lib/zlib/inflate.js';

export type InflateFormat = 'raw' | 'zlib' | 'gzip';

export interface InflateResult {
  /** Decompressed bytes (at most `limit`; on error, what was produced before it). */
  data: Uint8Array;
  /** undefined = fine; 'limit' = output would exceed the limit; 'data' = corrupt input. */
  error: 'limit' | 'data' | undefined;
  /** zlib's message for a data error. */
  message: string;
  /** The compressed stream reached its end (final block, plus trailer for zlib/gzip). */
  ended: boolean;
  /** Input bytes left over after the end of the stream (not decompressed). */
  trailing: number;
}

const Z_SYNC_FLUSH = 2;
const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_BUF_ERROR = -5;
const EMPTY = new Uint8Array(0);
// pako's inflate modes (lib/zlib/inflate.js) at which the stream sits between two DEFLATE blocks.
const MODE_TYPE = 16191;
const MODE_TYPEDO = 16192;

function newStream(): PakoZStream {
  return {
    input: null, next_in: 0, avail_in: 0, total_in: 0, output: null, next_out: 0, avail_out: 0,
    total_out: 0, msg: '', state: null, data_type: 2, adler: 0,
  };
}

export class BoundedInflater {
  private strm: PakoZStream = newStream();
  private failed = false;
  private ended = false;

  constructor(readonly format: InflateFormat) {
    const bits = format === 'raw' ? -15 : format === 'gzip' ? 15 + 16 : 15;
    if (zlibInflate.inflateInit2(this.strm, bits) !== Z_OK) this.failed = true;
  }

  /** Forget the stream state (and the LZ77 window contents); keeps the allocated window. */
  reset(): void {
    if (this.failed) return;
    this.ended = false;
    if (zlibInflate.inflateReset(this.strm) !== Z_OK) this.failed = true;
  }

  /**
   * Start the next data without the LZ77 history (a sender without context takeover never refers back
   * past its message start). At a block boundary with no pending bits this only empties the window,
   * which is much cheaper than reset(); anywhere else it is a full reset.
   */
  forgetWindow(): void {
    const st = this.strm.state as { mode: number; bits: number; whave: number; wnext: number } | null;
    if (!this.failed && !this.ended && st && (st.mode === MODE_TYPE || st.mode === MODE_TYPEDO) && st.bits === 0) {
      st.whave = 0;
      st.wnext = 0;
    } else this.reset();
  }

  /** True once a previous call hit the end of the compressed stream; push() then restarts the stream. */
  get streamEnded(): boolean {
    return this.ended;
  }

  /**
   * Decompress `parts` (concatenated) and return everything they produce, bounded by `limit` bytes.
   * The stream state carries over to the next call (context takeover); after an error it is reset.
   */
  push(parts: readonly Uint8Array[], limit: number): InflateResult {
    if (this.failed) return { data: EMPTY, error: 'data', message: 'inflater could not be initialised', ended: false, trailing: 0 };
    if (this.ended) this.reset();
    const strm = this.strm;
    const chunks: Uint8Array[] = [];
    let total = 0;
    let cur: Uint8Array | null = null;
    let curUsed = 0;
    let inputTotal = 0;
    for (const p of parts) inputTotal += p.length;
    let error: 'limit' | 'data' | undefined;
    let message = '';
    let ended = false;
    let trailing = 0;
    outer: for (let pi = 0; pi < parts.length; pi++) {
      const input = parts[pi];
      if (input.length === 0) continue;
      strm.input = input;
      strm.next_in = 0;
      strm.avail_in = input.length;
      for (;;) {
        if (cur === null || strm.avail_out === 0) {
          if (cur !== null) { chunks.push(cur.subarray(0, curUsed)); }
          const room = limit + 1 - total;
          if (room <= 0) { error = 'limit'; break outer; }
          const want: number = cur === null ? Math.max(256, inputTotal * 4) : Math.max(16384, cur.length * 2);
          cur = new Uint8Array(Math.min(room, want));
          curUsed = 0;
          strm.output = cur;
          strm.next_out = 0;
          strm.avail_out = cur.length;
        }
        const status = zlibInflate.inflate(strm, Z_SYNC_FLUSH);
        total += strm.next_out - curUsed;
        curUsed = strm.next_out;
        if (total > limit) { error = 'limit'; break outer; }
        if (status === Z_STREAM_END) {
          ended = true;
          // gzip allows several members one after another (RFC 1952 §2.2); a zero byte is padding.
          if (this.format === 'gzip' && strm.avail_in > 0 && input[strm.next_in] !== 0) {
            if (zlibInflate.inflateReset(strm) !== Z_OK) { error = 'data'; message = 'reset failed'; break outer; }
            ended = false;
            continue;
          }
          trailing = strm.avail_in;
          for (let pj = pi + 1; pj < parts.length; pj++) trailing += parts[pj].length;
          break outer;
        }
        if (status !== Z_OK && status !== Z_BUF_ERROR) {
          error = 'data';
          message = strm.msg || `zlib status ${status}`;
          break outer;
        }
        if (strm.avail_out === 0) continue; // output full: there may be more
        break; // input consumed
      }
    }
    strm.input = null;
    this.ended = ended;
    // After an error the stream (and any LZ77 context) is unusable: start afresh next time.
    if (error !== undefined) this.reset();
    let data: Uint8Array;
    if (cur === null) data = EMPTY;
    else if (chunks.length === 0) data = cur.subarray(0, Math.min(curUsed, limit));
    else {
      chunks.push(cur.subarray(0, curUsed));
      const n = Math.min(total, limit);
      data = new Uint8Array(n);
      let o = 0;
      for (const c of chunks) {
        const take = Math.min(c.length, n - o);
        data.set(take === c.length ? c : c.subarray(0, take), o);
        o += take;
        if (o >= n) break;
      }
    }
    return { data, error, message, ended, trailing };
  }
}

/** One-shot bounded inflation of a whole buffer. */
export function inflateBounded(format: InflateFormat, input: Uint8Array, limit: number): InflateResult {
  return new BoundedInflater(format).push([input], limit);
}

/** RFC 1950 §2.2: a zlib stream starts with CMF/FLG where CM = 8, CINFO <= 7 and CMF*256+FLG is a multiple of 31. */
export function looksLikeZlibHeader(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}
