// Which capture frames carried each message: for the app's "export filtered pcapng", every record is given
// the places (offset and length in the capture stream) of the frames its bytes came in. Messages of one
// frame (UDP, layer 2, most TCP messages) take that frame. For TCP, each direction of a connection keeps a
// log of the frames whose bytes were delivered since its last message; a message takes the logged frames
// from the one its first byte arrived in (`startFrame`, numbered as the TCP layer delivered bytes) to the
// one that completed it, so a segment carrying the end of one message and the start of the next goes with
// both. Bytes that waited behind a hole are logged with the frame they were captured in. A WebSocket
// connection's opening handshake (the HTTP Upgrade request and its 101 response) is kept as the context of
// all its messages: without it, Wireshark does not dissect the frames as WebSocket. When the handshake
// agreed on permessage-deflate with context takeover (RFC 7692 §7.2.3: each message is compressed against
// the ones before it in the same direction), the context says so: a message can then only be inflated with
// every earlier byte of its direction, which an export must include too (engine/frameIndex.ts); there a
// message also takes the frames since the previous message (pings, messages that are no records). Not
// covered: the earlier fragments of a fragmented IP datagram (its last fragment's frame is taken).

import type { Direction } from '../core/endpoint';
import { formatEndpoint } from '../core/endpoint';
import type { FrameRef } from '../core/frame';
import type { CaptureFrame, TcpConnection } from '../core/pipeline';
import type { WebSocketOpen } from '../protocols/http';
import type { DecodedMessage } from './decoded';

/** A frame as stored: its block (pcapng) or record (pcap) in the (decompressed) capture stream. */
export interface FrameLoc {
  offset: number;
  length: number;
}

/** What a connection's messages need besides their own frames. One object per connection, shared. */
export interface ConnectionContext {
  /** Frames of the WebSocket opening handshake. */
  frames: FrameLoc[];
  /** The WebSocket client's endpoint (`ip:port`): the sender of direction 0. */
  client: string;
  /** Per direction (0: from the client), whether messages are compressed against the earlier ones. */
  takeover: [boolean, boolean];
}

/** Context takeover per direction of the permessage-deflate agreed in a 101 response (RFC 7692 §7.1.1). */
export function deflateTakeover(extensions: string): [boolean, boolean] {
  for (const ext of extensions.split(',')) {
    const params = ext.split(';').map((p) => p.trim().toLowerCase());
    if (params[0] !== 'permessage-deflate') continue;
    const has = (name: string): boolean => params.some((p) => p === name || p.startsWith(`${name}=`));
    return [!has('client_no_context_takeover'), !has('server_no_context_takeover')];
  }
  return [false, false];
}

/** Most frames logged per direction since its last message (a body of ~90 MB in 1460-byte segments). */
const MAX_LOG = 1 << 16;

function locOf(at: FrameRef | undefined): FrameLoc | undefined {
  const f = at as Partial<CaptureFrame> | undefined;
  if (f?.fileOffset === undefined || f.fileLength === undefined) return undefined;
  return { offset: f.fileOffset, length: f.fileLength };
}

/**
 * Frames delivered on one direction of a connection since its last message, oldest first: (delivery frame
 * number, place). Usually one or two entries: trimmed at every message.
 */
class FrameLog {
  private deliv: number[] = [];
  private off: number[] = [];
  private len: number[] = [];

  add(delivered: number, loc: FrameLoc): void {
    const n = this.off.length;
    // the same frame again (several pushes from one segment): logged once
    if (n > 0 && this.off[n - 1] === loc.offset && this.deliv[n - 1] === delivered) return;
    if (n >= MAX_LOG) this.dropBefore(MAX_LOG >> 1);
    this.deliv.push(delivered);
    this.off.push(loc.offset);
    this.len.push(loc.length);
  }

  /** Places of the frames delivered in [from, to] (delivery numbers), without repeats. */
  between(from: number, to: number): FrameLoc[] {
    const out: FrameLoc[] = [];
    for (let i = 0; i < this.off.length; i++) {
      const d = this.deliv[i];
      if (d < from || d > to) continue;
      const offset = this.off[i];
      if (out.some((l) => l.offset === offset)) continue;
      out.push({ offset, length: this.len[i] });
    }
    return out;
  }

  /** True when bytes were delivered in frame `frame` (searched from the newest). */
  has(frame: number): boolean {
    for (let i = this.off.length - 1; i >= 0; i--) {
      if (this.deliv[i] === frame) return true;
      if (this.deliv[i] < frame) return false;
    }
    return false;
  }

  /** Forgets the frames delivered before `frame` (the next message on this direction starts at or after it). */
  trim(frame: number): void {
    let i = 0;
    while (i < this.off.length && this.deliv[i] < frame) i++;
    this.dropBefore(i);
  }

  private dropBefore(i: number): void {
    if (i <= 0) return;
    if (i >= this.off.length) {
      this.deliv = [];
      this.off = [];
      this.len = [];
      return;
    }
    this.deliv.splice(0, i);
    this.off.splice(0, i);
    this.len.splice(0, i);
  }
}

interface ConnFrames {
  logs: [FrameLog, FrameLog];
  client: string;
  context?: ConnectionContext;
}

export class FrameTracker {
  private readonly conns = new WeakMap<TcpConnection, ConnFrames>();
  /** The connection whose bytes are being handed to its application (messages emitted now are its own). */
  private current: TcpConnection | undefined;

  private state(conn: TcpConnection): ConnFrames {
    let s = this.conns.get(conn);
    if (!s) {
      s = { logs: [new FrameLog(), new FrameLog()], client: formatEndpoint(conn.client) };
      this.conns.set(conn, s);
    }
    return s;
  }

  /** Bytes of `conn` in `dir` delivered at `at`, captured in `origin` (default `at`). */
  data(conn: TcpConnection, dir: Direction, at: FrameRef, origin?: FrameRef): void {
    const loc = locOf(origin ?? at);
    if (loc) this.state(conn).logs[dir].add(at.frame, loc);
  }

  /** The connection's bytes are ignored (not an application we decode): nothing to keep. */
  forget(conn: TcpConnection): void {
    this.conns.delete(conn);
  }

  /**
   * Messages emitted from now on come from `conn` (its bytes are being handed to its application), until
   * leave() with what this returned.
   */
  enter(conn: TcpConnection): TcpConnection | undefined {
    const outer = this.current;
    this.current = conn;
    return outer;
  }

  leave(outer: TcpConnection | undefined): void {
    this.current = outer;
  }

  /** A WebSocket handshake completed on `conn`: its frames become the context of the connection's messages. */
  upgrade(conn: TcpConnection, info: WebSocketOpen): void {
    const s = this.state(conn);
    const req = s.logs[0].between(info.request.startFrame, info.request.at.frame);
    const res = s.logs[1].between(info.response.startFrame, info.response.at.frame);
    s.context = { frames: [...req, ...res], client: s.client, takeover: deflateTakeover(info.extensions) };
    s.logs[0].trim(info.request.at.frame);
    s.logs[1].trim(info.response.at.frame);
  }

  /** The frames that carried `m`, and the context frames of its connection (undefined when none). */
  framesOf(m: DecodedMessage): { frames: FrameLoc[]; context: ConnectionContext | undefined } {
    const conn = this.current;
    const s = conn && this.conns.get(conn);
    if (s) {
      // The direction whose bytes completed the message (its sender's endpoint when both or neither did).
      const at = m.at.frame;
      const d0 = s.logs[0].has(at), d1 = s.logs[1].has(at);
      const dir: Direction = d0 !== d1 ? (d0 ? 0 : 1) : m.src === s.client ? 0 : 1;
      const log = s.logs[dir];
      // On a direction compressed with context takeover, the frames since the previous message (control
      // frames, messages that are no records) go with the message too: an export that includes a message
      // and those before it then has every byte of the direction, as inflating needs.
      const from = s.context?.takeover[dir] ? 0 : m.startFrame ?? m.at.frame;
      const frames = log.between(from, m.at.frame);
      log.trim(m.at.frame);
      if (frames.length === 0) {
        const own = locOf(m.at);
        if (own) frames.push(own);
      }
      return { frames, context: s.context };
    }
    const own = locOf(m.at);
    return { frames: own ? [own] : [], context: undefined };
  }
}
