// Property tests: arbitrary bytes, arbitrary cuts and mutated real recordings never make the HTTP or
// WebSocket decoders throw, hang or hit an internal error, and what they report stays bounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpConnection, looksLikeHttp } from '../../../parsers/protocols/http';
import { createWebSocketStream, looksLikeWebSocketFrames } from '../../../parsers/protocols/websocket';
import { collector } from '../../fixtures/http/collect';
import { runKeepAlive } from '../../fixtures/http/httpScenario';
import type { RecordedChunk } from '../../fixtures/http/recordingProxy';
import { frameRef, mulberry32 } from '../../fixtures/http/replay';
import { deflateMessage, wsFrame } from '../../fixtures/http/wsFrames';

interface Op { dir: 0 | 1; kind: 'data' | 'gap'; bytes: Uint8Array; gap: number }

const opArb: fc.Arbitrary<Op> = fc.record({
  dir: fc.constantFrom(0 as const, 1 as const),
  kind: fc.constantFrom('data' as const, 'data' as const, 'data' as const, 'gap' as const),
  bytes: fc.uint8Array({ maxLength: 300 }),
  gap: fc.integer({ min: 1, max: 5000 }),
});

/** Seeds mixing HTTP heads, WebSocket frames and compressed payloads, so mutations reach deep states. */
const SEEDS: Uint8Array[] = [
  Buffer.from('GET /ocpp/CP1 HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: ocpp1.6\r\n\r\n'),
  Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n'),
  Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n'),
  Buffer.from('POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody'),
  wsFrame({ opcode: 1, payload: '[2,"1","Heartbeat",{}]', mask: [1, 2, 3, 4] }),
  wsFrame({ opcode: 1, rsv: 4, payload: deflateMessage('[3,"1",{"currentTime":"x"}]') }),
  wsFrame({ opcode: 2, fin: false, payload: 'frag' }),
  wsFrame({ opcode: 0, fin: true, payload: 'ment' }),
  wsFrame({ opcode: 8, payload: Buffer.from([3, 232, 98, 121, 101]) }),
  wsFrame({ opcode: 2, rawLength64: 1n << 50n }),
];

function mutate(b: Uint8Array, rnd: () => number): Uint8Array {
  const out = Array.from(b);
  const n = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < n && out.length; i++) {
    const at = Math.floor(rnd() * out.length);
    const r = rnd();
    if (r < 0.5) out[at] = Math.floor(rnd() * 256);
    else if (r < 0.75) out.splice(at, 1);
    else out.splice(at, 0, Math.floor(rnd() * 256));
  }
  return Uint8Array.from(out);
}

function checkHttp(ops: Op[]): void {
  const sink = collector();
  const c = createHttpConnection(sink, { maxBodyBytes: 1 << 16, maxInflatedBytes: 1 << 16, webSocket: { maxMessageBytes: 1 << 16, maxResyncBytes: 4096 } });
  const t0 = Date.now();
  let frame = 1;
  for (const op of ops) {
    if (op.kind === 'gap') c.gap(op.dir, op.gap, frameRef(frame++));
    else c.push(op.dir, op.bytes, frameRef(frame++));
  }
  c.end(0, frameRef(frame++));
  c.end(1, frameRef(frame++));
  expect(Date.now() - t0).toBeLessThan(5000);
  const internal = sink.allDiagnostics().filter((d) => d.code.endsWith('internal_error'));
  expect(internal).toEqual([]);
  for (const { msg } of sink.http_) expect(msg.body.length).toBeLessThanOrEqual(1 << 16);
  for (const { msg } of sink.ws_) expect(msg.payload.length).toBeLessThanOrEqual(1 << 16);
}

describe('fuzz: HTTP connection', () => {
  it('random bytes and gaps in both directions', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => checkHttp(ops)), { numRuns: 300 });
  });

  it('concatenated, mutated protocol pieces cut anywhere', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(SEEDS.length - 1), fc.boolean(), fc.integer()), { minLength: 1, maxLength: 12 }), fc.integer(), (picks, seed) => {
      const rnd = mulberry32(seed);
      const ops: Op[] = [];
      for (const [i, mut, s] of picks) {
        const bytes = mut ? mutate(SEEDS[i], mulberry32(s)) : SEEDS[i];
        const dir = (SEEDS[i][0] === 0x48 || (SEEDS[i][1] & 0x80) === 0 ? 1 : 0) as 0 | 1;
        let off = 0;
        while (off < bytes.length) {
          const n = 1 + Math.floor(rnd() * 40);
          ops.push({ dir, kind: 'data', bytes: bytes.subarray(off, off + n), gap: 0 });
          off += n;
        }
        if (rnd() < 0.1) ops.push({ dir, kind: 'gap', bytes: new Uint8Array(0), gap: 1 + Math.floor(rnd() * 50) });
      }
      checkHttp(ops);
    }), { numRuns: 400 });
  });

  it('mutated real keep-alive recordings', async () => {
    const run = await runKeepAlive([
      { method: 'GET', path: '/chunked' },
      { method: 'GET', path: '/gzip-chunked' },
      { method: 'POST', path: '/echo', body: [Buffer.from('abc'), Buffer.from('def')] },
      { method: 'GET', path: '/trailers' },
    ]);
    const rnd = mulberry32(42);
    for (let k = 0; k < 150; k++) {
      const chunks: RecordedChunk[] = run.rec.chunks.map((c) => ({ dir: c.dir, data: rnd() < 0.3 ? mutate(c.data, rnd) : c.data }));
      checkHttp(chunks.map((c) => ({ dir: c.dir, kind: 'data', bytes: c.data, gap: 0 })));
    }
  });

  it('heuristics never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (b, fromClient) => {
      expect(typeof looksLikeHttp(b)).toBe('boolean');
      expect(typeof looksLikeWebSocketFrames(b, fromClient)).toBe('boolean');
    }), { numRuns: 2000 });
  });
});

describe('fuzz: WebSocket stream', () => {
  it('random bytes, cuts and gaps with every extension setting', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...SEEDS), fc.integer({ min: 1, max: 3000 })), { maxLength: 30 }),
      fc.boolean(), fc.constantFrom(undefined, '', 'permessage-deflate', 'permessage-deflate; client_no_context_takeover; server_no_context_takeover'), fc.boolean(),
      (items, fromClient, extensions, resync) => {
        let count = 0;
        let internal = 0;
        const s = createWebSocketStream({
          fromClient, extensions, resync, limits: { maxMessageBytes: 1 << 14, maxResyncBytes: 1024 },
          onMessage: (m) => { count++; expect(m.payload.length).toBeLessThanOrEqual(1 << 14); },
          onDiagnostic: (d) => { if (d.code === 'websocket.internal_error') internal++; },
        });
        let frame = 1;
        for (const it of items) {
          if (typeof it === 'number') s.gap(it, frameRef(frame++));
          else for (let i = 0; i < it.length; i += 7) s.push(it.subarray(i, i + 7), frameRef(frame++));
        }
        s.end(frameRef(frame));
        expect(internal).toBe(0);
        expect(count).toBeLessThanOrEqual(frame * 8);
      },
    ), { numRuns: 500 });
  });
});
