// Packet builders (RFC 894 Ethernet II with 802.1Q/802.1ad tags, Linux cooked v1/v2, BSD loopback, RFC 791
// IPv4 with header checksum and fragments, RFC 8200 IPv6 with extension headers and fragments, RFC 9293 TCP
// and RFC 768 UDP with correct checksums (RFC 1071 one's complement over the pseudo-header), and a TcpFlow
// that tracks sequence numbers for both sides of a connection). They turn application payloads into
// frames for pcapng (writer.ts): the sample generator (tools/samples), the capture tests' fixtures, and
// exports of messages that were recorded without their packets. No Node APIs.

import { ByteBuilder, concat } from './writer';

export type Addr = readonly number[];

/** "10.0.0.1" -> bytes. */
export function ip4(s: string): number[] {
  return s.split('.').map((x) => Number(x));
}

/** Any IPv6 text form (with "::") -> 16 bytes. */
export function ip6(s: string): number[] {
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const hg = head ? head.split(':') : [];
  const tg = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? hg : [...hg, ...new Array(8 - hg.length - tg.length).fill('0'), ...tg];
  const out: number[] = [];
  for (const g of groups) {
    const v = parseInt(g, 16);
    out.push(v >> 8, v & 0xff);
  }
  return out;
}

export function mac(s: string): number[] {
  return s.split(':').map((x) => parseInt(x, 16));
}

export function checksum(...parts: Uint8Array[]): number {
  let sum = 0;
  for (const data of concatForSum(parts)) {
    for (let i = 0; i + 1 < data.length; i += 2) sum += (data[i] << 8) | data[i + 1];
    if (data.length % 2 === 1) sum += data[data.length - 1] << 8;
  }
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function concatForSum(parts: Uint8Array[]): Uint8Array[] {
  // Odd-length parts would misalign later ones: join them first.
  return [concat(parts)];
}

// ---------- link layers ----------

export interface EthOptions {
  src?: string;
  dst?: string;
  /** VLAN tags outermost first: [tpid, vid]. */
  vlans?: Array<[number, number]>;
}

export function ethernet(ethertype: number, payload: Uint8Array, o: EthOptions = {}): Uint8Array {
  const w = new ByteBuilder('be');
  w.bytes(mac(o.dst ?? '02:00:00:00:00:02')).bytes(mac(o.src ?? '02:00:00:00:00:01'));
  for (const [tpid, vid] of o.vlans ?? []) w.u16(tpid).u16(vid & 0xfff);
  w.u16(ethertype).bytes(payload);
  return w.build();
}

/** Linux cooked capture v1 (LINKTYPE 113). */
export function sll(protocol: number, payload: Uint8Array, srcMac = '02:00:00:00:00:01', packetType = 0): Uint8Array {
  const w = new ByteBuilder('be');
  w.u16(packetType).u16(1).u16(6).bytes(mac(srcMac)).u16(0).u16(protocol).bytes(payload);
  return w.build();
}

/** Linux cooked capture v2 (LINKTYPE 276). */
export function sll2(protocol: number, payload: Uint8Array, srcMac = '02:00:00:00:00:01', ifindex = 2): Uint8Array {
  const w = new ByteBuilder('be');
  w.u16(protocol).u16(0).u32(ifindex).u16(1).u8(0).u8(6).bytes(mac(srcMac)).u16(0).bytes(payload);
  return w.build();
}

/** BSD loopback (LINKTYPE 0): address family in the given byte order. */
export function nullLoopback(family: number, payload: Uint8Array, order: 'le' | 'be' = 'le'): Uint8Array {
  return new ByteBuilder(order).u32(family).bytes(payload).build();
}

// ---------- IP ----------

export interface Ipv4Options {
  id?: number;
  ttl?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Fragment offset in bytes (multiple of 8). */
  fragOffset?: number;
  /** Override the total length field. */
  totalLength?: number;
  /** Override the IHL field (words). */
  ihl?: number;
  options?: Uint8Array;
}

export function ipv4(src: Addr, dst: Addr, proto: number, payload: Uint8Array, o: Ipv4Options = {}): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const hlen = 20 + opts.length;
  const w = new ByteBuilder('be');
  const ff = (o.dontFragment ? 0x4000 : 0) | (o.moreFragments ? 0x2000 : 0) | ((o.fragOffset ?? 0) >> 3);
  w.u8(0x40 | (o.ihl ?? hlen / 4))
    .u8(0)
    .u16(o.totalLength ?? hlen + payload.length)
    .u16(o.id ?? 1)
    .u16(ff)
    .u8(o.ttl ?? 64)
    .u8(proto)
    .u16(0)
    .bytes(src)
    .bytes(dst)
    .bytes(opts);
  const hdr = w.build();
  const c = checksum(hdr);
  hdr[10] = c >> 8;
  hdr[11] = c & 0xff;
  return concat([hdr, payload]);
}

/** Splits an IPv4 datagram's payload into fragments of at most `size` payload bytes (multiple of 8). */
export function ipv4Fragments(src: Addr, dst: Addr, proto: number, payload: Uint8Array, size: number, id = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const part = payload.subarray(off, Math.min(payload.length, off + size));
    out.push(ipv4(src, dst, proto, part, { id, fragOffset: off, moreFragments: off + size < payload.length }));
  }
  return out;
}

export interface Ipv6Ext {
  /** 0 hop-by-hop, 43 routing, 60 destination options. */
  type: number;
  /** Body after the next-header and length bytes; padded to a multiple of 8 with the 2 header bytes. */
  body?: Uint8Array;
}

export function ipv6(src: Addr, dst: Addr, nextHeader: number, payload: Uint8Array, exts: Ipv6Ext[] = [], hopLimit = 64): Uint8Array {
  // Build the chain back to front.
  let nh = nextHeader;
  let body = payload;
  for (let i = exts.length - 1; i >= 0; i--) {
    const e = exts[i];
    const raw = e.body ?? new Uint8Array(6);
    const total = Math.ceil((raw.length + 2) / 8) * 8;
    const h = new Uint8Array(total);
    h[0] = nh;
    h[1] = total / 8 - 1;
    h.set(raw, 2);
    body = concat([h, body]);
    nh = e.type;
  }
  const w = new ByteBuilder('be');
  w.u32(0x60000000).u16(body.length).u8(nh).u8(hopLimit).bytes(src).bytes(dst).bytes(body);
  return w.build();
}

/** IPv6 fragments (RFC 8200 4.5) of `payload` (the fragmentable part), `size` a multiple of 8. */
export function ipv6Fragments(src: Addr, dst: Addr, nextHeader: number, payload: Uint8Array, size: number, id = 0x1234): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let off = 0; off < payload.length; off += size) {
    const part = payload.subarray(off, Math.min(payload.length, off + size));
    const more = off + size < payload.length;
    const fh = new ByteBuilder('be').u8(nextHeader).u8(0).u16(off | (more ? 1 : 0)).u32(id).build();
    const w = new ByteBuilder('be');
    w.u32(0x60000000).u16(8 + part.length).u8(44).u8(64).bytes(src).bytes(dst).bytes(fh).bytes(part);
    out.push(w.build());
  }
  return out;
}

function pseudoHeader(src: Addr, dst: Addr, proto: number, len: number): Uint8Array {
  const w = new ByteBuilder('be');
  if (src.length === 4) w.bytes(src).bytes(dst).u8(0).u8(proto).u16(len);
  else w.bytes(src).bytes(dst).u32(len).u8(0).u8(0).u8(0).u8(proto);
  return w.build();
}

// ---------- transport ----------

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface TcpOptions {
  seq: number;
  ack?: number;
  flags: number;
  window?: number;
  /** Raw TCP options (padded to 4 bytes). */
  options?: Uint8Array;
  /** Override the data-offset field (words). */
  dataOffset?: number;
}

export function tcp(src: Addr, dst: Addr, sport: number, dport: number, payload: Uint8Array, o: TcpOptions): Uint8Array {
  const opts = o.options ?? new Uint8Array(0);
  const olen = Math.ceil(opts.length / 4) * 4;
  const hlen = 20 + olen;
  const w = new ByteBuilder('be');
  w.u16(sport)
    .u16(dport)
    .u32(o.seq >>> 0)
    .u32((o.ack ?? 0) >>> 0)
    .u8((o.dataOffset ?? hlen / 4) << 4)
    .u8(o.flags)
    .u16(o.window ?? 65535)
    .u16(0)
    .u16(0)
    .bytes(opts)
    .pad(4)
    .bytes(payload);
  const seg = w.build();
  const c = checksum(pseudoHeader(src, dst, 6, seg.length), seg);
  seg[16] = c >> 8;
  seg[17] = c & 0xff;
  return seg;
}

export function udp(src: Addr, dst: Addr, sport: number, dport: number, payload: Uint8Array): Uint8Array {
  const w = new ByteBuilder('be');
  w.u16(sport).u16(dport).u16(8 + payload.length).u16(0).bytes(payload);
  const seg = w.build();
  let c = checksum(pseudoHeader(src, dst, 17, seg.length), seg);
  if (c === 0) c = 0xffff;
  seg[6] = c >> 8;
  seg[7] = c & 0xff;
  return seg;
}

/** IP packet (v4 or v6 chosen by address length) around a transport segment. */
export function ipPacket(src: Addr, dst: Addr, proto: number, seg: Uint8Array): Uint8Array {
  return src.length === 4 ? ipv4(src, dst, proto, seg) : ipv6(src, dst, proto, seg);
}

/** Ethernet frame around an IP packet (ethertype from the IP version). */
export function ethIp(ipPkt: Uint8Array, o: EthOptions = {}): Uint8Array {
  return ethernet(ipPkt[0] >> 4 === 4 ? 0x0800 : 0x86dd, ipPkt, o);
}

/**
 * Both sides of one TCP connection with their sequence numbers. Methods return IP packets (no link
 * layer) so that tests can wrap them in any link type, reorder, duplicate or drop them.
 */
export class TcpFlow {
  seq: [number, number];
  constructor(
    readonly client: { ip: Addr; port: number },
    readonly server: { ip: Addr; port: number },
    isnClient = 1000,
    isnServer = 5000,
  ) {
    this.seq = [isnClient >>> 0, isnServer >>> 0];
  }

  private pkt(dir: 0 | 1, payload: Uint8Array, flags: number, seq: number): Uint8Array {
    const a = dir === 0 ? this.client : this.server;
    const b = dir === 0 ? this.server : this.client;
    const ack = flags & ACK ? this.seq[dir === 0 ? 1 : 0] : 0;
    return ipPacket(a.ip, b.ip, 6, tcp(a.ip, b.ip, a.port, b.port, payload, { seq, ack, flags }));
  }

  /** Three-way handshake: [SYN, SYN/ACK, ACK]. */
  handshake(): Uint8Array[] {
    const syn = this.pkt(0, new Uint8Array(0), SYN, this.seq[0]);
    this.seq[0] = (this.seq[0] + 1) >>> 0;
    const synAck = this.pkt(1, new Uint8Array(0), SYN | ACK, this.seq[1]);
    this.seq[1] = (this.seq[1] + 1) >>> 0;
    const ack = this.pkt(0, new Uint8Array(0), ACK, this.seq[0]);
    return [syn, synAck, ack];
  }

  /** One data segment from `dir`, advancing its sequence number. */
  send(dir: 0 | 1, payload: Uint8Array, flags = ACK | PSH): Uint8Array {
    const p = this.pkt(dir, payload, flags, this.seq[dir]);
    this.seq[dir] = (this.seq[dir] + payload.length + (flags & FIN ? 1 : 0)) >>> 0;
    return p;
  }

  /** `payload` cut into segments of `mss` bytes. */
  sendSegments(dir: 0 | 1, payload: Uint8Array, mss: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let o = 0; o < payload.length; o += mss) out.push(this.send(dir, payload.subarray(o, Math.min(payload.length, o + mss))));
    return out;
  }

  /** A segment at an explicit sequence number (retransmissions, overlaps); does not advance. */
  at(dir: 0 | 1, seq: number, payload: Uint8Array, flags = ACK | PSH): Uint8Array {
    return this.pkt(dir, payload, flags, seq >>> 0);
  }

  /** A pure ACK from `dir` acknowledging `ack` (default: everything the peer sent). */
  ack(dir: 0 | 1, ack?: number): Uint8Array {
    const a = dir === 0 ? this.client : this.server;
    const b = dir === 0 ? this.server : this.client;
    const value = ack ?? this.seq[dir === 0 ? 1 : 0];
    return ipPacket(a.ip, b.ip, 6, tcp(a.ip, b.ip, a.port, b.port, new Uint8Array(0), { seq: this.seq[dir], ack: value, flags: ACK }));
  }

  fin(dir: 0 | 1): Uint8Array {
    return this.send(dir, new Uint8Array(0), FIN | ACK);
  }

  rst(dir: 0 | 1): Uint8Array {
    return this.pkt(dir, new Uint8Array(0), RST | ACK, this.seq[dir]);
  }
}
