// HTTP/1.1 message body framing (RFC 9112 §6: Content-Length, chunked transfer coding §7.1 with chunk
// extensions and trailer section §7.1.2, read-until-close). Bounded: the kept body is capped, chunk-size
// and trailer lines are capped, chunk sizes beyond 2^52 are refused.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { parseFieldLines } from './head';
import type { HttpHeader } from './types';

const EMPTY = new Uint8Array(0);

/** Collects body bytes (an own copy) up to a limit; beyond it bytes are counted only. */
export class BodyStore {
  private buf: Uint8Array = EMPTY;
  private len = 0;
  truncated = false;

  constructor(private readonly limit: number, expected = 0) {
    if (expected > 0) this.buf = new Uint8Array(Math.min(expected, limit));
  }

  get length(): number {
    return this.len;
  }

  append(b: Uint8Array): void {
    if (b.length === 0) return;
    const room = this.limit - this.len;
    if (room <= 0) { this.truncated = true; return; }
    if (b.length > room) { this.truncated = true; b = b.subarray(0, room); }
    this.ensure(this.len + b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  zeros(n: number): void {
    const room = this.limit - this.len;
    if (n > room) { this.truncated = true; n = Math.max(0, room); }
    this.ensure(this.len + n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }

  private ensure(size: number): void {
    if (this.buf.length >= size) return;
    const nb = new Uint8Array(Math.min(this.limit, Math.max(size, this.buf.length * 2, 1024)));
    nb.set(this.buf.subarray(0, this.len), 0);
    this.buf = nb;
  }

  result(): Uint8Array {
    return this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
  }
}

const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILER = 3;
const DONE = 4;
const FAILED = 5;

/** Incremental decoder of the chunked transfer coding. */
export class ChunkedDecoder {
  private state = SIZE;
  private line: number[] = [];
  private lineTooLong = false;
  private remaining = 0;
  private trailerLines: string[] = [];
  private trailerBytes = 0;
  /** Bytes consumed (chunk framing, data and trailers). */
  raw = 0;
  trailers: HttpHeader[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly maxLine: number, private readonly maxHeaders: number) {}

  get done(): boolean {
    return this.state === DONE;
  }

  get failed(): boolean {
    return this.state === FAILED;
  }

  /** Inside chunk data with more than n bytes still to come (a hole there keeps the framing). */
  canSkipInData(n: number): boolean {
    return this.state === DATA && n < this.remaining;
  }

  skipInData(n: number, store: BodyStore): void {
    store.zeros(n);
    this.remaining -= n;
    this.raw += n;
  }

  /** Consume from b[off..]; returns the new offset. Stops at the end of the body or on an error. */
  push(b: Uint8Array, off: number, store: BodyStore): number {
    const end = b.length;
    const start = off;
    while (off < end && this.state !== DONE && this.state !== FAILED) {
      if (this.state === DATA) {
        const n = Math.min(this.remaining, end - off);
        store.append(b.subarray(off, off + n));
        off += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = DATA_END;
        continue;
      }
      // Line-oriented states: collect one line.
      const lf = b.indexOf(0x0a, off);
      const stop = lf < 0 ? end : lf;
      if (!this.lineTooLong) {
        if (this.line.length + (stop - off) > this.maxLine) this.lineTooLong = true;
        else for (let i = off; i < stop; i++) this.line.push(b[i]);
      }
      off = lf < 0 ? end : lf + 1;
      if (lf < 0) {
        if (this.lineTooLong) this.fail(`chunked body line longer than ${this.maxLine} bytes`);
        break;
      }
      const bytes = this.line;
      this.line = [];
      if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes.pop();
      if (this.lineTooLong) { this.fail(`chunked body line longer than ${this.maxLine} bytes`); break; }
      this.onLine(bytes);
    }
    this.raw += off - start;
    return off;
  }

  private onLine(bytes: number[]): void {
    if (this.state === DATA_END) {
      if (bytes.length !== 0) { this.fail('chunk data not followed by CRLF'); return; }
      this.state = SIZE;
      return;
    }
    if (this.state === SIZE) {
      let i = 0;
      let size = 0;
      while (i < bytes.length && i < 13 && isHex(bytes[i])) { size = size * 16 + hexVal(bytes[i]); i++; }
      if (i === 0 || (i < bytes.length && isHex(bytes[i]))) {
        this.fail(i === 0 ? 'chunk-size line does not start with a hexadecimal size' : 'chunk size too large');
        return;
      }
      while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
      if (i < bytes.length && bytes[i] !== 0x3b) { this.fail('unexpected bytes after the chunk size'); return; }
      if (size === 0) this.state = TRAILER;
      else { this.remaining = size; this.state = DATA; }
      return;
    }
    // TRAILER
    if (bytes.length === 0) {
      if (this.trailerLines.length) this.trailers = parseFieldLines(this.trailerLines, this.maxLine, this.maxHeaders, this.diagnostics);
      this.state = DONE;
      return;
    }
    this.trailerBytes += bytes.length;
    if (this.trailerLines.length < this.maxHeaders * 2 && this.trailerBytes < this.maxLine * 4) {
      let s = '';
      for (const c of bytes) s += String.fromCharCode(c);
      this.trailerLines.push(s);
    }
  }

  private fail(why: string): void {
    this.state = FAILED;
    this.diagnostics.push(diag('error', 'http.bad_chunked', `${why}; body framing lost`));
  }
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function hexVal(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}
