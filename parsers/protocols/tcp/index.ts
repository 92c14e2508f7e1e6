// TCP connection tracking (RFC 9293) in Wireshark's manner: connections keyed by the 4-tuple, numbered
// 0, 1, 2... in order of first appearance (tcp.stream); a pure SYN on a known 4-tuple whose sequence
// number differs from that direction's base sequence number starts a new connection (port reuse); the
// same SYN again after a FIN or RST starts a fresh connection object that keeps the stream number, as
// Wireshark does (tcpOpen is called for it again). Each direction is reassembled by TcpStreamDir
// (reassembly.ts).
//
// Client and server: the sender of a pure SYN is the client, the sender of a SYN/ACK the server. When
// the handshake was not captured, `opts.isServer` (e.g. fed by SDP announcements) decides if it knows
// either endpoint; otherwise the port that looks most like a listening port is the server's:
//   rank 4: well-known service ports of this domain (80, 443, 8080, 8443, 8000, 8008, 8081, 8888,
//           1883, 8883, 502, 4840, 5683, 15118) and 9000-9999 (OCPP central systems);
//   rank 3: any other port below 1024;
//   rank 2: 1024-32767;  rank 1: 32768-49151 (Linux ephemeral start);  rank 0: 49152-65535 (IANA
//           dynamic range, where clients' ephemeral ports live).
// Higher rank wins; on a tie the lower port is the server's (an SECC on 50000 vs an EV on 59220).
//
// RST closes both directions at once (buffered data is delivered after a gap); FIN closes its
// direction when every byte before it has been delivered.

import type { Direction, Endpoint } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import type { TcpConnection } from '../../core/pipeline';
import type { AddressCache, IpPacket } from '../ip';
import { addrKey } from '../ip';
import { TH_ACK, TH_FIN, TH_RST, TH_SYN } from './header';
import type { TcpHeader } from './header';
import { TcpStreamDir } from './reassembly';
import type { StreamOutput } from './reassembly';

export { parseTcpHeader, TH_ACK, TH_FIN, TH_PSH, TH_RST, TH_SYN } from './header';
export type { TcpHeader } from './header';
export { OOO_MAX_BYTES, OOO_MAX_SEGMENTS, STALL_SECONDS, STALL_SECONDS_SILENT, STALL_SEGMENTS, TcpStreamDir } from './reassembly';

export interface TcpEvents {
  open(conn: TcpConnection, at: FrameRef): void;
  /** `origin`: the frame the bytes were captured in, when they were held behind a hole and `at` is later. */
  data(conn: TcpConnection, dir: Direction, data: Uint8Array, at: FrameRef, origin?: FrameRef): void;
  gap(conn: TcpConnection, dir: Direction, missing: number, at: FrameRef): void;
  close(conn: TcpConnection, dir: Direction, at: FrameRef): void;
}

export interface TcpTrackerOptions {
  /** Knowledge of listening endpoints (e.g. an SDP response's address and port). */
  isServer?: (ip: string, port: number) => boolean;
}

const KNOWN_SERVER_PORTS = new Set([80, 443, 8080, 8443, 8000, 8008, 8081, 8888, 1883, 8883, 502, 4840, 5683, 15118]);

/** How much `port` looks like a listening port (see the file comment). */
export function serverPortRank(port: number): number {
  if (KNOWN_SERVER_PORTS.has(port) || (port >= 9000 && port <= 9999)) return 4;
  if (port < 1024) return 3;
  if (port < 32768) return 2;
  if (port < 49152) return 1;
  return 0;
}

/** True when the endpoint with port `a` should be the server rather than the one with port `b`. */
export function looksLikeServer(a: number, b: number): boolean {
  const ra = serverPortRank(a);
  const rb = serverPortRank(b);
  return ra !== rb ? ra > rb : a <= b;
}

class Conn implements TcpConnection, StreamOutput {
  app?: unknown;
  resetOrFin = false;
  readonly dirs: [TcpStreamDir, TcpStreamDir];

  constructor(
    readonly id: number,
    readonly client: Endpoint,
    readonly server: Endpoint,
    public handshakeSeen: boolean,
    readonly key: string,
    readonly clientKey: string,
    private readonly ev: TcpEvents,
  ) {
    this.dirs = [new TcpStreamDir(0, this), new TcpStreamDir(1, this)];
  }

  get done(): boolean {
    return this.dirs[0].closed && this.dirs[1].closed;
  }

  data(dir: Direction, bytes: Uint8Array, at: FrameRef, origin?: FrameRef): void {
    this.ev.data(this, dir, bytes, at, origin);
  }

  gap(dir: Direction, missing: number, at: FrameRef): void {
    this.ev.gap(this, dir, missing, at);
  }

  close(dir: Direction, at: FrameRef): void {
    this.ev.close(this, dir, at);
  }
}

export class TcpTracker {
  private readonly conns = new Map<string, Conn>();
  /** Connections not yet closed in both directions, in id order (Map keeps insertion order). */
  private readonly open = new Set<Conn>();
  private readonly waiting = new Set<TcpStreamDir>();
  private nextId = 0;
  private lastTick = 0;

  constructor(
    private readonly ev: TcpEvents,
    private readonly addrs: AddressCache,
    private readonly opts: TcpTrackerOptions = {},
  ) {}

  /** Number of connections seen so far. */
  get count(): number {
    return this.nextId;
  }

  segment(ip: IpPacket, h: TcpHeader, payload: Uint8Array, at: FrameRef): void {
    const b = ip.addrBuf;
    const srcA = addrKey(b, ip.srcOff, ip.addrLen);
    const dstA = addrKey(b, ip.dstOff, ip.addrLen);
    const srcK = srcA + String.fromCharCode(h.srcPort);
    const dstK = dstA + String.fromCharCode(h.dstPort);
    const key = srcK < dstK ? srcK + dstK : dstK + srcK;
    const flags = h.flags;
    const pureSyn = (flags & (TH_SYN | TH_ACK)) === TH_SYN;
    let c = this.conns.get(key);
    let reuseId = -1;
    if (c !== undefined && pureSyn) {
      const d = c.dirs[c.clientKey === srcK ? 0 : 1];
      if (d.baseSet && h.seq !== d.baseSeq) {
        // A new connection on the same 4-tuple (port reuse): a new tcp.stream.
        this.retire(c, at);
        c = undefined;
      } else if (c.resetOrFin) {
        // The same SYN again after a RST/FIN: Wireshark keeps the tcp.stream number; we start a fresh
        // connection object under that id so that its streams begin anew.
        reuseId = c.id;
        this.retire(c, at);
        c = undefined;
      }
    }
    if (c === undefined) {
      c = this.create(ip, h, srcA, dstA, srcK, dstK, key, at, reuseId);
    } else if ((flags & TH_SYN) !== 0 && !c.handshakeSeen) {
      c.handshakeSeen = true;
    }
    const di: Direction = c.clientKey === srcK ? 0 : 1;
    const d = c.dirs[di];
    const r = c.dirs[di === 0 ? 1 : 0];
    const now = at.tsSec + at.tsNsec / 1e9;
    d.now = now;
    r.now = now;
    if ((flags & TH_RST) !== 0) {
      c.resetOrFin = true;
      d.flush(at, true);
      r.flush(at, true);
    } else {
      d.segment(h.seq, flags, payload, at);
      if ((flags & TH_FIN) !== 0) c.resetOrFin = true;
      if ((flags & TH_ACK) !== 0 && r.started) r.peerAcked(h.ack, at);
    }
    this.track(d);
    this.track(r);
    if (c.done) this.open.delete(c);
    if (this.waiting.size > 0 && now - this.lastTick >= 1) this.tick(now, at);
  }

  /** Closes everything: holes become gaps, every open direction gets tcpClose at `last`. */
  end(last: FrameRef): void {
    for (const c of this.open) {
      c.dirs[0].flush(last, true);
      c.dirs[1].flush(last, true);
    }
    this.open.clear();
    this.waiting.clear();
  }

  /** Time passes for connections that received nothing lately (called on every frame). */
  frameSeen(at: FrameRef): void {
    if (this.waiting.size === 0) return;
    const now = at.tsSec + at.tsNsec / 1e9;
    if (now - this.lastTick >= 1) this.tick(now, at);
  }

  private tick(now: number, at: FrameRef): void {
    this.lastTick = now;
    for (const d of this.waiting) {
      d.now = now;
      d.tick(at);
      if (!d.waiting) this.waiting.delete(d);
    }
  }

  private track(d: TcpStreamDir): void {
    if (d.waiting) this.waiting.add(d);
    else this.waiting.delete(d);
  }

  private retire(c: Conn, at: FrameRef): void {
    c.dirs[0].flush(at, true);
    c.dirs[1].flush(at, true);
    this.waiting.delete(c.dirs[0]);
    this.waiting.delete(c.dirs[1]);
    this.open.delete(c);
    this.conns.delete(c.key);
  }

  private create(ip: IpPacket, h: TcpHeader, srcA: string, dstA: string, srcK: string, dstK: string, key: string, at: FrameRef, reuseId: number): Conn {
    const b = ip.addrBuf;
    const src: Endpoint = { ip: this.addrs.get(srcA, b, ip.srcOff, ip.addrLen), port: h.srcPort };
    const dst: Endpoint = { ip: this.addrs.get(dstA, b, ip.dstOff, ip.addrLen), port: h.dstPort };
    const syn = (h.flags & TH_SYN) !== 0;
    const ack = (h.flags & TH_ACK) !== 0;
    let srcIsClient: boolean;
    let handshake = false;
    if (syn && !ack) {
      srcIsClient = true;
      handshake = true;
    } else if (syn && ack) {
      srcIsClient = false;
      handshake = true;
    } else {
      const hint = this.opts.isServer;
      if (hint !== undefined && hint(dst.ip, dst.port)) srcIsClient = true;
      else if (hint !== undefined && hint(src.ip, src.port)) srcIsClient = false;
      else srcIsClient = !looksLikeServer(h.srcPort, h.dstPort);
    }
    const id = reuseId >= 0 ? reuseId : this.nextId++;
    const c = srcIsClient ? new Conn(id, src, dst, handshake, key, srcK, this.ev) : new Conn(id, dst, src, handshake, key, dstK, this.ev);
    this.conns.set(key, c);
    this.open.add(c);
    this.ev.open(c, at);
    return c;
  }
}
