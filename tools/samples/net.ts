// The network side of the sample captures: a seeded random source, hosts (MAC + IP from documentation
// ranges), a capture timeline written with the engine's pcapng writer (parsers/capture/writer.ts), and TCP
// connections that behave like a Linux stack: three-way handshake with MSS / SACK-permitted / window-scale
// options, MSS-sized segmentation, delayed ACKs (40 ms, or at once every second full segment), ACKs
// piggybacked on replies, FIN/ACK close. Every frame is built by parsers/capture/packets.ts, so lengths and
// checksums are correct. Times are integer microseconds since the Unix epoch.

import { ACK, FIN, PSH, SYN, ethernet, ipv4, ipv6, ip4, ip6, tcp, udp } from '../../parsers/capture/packets';
import { PcapngWriter } from '../../parsers/capture/writer';

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;
export const ETH_HOMEPLUG = 0x88e1;

/** Deterministic pseudo-random numbers (mulberry32), seeded per sample. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  u32(): number {
    return Math.floor(this.next() * 4294967296) >>> 0;
  }

  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }

  hex(n: number): string {
    return [...this.bytes(n)].map((x) => x.toString(16).padStart(2, '0')).join('');
  }
}

/** Seed from a name (FNV-1a), so each sample has its own fixed stream. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface Host {
  name: string;
  /** Locally administered unicast MAC (second hex digit 2, 6, A or E). */
  mac: string;
  /** IPv4 dotted quad or IPv6 text. */
  ip: string;
}

function ipBytes(s: string): number[] {
  return s.includes(':') ? ip6(s) : ip4(s);
}

/** Multicast MAC of an IPv6 multicast address (RFC 2464 §7). */
export function ipv6MulticastMac(addr: string): string {
  const b = ip6(addr);
  return ['33', '33', ...b.slice(12).map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

interface Packet {
  t: number;
  iface: number;
  data: Uint8Array;
  comment?: string;
  order: number;
}

export interface InterfaceSpec {
  name: string;
  description: string;
  /** if_tsresol: 6 (µs) or 9 (ns). */
  tsresol: 6 | 9;
}

/** One capture file: interfaces and timestamped frames, written as pcapng in time order. */
export class SampleCapture {
  private readonly packets: Packet[] = [];
  private readonly ipId = new Map<string, number>();

  constructor(
    readonly comment: string,
    readonly interfaces: InterfaceSpec[],
  ) {}

  /** Appends an Ethernet frame (padded to the 60-byte minimum) at time `t` (µs). */
  frame(iface: number, t: number, data: Uint8Array, comment?: string): void {
    if (!Number.isSafeInteger(t)) throw new Error(`bad time ${t}`);
    const padded = data.length < 60 ? (() => {
      const p = new Uint8Array(60);
      p.set(data);
      return p;
    })() : data;
    this.packets.push({ t, iface, data: padded, comment, order: this.packets.length });
  }

  /** IPv4 identification of the next datagram a host sends (Linux: per destination; here per source). */
  nextIpId(host: string): number {
    const v = this.ipId.get(host) ?? (seedOf(host) & 0xffff);
    this.ipId.set(host, (v + 1) & 0xffff);
    return v;
  }

  /** An IP packet from `src` to `dst` inside an Ethernet frame. */
  ip(iface: number, t: number, src: Host, dst: Host, proto: number, seg: Uint8Array, o: { dstMac?: string; dstIp?: string; hopLimit?: number; comment?: string } = {}): void {
    const dstIp = o.dstIp ?? dst.ip;
    const v6 = src.ip.includes(':');
    const pkt = v6
      ? ipv6(ip6(src.ip), ip6(dstIp), proto, seg, [], o.hopLimit ?? 64)
      : ipv4(ip4(src.ip), ip4(dstIp), proto, seg, { id: this.nextIpId(src.name), dontFragment: true, ttl: 64 });
    this.frame(iface, t, ethernet(v6 ? ETH_IPV6 : ETH_IPV4, pkt, { src: src.mac, dst: o.dstMac ?? dst.mac }), o.comment);
  }

  /** A UDP datagram. */
  udp(iface: number, t: number, src: Host, sport: number, dst: Host, dport: number, payload: Uint8Array, o: { dstMac?: string; dstIp?: string; hopLimit?: number; comment?: string } = {}): void {
    const seg = udp(ipBytes(src.ip), ipBytes(o.dstIp ?? dst.ip), sport, dport, payload);
    this.ip(iface, t, src, dst, 17, seg, o);
  }

  get frameCount(): number {
    return this.packets.length;
  }

  /** The pcapng bytes: SHB, one IDB per interface, EPBs sorted by time (stable). */
  build(): Uint8Array {
    const w = new PcapngWriter();
    w.section('le', { comment: this.comment, userAppl: 'VGI Inspector sample generator (tools/samples)' });
    for (const i of this.interfaces) w.idb({ linkType: 1, snaplen: 262144, tsresol: i.tsresol, name: i.name, description: i.description });
    const sorted = [...this.packets].sort((a, b) => a.t - b.t || a.order - b.order);
    for (const p of sorted) {
      const res = this.interfaces[p.iface].tsresol;
      const ts = res === 9 ? BigInt(p.t) * 1000n : BigInt(p.t);
      w.epb({ iface: p.iface, ts, data: p.data, comments: p.comment ? [p.comment] : undefined });
    }
    return w.build();
  }
}

export interface Endpoint {
  host: Host;
  port: number;
}

const DELAYED_ACK_US = 40_000;
/** Wire time per segment on the links of the samples (fast Ethernet-ish, µs). */
const SEGMENT_GAP_US = 120;

export interface TcpOptions {
  /** Round-trip time in µs. */
  rttUs: number;
  /** Maximum segment size (1460 for IPv4 over Ethernet, 1440 for IPv6). */
  mss?: number;
}

/**
 * One TCP connection, both ends simulated. Direction 0 = client -> server. send() returns the time (µs) at
 * which the last byte has reached the peer, which is when the peer may answer.
 */
export class TcpConnection {
  private readonly seq: [number, number];
  private readonly unacked: [number, number] = [0, 0];
  /** Per receiving direction: arrival time of data not yet acknowledged (undefined = nothing pending). */
  private readonly pendingAck: [number | undefined, number | undefined] = [undefined, undefined];
  private readonly mss: number;
  private readonly oneWay: number;
  closed = false;

  constructor(
    private readonly cap: SampleCapture,
    private readonly iface: number,
    readonly client: Endpoint,
    readonly server: Endpoint,
    rng: Rng,
    opts: TcpOptions,
  ) {
    this.seq = [rng.u32(), rng.u32()];
    this.mss = opts.mss ?? (client.host.ip.includes(':') ? 1440 : 1460);
    this.oneWay = Math.max(1, Math.round(opts.rttUs / 2));
  }

  private ends(dir: 0 | 1): [Endpoint, Endpoint] {
    return dir === 0 ? [this.client, this.server] : [this.server, this.client];
  }

  private emit(dir: 0 | 1, t: number, flags: number, payload: Uint8Array, options?: Uint8Array, comment?: string): void {
    const [a, b] = this.ends(dir);
    const other = dir === 0 ? 1 : 0;
    const ack = flags & ACK ? this.seq[other] : 0;
    const window = flags & SYN ? (dir === 0 ? 64240 : 65160) : 502; // window scale 7 after the handshake
    const seg = tcp(ipBytes(a.host.ip), ipBytes(b.host.ip), a.port, b.port, payload, { seq: this.seq[dir], ack, flags, window, options });
    this.cap.ip(this.iface, t, a.host, b.host, 6, seg, { comment });
    this.seq[dir] = (this.seq[dir] + payload.length + (flags & (SYN | FIN) ? 1 : 0)) >>> 0;
    if (flags & ACK) {
      this.pendingAck[dir] = undefined; // this segment acknowledges everything received so far
      this.unacked[dir] = 0;
    }
  }

  private synOptions(): Uint8Array {
    // MSS, SACK permitted, NOP, window scale 7 (Linux order without timestamps)
    return Uint8Array.of(2, 4, this.mss >> 8, this.mss & 0xff, 4, 2, 1, 3, 3, 7);
  }

  /** Three-way handshake starting at `t`; returns when the client may send. */
  open(t: number): number {
    this.emit(0, t, SYN, new Uint8Array(0), this.synOptions());
    this.emit(1, t + this.oneWay, SYN | ACK, new Uint8Array(0), this.synOptions());
    const t2 = t + 2 * this.oneWay;
    this.emit(0, t2, ACK, new Uint8Array(0));
    return t2;
  }

  /** Sends a pure ACK from `dir` if data it received is still unacknowledged and its timer fired before `t`. */
  private flushAck(dir: 0 | 1, t: number): void {
    const arrived = this.pendingAck[dir];
    if (arrived !== undefined && t - arrived >= DELAYED_ACK_US) this.emit(dir, arrived + DELAYED_ACK_US, ACK, new Uint8Array(0));
  }

  /** Sends `data` from `dir` starting at `t`; returns the arrival time of its last byte at the peer. */
  send(dir: 0 | 1, t: number, data: Uint8Array, comment?: string): number {
    const other: 0 | 1 = dir === 0 ? 1 : 0;
    this.flushAck(dir, t);
    this.flushAck(other, t);
    let at = t;
    let arrival = t + this.oneWay;
    for (let o = 0; o < data.length; o += this.mss) {
      const part = data.subarray(o, Math.min(data.length, o + this.mss));
      const last = o + this.mss >= data.length;
      this.emit(dir, at, last ? ACK | PSH : ACK, part, undefined, o === 0 ? comment : undefined);
      arrival = at + this.oneWay;
      this.unacked[other]++;
      if (this.unacked[other] >= 2) {
        // quick ACK every second full segment
        this.emit(other, arrival, ACK, new Uint8Array(0));
      } else this.pendingAck[other] = arrival;
      at += SEGMENT_GAP_US;
    }
    return arrival;
  }

  /** Sends any ACK still owed at `t` (delayed ACK timers that fired before it). */
  settle(t: number): void {
    this.flushAck(0, t);
    this.flushAck(1, t);
  }

  /** Orderly close started by `dir` at `t`; returns the time of the last ACK. */
  close(dir: 0 | 1, t: number): number {
    const other: 0 | 1 = dir === 0 ? 1 : 0;
    this.settle(t);
    this.emit(dir, t, FIN | ACK, new Uint8Array(0));
    const t1 = t + this.oneWay;
    this.emit(other, t1 + 50, FIN | ACK, new Uint8Array(0));
    const t2 = t1 + 50 + this.oneWay;
    this.emit(dir, t2, ACK, new Uint8Array(0));
    this.closed = true;
    return t2;
  }
}
