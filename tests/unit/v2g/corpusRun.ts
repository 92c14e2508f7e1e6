// Test-only driver: runs a capture's SDP datagrams and V2GTP/TCP connections through decodeSdp and the V2G
// connection layer, the way the engine will (TCP reassembly here is pcapFrames.ts's simple one).
import { readFileSync, existsSync } from 'node:fs';
import { decodeSdp, type SdpMessage } from '../../../parsers/protocols/sdp';
import { createV2gConnectionWith, type ExiDecodeFn, type V2gMessage } from '../../../parsers/protocols/iso15118';
import { looksLikeV2gtp } from '../../../parsers/protocols/v2gtp';
import { endpoint, parsePacket, readCaptureFrames, tcpEvents } from './pcapFrames';
import { sharedPath } from '../../support/shared';

export interface ExpectedRecord {
  frame: number;
  src: string;
  dst: string;
  tcp_stream?: number;
  tls?: boolean;
  payload_type: string;
  schema?: string | null;
  schema_inferred?: boolean;
  message: string | null;
  exi_hex?: string | null;
  decoded?: unknown;
  decoded_relaxed?: unknown;
  payload_hex?: string;
  sdp?: { security: string; transport: string; address?: string; port?: number };
}

export function expectedFor(capture: string): ExpectedRecord[] | undefined {
  const rel = capture.slice(sharedPath('corpus/captures').length + 1);
  const p = sharedPath('expected', rel + '.ndjson');
  if (!existsSync(p)) return undefined;
  return readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as ExpectedRecord);
}

export interface SdpSeen { frame: number; src: string; dst: string; msg: SdpMessage }
export interface V2gSeen { stream: number; src: string; dst: string; msg: V2gMessage }

export function runCapture(file: string, decode: ExiDecodeFn): { sdp: SdpSeen[]; v2g: V2gSeen[] } {
  const frames = readCaptureFrames(file);
  const sdp: SdpSeen[] = [];
  for (const f of frames) {
    const p = parsePacket(f);
    if (p?.proto !== 'udp' || (p.sport !== 15118 && p.dport !== 15118) || !p.payload) continue;
    sdp.push({ frame: f.frame, src: endpoint(p.src ?? '', p.sport ?? 0), dst: endpoint(p.dst ?? '', p.dport ?? 0), msg: decodeSdp(p.payload) });
  }
  const v2g: V2gSeen[] = [];
  const conns = new Map<number, { conn: ReturnType<typeof createV2gConnectionWith> | null; ends: [string, string] }>();
  const events = tcpEvents(frames);
  let last = events.length ? events[events.length - 1].at : { frame: 0, tsSec: 0, tsNsec: 0, tsDigits: 9 };
  for (const e of events) {
    let c = conns.get(e.stream);
    if (!c) {
      if (e.gap !== undefined || e.data.length === 0) continue;
      // The engine's heuristic: the connection's first bytes decide.
      const ends: [string, string] = e.dir === 0 ? [e.src, e.dst] : [e.dst, e.src];
      c = {
        conn: looksLikeV2gtp(e.data)
          ? createV2gConnectionWith({ decode, emit: (msg) => v2g.push({ stream: e.stream, src: msg.dir === 0 ? ends[0] : ends[1], dst: msg.dir === 0 ? ends[1] : ends[0], msg }) })
          : null,
        ends,
      };
      conns.set(e.stream, c);
    }
    if (!c.conn) continue;
    if (e.gap !== undefined) c.conn.gap(e.dir, e.gap, e.at);
    else c.conn.push(e.dir, e.data, e.at);
    last = e.at;
  }
  for (const c of conns.values()) {
    c.conn?.end(0, last);
    c.conn?.end(1, last);
  }
  return { sdp, v2g };
}
