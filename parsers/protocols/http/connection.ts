// HTTP/1.1 connection decoder: both directions of one TCP connection (RFC 9112: message framing §6,
// persistent connections and pipelining §9.3 - responses answer requests in order; RFC 9110 §15.2 1xx
// interim responses, §9.3.2 HEAD, §9.3.6 CONNECT, §7.8 Upgrade). Joins the `tcp` heuristic table
// (looksLikeHttp) and hands over to websocket after 101 Switching Protocols (`http.upgrade`, RFC 6455
// §4). Garbage and gaps: diagnostics, then resynchronisation on the next request/status line; a gap in
// a body of known length keeps the framing (the hole is zero-filled and the message marked).
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import { createWebSocketStream } from '../websocket';
import type { WebSocketStream } from '../websocket';
import { BodyStore, ChunkedDecoder } from './body';
import { decodeContent } from './contentCoding';
import { isStartLine, startInLine, startLinePrefix, tailCandidate } from './detect';
import { findHeadEnd, parseHead } from './head';
import type { ParsedHead } from './head';
import { DEFAULT_HTTP_LIMITS } from './types';
import type { HttpConnection, HttpConnectionSink, HttpHeader, HttpLimits, HttpMessage, WebSocketOpen } from './types';

const EMPTY = new Uint8Array(0);

// Modes of one direction.
const START = 0;
const BODY = 1;
const RESYNC = 2;
const HELD = 3;
const WS = 4;
const OPAQUE = 5;

// Body framing.
const NONE = 0;
const FIXED = 1;
const CHUNKED = 2;
const CLOSE = 3;

class HttpMessageImpl implements HttpMessage {
  kind: 'request' | 'response' = 'request';
  method?: string;
  target?: string;
  status?: number;
  reason?: string;
  version = '';
  headers: HttpHeader[] = [];
  trailers?: HttpHeader[];
  body: Uint8Array = EMPTY;
  rawBodyLength = 0;
  exchange = 0;
  startFrame = 0;
  at: FrameRef = { frame: 0, tsSec: 0, tsNsec: 0, tsDigits: 0 };
  diagnostics: Diagnostic[] = [];

  header(name: string): string | undefined {
    return headerValue(this.headers, name);
  }
}

function headerValue(headers: HttpHeader[], name: string): string | undefined {
  const n = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === n) return h.value;
  return undefined;
}

function headerValues(headers: HttpHeader[], name: string): string[] {
  const n = name.toLowerCase();
  const out: string[] = [];
  for (const h of headers) if (h.name.toLowerCase() === n) out.push(h.value);
  return out;
}

/** Comma-separated list elements of all fields with this name, lower-cased and trimmed. */
function tokens(headers: HttpHeader[], name: string): string[] {
  const out: string[] = [];
  for (const v of headerValues(headers, name)) {
    for (const t of v.split(',')) {
      const s = t.trim().toLowerCase();
      if (s) out.push(s);
    }
  }
  return out;
}

/** RFC 9110 §8.6: one non-negative integer; repeated identical values tolerated. -1 when absent, -2 when invalid. */
function contentLength(headers: HttpHeader[], diags: Diagnostic[]): number {
  const vals = headerValues(headers, 'content-length');
  if (vals.length === 0) return -1;
  let value = -1;
  for (const v of vals) {
    for (const part of v.split(',')) {
      const s = part.trim();
      if (!/^\d{1,15}$/.test(s)) {
        diags.push(diag('error', 'http.bad_content_length', `invalid Content-Length ${JSON.stringify(v.slice(0, 40))}`));
        return -2;
      }
      const n = Number(s);
      if (value >= 0 && n !== value) {
        diags.push(diag('error', 'http.bad_content_length', `conflicting Content-Length values ${vals.join(', ')}`));
        return -2;
      }
      value = n;
    }
  }
  if (vals.length > 1) diags.push(diag('warning', 'http.duplicate_content_length', `Content-Length sent ${vals.length} times`));
  return value;
}

interface Pending {
  exchange: number;
  method: string;
  upgrade: boolean;
  wsUpgrade: boolean;
  connect: boolean;
  request: HttpMessageImpl | undefined;
  /** What the response decided while the request was still being received. */
  outcome: 'ws' | 'opaque' | 'http' | undefined;
  /** Sec-WebSocket-Extensions of the 101 that accepted it. */
  extensions: string;
}

interface Current {
  head: ParsedHead;
  exchange: number;
  startFrame: number;
  framing: number;
  remaining: number;
  store: BodyStore;
  chunked: ChunkedDecoder | undefined;
  raw: number;
  diags: Diagnostic[];
  holes: boolean;
  truncated: boolean;
  pending: Pending | undefined;
  after: 'none' | 'ws' | 'opaque' | 'release';
}

/** `lazyWebSocketText`: WebSocket text after an upgrade is left for messageText() (see WebSocketStreamOptions). */
export function createHttpConnection(sink: HttpConnectionSink, limits?: Partial<HttpLimits>, options?: { lazyWebSocketText?: boolean }): HttpConnection {
  return new Connection(sink, { ...DEFAULT_HTTP_LIMITS, ...(limits ?? {}) }, options?.lazyWebSocketText === true);
}

class Connection implements HttpConnection {
  readonly sides: [Side, Side];
  readonly pending: Pending[] = [];
  nextExchange = 1;

  constructor(readonly sink: HttpConnectionSink, readonly limits: HttpLimits, readonly lazyWebSocketText = false) {
    this.sides = [new Side(this, 0), new Side(this, 1)];
  }

  push(dir: Direction, data: Uint8Array, at: FrameRef): void {
    if (data.length === 0) return;
    const side = this.sides[dir];
    try {
      side.push(data, at);
    } catch (e) {
      side.internalError(e, at);
    }
  }

  gap(dir: Direction, missingBytes: number, at: FrameRef): void {
    const side = this.sides[dir];
    try {
      side.gap(missingBytes, at);
    } catch (e) {
      side.internalError(e, at);
    }
  }

  end(dir: Direction, at: FrameRef): void {
    const side = this.sides[dir];
    try {
      side.end(at);
      // No response will come: a client held back for an Upgrade/CONNECT answer goes on as HTTP.
      if (dir === 1 && this.sides[0].mode === HELD) this.sides[0].release('http');
    } catch (e) {
      side.internalError(e, at);
    }
  }

  addPending(p: Pending, at: FrameRef): void {
    if (this.pending.length >= this.limits.maxPendingRequests) {
      this.pending.shift();
      this.sink.diagnostic(diag('warning', 'http.too_many_pending', `more than ${this.limits.maxPendingRequests} requests without responses; the oldest is forgotten`), 0, at);
    }
    this.pending.push(p);
  }

  /** A 101 response accepted a WebSocket upgrade. */
  openWebSocket(p: Pending | undefined, response: HttpMessageImpl, at: FrameRef): void {
    let request = p?.request;
    if (!request) {
      request = new HttpMessageImpl();
      request.exchange = response.exchange;
      request.startFrame = response.startFrame;
      request.at = response.at;
      request.diagnostics.push(diag('warning', 'http.missing_request', 'the upgrade request was not captured'));
    }
    const offered: string[] = [];
    for (const v of headerValues(request.headers, 'sec-websocket-protocol')) {
      for (const t of v.split(',')) if (t.trim()) offered.push(t.trim());
    }
    const info: WebSocketOpen = {
      subprotocol: response.header('sec-websocket-protocol')?.trim() || undefined,
      offeredSubprotocols: offered,
      extensions: response.header('sec-websocket-extensions') ?? '',
      target: request.target ?? '',
      request,
      response,
    };
    this.sink.wsOpen(info, at);
    this.sides[1].toWebSocket(info.extensions);
    const client = this.sides[0];
    if (p && !p.request) {
      p.outcome = 'ws';
      p.extensions = info.extensions;
    } else client.toWebSocket(info.extensions);
  }

  opaque(p: Pending | undefined, why: string, at: FrameRef): void {
    this.sink.diagnostic(diag('info', 'http.not_decoded', `${why}: the rest of the connection is not decoded as HTTP`), 1, at);
    this.sides[1].mode = OPAQUE;
    if (p && !p.request) p.outcome = 'opaque';
    else this.sides[0].toOpaque();
  }
}

class Side {
  mode = START;
  private readonly isRequest: boolean;
  private buf: Uint8Array = EMPTY;
  private off = 0;

  private head: Uint8Array = EMPTY;
  private headLen = 0;
  private headScan = 0;
  private headStartFrame = 0;

  private cur: Current | undefined;

  private carry: Uint8Array = EMPTY;
  private carryLineStart = false;
  private skipped = 0;

  private held: Array<{ data: Uint8Array | undefined; gap: number; at: FrameRef }> = [];
  private heldBytes = 0;
  private heldOverflow = false;

  private ws: WebSocketStream | undefined;

  constructor(private readonly conn: Connection, private readonly dir: Direction) {
    this.isRequest = dir === 0;
  }

  private diagnostic(d: Diagnostic, at: FrameRef): void {
    this.conn.sink.diagnostic(d, this.dir, at);
  }

  internalError(e: unknown, at: FrameRef): void {
    this.diagnostic(diag('error', 'http.internal_error', `decoder error: ${e instanceof Error ? e.message : String(e)}`), at);
    this.cur = undefined;
    this.headLen = 0;
    this.buf = EMPTY;
    this.off = 0;
    if (this.mode !== WS && this.mode !== OPAQUE) {
      this.mode = RESYNC;
      this.carry = EMPTY;
      this.carryLineStart = false;
    }
  }

  push(data: Uint8Array, at: FrameRef): void {
    if (this.mode === HELD) { this.hold(data, 0, at); return; }
    if (this.mode === WS) { this.ws!.push(data, at); return; }
    if (this.mode === OPAQUE) return;
    this.buf = data;
    this.off = 0;
    this.run(at);
    this.buf = EMPTY;
    this.off = 0;
  }

  private run(at: FrameRef): void {
    while (this.off < this.buf.length) {
      switch (this.mode) {
        case START: this.stepHead(at); break;
        case BODY: this.stepBody(at); break;
        case RESYNC: this.stepResync(at); break;
        case HELD: this.hold(this.buf, this.off, at); this.off = this.buf.length; return;
        case WS: this.ws!.push(this.off === 0 ? this.buf : this.buf.subarray(this.off), at); this.off = this.buf.length; return;
        default: this.off = this.buf.length; return;
      }
    }
  }

  // ---------- head ----------

  private stepHead(at: FrameRef): void {
    const b = this.buf;
    const end = b.length;
    const lim = this.conn.limits;
    let off = this.off;
    if (this.headLen === 0) {
      while (off < end && (b[off] === 0x0d || b[off] === 0x0a)) off++; // RFC 9112 §2.2: stray CRLF before a message
      this.off = off;
      if (off === end) return;
      if (startLinePrefix(b, off, end, this.isRequest) < 0) {
        this.startResync(at, EMPTY, false, 'data that is not an HTTP message');
        return;
      }
      this.headStartFrame = at.frame;
      const e = findHeadEnd(b, off);
      if (e >= 0 && e - off <= lim.maxHeadBytes) {
        this.off = e;
        this.onHead(b.subarray(off, e), at);
        return;
      }
      const take = Math.min(end - off, lim.maxHeadBytes);
      this.appendHead(b.subarray(off, off + take));
      this.off = off + take;
      this.headScan = 0;
      if (this.headLen >= lim.maxHeadBytes) this.headTooLarge(at);
      return;
    }
    const oldLen = this.headLen;
    const take = Math.min(end - off, lim.maxHeadBytes - oldLen);
    this.appendHead(b.subarray(off, off + take));
    if (oldLen < 40 && startLinePrefix(this.head, 0, this.headLen, this.isRequest) < 0) {
      const carry = this.head.slice(0, this.headLen);
      this.headLen = 0;
      this.off = off + take;
      this.startResync(at, carry, false, 'data that is not an HTTP message');
      return;
    }
    const e = findHeadEnd(this.head.subarray(0, this.headLen), this.headScan);
    if (e >= 0) {
      this.off = off + (e - oldLen);
      this.headLen = 0;
      this.onHead(this.head.subarray(0, e), at);
      return;
    }
    this.off = off + take;
    this.headScan = Math.max(0, this.headLen - 3);
    if (this.headLen >= lim.maxHeadBytes) this.headTooLarge(at);
  }

  private appendHead(b: Uint8Array): void {
    const need = this.headLen + b.length;
    if (this.head.length < need) {
      const nh = new Uint8Array(Math.max(need, Math.min(this.conn.limits.maxHeadBytes, this.head.length * 2), 1024));
      nh.set(this.head.subarray(0, this.headLen), 0);
      this.head = nh;
    }
    this.head.set(b, this.headLen);
    this.headLen = need;
  }

  private headTooLarge(at: FrameRef): void {
    this.headLen = 0;
    if (this.head.length > 64 * 1024) this.head = EMPTY;
    this.startResync(at, EMPTY, false, `message head longer than ${this.conn.limits.maxHeadBytes} bytes`);
  }

  private onHead(hb: Uint8Array, at: FrameRef): void {
    const lim = this.conn.limits;
    const parsed = parseHead(hb, this.isRequest, lim.maxLineBytes, lim.maxHeaderCount);
    if (!parsed) {
      // Not a start line after all: look for one from the next line on (the head bytes come first).
      const lf = hb.indexOf(0x0a);
      this.skipped += lf + 1;
      this.startResync(at, hb.slice(lf + 1), true, 'a line that is not a valid ' + (this.isRequest ? 'request line' : 'status line'));
      return;
    }
    if (this.isRequest) this.onRequestHead(parsed, at);
    else this.onResponseHead(parsed, at);
  }

  private onRequestHead(p: ParsedHead, at: FrameRef): void {
    const conn = this.conn;
    const diags: Diagnostic[] = [];
    const exchange = conn.nextExchange++;
    const method = p.method ?? '';
    const upgradeTokens = tokens(p.headers, 'upgrade');
    const upgrade = upgradeTokens.length > 0 && method !== 'CONNECT';
    if (upgrade && !tokens(p.headers, 'connection').includes('upgrade')) {
      diags.push(diag('warning', 'http.upgrade_without_connection', 'Upgrade header without "Connection: upgrade" (RFC 9110 §7.8)'));
    }
    const pending: Pending = {
      exchange, method, upgrade, wsUpgrade: upgrade && upgradeTokens.includes('websocket'), connect: method === 'CONNECT',
      request: undefined, outcome: undefined, extensions: '',
    };
    conn.addPending(pending, at);
    const te = tokens(p.headers, 'transfer-encoding');
    const cl = contentLength(p.headers, diags);
    let framing = FIXED;
    let length = 0;
    if (te.length) {
      if (cl !== -1) diags.push(diag('warning', 'http.te_and_cl', 'both Transfer-Encoding and Content-Length: Content-Length ignored (RFC 9112 §6.3)'));
      if (te[te.length - 1] === 'chunked') framing = CHUNKED;
      else diags.push(diag('error', 'http.bad_transfer_encoding', `request Transfer-Encoding "${te.join(', ')}" does not end in chunked (RFC 9112 §6.3): body length unknown`));
      if (te.length > 1) diags.push(diag('info', 'http.unsupported_transfer_coding', `transfer codings ${te.join(', ')}: only chunked is undone`));
    } else if (cl >= 0) length = cl;
    this.begin(p, exchange, at, framing, length, diags, pending, 'none');
  }

  private onResponseHead(p: ParsedHead, at: FrameRef): void {
    const conn = this.conn;
    const diags: Diagnostic[] = [];
    const status = p.status ?? 0;
    const pend = conn.pending[0] as Pending | undefined;
    let exchange: number;
    if (pend) exchange = pend.exchange;
    else {
      exchange = conn.nextExchange++;
      diags.push(diag('info', 'http.response_without_request', 'response to a request that was not captured'));
    }
    if (status >= 100 && status < 200 && status !== 101) {
      this.begin(p, exchange, at, NONE, 0, diags, pend, 'none'); // interim response (RFC 9110 §15.2)
      return;
    }
    if (pend) conn.pending.shift();
    let framing = CLOSE;
    let length = 0;
    let after: Current['after'] = 'none';
    const cl = contentLength(p.headers, diags);
    const te = tokens(p.headers, 'transfer-encoding');
    if (status === 101) {
      framing = NONE;
      const up = tokens(p.headers, 'upgrade');
      if (up.includes('websocket') && (!pend || pend.wsUpgrade)) after = 'ws';
      else after = 'opaque';
      if (pend && !pend.upgrade) diags.push(diag('warning', 'http.unexpected_101', '101 Switching Protocols answers a request without Upgrade'));
    } else if (pend?.method === 'HEAD' || status === 204 || status === 304) {
      framing = NONE;
    } else if (pend?.connect && status >= 200 && status < 300) {
      framing = NONE;
      after = 'opaque';
    } else if (te.length) {
      if (cl !== -1) diags.push(diag('warning', 'http.te_and_cl', 'both Transfer-Encoding and Content-Length: Content-Length ignored (RFC 9112 §6.3)'));
      if (te[te.length - 1] === 'chunked') framing = CHUNKED;
      if (te.length > 1) diags.push(diag('info', 'http.unsupported_transfer_coding', `transfer codings ${te.join(', ')}: only chunked is undone`));
    } else if (cl >= 0) {
      framing = FIXED;
      length = cl;
    }
    if (after === 'none' && pend && (pend.upgrade || pend.connect)) after = 'release';
    this.begin(p, exchange, at, framing, length, diags, pend, after);
  }

  private begin(
    p: ParsedHead, exchange: number, at: FrameRef, framing: number, length: number, diags: Diagnostic[],
    pending: Pending | undefined, after: Current['after'],
  ): void {
    const lim = this.conn.limits;
    if (framing === FIXED && length === 0) framing = NONE;
    this.cur = {
      head: p, exchange, startFrame: this.headStartFrame, framing, remaining: length,
      store: new BodyStore(lim.maxBodyBytes, framing === FIXED ? length : 0),
      chunked: framing === CHUNKED ? new ChunkedDecoder(lim.maxLineBytes, lim.maxHeaderCount) : undefined,
      raw: 0, diags, holes: false, truncated: false, pending, after,
    };
    if (framing === NONE) this.complete(at);
    else this.mode = BODY;
  }

  // ---------- body ----------

  private stepBody(at: FrameRef): void {
    const cur = this.cur!;
    const b = this.buf;
    const end = b.length;
    if (cur.framing === FIXED) {
      const n = Math.min(cur.remaining, end - this.off);
      cur.store.append(b.subarray(this.off, this.off + n));
      cur.remaining -= n;
      cur.raw += n;
      this.off += n;
      if (cur.remaining === 0) this.complete(at);
      return;
    }
    if (cur.framing === CHUNKED) {
      const dec = cur.chunked!;
      this.off = dec.push(b, this.off, cur.store);
      if (dec.done) this.complete(at);
      else if (dec.failed) {
        cur.holes = true;
        this.complete(at);
        this.startResync(at, EMPTY, true, 'broken chunked framing');
      }
      return;
    }
    cur.store.append(this.off === 0 ? b : b.subarray(this.off));
    cur.raw += end - this.off;
    this.off = end;
  }

  private complete(at: FrameRef): void {
    const cur = this.cur!;
    this.cur = undefined;
    this.mode = START;
    const lim = this.conn.limits;
    const diags = cur.head.diagnostics.concat(cur.diags);
    if (cur.chunked) {
      diags.push(...cur.chunked.diagnostics);
      cur.raw = cur.chunked.raw;
    }
    if (cur.store.truncated) diags.push(diag('warning', 'http.body_too_large', `body longer than ${lim.maxBodyBytes} bytes: only the first ${lim.maxBodyBytes} kept`));
    let body = cur.store.result();
    const coding = headerValue(cur.head.headers, 'content-encoding');
    if (cur.holes || cur.store.truncated) {
      if (coding && body.length) diags.push(diag('info', 'http.not_decoded', `incomplete ${coding} body left as received`));
    } else {
      body = decodeContent(body, coding, lim.maxInflatedBytes, diags);
    }
    const m = new HttpMessageImpl();
    m.kind = cur.head.kind;
    if (cur.head.kind === 'request') { m.method = cur.head.method; m.target = cur.head.target; } else { m.status = cur.head.status; m.reason = cur.head.reason; }
    m.version = cur.head.version;
    m.headers = cur.head.headers;
    if (cur.chunked && cur.chunked.trailers.length) m.trailers = cur.chunked.trailers;
    m.body = body;
    m.rawBodyLength = cur.raw;
    m.exchange = cur.exchange;
    m.startFrame = cur.startFrame;
    m.at = at;
    m.diagnostics = diags;
    const conn = this.conn;
    if (this.isRequest && cur.pending) cur.pending.request = m;
    conn.sink.http(m, this.dir);
    if (this.isRequest) {
      const p = cur.pending;
      if (p && (p.upgrade || p.connect)) {
        if (p.outcome === 'ws') this.toWebSocket(p.extensions);
        else if (p.outcome === 'opaque') this.toOpaque();
        else if (p.outcome === undefined) this.mode = HELD;
      }
      return;
    }
    if (cur.after === 'ws') conn.openWebSocket(cur.pending, m, at);
    else if (cur.after === 'opaque') conn.opaque(cur.pending, cur.head.status === 101 ? `upgrade to "${headerValue(m.headers, 'upgrade') ?? ''}"` : 'CONNECT tunnel', at);
    else if (cur.after === 'release') {
      const p = cur.pending!;
      if (!p.request) p.outcome = 'http';
      else if (conn.sides[0].mode === HELD) conn.sides[0].release('http');
    }
  }

  // ---------- upgrade hand-over ----------

  private hold(data: Uint8Array, off: number, at: FrameRef): void {
    const n = data.length - off;
    if (n <= 0) return;
    if (this.heldBytes + n > this.conn.limits.maxHeldBytes) {
      if (!this.heldOverflow) this.diagnostic(diag('warning', 'http.held_overflow', `more than ${this.conn.limits.maxHeldBytes} client bytes while waiting for the upgrade response: decoding them as HTTP`), at);
      this.heldOverflow = true;
      this.release('http');
      this.push(off === 0 ? data : data.subarray(off), at);
      return;
    }
    this.held.push({ data: data.slice(off), gap: 0, at });
    this.heldBytes += n;
  }

  /** Replay the bytes held while the upgrade was pending, as HTTP or into the new WebSocket stream. */
  release(how: 'http' | 'ws'): void {
    if (this.mode === HELD) this.mode = how === 'ws' ? WS : START;
    const items = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const it of items) {
      if (it.data) this.push(it.data, it.at);
      else this.gap(it.gap, it.at);
    }
  }

  toWebSocket(extensions: string): void {
    const dir = this.dir;
    const sink = this.conn.sink;
    this.ws = createWebSocketStream({
      fromClient: dir === 0,
      extensions,
      onMessage: (m) => sink.ws(m, dir),
      onDiagnostic: (d, a) => sink.diagnostic(d, dir, a),
      limits: this.conn.limits.webSocket,
      lazyText: this.conn.lazyWebSocketText,
    });
    const wasHeld = this.mode === HELD;
    this.mode = WS;
    this.cur = undefined;
    this.headLen = 0;
    if (wasHeld) this.release('ws');
  }

  toOpaque(): void {
    this.mode = OPAQUE;
    this.held = [];
    this.heldBytes = 0;
  }

  // ---------- garbage, gaps, end ----------

  private startResync(at: FrameRef, carry: Uint8Array, lineStart: boolean, what: string): void {
    if (this.mode !== RESYNC) {
      this.diagnostic(diag('warning', 'http.garbage', `${what}: searching for the next ${this.isRequest ? 'request' : 'response'}`), at);
    }
    this.mode = RESYNC;
    this.carry = carry;
    this.carryLineStart = lineStart;
  }

  private stepResync(at: FrameRef): void {
    if (this.carry.length) {
      const rest = this.buf.length - this.off;
      const nb = new Uint8Array(this.carry.length + rest);
      nb.set(this.carry, 0);
      nb.set(this.buf.subarray(this.off), this.carry.length);
      this.buf = nb;
      this.off = 0;
      this.carry = EMPTY;
    }
    const b = this.buf;
    const end = b.length;
    const req = this.isRequest;
    let p = this.off;
    let lineStart = this.carryLineStart;
    for (;;) {
      if (p >= end) {
        this.off = end;
        this.carryLineStart = lineStart;
        return;
      }
      const lf = b.indexOf(0x0a, p);
      if (lf < 0) {
        // An unfinished line: keep only the part that can still turn out to be a start line.
        const keep = lineStart && startLinePrefix(b, p, end, req) >= 0 && end - p <= this.conn.limits.maxLineBytes ? p : tailCandidate(b, p, end, req);
        this.skipped += keep - p;
        this.carry = b.slice(keep, end);
        this.carryLineStart = lineStart && keep === p;
        this.off = end;
        return;
      }
      // Messages follow each other without a line break, so a start line can begin mid-line too.
      const found = lineStart && isStartLine(b, p, lf, req) ? p : startInLine(b, p + 1, lf, req);
      if (found >= 0) {
        this.skipped += found - p;
        this.diagnostic(diag('info', 'http.resync', `found the next ${req ? 'request' : 'response'} after skipping ${this.skipped} bytes`), at);
        this.skipped = 0;
        this.mode = START;
        this.off = found;
        return;
      }
      this.skipped += lf + 1 - p;
      p = lf + 1;
      lineStart = true;
    }
  }

  gap(n: number, at: FrameRef): void {
    if (n <= 0) return;
    switch (this.mode) {
      case HELD:
        this.held.push({ data: undefined, gap: n, at });
        return;
      case WS:
        this.ws!.gap(n, at);
        return;
      case OPAQUE:
        return;
      case BODY: {
        const cur = this.cur!;
        if (cur.framing === FIXED || cur.framing === CLOSE || (cur.framing === CHUNKED && cur.chunked!.canSkipInData(n))) {
          const inBody = cur.framing === FIXED ? Math.min(n, cur.remaining) : n;
          if (cur.framing === CHUNKED) cur.chunked!.skipInData(n, cur.store);
          else {
            cur.store.zeros(inBody);
            cur.raw += inBody;
          }
          cur.holes = true;
          cur.diags.push(diag('warning', 'http.gap_in_body', `${inBody} body bytes not captured (zero-filled)`));
          if (cur.framing !== FIXED) return;
          cur.remaining -= inBody;
          if (cur.remaining > 0) return;
          this.complete(at);
          n -= inBody;
          if (n === 0) return;
          break;
        }
        cur.holes = true;
        cur.truncated = true;
        cur.diags.push(diag('warning', 'http.gap_in_body', `${n} bytes not captured inside a chunked body: message ends here`));
        this.complete(at);
        break;
      }
      case START:
        if (this.headLen > 0) this.diagnostic(diag('warning', 'http.gap', `${n} bytes not captured inside a message head; the message is lost`), at);
        this.headLen = 0;
        break;
      default:
        break;
    }
    this.diagnostic(diag('warning', 'http.gap', `${n} bytes not captured: searching for the next ${this.isRequest ? 'request' : 'response'}`), at);
    this.mode = RESYNC;
    this.carry = EMPTY;
    this.carryLineStart = true; // data after a gap often starts with a new segment, hence a new message
  }

  end(at: FrameRef): void {
    switch (this.mode) {
      case BODY: {
        const cur = this.cur!;
        if (cur.framing !== CLOSE) {
          cur.truncated = true;
          cur.diags.push(diag('warning', 'http.truncated', 'the connection ended before the end of the message body'));
        }
        this.complete(at);
        break;
      }
      case START:
        if (this.headLen > 0) this.diagnostic(diag('warning', 'http.truncated', `the connection ended inside a message head (${this.headLen} bytes)`), at);
        this.headLen = 0;
        break;
      case RESYNC:
        if (this.skipped + this.carry.length > 0) {
          this.diagnostic(diag('info', 'http.garbage_at_end', `${this.skipped + this.carry.length} bytes skipped until the end of the connection`), at);
        }
        this.skipped = 0;
        this.carry = EMPTY;
        break;
      case WS:
        this.ws!.end(at);
        break;
      default:
        break;
    }
  }
}
