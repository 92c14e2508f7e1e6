// WebSocket frame stream decoder for one direction of a connection (RFC 6455 §5: framing, masking §5.3,
// fragmentation §5.4, control frames §5.5, close §5.5.1/§7.4, UTF-8 text §8.1; RFC 7692 permessage-deflate
// §7.2 with and without context takeover). Used by http after `101 Switching Protocols` (`http.upgrade`
// table) and on its own when a capture starts mid-connection (`tcp` heuristic). Delivers whole messages
// to `ws.protocol` consumers (OCPP). Hot path: a frame inside one pushed chunk is decoded in place (a view;
// masked payloads get their one unmasking copy); only frames cut by chunk boundaries are buffered.
// Bounded: messages and inflation limited by maxMessageBytes, resync search by maxResyncBytes.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import type { FrameRef } from '../../core/frame';
import { BoundedInflater } from '../../core/boundedInflate';
import {
  HEADER_BAD_LENGTH, HEADER_NEED_MORE, headerLengthFor, isKnownOpcode, newFrameHeader, plausibleHeaderAt, readFrameHeader,
} from './frameHeader';
import { decodeUtf8, isValidCloseCode, unmaskInto } from './payload';
import { otherExtensionNames, parsePerMessageDeflate } from './extensions';
import { DEFAULT_WEBSOCKET_LIMITS } from './types';
import type {
  DeflateDirection, WebSocketLimits, WebSocketMessage, WebSocketStream, WebSocketStreamOptions,
} from './types';

const FRAMES = 0;
const RESYNC = 1;
const SKIP = 2;
const CLOSED = 3;

/** RFC 7692 §7.2.2: the sender removed these 4 bytes from the end of each compressed message. */
const DEFLATE_TAIL = new Uint8Array([0x00, 0x00, 0xff, 0xff]);
const EMPTY = new Uint8Array(0);

/** Decoder for the frames of one direction; messages and diagnostics go to the options' callbacks. */
/** The text of a text message (undefined for other messages and text that could not be inflated), decoded
 *  now when the stream left it pending; invalid UTF-8 adds `websocket.invalid_utf8` to its diagnostics. */
export function messageText(msg: WebSocketMessage): string | undefined {
  if (msg.textPending) decodeText(msg);
  return msg.text;
}

function decodeText(msg: WebSocketMessage): void {
  const t = decodeUtf8(msg.payload);
  msg.text = t.text;
  msg.textPending = false;
  if (!t.valid) msg.diagnostics.push(INVALID_UTF8());
}

/** RFC 6455 §8.1, raised where a text message's bytes are decoded (here, or by whoever decodes them later). */
export const INVALID_UTF8 = (): Diagnostic => diag('warning', 'websocket.invalid_utf8', 'text message is not valid UTF-8 (RFC 6455 §8.1); decoded with U+FFFD');

export function createWebSocketStream(options: WebSocketStreamOptions): WebSocketStream {
  return new WsStream(options);
}

interface Sink {
  message(msg: WebSocketMessage): void;
  diagnostic(d: Diagnostic, at: FrameRef): void;
}

class WsStream implements WebSocketStream {
  private readonly fromClient: boolean;
  private readonly lazyText: boolean;
  private readonly limits: WebSocketLimits;
  private readonly deflate: DeflateDirection | 'unknown' | undefined;
  private readonly otherExtensions: boolean;
  private inflater: BoundedInflater | undefined;
  /** LZ77 context of a context-takeover stream was lost (gap, error): later failures are explained. */
  private contextLost = false;
  private readonly h = newFrameHeader();
  private mode = FRAMES;

  // A frame cut by a chunk boundary.
  private pend: Uint8Array = new Uint8Array(256);
  private pendLen = 0;
  /** Whole frame size once its header is known, 0 before. */
  private pendTarget = 0;
  private pendStartFrame = 0;
  private pendDamaged = false;

  // An oversized frame being skipped.
  private skipRemaining = 0;
  private skipFin = false;

  // A fragmented message being reassembled.
  private msgActive = false;
  private msgOpcode = 0;
  private msgCompressed = false;
  private msgParts: Uint8Array[] = [];
  private msgLen = 0;
  private msgFrames = 0;
  private msgStartFrame = 0;
  private msgDiags: Diagnostic[] = [];
  private msgTooBig = false;
  private msgDamaged = false;

  // Searching for a frame header after a gap.
  private rbuf: Uint8Array = EMPTY;
  private rlen = 0;
  private rscan = 0;
  private rdropped = 0;

  private afterCloseNoted = false;

  private readonly sink: Sink;

  constructor(options: WebSocketStreamOptions) {
    this.sink = { message: options.onMessage, diagnostic: options.onDiagnostic };
    this.fromClient = options.fromClient;
    this.lazyText = options.lazyText === true;
    this.limits = { ...DEFAULT_WEBSOCKET_LIMITS, ...(options.limits ?? {}) };
    const ext = options.extensions;
    if (ext === undefined) {
      this.deflate = 'unknown';
      this.otherExtensions = false;
    } else {
      const pmd = parsePerMessageDeflate(ext);
      this.deflate = pmd ? (this.fromClient ? pmd.client : pmd.server) : undefined;
      this.otherExtensions = otherExtensionNames(ext).length > 0;
    }
    if (options.resync) this.enterResync();
  }

  push(data: Uint8Array, at: FrameRef): void {
    if (data.length === 0) return;
    try {
      this.feed(data, 0, at);
    } catch (e) {
      this.internalError(e, at);
    }
  }

  gap(missingBytes: number, at: FrameRef): void {
    try {
      this.onGap(missingBytes, at);
    } catch (e) {
      this.internalError(e, at);
    }
  }

  end(at: FrameRef): void {
    try {
      if (this.mode === SKIP || this.pendLen > 0 || this.msgActive) {
        this.sink.diagnostic(diag('warning', 'websocket.truncated', 'the stream ended inside a WebSocket frame or fragmented message'), at);
      }
      this.pendLen = 0;
      this.pendTarget = 0;
      this.resetMessage();
      this.mode = CLOSED;
      this.afterCloseNoted = true;
    } catch (e) {
      this.internalError(e, at);
    }
  }

  private internalError(e: unknown, at: FrameRef): void {
    this.sink.diagnostic(diag('error', 'websocket.internal_error', `decoder error: ${e instanceof Error ? e.message : String(e)}`), at);
    this.pendLen = 0;
    this.pendTarget = 0;
    this.resetMessage();
    this.enterResync();
  }

  // ---------- frames ----------

  private feed(data: Uint8Array, off: number, at: FrameRef): void {
    const end = data.length;
    const h = this.h;
    const maxMessage = this.limits.maxMessageBytes;
    while (off < end) {
      const mode = this.mode;
      if (mode === SKIP) {
        const n = Math.min(this.skipRemaining, end - off);
        this.skipRemaining -= n;
        off += n;
        if (this.skipRemaining === 0) this.skipDone(at);
        continue;
      }
      if (mode === RESYNC) {
        this.resyncPush(data, off, at);
        return;
      }
      if (mode === CLOSED) {
        if (!this.afterCloseNoted) {
          this.afterCloseNoted = true;
          this.sink.diagnostic(diag('warning', 'websocket.data_after_close', `${end - off} bytes after the Close frame were ignored`), at);
        }
        return;
      }
      if (this.pendLen > 0) {
        off = this.fillPend(data, off, at);
        continue;
      }
      const hl = readFrameHeader(data, off, end, h);
      if (hl === HEADER_NEED_MORE) {
        this.startPend(data, off, 0, at);
        return;
      }
      if (hl === HEADER_BAD_LENGTH || !isKnownOpcode(h.opcode)) {
        this.badHeader(hl, at);
        off += 1;
        continue;
      }
      const len = h.payloadLength;
      if (len > maxMessage) {
        this.tooLarge(at);
        off += hl;
        continue;
      }
      const total = hl + len;
      if (end - off >= total) {
        this.onFrame(data, off + hl, len, false, at, at.frame, false);
        off += total;
        continue;
      }
      this.startPend(data, off, total, at);
      return;
    }
  }

  private badHeader(hl: number, at: FrameRef): void {
    const what = hl === HEADER_BAD_LENGTH ? 'a 64-bit payload length with the top bit set or beyond 2^53' : `reserved opcode ${this.h.opcode}`;
    this.sink.diagnostic(diag('error', 'websocket.bad_frame', `frame header with ${what}: lost frame sync, searching for the next frame`), at);
    this.resetMessage();
    this.enterResync();
  }

  private tooLarge(at: FrameRef): void {
    const h = this.h;
    this.sink.diagnostic(diag('error', 'websocket.frame_too_large', `frame payload of ${h.payloadLength} bytes exceeds the ${this.limits.maxMessageBytes}-byte limit; skipped`), at);
    this.skipRemaining = h.payloadLength;
    this.skipFin = h.fin;
    if (h.opcode === 1 || h.opcode === 2) {
      if (this.msgActive) this.dropMessage('a new message started before the fragmented one ended', at);
      this.startMessage(h.opcode, (h.rsv & 4) !== 0 && this.deflate !== undefined, at.frame, null, false);
      this.msgTooBig = true;
    } else if (h.opcode === 0 && this.msgActive) {
      this.msgTooBig = true;
      this.msgParts = [];
    }
    if (this.msgActive) this.msgFrames++;
    this.mode = this.skipRemaining > 0 ? SKIP : FRAMES;
    if (this.skipRemaining === 0) this.skipDone(at);
  }

  private skipDone(at: FrameRef): void {
    this.mode = FRAMES;
    if (this.skipFin && this.msgActive && this.msgTooBig) this.finishMessage(at);
  }

  private startPend(data: Uint8Array, off: number, total: number, at: FrameRef): void {
    const n = data.length - off;
    this.ensurePend(Math.max(total, n, 14));
    this.pend.set(off === 0 ? data : data.subarray(off), 0);
    this.pendLen = n;
    this.pendTarget = total;
    this.pendStartFrame = at.frame;
    this.pendDamaged = false;
  }

  private ensurePend(size: number): void {
    if (this.pend.length >= size) return;
    const next = new Uint8Array(Math.max(size, this.pend.length * 2));
    next.set(this.pend.subarray(0, this.pendLen), 0);
    this.pend = next;
  }

  private fillPend(data: Uint8Array, off: number, at: FrameRef): number {
    const end = data.length;
    if (this.pendTarget === 0) {
      if (this.pendLen < 2) {
        const take = Math.min(2 - this.pendLen, end - off);
        this.pend.set(data.subarray(off, off + take), this.pendLen);
        this.pendLen += take;
        off += take;
        if (this.pendLen < 2) return off;
      }
      const need = headerLengthFor(this.pend[1]);
      if (this.pendLen < need) {
        const take = Math.min(need - this.pendLen, end - off);
        this.pend.set(data.subarray(off, off + take), this.pendLen);
        this.pendLen += take;
        off += take;
        if (this.pendLen < need) return off;
      }
      const h = this.h;
      const hl = readFrameHeader(this.pend, 0, this.pendLen, h);
      if (hl === HEADER_BAD_LENGTH || !isKnownOpcode(h.opcode)) {
        const rest = this.pend.slice(1, this.pendLen);
        this.pendLen = 0;
        this.badHeader(hl, at);
        this.resyncAppend(rest);
        return off;
      }
      if (h.payloadLength > this.limits.maxMessageBytes) {
        this.pendLen = 0;
        this.tooLarge(at);
        return off;
      }
      this.pendTarget = hl + h.payloadLength;
      this.ensurePend(this.pendTarget);
    } else {
      const take = Math.min(this.pendTarget - this.pendLen, end - off);
      this.pend.set(take === end - off && off === 0 ? data : data.subarray(off, off + take), this.pendLen);
      this.pendLen += take;
      off += take;
    }
    if (this.pendLen === this.pendTarget) this.completePend(at);
    return off;
  }

  private completePend(at: FrameRef): void {
    const h = this.h;
    const hl = readFrameHeader(this.pend, 0, this.pendLen, h);
    const damaged = this.pendDamaged;
    const startFrame = this.pendStartFrame;
    this.pendLen = 0;
    this.pendTarget = 0;
    this.pendDamaged = false;
    this.onFrame(this.pend, hl, h.payloadLength, true, at, startFrame, damaged);
    if (this.pend.length > 1 << 20 && this.pendLen === 0) this.pend = new Uint8Array(256);
  }

  /** The payload of the current frame, unmasked: a view when possible, else the one unmasking copy. */
  private framePayload(buf: Uint8Array, off: number, len: number, own: boolean, forceCopy: boolean): Uint8Array {
    const h = this.h;
    const view = buf.subarray(off, off + len);
    if (!h.masked) return forceCopy ? view.slice() : view;
    if (own && !forceCopy) {
      unmaskInto(view, view, 0, h.maskKey);
      return view;
    }
    const out = new Uint8Array(len);
    unmaskInto(view, out, 0, h.maskKey);
    return out;
  }

  private onFrame(buf: Uint8Array, off: number, len: number, own: boolean, at: FrameRef, startFrame: number, damaged: boolean): void {
    const h = this.h;
    const opcode = h.opcode;
    let diags: Diagnostic[] | null = null;
    if (h.masked !== this.fromClient) {
      diags = [this.fromClient
        ? diag('warning', 'websocket.unmasked_client_frame', 'client-to-server frame is not masked (RFC 6455 §5.1)')
        : diag('warning', 'websocket.masked_server_frame', 'server-to-client frame is masked (RFC 6455 §5.1)')];
    }
    if (h.nonMinimal) {
      (diags ??= []).push(diag('info', 'websocket.non_minimal_length', `payload length ${len} not in its minimal encoding (RFC 6455 §5.2)`));
    }
    const rsvAllowed = this.otherExtensions ? 7 : this.deflate !== undefined && (opcode === 1 || opcode === 2) ? 4 : 0;
    if (h.rsv & ~rsvAllowed) {
      (diags ??= []).push(diag('warning', 'websocket.rsv_bits', `RSV bits ${h.rsv.toString(2).padStart(3, '0')} set on a frame with opcode ${opcode} without a negotiated extension defining them`));
    }
    if (opcode >= 8) {
      if (!h.fin || len > 125) {
        (diags ??= []).push(diag('warning', 'websocket.bad_control_frame', `control frame (opcode ${opcode}) ${!h.fin ? 'fragmented' : `with a ${len}-byte payload (max 125)`} (RFC 6455 §5.5)`));
      }
      this.emit(opcode, this.framePayload(buf, off, len, own, false), false, 1, startFrame, at, diags, damaged);
      if (opcode === 8) this.mode = CLOSED;
      return;
    }
    if (opcode === 0) {
      if (!this.msgActive) {
        this.sink.diagnostic(diag('warning', 'websocket.orphan_continuation', `continuation frame (${len} bytes) without a message to continue; dropped`), at);
        return;
      }
      this.msgFrames++;
      if (damaged) this.msgDamaged = true;
      if (diags) this.msgDiags.push(...diags);
      if (!this.msgTooBig) {
        if (this.msgLen + len > this.limits.maxMessageBytes) {
          this.msgTooBig = true;
          this.msgParts = [];
        } else {
          this.msgParts.push(this.framePayload(buf, off, len, own, true));
          this.msgLen += len;
        }
      }
      if (h.fin) this.finishMessage(at);
      return;
    }
    if (this.msgActive) this.dropMessage('a new message started before the fragmented one ended', at);
    const compressed = (h.rsv & 4) !== 0 && this.deflate !== undefined;
    if (h.fin) {
      this.emit(opcode, this.framePayload(buf, off, len, own, false), compressed, 1, startFrame, at, diags, damaged);
      return;
    }
    this.startMessage(opcode, compressed, startFrame, diags, damaged);
    this.msgParts.push(this.framePayload(buf, off, len, own, true));
    this.msgLen = len;
    this.msgFrames = 1;
  }

  private startMessage(opcode: number, compressed: boolean, startFrame: number, diags: Diagnostic[] | null, damaged: boolean): void {
    this.msgActive = true;
    this.msgOpcode = opcode;
    this.msgCompressed = compressed;
    this.msgParts = [];
    this.msgLen = 0;
    this.msgFrames = 0;
    this.msgStartFrame = startFrame;
    this.msgDiags = diags ?? [];
    this.msgTooBig = false;
    this.msgDamaged = damaged;
  }

  private resetMessage(): void {
    this.msgActive = false;
    this.msgParts = [];
    this.msgLen = 0;
    this.msgDiags = [];
  }

  private dropMessage(why: string, at: FrameRef): void {
    this.sink.diagnostic(diag('warning', 'websocket.message_lost', `unfinished fragmented message (${this.msgFrames} frames, ${this.msgLen} bytes) dropped: ${why}`), at);
    if (this.msgCompressed) this.contextLost = this.takesOverContext();
    this.resetMessage();
  }

  private finishMessage(at: FrameRef): void {
    const diags = this.msgDiags;
    let payload: Uint8Array;
    if (this.msgTooBig) {
      diags.push(diag('error', 'websocket.message_too_large', `fragmented message exceeds the ${this.limits.maxMessageBytes}-byte limit; payload not kept`));
      payload = EMPTY;
      if (this.msgCompressed) this.loseContext();
    } else if (this.msgParts.length === 1) {
      payload = this.msgParts[0];
    } else {
      payload = new Uint8Array(this.msgLen);
      let o = 0;
      for (const p of this.msgParts) { payload.set(p, o); o += p.length; }
    }
    const { msgOpcode, msgFrames, msgStartFrame, msgDamaged, msgCompressed } = this;
    const compressed = msgCompressed && !this.msgTooBig;
    this.resetMessage();
    this.emit(msgOpcode, payload, compressed, msgFrames, msgStartFrame, at, diags, msgDamaged, msgCompressed);
  }

  private takesOverContext(): boolean {
    return this.deflate === 'unknown' || (this.deflate !== undefined && !this.deflate.noContextTakeover);
  }

  private loseContext(): void {
    if (this.inflater) this.inflater.reset();
    if (this.takesOverContext()) this.contextLost = true;
  }

  private emit(
    opcode: number, payload: Uint8Array, compressed: boolean, frames: number, startFrame: number, at: FrameRef,
    diags: Diagnostic[] | null, damaged: boolean, wasCompressed = compressed,
  ): void {
    const d = diags ?? [];
    let ok = true;
    if (damaged) d.push(diag('warning', 'websocket.gap_in_message', 'bytes of this message were not captured (filled with zeros)'));
    if (compressed) {
      if (damaged) {
        d.push(diag('warning', 'websocket.not_inflated', 'compressed message with missing bytes: left compressed'));
        this.loseContext();
        ok = false;
      } else {
        const inflated = this.inflate(payload, d);
        if (inflated === undefined) ok = false;
        else payload = inflated;
      }
    }
    const msg: WebSocketMessage = {
      opcode, payload, text: undefined, textPending: false, closeCode: undefined, closeReason: undefined, startFrame, at,
      compressed: wasCompressed, frames, diagnostics: d,
    };
    if (opcode === 1 && ok) {
      if (this.lazyText) msg.textPending = true;
      else decodeText(msg);
    } else if (opcode === 8) {
      this.parseClose(msg, d);
    }
    this.sink.message(msg);
  }

  private inflate(payload: Uint8Array, d: Diagnostic[]): Uint8Array | undefined {
    const dd = this.deflate;
    let inf = this.inflater;
    if (!inf) inf = this.inflater = new BoundedInflater('raw');
    else if (dd !== undefined && dd !== 'unknown' && dd.noContextTakeover) inf.forgetWindow();
    const r = inf.push([payload, DEFLATE_TAIL], this.limits.maxMessageBytes);
    if (r.error === undefined) return r.data;
    const lost = this.contextLost;
    if (this.takesOverContext()) this.contextLost = true;
    if (r.error === 'limit') {
      d.push(diag('error', 'websocket.inflate_limit', `inflated message exceeds the ${this.limits.maxMessageBytes}-byte limit (decompression bomb?); left compressed`));
    } else {
      d.push(diag('error', 'websocket.inflate_error', `permessage-deflate data could not be inflated: ${r.message}${lost ? ' (the compression context was lost earlier in the stream)' : ''}; left compressed`));
    }
    return undefined;
  }

  private parseClose(msg: WebSocketMessage, d: Diagnostic[]): void {
    const p = msg.payload;
    if (p.length === 0) return;
    if (p.length === 1) {
      d.push(diag('warning', 'websocket.bad_close', 'close frame with a 1-byte body (a status code needs 2, RFC 6455 §5.5.1)'));
      return;
    }
    const code = (p[0] << 8) | p[1];
    msg.closeCode = code;
    if (!isValidCloseCode(code)) d.push(diag('warning', 'websocket.bad_close_code', `close status code ${code} may not be sent (RFC 6455 §7.4)`));
    const r = decodeUtf8(p.subarray(2));
    msg.closeReason = r.text;
    if (!r.valid) d.push(diag('warning', 'websocket.invalid_utf8', 'close reason is not valid UTF-8 (RFC 6455 §5.5.1)'));
  }

  // ---------- gaps and resynchronisation ----------

  private onGap(n: number, at: FrameRef): void {
    if (n <= 0) return;
    if (this.mode === CLOSED) return;
    if (this.mode === SKIP) {
      if (n < this.skipRemaining) { this.skipRemaining -= n; return; }
      n -= this.skipRemaining;
      this.skipRemaining = 0;
      this.skipDone(at);
      if (n === 0) return;
    }
    if (this.mode === FRAMES && this.pendTarget > 0 && this.pendLen + n < this.pendTarget) {
      // The hole lies inside one frame's payload: keep its length, fill with zeros, stay in sync.
      this.sink.diagnostic(diag('warning', 'websocket.gap', `${n} bytes not captured inside a frame payload`), at);
      this.pend.fill(0, this.pendLen, this.pendLen + n);
      this.pendLen += n;
      this.pendDamaged = true;
      return;
    }
    this.sink.diagnostic(diag('warning', 'websocket.gap', `${n} bytes not captured: frame sync lost, searching for the next frame`), at);
    this.pendLen = 0;
    this.pendTarget = 0;
    if (this.msgActive) this.dropMessage('bytes missing', at);
    this.loseContext();
    this.enterResync();
  }

  private enterResync(): void {
    this.mode = RESYNC;
    this.rlen = 0;
    this.rscan = 0;
    this.rdropped = 0;
  }

  /** Append to the search window (the caller keeps it within maxResyncBytes). */
  private resyncAppend(bytes: Uint8Array): void {
    const need = this.rlen + bytes.length;
    if (this.rbuf.length < need) {
      const nb = new Uint8Array(Math.max(need, Math.min(this.limits.maxResyncBytes, Math.max(this.rbuf.length * 2, 4096))));
      nb.set(this.rbuf.subarray(0, this.rlen), 0);
      this.rbuf = nb;
    }
    this.rbuf.set(bytes, this.rlen);
    this.rlen = need;
  }

  private resyncPush(data: Uint8Array, off: number, at: FrameRef): void {
    const end = data.length;
    const max = Math.max(64, this.limits.maxResyncBytes);
    while (off < end) {
      if (this.rlen >= max) {
        // Window full and still undecided: give up the earliest candidate and at least half the window.
        const dropTo = Math.max(Math.min(this.rscan + 1, this.rlen), this.rlen >> 1);
        this.rbuf.copyWithin(0, dropTo, this.rlen);
        this.rlen -= dropTo;
        this.rdropped += dropTo;
        this.rscan = this.rscan < dropTo ? 0 : this.rscan - dropTo;
      }
      const n = Math.min(end - off, max - this.rlen);
      this.resyncAppend(data.subarray(off, off + n));
      off += n;
      const p = this.resyncScan(at);
      if (p >= 0) {
        const rest = this.rbuf.slice(p, this.rlen);
        this.rlen = 0;
        this.rscan = 0;
        this.mode = FRAMES;
        this.feed(rest, 0, at);
        if (off < end) this.feed(data, off, at);
        return;
      }
    }
  }

  /** Index in rbuf of an accepted frame start, or -1. */
  private resyncScan(at: FrameRef): number {
    const b = this.rbuf;
    const len = this.rlen;
    const h = this.h;
    const allowRsv1 = this.deflate !== undefined || this.otherExtensions;
    const maxLen = this.limits.maxMessageBytes;
    for (let p = this.rscan; p < len; p++) {
      const hl = plausibleHeaderAt(b, p, len, this.fromClient, allowRsv1, maxLen, h);
      if (hl < 0) continue;
      if (hl === 0) { this.rscan = p; return -1; }
      const frameEnd = p + hl + h.payloadLength;
      let accept = false;
      if (frameEnd === len) accept = true;
      else if (frameEnd < len) accept = plausibleHeaderAt(b, frameEnd, len, this.fromClient, allowRsv1, maxLen, this.h) >= 0;
      else { this.rscan = p; return -1; }
      if (accept) {
        const skipped = this.rdropped + p;
        this.sink.diagnostic(diag('info', 'websocket.resync', `frame sync recovered after skipping ${skipped} bytes`), at);
        return p;
      }
    }
    this.rscan = len;
    return -1;
  }
}
