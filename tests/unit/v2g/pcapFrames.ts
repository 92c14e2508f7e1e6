// Test-only capture reader (classic pcap and pcapng, uncompressed) and a minimal Ethernet / IPv4 / IPv6 /
// TCP / UDP parse, so the V2G tests can feed the decoders frame by frame without the engine's pipeline.
// Deliberately simple: no fragment reassembly, no IPv6 extension headers beyond hop-by-hop/routing/dest-opts.
import { readFileSync } from 'node:fs';
import type { FrameRef } from '../../../parsers/core/frame';

export interface RawFrame extends FrameRef {
  data: Uint8Array;
  linkType: number;
}

export function readCaptureFrames(file: string): RawFrame[] {
  const buf = readFileSync(file);
  const b = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: RawFrame[] = [];
  const magic = dv.getUint32(0, true);
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d || magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
    const linkType = dv.getUint32(20, le) & 0xffff;
    let o = 24;
    let n = 0;
    while (o + 16 <= b.length) {
      const sec = dv.getUint32(o, le);
      const frac = dv.getUint32(o + 4, le);
      const incl = dv.getUint32(o + 8, le);
      o += 16;
      if (o + incl > b.length) break;
      out.push({ frame: ++n, tsSec: sec, tsNsec: nano ? frac : frac * 1000, tsDigits: nano ? 9 : 6, data: b.subarray(o, o + incl), linkType });
      o += incl;
    }
    return out;
  }
  if (magic !== 0x0a0d0d0a) throw new Error(`${file}: not pcap/pcapng`);
  let le = true;
  let o = 0;
  let n = 0;
  let ifaces: { linkType: number; unitsPerSec: number; digits: number }[] = [];
  while (o + 12 <= b.length) {
    const type = dv.getUint32(o, le);
    if (type === 0x0a0d0d0a) {
      le = dv.getUint32(o + 8, true) === 0x1a2b3c4d;
      ifaces = [];
    }
    const len = dv.getUint32(o + 4, le);
    if (len < 12 || o + len > b.length) break;
    if (type === 1) {
      const linkType = dv.getUint16(o + 8, le);
      let unitsPerSec = 1e6;
      let digits = 6;
      let p = o + 16;
      while (p + 4 <= o + len - 4) {
        const code = dv.getUint16(p, le);
        const olen = dv.getUint16(p + 2, le);
        if (code === 0) break;
        if (code === 9 && olen >= 1) {
          const v = b[p + 4];
          if (v & 0x80) { unitsPerSec = 2 ** (v & 0x7f); digits = Math.ceil((v & 0x7f) * Math.log10(2)); }
          else { unitsPerSec = 10 ** v; digits = v; }
        }
        p += 4 + ((olen + 3) & ~3);
      }
      ifaces.push({ linkType, unitsPerSec, digits });
    } else if (type === 6) {
      const ifId = dv.getUint32(o + 8, le);
      const ts = dv.getUint32(o + 12, le) * 2 ** 32 + dv.getUint32(o + 16, le);
      const cap = dv.getUint32(o + 20, le);
      const iface = ifaces[ifId] ?? { linkType: 1, unitsPerSec: 1e6, digits: 6 };
      const sec = Math.floor(ts / iface.unitsPerSec);
      const rem = ts - sec * iface.unitsPerSec;
      out.push({ frame: ++n, tsSec: sec, tsNsec: Math.round((rem * 1e9) / iface.unitsPerSec), tsDigits: iface.digits, data: b.subarray(o + 28, o + 28 + cap), linkType: iface.linkType });
    } else if (type === 3) {
      const iface = ifaces[0] ?? { linkType: 1, unitsPerSec: 1e6, digits: 6 };
      out.push({ frame: ++n, tsSec: 0, tsNsec: 0, tsDigits: 6, data: b.subarray(o + 12, o + len - 4), linkType: iface.linkType });
    } else if (type === 2) {
      n++; // obsolete packet block: counted, not parsed
    }
    o += len;
  }
  return out;
}

export interface Packet {
  ethertype: number;
  /** Payload after the Ethernet type (VLAN tags skipped). */
  l2payload: Uint8Array;
  src?: string;
  dst?: string;
  proto?: 'tcp' | 'udp';
  sport?: number;
  dport?: number;
  seq?: number;
  syn?: boolean;
  ack?: boolean;
  fin?: boolean;
  rst?: boolean;
  payload?: Uint8Array;
}

const h4 = (v: number): string => v.toString(16);

function ipv6Text(b: Uint8Array, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i] << 8) | b[o + 2 * i + 1]);
  let bs = -1;
  let bl = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bl && j - i >= 2) { bs = i; bl = j - i; }
    i = j;
  }
  if (bs < 0) return g.map(h4).join(':');
  return `${g.slice(0, bs).map(h4).join(':')}::${g.slice(bs + bl).map(h4).join(':')}`;
}

/** Ethernet (link type 1) only. */
export function parsePacket(f: RawFrame): Packet | undefined {
  if (f.linkType !== 1) return undefined;
  const d = f.data;
  if (d.length < 14) return undefined;
  let o = 12;
  let type = (d[o] << 8) | d[o + 1];
  while ((type === 0x8100 || type === 0x88a8) && d.length >= o + 6) {
    o += 4;
    type = (d[o] << 8) | d[o + 1];
  }
  const l2payload = d.subarray(o + 2);
  const p: Packet = { ethertype: type, l2payload };
  let ip = o + 2;
  let proto: number;
  let end: number;
  if (type === 0x86dd && d.length >= ip + 40) {
    p.src = ipv6Text(d, ip + 8);
    p.dst = ipv6Text(d, ip + 24);
    proto = d[ip + 6];
    end = ip + 40 + ((d[ip + 4] << 8) | d[ip + 5]);
    ip += 40;
    while ((proto === 0 || proto === 43 || proto === 60) && d.length >= ip + 8) {
      proto = d[ip];
      ip += 8 + d[ip + 1] * 8;
    }
  } else if (type === 0x0800 && d.length >= ip + 20) {
    p.src = `${d[ip + 12]}.${d[ip + 13]}.${d[ip + 14]}.${d[ip + 15]}`;
    p.dst = `${d[ip + 16]}.${d[ip + 17]}.${d[ip + 18]}.${d[ip + 19]}`;
    proto = d[ip + 9];
    end = ip + ((d[ip + 2] << 8) | d[ip + 3]);
    ip += (d[ip] & 0x0f) * 4;
  } else {
    return p;
  }
  end = Math.min(end, d.length);
  if (proto === 6 && end >= ip + 20) {
    p.proto = 'tcp';
    p.sport = (d[ip] << 8) | d[ip + 1];
    p.dport = (d[ip + 2] << 8) | d[ip + 3];
    p.seq = ((d[ip + 4] << 24) | (d[ip + 5] << 16) | (d[ip + 6] << 8) | d[ip + 7]) >>> 0;
    const flags = d[ip + 13];
    p.fin = (flags & 1) !== 0;
    p.syn = (flags & 2) !== 0;
    p.rst = (flags & 4) !== 0;
    p.ack = (flags & 16) !== 0;
    p.payload = d.subarray(ip + (d[ip + 12] >> 4) * 4, end);
  } else if (proto === 17 && end >= ip + 8) {
    p.proto = 'udp';
    p.sport = (d[ip] << 8) | d[ip + 1];
    p.dport = (d[ip + 2] << 8) | d[ip + 3];
    p.payload = d.subarray(ip + 8, end);
  }
  return p;
}

export function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export interface TcpEvent {
  stream: number;
  dir: 0 | 1;
  /** Bytes (empty for gap / close events). */
  data: Uint8Array;
  gap?: number;
  at: FrameRef;
  src: string;
  dst: string;
}

/**
 * In-order, de-duplicated TCP payload of every connection (keyed by its 4-tuple, numbered in order of first
 * appearance like tshark's tcp.stream): retransmitted bytes dropped (first copy kept), out-of-order segments
 * buffered until the hole fills; a hole that no segment of the whole capture fills is reported as a gap and
 * skipped, the stream resuming at the next segment.
 */
export function tcpEvents(frames: RawFrame[]): TcpEvent[] {
  interface Seg { stream: number; dir: 0 | 1; seq: number; data: Uint8Array; at: FrameRef; src: string; dst: string; syn: boolean }
  const ids = new Map<string, { id: number; client: string }>();
  const segs: Seg[] = [];
  for (const f of frames) {
    const p = parsePacket(f);
    if (!p || p.proto !== 'tcp' || p.src === undefined || p.dst === undefined) continue;
    const src = endpoint(p.src, p.sport ?? 0);
    const dst = endpoint(p.dst, p.dport ?? 0);
    const key = src < dst ? `${src}|${dst}` : `${dst}|${src}`;
    let c = ids.get(key);
    if (!c) {
      c = { id: ids.size, client: p.syn && p.ack ? dst : src };
      ids.set(key, c);
    }
    const at: FrameRef = { frame: f.frame, tsSec: f.tsSec, tsNsec: f.tsNsec, tsDigits: f.tsDigits };
    segs.push({ stream: c.id, dir: src === c.client ? 0 : 1, seq: p.seq ?? 0, data: p.payload ?? new Uint8Array(0), at, src, dst, syn: !!p.syn });
  }
  const k = (s: Seg): string => `${s.stream}/${s.dir}`;
  const all = new Map<string, Seg[]>();
  for (const s of segs) if (s.data.length) (all.get(k(s)) ?? all.set(k(s), []).get(k(s)))?.push(s);
  const covered = (key: string, pos: number): boolean =>
    (all.get(key) ?? []).some((g) => ((pos - g.seq) | 0) >= 0 && ((pos - g.seq) | 0) < g.data.length);
  const next = new Map<string, number>();
  const pending = new Map<string, Seg[]>();
  const out: TcpEvent[] = [];
  const deliver = (key: string, g: Seg, seq: number, data: Uint8Array, at: FrameRef): void => {
    out.push({ stream: g.stream, dir: g.dir, data, at, src: g.src, dst: g.dst });
    next.set(key, (seq + data.length) >>> 0);
  };
  for (const g of segs) {
    const key = k(g);
    if (g.syn) { next.set(key, (g.seq + 1) >>> 0); continue; }
    if (!g.data.length) continue;
    if (!next.has(key)) next.set(key, g.seq);
    const n = next.get(key) as number;
    const rel = (g.seq - n) | 0;
    if (rel < 0) {
      if (-rel < g.data.length) deliver(key, g, n, g.data.subarray(-rel), g.at);
    } else if (rel === 0) {
      deliver(key, g, g.seq, g.data, g.at);
    } else if (covered(key, n)) {
      (pending.get(key) ?? pending.set(key, []).get(key))?.push(g);
      continue;
    } else {
      out.push({ stream: g.stream, dir: g.dir, data: new Uint8Array(0), gap: rel, at: g.at, src: g.src, dst: g.dst });
      deliver(key, g, g.seq, g.data, g.at);
    }
    const list = pending.get(key) ?? [];
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (let i = 0; i < list.length; i++) {
        const p = list[i];
        const cur = next.get(key) as number;
        const r = (p.seq - cur) | 0;
        if (r <= 0) {
          list.splice(i, 1);
          if (-r < p.data.length) deliver(key, p, cur, p.data.subarray(-r), g.at);
          progressed = true;
          break;
        }
      }
    }
  }
  return out;
}
