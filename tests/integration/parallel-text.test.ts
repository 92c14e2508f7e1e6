// The two-thread decoder finishes the WebSocket text decoding the reader leaves pending: messages with invalid
// UTF-8 get exactly the single-thread output (the same U+FFFD text, one websocket.invalid_utf8 diagnostic in
// the same place), whether the reader had to read the text itself (a connection without a captured
// handshake, recognised as OCPP from its content) or not (a handshake with the ocpp1.6 subprotocol).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TcpFlow, ascii, ethIp, ip4, writePcap, writeTemp } from '../fixtures/capture';
import { wsFrame } from '../fixtures/http/wsFrames';

const bin = resolve(__dirname, '../../bin/vgi-inspect.mjs');
const built = existsSync(resolve(__dirname, '../../dist/decode-worker.cjs'));

const MASK: [number, number, number, number] = [1, 2, 3, 4];
const bad = (s: string): Uint8Array => {
  // `s` with its '~' replaced by a lone continuation byte (invalid UTF-8)
  const b = Buffer.from(s, 'utf8');
  return b.map((x) => (x === 0x7e ? 0x80 : x));
};

function capture(): Uint8Array {
  const withHandshake = new TcpFlow({ ip: ip4('10.0.0.2'), port: 50001 }, { ip: ip4('10.0.0.1'), port: 9000 });
  const midStream = new TcpFlow({ ip: ip4('10.0.0.3'), port: 50002 }, { ip: ip4('10.0.0.1'), port: 9000 }, 7000, 9000);
  const pkts: Uint8Array[] = [
    ...withHandshake.handshake(),
    withHandshake.send(0, ascii('GET /ocpp/CS1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n')),
    withHandshake.send(1, ascii('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
      + 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n')),
    withHandshake.send(0, wsFrame({ opcode: 1, mask: MASK, payload: bad('[2,"a1","Authorize",{"idTag":"AB~CD"}]') })),
    withHandshake.send(1, wsFrame({ opcode: 1, payload: '[3,"a1",{"idTagInfo":{"status":"Accepted"}}]' })),
    // the first message seen on this connection decides it is OCPP: the reader decodes it itself
    midStream.send(0, wsFrame({ opcode: 1, mask: MASK, payload: bad('[2,"m1","Heartbeat",{"x":"~"}]') })),
    midStream.send(1, wsFrame({ opcode: 1, payload: bad('[3,"m1",{"currentTime":"2026-11-24T06:00:00Z~"}]') })),
    withHandshake.send(0, wsFrame({ opcode: 1, mask: MASK, payload: '[2,"a2","Heartbeat",{}]' })),
  ];
  return writePcap(pkts.map((p, i) => ({ tsSec: 1_790_000_000, tsFrac: i * 1000, data: ethIp(p) })));
}

function run(threads: 1 | 2, file: string): string {
  const r = spawnSync('node', [bin, 'decode', file], { encoding: 'utf8', env: { ...process.env, VGI_THREADS: String(threads) } });
  expect(r.stderr).toBe('');
  return r.stdout;
}

describe.skipIf(!built)(`two-thread decode of invalid UTF-8 text${built ? '' : ' [skipped: dist/ not built (npm run build)]'}`, () => {
  it('equals the single-thread output, with one invalid_utf8 diagnostic per bad message', () => {
    const file = writeTemp('invalid-utf8.pcap', capture());
    const one = run(1, file);
    const two = run(2, file);
    expect(two).toBe(one);
    const records = one.trim().split('\n').map((l) => JSON.parse(l) as { id: string; diagnostics: { code: string }[]; body: unknown });
    expect(records.map((r) => r.id)).toEqual(['a1', 'a1', 'm1', 'm1', 'a2']);
    const invalid = records.map((r) => r.diagnostics.filter((d) => d.code === 'websocket.invalid_utf8').length);
    expect(invalid).toEqual([1, 0, 1, 1, 0]);
    expect(JSON.stringify(records[0].body)).toContain('AB\uFFFDCD');
  });
});
