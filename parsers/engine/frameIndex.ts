// The frames behind each message of a session, compactly: one offset (float64) and one length (uint32) per
// message, 12 bytes, for the usual message carried by one frame; messages of several frames point into an
// overflow table instead. Connection contexts (a WebSocket handshake's frames) are kept once per
// connection and found again by the message's endpoints. Plus the capture's container blocks (pcap header,
// pcapng section headers, interfaces, secrets). All places are in the (inflated) capture stream.
//
// The frames an export needs for a message: its own, its connection's handshake, and, on a direction
// compressed with context takeover, those of every earlier message of that direction on the connection
// (without them neither Wireshark nor this engine can inflate it).

import type { ContainerBlockKind } from '../core/pipeline';
import type { ConnectionContext, FrameLoc } from './frameTrack';
import type { Piece } from '../capture/extract';
import { GrowableFloat64, GrowableUint32 } from '../core/growable';

interface Context {
  /** The first message of the connection that carried it. */
  fromSeq: number;
  ctx: ConnectionContext;
}

/** Endpoints of a message (its row's src and dst), by seq. */
export type EndpointsOf = (seq: number) => { src: string; dst: string } | undefined;

function endpointsKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export class FrameIndex {
  /** By seq - 1: the frame's offset (len > 0), -1 (no frame), or an overflow group's index (len == 0). */
  private readonly off = new GrowableFloat64();
  private readonly len = new GrowableUint32();
  /** Overflow groups: a header entry (len = count) followed by `count` frames. */
  private readonly xOff = new GrowableFloat64();
  private readonly xLen = new GrowableUint32();
  private readonly contexts = new Map<string, Context[]>();
  private readonly contextOf = new Map<ConnectionContext, true>();
  readonly blocks: Piece[] = [];

  get count(): number {
    return this.off.length;
  }

  /** The frames of the next message (seq = count + 1), and its connection's context frames. */
  add(seq: number, frames: readonly FrameLoc[] | undefined, context: ConnectionContext | undefined, src: string, dst: string): void {
    if (!frames || frames.length === 0) {
      this.off.push(-1);
      this.len.push(0);
    } else if (frames.length === 1 && frames[0].length > 0) {
      this.off.push(frames[0].offset);
      this.len.push(frames[0].length);
    } else {
      this.off.push(this.xOff.length);
      this.len.push(0);
      this.xOff.push(-1);
      this.xLen.push(frames.length);
      for (const f of frames) {
        this.xOff.push(f.offset);
        this.xLen.push(f.length);
      }
    }
    if (context && !this.contextOf.has(context)) {
      this.contextOf.set(context, true);
      const key = endpointsKey(src, dst);
      const list = this.contexts.get(key) ?? [];
      list.push({ fromSeq: seq, ctx: context });
      this.contexts.set(key, list);
    }
  }

  container(kind: ContainerBlockKind, offset: number, length: number): void {
    this.blocks.push({ kind, offset, length });
  }

  /** The frames that carried message `seq` (1-based) itself. */
  ownFrames(seq: number, into: FrameLoc[] = []): FrameLoc[] {
    const i = seq - 1;
    if (i < 0 || i >= this.off.length) return into;
    const off = this.off.get(i);
    const len = this.len.get(i);
    if (len > 0) into.push({ offset: off, length: len });
    else if (off >= 0) {
      const n = this.xLen.get(off);
      for (let k = off + 1; k <= off + n; k++) into.push({ offset: this.xOff.get(k), length: this.xLen.get(k) });
    }
    return into;
  }

  /** The connection context of message `seq`: the latest connection between its endpoints begun by then. */
  private contextOfMessage(seq: number, src: string, dst: string): Context | undefined {
    const ctxs = this.contexts.size ? this.contexts.get(endpointsKey(src, dst)) : undefined;
    if (!ctxs) return undefined;
    let found: Context | undefined;
    for (const c of ctxs) if (c.fromSeq <= seq) found = c;
    return found;
  }

  /** The frames of message `seq` with its connection's handshake (not sorted; may repeat). */
  framesOf(seq: number, src: string, dst: string, into: FrameLoc[] = []): FrameLoc[] {
    this.ownFrames(seq, into);
    const c = this.contextOfMessage(seq, src, dst);
    if (c) into.push(...c.ctx.frames);
    return into;
  }

  /**
   * Every frame an export of the messages `seqs` needs (not sorted; may repeat): framesOf each, and the
   * frames of the earlier messages of each direction compressed with context takeover.
   */
  exportFrames(seqs: Iterable<number>, endpoints: EndpointsOf): { frames: FrameLoc[]; messages: number } {
    const frames: FrameLoc[] = [];
    let messages = 0;
    // direction (src|dst) compressed with context takeover -> its connection and the last selected message
    const history = new Map<string, { c: Context; until: number }>();
    for (const seq of seqs) {
      const e = endpoints(seq);
      if (!e) continue;
      messages++;
      this.ownFrames(seq, frames);
      const c = this.contextOfMessage(seq, e.src, e.dst);
      if (!c) continue;
      frames.push(...c.ctx.frames);
      if (!c.ctx.takeover[e.src === c.ctx.client ? 0 : 1]) continue;
      const key = `${e.src}|${e.dst}`;
      const h = history.get(key);
      if (!h || h.c !== c) history.set(key, { c, until: Math.max(seq, h?.c === c ? h.until : 0) });
      else h.until = Math.max(h.until, seq);
    }
    if (history.size > 0) {
      let from = Infinity, to = 0;
      for (const h of history.values()) {
        from = Math.min(from, h.c.fromSeq);
        to = Math.max(to, h.until);
      }
      for (let seq = from; seq < to; seq++) {
        const e = endpoints(seq);
        if (!e) continue;
        const h = history.get(`${e.src}|${e.dst}`);
        if (h && seq >= h.c.fromSeq && seq < h.until && this.contextOfMessage(seq, e.src, e.dst) === h.c) this.ownFrames(seq, frames);
      }
    }
    return { frames, messages };
  }
}
