// Third-party OCPP-J captures (../shared corpus): the TCP payloads tshark reads from each capture are fed
// to createHttpConnection; the HTTP upgrades and every WebSocket message (opcode, frame, text after
// permessage-deflate) must match what tshark's own HTTP and WebSocket dissectors report.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import { createHttpConnection } from '../../../parsers/protocols/http';
import { describeShared, sharedFiles } from '../../support/shared';
import { collector } from '../../fixtures/http/collect';

const TSHARK = '/usr/bin/tshark';

type Layers = Record<string, string[] | undefined>;

function tsharkJson(file: string, filter: string, fields: string[]): Layers[] {
  const out = execFileSync(TSHARK, ['-r', file, '-Y', filter, '-T', 'json', ...fields.flatMap((f) => ['-e', f])], {
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
  const rows = JSON.parse(out || '[]') as Array<{ _source: { layers: Layers } }>;
  return rows.map((r) => r._source.layers);
}

const one = (l: Layers, f: string): string => (l[f] ?? [''])[0];

describeShared('OCPP-J captures: HTTP upgrade and WebSocket messages agree with tshark', () => {
  const files = sharedFiles('corpus/captures/ocpp', /\.pcapng?$/);
  if (!existsSync(TSHARK)) {
    it.skip('tshark not installed', () => {});
    return;
  }
  it('finds the captures', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(basename(file), () => {
      // Who opened each connection (SYN without ACK).
      const clientPort = new Map<string, string>();
      for (const l of tsharkJson(file, 'tcp.flags.syn==1 && tcp.flags.ack==0', ['tcp.stream', 'tcp.srcport'])) {
        clientPort.set(one(l, 'tcp.stream'), one(l, 'tcp.srcport'));
      }
      const segs = tsharkJson(file, 'tcp.len>0 && !tcp.analysis.retransmission', ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.payload']);
      const upgradeStreams = new Set(tsharkJson(file, 'http.response.code==101', ['tcp.stream']).map((l) => one(l, 'tcp.stream')));
      expect(upgradeStreams.size).toBeGreaterThan(0);
      const truthWs = tsharkJson(file, 'websocket', ['frame.number', 'tcp.stream', 'tcp.srcport', 'websocket.opcode', 'websocket.payload.text', 'websocket.payload.close.status_code']);
      const truthHttp = tsharkJson(file, 'http.request || http.response', ['frame.number', 'tcp.stream', 'http.request.method', 'http.request.uri', 'http.response.code']);
      let wsChecked = 0;
      for (const stream of upgradeStreams) {
        const sink = collector();
        const conn = createHttpConnection(sink);
        const cport = clientPort.get(stream);
        expect(cport, `stream ${stream} has a captured SYN`).toBeDefined();
        for (const l of segs.filter((s) => one(s, 'tcp.stream') === stream)) {
          const frame = Number(one(l, 'frame.number'));
          const dir = one(l, 'tcp.srcport') === cport ? 0 : 1;
          conn.push(dir, Buffer.from(one(l, 'tcp.payload').replace(/:/g, ''), 'hex'), { frame, tsSec: 0, tsNsec: 0, tsDigits: 9 });
        }
        // HTTP: the same requests and responses in the same frames.
        const http = truthHttp.filter((l) => one(l, 'tcp.stream') === stream).map((l) => [Number(one(l, 'frame.number')), one(l, 'http.request.method') || Number(one(l, 'http.response.code'))]);
        expect(sink.http_.map((x) => [x.msg.at.frame, x.msg.method ?? x.msg.status])).toEqual(http);
        expect(sink.opens).toHaveLength(1);
        const uri = truthHttp.find((l) => one(l, 'tcp.stream') === stream && one(l, 'http.request.uri'));
        expect(sink.opens[0].info.target).toBe(one(uri!, 'http.request.uri'));
        // WebSocket: per frame, the same opcodes, the same texts (tshark inflates permessage-deflate too).
        const truth: Array<[number, number, number, string | number | undefined]> = [];
        for (const l of truthWs.filter((w) => one(w, 'tcp.stream') === stream)) {
          const frame = Number(one(l, 'frame.number'));
          const dir = one(l, 'tcp.srcport') === cport ? 0 : 1;
          const texts = [...(l['websocket.payload.text'] ?? [])];
          const codes = [...(l['websocket.payload.close.status_code'] ?? [])];
          for (const op of (l['websocket.opcode'] ?? []).map(Number)) {
            truth.push([frame, dir, op, op === 1 ? texts.shift() : op === 8 ? Number(codes.shift()) : undefined]);
          }
        }
        const ours = sink.ws_.map((x) => [x.msg.at.frame, x.dir, x.msg.opcode, x.msg.opcode === 1 ? x.msg.text : x.msg.opcode === 8 ? x.msg.closeCode : undefined]);
        expect(ours).toEqual(truth);
        expect(sink.allDiagnostics().filter((d) => d.severity !== 'info')).toEqual([]);
        wsChecked += ours.length;
      }
      expect(wsChecked).toBeGreaterThan(0);
    });
  }
});
