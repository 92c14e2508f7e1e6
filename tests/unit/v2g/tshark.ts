// Test-only helpers around tshark (the independent reference for the V2G/SLAC decoders): field export,
// raw frame bytes with timestamps, and a small per-direction TCP payload reassembly by sequence number.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FrameRef } from '../../../parsers/core/frame';

export const TSHARK = '/usr/bin/tshark';
export const hasTshark = existsSync(TSHARK);

function run(args: string[]): string {
  return execFileSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** One row per frame matching `filter`; multi-occurrence fields are joined with ','. */
export function tsharkFields(file: string, filter: string, fields: string[], extra: string[] = []): string[][] {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-E', 'separator=/t', ...extra];
  for (const f of fields) args.push('-e', f);
  const out = run(args);
  return out.split('\n').filter((l) => l.length > 0).map((l) => l.split('\t'));
}

export interface RawFrame extends FrameRef {
  data: Uint8Array;
}

/** Raw bytes (from the link layer) and timestamps of the frames matching `filter`. */
export function tsharkFrames(file: string, filter: string): RawFrame[] {
  const out = run(['-r', file, '-Y', filter, '-T', 'json', '-x', '-j', 'frame']);
  const docs = JSON.parse(out) as { _source: { layers: { frame_raw: [string]; frame: Record<string, string> } } }[];
  return docs.map((d) => {
    const L = d._source.layers;
    const [sec, frac = '0'] = L.frame['frame.time_epoch'].split('.');
    return {
      frame: Number(L.frame['frame.number']),
      tsSec: Number(sec),
      tsNsec: Number(frac.padEnd(9, '0').slice(0, 9)),
      tsDigits: 9,
      data: Uint8Array.from(Buffer.from(L.frame_raw[0], 'hex')),
    };
  });
}

/** The Ethernet payload after the type field (802.1Q tags skipped) and the type, or undefined. */
export function ethPayload(frame: Uint8Array): { type: number; payload: Uint8Array } | undefined {
  let o = 12;
  let type = (frame[o] << 8) | frame[o + 1];
  while ((type === 0x8100 || type === 0x88a8) && frame.length >= o + 6) {
    o += 4;
    type = (frame[o] << 8) | frame[o + 1];
  }
  if (frame.length < o + 2) return undefined;
  return { type, payload: frame.subarray(o + 2) };
}

export interface TcpChunk {
  stream: number;
  /** 0 = from the side that sent the first SYN (or, without one, the first sender). */
  dir: 0 | 1;
  data: Uint8Array;
  at: FrameRef;
  src: string;
  dst: string;
  /** Set on gap events (bytes never captured before `data`... none here: data is empty). */
  gap?: number;
}

/**
 * In-order, de-duplicated TCP payload chunks of every stream (retransmitted bytes dropped, first copy kept),
 * in capture order of the frame that made them available. Out-of-order segments are buffered until the hole
 * is filled; holes never filled are skipped when later data arrives (reported as gaps).
 */
export function tsharkTcpChunks(file: string, extraFilter = ''): { chunks: TcpChunk[]; gaps: { stream: number; dir: 0 | 1; missing: number; at: FrameRef }[] } {
  const rows = tsharkFields(file, `tcp${extraFilter ? ' && ' + extraFilter : ''}`, [
    'frame.number', 'frame.time_epoch', 'tcp.stream', 'ipv6.src', 'ip.src', 'tcp.srcport', 'ipv6.dst', 'ip.dst', 'tcp.dstport',
    'tcp.seq_raw', 'tcp.flags.syn', 'tcp.flags.ack', 'tcp.payload',
  ], ['-o', 'tcp.desegment_tcp_streams:FALSE']);
  interface Seg { stream: number; dir: 0 | 1; seq: number; data: Uint8Array; at: FrameRef; src: string; dst: string; syn: boolean }
  const clients = new Map<number, string>();
  const segs: Seg[] = [];
  for (const r of rows) {
    const [fno, ts, sid, s6, s4, sport, d6, d4, dport, seqRaw, syn, ack, payloadHex] = r;
    const stream = Number(sid);
    const src = `${s6 ? '[' + s6 + ']' : s4}:${sport}`;
    const dst = `${d6 ? '[' + d6 + ']' : d4}:${dport}`;
    if (!clients.has(stream)) clients.set(stream, syn === '1' && ack === '1' ? dst : src);
    const dir: 0 | 1 = src === clients.get(stream) ? 0 : 1;
    const [sec, frac = '0'] = ts.split('.');
    const at: FrameRef = { frame: Number(fno), tsSec: Number(sec), tsNsec: Number(frac.padEnd(9, '0').slice(0, 9)), tsDigits: 9 };
    const data = payloadHex ? Uint8Array.from(Buffer.from(payloadHex.replace(/:/g, ''), 'hex')) : new Uint8Array(0);
    segs.push({ stream, dir, seq: Number(seqRaw), data, at, src, dst, syn: syn === '1' });
  }
  const key = (s: number, d: number): string => `${s}/${d}`;
  const all = new Map<string, Seg[]>();
  for (const g of segs) {
    if (g.data.length === 0) continue;
    const k = key(g.stream, g.dir);
    if (!all.has(k)) all.set(k, []);
    all.get(k)?.push(g);
  }
  const covered = (k: string, pos: number): boolean => (all.get(k) ?? []).some((g) => ((pos - g.seq) | 0) >= 0 && ((pos - g.seq) | 0) < g.data.length);
  const next = new Map<string, number>();
  const pending = new Map<string, Seg[]>();
  const chunks: TcpChunk[] = [];
  const gaps: { stream: number; dir: 0 | 1; missing: number; at: FrameRef }[] = [];
  const deliver = (k: string, g: Seg, seq: number, data: Uint8Array, at: FrameRef): void => {
    chunks.push({ stream: g.stream, dir: g.dir, data, at, src: g.src, dst: g.dst });
    next.set(k, (seq + data.length) >>> 0);
  };
  const drain = (k: string, at: FrameRef): void => {
    const list = pending.get(k) ?? [];
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (let i = 0; i < list.length; i++) {
        const p = list[i];
        const n = next.get(k) ?? p.seq;
        const rel = (p.seq - n) | 0;
        if (rel <= 0) {
          list.splice(i, 1);
          if (-rel < p.data.length) deliver(k, p, n, p.data.subarray(-rel), at);
          progressed = true;
          break;
        }
      }
    }
  };
  for (const g of segs) {
    const k = key(g.stream, g.dir);
    if (g.syn) {
      next.set(k, (g.seq + 1) >>> 0);
      continue;
    }
    if (g.data.length === 0) continue;
    if (!next.has(k)) next.set(k, g.seq);
    const n = next.get(k) as number;
    const rel = (g.seq - n) | 0;
    if (rel < 0) {
      if (-rel < g.data.length) deliver(k, g, n, g.data.subarray(-rel), g.at);
    } else if (rel === 0) {
      deliver(k, g, g.seq, g.data, g.at);
    } else if (covered(k, n)) {
      if (!pending.has(k)) pending.set(k, []);
      pending.get(k)?.push(g);
      continue;
    } else {
      gaps.push({ stream: g.stream, dir: g.dir, missing: rel, at: g.at });
      chunks.push({ stream: g.stream, dir: g.dir, data: new Uint8Array(0), at: g.at, src: g.src, dst: g.dst, gap: rel });
      deliver(k, g, g.seq, g.data, g.at);
    }
    drain(k, g.at);
  }
  return { chunks, gaps };
}
