// The app benchmark's capture: N OCPP messages (default 1,000,000) over many charger connections, written
// with the project's pcapng writer (parsers/capture/writer.ts) and packet builders (parsers/capture/packets.ts)
// instead of recorded, because recording a million real messages takes too long. Each connection is a real
// conversation pattern: TCP handshake, HTTP Upgrade with Sec-WebSocket-Protocol (ocpp1.6 or ocpp2.0.1),
// then BootNotification, StatusNotification, Heartbeat, transactions with MeterValues (1.6:
// StartTransaction/MeterValues/StopTransaction; 2.0.1: TransactionEvent Started/Updated/Ended), each CALL
// answered by its CALLRESULT. Client frames are masked (RFC 6455 §5.3), server frames are not; one
// WebSocket frame per TCP segment with piggybacked ACKs. Cached in bench/out/<name>.pcapng with a
// <name>.json summary (messages written); reused when the summary matches the options.
//
// CLI: npx tsx bench/gen/app-capture.ts [--messages N] [--chargers N] [--force]
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PcapngWriter, toUnits } from '../../parsers/capture/writer';
import { ethIp, ip4, TcpFlow } from '../../parsers/capture/packets';

export interface AppCaptureOptions {
  messages?: number;
  chargers?: number;
  force?: boolean;
  outDir?: string;
  name?: string;
  log?: (s: string) => void;
}

export interface AppCaptureResult {
  file: string;
  messages: number;
  connections: number;
  bytes: number;
}

const enc = new TextEncoder();
const OUT = fileURLToPath(new URL('../out', import.meta.url));

/** One WebSocket text frame (RFC 6455 §5.2); masked with `key` when given (client to server). */
export function wsFrame(text: string, key?: Uint8Array): Uint8Array {
  const p = enc.encode(text);
  const n = p.length;
  const ext = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const mask = key ? 4 : 0;
  const f = new Uint8Array(2 + ext + mask + n);
  f[0] = 0x81;
  f[1] = (key ? 0x80 : 0) | (ext === 0 ? n : ext === 2 ? 126 : 127);
  let o = 2;
  if (ext === 2) {
    f[o++] = n >>> 8;
    f[o++] = n & 0xff;
  } else if (ext === 8) {
    o += 4;
    f[o++] = n >>> 24;
    f[o++] = (n >>> 16) & 0xff;
    f[o++] = (n >>> 8) & 0xff;
    f[o++] = n & 0xff;
  }
  if (key) {
    f.set(key, o);
    o += 4;
    for (let i = 0; i < n; i++) f[o + i] = p[i] ^ key[i & 3];
  } else f.set(p, o);
  return f;
}

function iso(t: number): string {
  return new Date(t * 1000).toISOString();
}

/** A charger's conversation as [fromClient, text] messages, generated lazily, forever. */
function* conversation(id: number, v201: boolean, now: () => number): Generator<[boolean, string]> {
  let uid = 0;
  const call = (action: string, payload: unknown): [boolean, string][] => {
    const u = `${id}-${++uid}`;
    return [[true, JSON.stringify([2, u, action, payload])]];
  };
  const result = (payload: unknown): [boolean, string] => [false, JSON.stringify([3, `${id}-${uid}`, payload])];
  const vendor = 'VGI-Bench';
  if (v201) {
    yield* call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'AC22', vendorName: vendor, serialNumber: `SN${id}` } });
    yield result({ currentTime: iso(now()), interval: 300, status: 'Accepted' });
  } else {
    yield* call('BootNotification', { chargePointVendor: vendor, chargePointModel: 'AC22', chargePointSerialNumber: `SN${id}` });
    yield result({ currentTime: iso(now()), interval: 300, status: 'Accepted' });
  }
  let tx = 0;
  let meter = 1000 + id * 7;
  for (;;) {
    if (v201) yield* call('StatusNotification', { timestamp: iso(now()), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    else yield* call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available', timestamp: iso(now()) });
    yield result({});
    yield* call('Heartbeat', {});
    yield result({ currentTime: iso(now()) });
    tx++;
    const txId = `${id}-${tx}`;
    if (v201) {
      yield* call('TransactionEvent', { eventType: 'Started', timestamp: iso(now()), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: txId }, idToken: { idToken: `TAG${id}`, type: 'ISO14443' }, evse: { id: 1, connectorId: 1 } });
      yield result({ idTokenInfo: { status: 'Accepted' } });
      for (let k = 1; k <= 8; k++) {
        meter += 150 + (k % 5) * 10;
        yield* call('TransactionEvent', { eventType: 'Updated', timestamp: iso(now()), triggerReason: 'MeterValuePeriodic', seqNo: k, transactionInfo: { transactionId: txId, chargingState: 'Charging' }, meterValue: [{ timestamp: iso(now()), sampledValue: [{ value: meter, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }, { value: 7200 + k, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } }] }] });
        yield result({});
      }
      yield* call('TransactionEvent', { eventType: 'Ended', timestamp: iso(now()), triggerReason: 'EVCommunicationLost', seqNo: 9, transactionInfo: { transactionId: txId, stoppedReason: 'EVDisconnected' } });
      yield result({});
    } else {
      yield* call('StartTransaction', { connectorId: 1, idTag: `TAG${id}`, meterStart: meter, timestamp: iso(now()) });
      const txNum = id * 100000 + tx;
      yield result({ idTagInfo: { status: 'Accepted' }, transactionId: txNum });
      for (let k = 1; k <= 8; k++) {
        meter += 150 + (k % 5) * 10;
        yield* call('MeterValues', { connectorId: 1, transactionId: txNum, meterValue: [{ timestamp: iso(now()), sampledValue: [{ value: String(meter), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: String(7200 + k), measurand: 'Power.Active.Import', unit: 'W' }] }] });
        yield result({});
      }
      yield* call('StopTransaction', { transactionId: txNum, meterStop: meter, timestamp: iso(now()), reason: 'EVDisconnected' });
      yield result({ idTagInfo: { status: 'Accepted' } });
    }
  }
}

function upgradeRequest(id: number, proto: string): string {
  return `GET /ocpp/CP${id} HTTP/1.1\r\nHost: 10.0.0.1:9000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${proto}\r\n\r\n`;
}

function upgradeResponse(proto: string): string {
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: ${proto}\r\n\r\n`;
}

/** Writes (or reuses) the capture; returns its path and the number of OCPP messages in it. */
export function generateAppCapture(o: AppCaptureOptions = {}): AppCaptureResult {
  const messages = o.messages ?? 1_000_000;
  const chargers = o.chargers ?? Math.max(2, Math.min(1000, Math.round(messages / 1000)));
  const outDir = o.outDir ?? OUT;
  const name = o.name ?? `app-${messages >= 1000 && messages % 1000 === 0 ? `${messages / 1000}k` : messages}`;
  const file = join(outDir, `${name}.pcapng`);
  const summaryFile = join(outDir, `${name}.json`);
  const log = o.log ?? ((s: string) => console.log(s));
  if (!o.force && existsSync(file) && existsSync(summaryFile)) {
    const s = JSON.parse(readFileSync(summaryFile, 'utf8')) as AppCaptureResult & { chargers: number };
    if (s.messages === messages && s.connections === chargers) return { ...s, file };
  }
  mkdirSync(outDir, { recursive: true });
  const fd = openSync(file, 'w');
  let bytes = 0;
  const flush = (w: PcapngWriter): void => {
    const b = w.build();
    writeSync(fd, b);
    bytes += b.length;
  };
  const head = new PcapngWriter().section('le', { userAppl: 'vgi-inspect bench/gen/app-capture.ts' }).idb({ linkType: 1, snaplen: 262144, tsresol: 6, name: 'bench0' });
  flush(head);

  // Simulated time: 1 ms between packets on the whole capture.
  const t = 1_763_900_000;
  let tUs = 0;
  const now = (): number => t + Math.floor(tUs / 1e6);
  const ts = (): bigint => toUnits(t + Math.floor(tUs / 1e6), (tUs % 1e6) * 1000, 6);
  let w = new PcapngWriter();
  let inBatch = 0;
  const emit = (ipPkt: Uint8Array, client: number): void => {
    tUs += 1000;
    w.epb({ ts: ts(), data: ethIp(ipPkt, { src: client ? '02:00:00:00:00:02' : '02:00:00:00:00:01', dst: client ? '02:00:00:00:00:01' : '02:00:00:00:00:02' }) });
    if (++inBatch >= 20000) {
      flush(w);
      w = new PcapngWriter();
      inBatch = 0;
    }
  };

  interface Conn { flow: TcpFlow; conv: Generator<[boolean, string]>; key: Uint8Array }
  const conns: Conn[] = [];
  const server = { ip: ip4('10.0.0.1'), port: 9000 };
  for (let i = 0; i < chargers; i++) {
    const v201 = i % 2 === 1;
    const proto = v201 ? 'ocpp2.0.1' : 'ocpp1.6';
    const flow = new TcpFlow({ ip: ip4(`10.1.${(i >> 8) & 0xff}.${(i & 0xff) + 1}`), port: 40000 + (i % 20000) }, server, 1000 + i * 7919, 500000 + i * 104729);
    for (const p of flow.handshake()) emit(p, 1);
    emit(flow.send(0, enc.encode(upgradeRequest(i + 1, proto))), 1);
    emit(flow.send(1, enc.encode(upgradeResponse(proto))), 0);
    conns.push({ flow, conv: conversation(i + 1, v201, now), key: Uint8Array.of(0x37, 0xfa, (i * 13) & 0xff, 0x3d) });
  }
  // Round-robin between chargers, one CALL/CALLRESULT pair at a time, so connections interleave.
  let written = 0;
  let c = 0;
  while (written < messages) {
    const conn = conns[c];
    c = (c + 1) % conns.length;
    for (let k = 0; k < 2 && written < messages; k++) {
      const [fromClient, text] = conn.conv.next().value as [boolean, string];
      emit(conn.flow.send(fromClient ? 0 : 1, wsFrame(text, fromClient ? conn.key : undefined)), fromClient ? 1 : 0);
      written++;
    }
  }
  flush(w);
  closeSync(fd);
  const result = { file, messages: written, connections: chargers, bytes };
  writeFileSync(summaryFile, JSON.stringify({ ...result, file: undefined }, null, 2));
  log(`app-capture: ${written} messages over ${chargers} connections, ${(bytes / 1e6).toFixed(1)} MB -> ${file}`);
  return result;
}

function cli(argv: string[]): AppCaptureOptions {
  const o: AppCaptureOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') o.force = true;
    else if (a === '--messages') o.messages = Number(argv[++i]);
    else if (a === '--chargers') o.chargers = Number(argv[++i]);
    else if (a === '--out') o.outDir = resolve(argv[++i]);
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generateAppCapture(cli(process.argv.slice(2)));
}
