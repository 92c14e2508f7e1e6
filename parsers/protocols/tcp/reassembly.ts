// One direction of a TCP connection: turns segments into the in-order, de-duplicated byte stream, the
// way Wireshark's reassembly sees it (RFC 9293 sequence space, modulo 2^32).
// - The initial sequence number comes from the SYN, or from the first segment seen (mid-stream pickup).
// - Bytes before the next expected sequence number are retransmissions: dropped (the first copy wins,
//   also for buffered out-of-order segments that overlap each other).
// - Segments ahead of it are copied into a bounded out-of-order buffer until the hole is filled.
// - A hole becomes a gap (bytes never captured; decoding resumes after it) when:
//     * the peer acknowledges data beyond it (the receiver got bytes the capture missed: it will not be
//       retransmitted), at once;
//     * the peer was silent since the hole appeared and STALL_SEGMENTS more segments arrived, or
//       STALL_SECONDS_SILENT of capture time passed (one-sided captures, reconstructed logs);
//     * otherwise after STALL_SECONDS (a retransmission that never came), when the buffer exceeds
//       OOO_MAX_BYTES / OOO_MAX_SEGMENTS, at RST, or at the end of the capture.
// - `at` of delivered bytes is the frame in which they became contiguous: the frame that filled a hole,
//   or, for bytes after a gap, the later of their own frame and the frame of the bytes before the gap
//   (the gap itself delays nothing, matching an oracle that knows the hole is never filled).
// - The FIN closes the direction once every byte before it is delivered.

import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import { TH_FIN, TH_SYN } from './header';

export const OOO_MAX_BYTES = 8 * 1024 * 1024;
export const OOO_MAX_SEGMENTS = 4096;
export const STALL_SEGMENTS = 32;
export const STALL_SECONDS_SILENT = 10;
export const STALL_SECONDS = 60;
/** An acknowledgment further ahead than this is treated as garbage, not as proof of missed bytes. */
const MAX_ACK_JUMP = 0x40000000;

export interface StreamOutput {
  /** `origin`: the frame the bytes were captured in, when that is not `at` (bytes held behind a hole). */
  data(dir: Direction, bytes: Uint8Array, at: FrameRef, origin?: FrameRef): void;
  gap(dir: Direction, missing: number, at: FrameRef): void;
  close(dir: Direction, at: FrameRef): void;
}

interface Seg {
  seq: number;
  data: Uint8Array;
  at: FrameRef;
}

function later(a: FrameRef, b: FrameRef | undefined): FrameRef {
  return b !== undefined && b.frame > a.frame ? b : a;
}

export class TcpStreamDir {
  started = false;
  /** Wireshark's base_seq: the SYN's sequence number, or first seen minus one. */
  baseSeq = 0;
  baseSet = false;
  nextSeq = 0;
  closed = false;
  /** Bytes delivered and gap bytes reported (for tests and statistics). */
  delivered = 0;
  gapBytes = 0;
  private ooo: Seg[] = [];
  private oooBytes = 0;
  private finPending = false;
  private finSeq = 0;
  private finAt: FrameRef | undefined;
  private lastAt: FrameRef | undefined;
  private stallSegs = 0;
  private stallStart = 0;
  private peerActive = false;
  private peerAck = 0;
  private peerAckValid = false;
  /** Capture time (seconds) of the frame being processed. */
  now = 0;

  constructor(
    readonly dir: Direction,
    private readonly out: StreamOutput,
  ) {}

  /** True while bytes wait behind a hole (buffered data or a FIN beyond the next expected byte). */
  get waiting(): boolean {
    return !this.closed && (this.ooo.length > 0 || this.finPending);
  }

  get bufferedBytes(): number {
    return this.oooBytes;
  }

  segment(seq: number, flags: number, payload: Uint8Array, at: FrameRef): void {
    if (this.closed) return;
    let s = seq;
    if ((flags & TH_SYN) !== 0) {
      if (!this.started) {
        this.nextSeq = (seq + 1) >>> 0;
        this.started = true;
      }
      if (!this.baseSet) {
        this.baseSeq = seq;
        this.baseSet = true;
      }
      s = (seq + 1) >>> 0;
    } else if (!this.started) {
      this.nextSeq = seq;
      this.started = true;
      if (!this.baseSet) {
        this.baseSeq = (seq - 1) >>> 0;
        this.baseSet = true;
      }
    }
    const fin = (flags & TH_FIN) !== 0;
    if (payload.length === 0 && !fin) return;
    const wasWaiting = this.waiting;
    const before = this.nextSeq;
    this.offer(s, payload, fin, at);
    if (this.closed) return;
    if (this.waiting) {
      if (!wasWaiting || this.nextSeq !== before) this.startStall();
      else this.stallSegs++;
      this.check(at);
    }
  }

  /** An acknowledgment sent by the peer (covering this direction's bytes). */
  peerAcked(ack: number, at: FrameRef): void {
    if (!this.peerAckValid || ((ack - this.peerAck) | 0) > 0) {
      this.peerAck = ack;
      this.peerAckValid = true;
    }
    if (this.waiting) {
      this.peerActive = true;
      this.check(at);
    }
  }

  /** Time-based check, called now and then while waiting. */
  tick(at: FrameRef): void {
    if (this.waiting) this.check(at);
  }

  /** Declares every remaining hole a gap, delivers what was buffered; closes unless keepOpen. */
  flush(at: FrameRef, close: boolean): void {
    if (this.closed) return;
    let guard = OOO_MAX_SEGMENTS + 2;
    while (this.waiting && guard-- > 0) this.gapToNext(at);
    if (close && !this.closed) this.finish(at);
  }

  private offer(s: number, payload: Uint8Array, fin: boolean, at: FrameRef): void {
    const rel = (s - this.nextSeq) | 0;
    const end = (s + payload.length) >>> 0;
    if (rel <= 0) {
      const skip = -rel;
      if (skip < payload.length) this.emit(skip === 0 ? payload : payload.subarray(skip), at);
      if (fin) {
        this.finish(at);
        return;
      }
      this.drain();
      return;
    }
    if (payload.length > 0) this.insert(s, rel, payload, at);
    if (fin && !this.finPending) {
      this.finPending = true;
      this.finSeq = end;
      this.finAt = at;
    }
  }

  private emit(bytes: Uint8Array, at: FrameRef, origin?: FrameRef): void {
    this.nextSeq = (this.nextSeq + bytes.length) >>> 0;
    this.delivered += bytes.length;
    this.lastAt = at;
    this.out.data(this.dir, bytes, at, origin !== undefined && origin !== at ? origin : undefined);
  }

  /** Buffers the parts of [rel, rel+len) not already buffered (first copy wins), copying them. */
  private insert(s: number, rel: number, payload: Uint8Array, at: FrameRef): void {
    const a = rel;
    const b = rel + payload.length;
    let cur = a;
    const base = this.nextSeq;
    const pieces: number[] = [];
    for (const g of this.ooo) {
      const ga = (g.seq - base) | 0;
      const gb = ga + g.data.length;
      if (gb <= cur) continue;
      if (ga >= b) break;
      if (ga > cur) pieces.push(cur, ga);
      if (gb > cur) cur = gb;
      if (cur >= b) break;
    }
    if (cur < b) pieces.push(cur, b);
    for (let i = 0; i < pieces.length; i += 2) {
      const from = pieces[i];
      const to = pieces[i + 1];
      const seg: Seg = { seq: (s + (from - a)) >>> 0, data: payload.slice(from - a, to - a), at };
      // Insert sorted by position relative to nextSeq.
      let j = this.ooo.length;
      while (j > 0 && ((this.ooo[j - 1].seq - base) | 0) > from) j--;
      this.ooo.splice(j, 0, seg);
      this.oooBytes += seg.data.length;
    }
  }

  /** Delivers buffered segments that became contiguous; closes on a reached FIN. */
  private drain(): void {
    while (this.ooo.length > 0) {
      const g = this.ooo[0];
      const rel = (g.seq - this.nextSeq) | 0;
      if (rel > 0) break;
      this.ooo.shift();
      this.oooBytes -= g.data.length;
      const skip = -rel;
      if (skip < g.data.length) this.emit(skip === 0 ? g.data : g.data.subarray(skip), later(g.at, this.lastAt), g.at);
    }
    if (this.finPending && ((this.finSeq - this.nextSeq) | 0) <= 0) {
      this.finish(later(this.finAt!, this.lastAt));
    }
  }

  private finish(at: FrameRef): void {
    this.closed = true;
    this.finPending = false;
    this.ooo = [];
    this.oooBytes = 0;
    this.out.close(this.dir, at);
  }

  private startStall(): void {
    this.stallSegs = 0;
    this.stallStart = this.now;
    this.peerActive = false;
  }

  /** Sequence number of the first thing waiting behind the hole. */
  private holeEnd(): number {
    return this.ooo.length > 0 ? this.ooo[0].seq : this.finSeq;
  }

  private check(at: FrameRef): void {
    let guard = OOO_MAX_SEGMENTS + 2;
    while (this.waiting && guard-- > 0) {
      const target = this.holeEnd();
      const ackRel = (this.peerAck - this.nextSeq) | 0;
      if (this.peerAckValid && ackRel > 0 && ackRel < MAX_ACK_JUMP) {
        // The receiver acknowledged bytes the capture never saw.
        const holeRel = (target - this.nextSeq) | 0;
        if (ackRel < holeRel) {
          this.gapTo((this.nextSeq + ackRel) >>> 0, at);
          continue;
        }
        this.gapToNext(at);
        continue;
      }
      const waited = this.now - this.stallStart;
      const overLimit = this.oooBytes > OOO_MAX_BYTES || this.ooo.length > OOO_MAX_SEGMENTS;
      const silentStall = !this.peerActive && (this.stallSegs >= STALL_SEGMENTS || waited >= STALL_SECONDS_SILENT);
      if (overLimit || silentStall || waited >= STALL_SECONDS) {
        this.gapToNext(at);
        this.startStall();
        continue;
      }
      break;
    }
  }

  /** Gap up to the first buffered byte (or the FIN), then deliver what follows it. */
  private gapToNext(at: FrameRef): void {
    const first = this.ooo[0];
    const gapAt = first !== undefined ? later(first.at, this.lastAt) : later(this.finAt ?? at, this.lastAt);
    this.gapTo(this.holeEnd(), gapAt);
  }

  private gapTo(target: number, at: FrameRef): void {
    const missing = (target - this.nextSeq) >>> 0;
    if (missing > 0 && missing < 0x80000000) {
      this.gapBytes += missing;
      this.nextSeq = target;
      this.out.gap(this.dir, missing, at);
    }
    this.drain();
  }
}
