// Real WebSocket traffic (the `ws` library on both ends, through a recording TCP proxy on 127.0.0.1),
// decoded by createHttpConnection from the bytes on the wire, as recorded and re-cut at random points and
// one byte at a time. Truth: what the applications sent (checked against what the peers received).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHttpConnection } from '../../../parsers/protocols/http';
import { createWebSocketStream, looksLikeWebSocketFrames } from '../../../parsers/protocols/websocket';
import type { WebSocketMessage } from '../../../parsers/protocols/websocket';
import { collector } from '../../fixtures/http/collect';
import { frameRef, recut, replay } from '../../fixtures/http/replay';
import type { Split } from '../../fixtures/http/replay';
import { runWsScenario } from '../../fixtures/http/wsScenario';
import type { AppMessage, WsRun, WsScenario } from '../../fixtures/http/wsScenario';

function ocppCall(i: number): string {
  return JSON.stringify([2, `msg-${i}`, 'MeterValues', {
    connectorId: 1,
    transactionId: 4711,
    meterValue: [{ timestamp: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, sampledValue: [{ value: String(1000 + i * 7), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  }]);
}

const rnd = (n: number): Buffer => randomBytes(n);

function clientMessages(): AppMessage[] {
  return [
    { binary: false, parts: [ocppCall(1)] },
    { binary: false, parts: ['Grüße, 世界 🚗⚡ — UTF-8 across boundaries'] },
    { binary: false, parts: [''] },
    { binary: true, parts: [rnd(1)] },
    { binary: true, parts: [rnd(125)] },
    { binary: true, parts: [rnd(126)] },
    { binary: true, parts: [rnd(65535)] },
    { binary: true, parts: [rnd(65536)] },
    { binary: true, parts: [rnd(70_000)] },
    { binary: false, parts: [ocppCall(2).slice(0, 20), ocppCall(2).slice(20, 50), ocppCall(2).slice(50)], pingBetween: 'between-fragments' },
    { binary: true, parts: [rnd(3000), rnd(10), rnd(0), rnd(5000)] },
    { binary: false, parts: ['x'.repeat(100_000)] },
    ...Array.from({ length: 20 }, (_, i) => ({ binary: false, parts: [ocppCall(10 + i)] })),
  ];
}

function serverMessages(): AppMessage[] {
  return [
    { binary: false, parts: [JSON.stringify([3, 'msg-1', { currentTime: '2026-01-01T00:00:00Z', interval: 300, status: 'Accepted' }])] },
    { binary: true, parts: [rnd(200_000)] },
    { binary: false, parts: ['€'.repeat(30_000)] },
    { binary: false, parts: ['part one / ', 'part two / ', 'part three'] },
    ...Array.from({ length: 20 }, (_, i) => ({ binary: false, parts: [JSON.stringify([3, `msg-${10 + i}`, {}])] })),
  ];
}

interface Case {
  name: string;
  scenario: Omit<WsScenario, 'fromClient' | 'fromServer'>;
  /** Every data message is compressed (threshold 0 on both ends). */
  allCompressed: boolean;
  expectExtension: RegExp | undefined;
}

const CASES: Case[] = [
  { name: 'no extension', scenario: { serverDeflate: false, clientDeflate: false }, allCompressed: false, expectExtension: undefined },
  {
    name: 'permessage-deflate with context takeover',
    scenario: { serverDeflate: { threshold: 0 }, clientDeflate: { threshold: 0 } },
    allCompressed: true,
    expectExtension: /^permessage-deflate/,
  },
  {
    name: 'permessage-deflate, client_no_context_takeover + server_no_context_takeover',
    scenario: {
      serverDeflate: { threshold: 0, clientNoContextTakeover: true, serverNoContextTakeover: true },
      clientDeflate: { threshold: 0, clientNoContextTakeover: true, serverNoContextTakeover: true },
    },
    allCompressed: true,
    expectExtension: /server_no_context_takeover.*client_no_context_takeover|client_no_context_takeover.*server_no_context_takeover/,
  },
  {
    name: 'permessage-deflate, server_no_context_takeover only, 10-bit windows',
    scenario: {
      serverDeflate: { threshold: 0, serverNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 10 },
      clientDeflate: { threshold: 0, clientMaxWindowBits: 10 },
    },
    allCompressed: true,
    expectExtension: /server_max_window_bits=10/,
  },
  {
    name: 'permessage-deflate, default 1024-byte threshold (mixed compressed and plain)',
    scenario: { serverDeflate: {}, clientDeflate: {} },
    allCompressed: false,
    expectExtension: /^permessage-deflate/,
  },
];

function same(a: WsRun['sentByClient'], b: WsRun['sentByClient']): boolean {
  return a.length === b.length && a.every((m, i) => m.opcode === b[i].opcode && m.payload.equals(b[i].payload));
}

const SPLITS: Split[] = ['asis', 1, 2, 3, 'bytes'];

function checkDirection(got: WebSocketMessage[], sent: WsRun['sentByClient'], pings: string[], fromClient: boolean, c: Case): void {
  const data = got.filter((m) => m.opcode === 1 || m.opcode === 2);
  expect(data.length).toBe(sent.length);
  for (let i = 0; i < sent.length; i++) {
    const m = data[i];
    expect({ i, opcode: m.opcode }).toEqual({ i, opcode: sent[i].opcode });
    expect(Buffer.from(m.payload).equals(sent[i].payload), `message ${i} payload`).toBe(true);
    if (m.opcode === 1) expect(m.text).toBe(sent[i].payload.toString('utf8'));
    else expect(m.text).toBeUndefined();
    if (c.allCompressed) expect(m.compressed).toBe(true);
    if (!c.expectExtension) expect(m.compressed).toBe(false);
    expect(m.diagnostics).toEqual([]);
  }
  const control = got.filter((m) => m.opcode >= 8);
  if (fromClient) {
    expect(control.filter((m) => m.opcode === 9).map((m) => Buffer.from(m.payload).toString())).toEqual(pings);
    const close = control.filter((m) => m.opcode === 8);
    expect(close).toHaveLength(1);
    expect(close[0].closeCode).toBe(1000);
    expect(close[0].closeReason).toBe('done');
  } else {
    // ws answers every ping with a pong carrying the same payload, and echoes the close code.
    expect(control.filter((m) => m.opcode === 10).map((m) => Buffer.from(m.payload).toString())).toEqual(pings);
    const close = control.filter((m) => m.opcode === 8);
    expect(close).toHaveLength(1);
    expect(close[0].closeCode).toBe(1000);
  }
}

describe('WebSocket over HTTP/1.1 upgrade: real ws traffic', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let run: WsRun;
      it('runs the real client and server through the recording proxy', async () => {
        run = await runWsScenario({
          ...c.scenario,
          fromClient: clientMessages(),
          fromServer: serverMessages(),
          protocols: ['ocpp2.0.1', 'ocpp1.6'],
          pick: 'ocpp1.6',
        });
        // The truth is what the applications sent; check the peers got exactly that.
        expect(same(run.receivedByServer, run.sentByClient)).toBe(true);
        expect(same(run.receivedByClient, run.sentByServer)).toBe(true);
        if (c.expectExtension) expect(run.negotiatedExtensions).toMatch(c.expectExtension);
        else expect(run.negotiatedExtensions).toBe('');
      });

      for (const split of SPLITS) {
        it(`decodes every message (${typeof split === 'number' ? `random cuts, seed ${split}` : split === 'asis' ? 'chunks as recorded' : 'one byte per push'})`, () => {
          const sink = collector();
          const conn = createHttpConnection(sink);
          replay(run.rec, conn, split);
          expect(sink.allDiagnostics()).toEqual([]);
          expect(sink.http_.map((x) => [x.dir, x.msg.kind, x.msg.exchange, x.msg.status ?? x.msg.method])).toEqual([
            [0, 'request', 1, 'GET'],
            [1, 'response', 1, 101],
          ]);
          expect(sink.opens).toHaveLength(1);
          const open = sink.opens[0].info;
          expect(open.target).toBe('/ocpp/CP001');
          expect(open.subprotocol).toBe('ocpp1.6');
          expect(open.offeredSubprotocols).toEqual(['ocpp2.0.1', 'ocpp1.6']);
          expect(open.extensions).toBe(run.negotiatedExtensions);
          expect(open.request.header('SEC-WEBSOCKET-KEY')).toMatch(/^[A-Za-z0-9+/]{22}==$/);
          checkDirection(sink.ws_.filter((x) => x.dir === 0).map((x) => x.msg), run.sentByClient, run.clientPings, true, c);
          checkDirection(sink.ws_.filter((x) => x.dir === 1).map((x) => x.msg), run.sentByServer, run.clientPings, false, c);
          // Message frames are monotonic and within the fed range.
          for (const { msg } of sink.ws_) expect(msg.at.frame).toBeGreaterThanOrEqual(msg.startFrame);
        });
      }

      it('the standalone WebSocket stream decodes the post-upgrade bytes; the heuristic recognises them', () => {
        const streams = [0, 1].map((dir) => {
          const all = Buffer.concat(run.rec.chunks.filter((x) => x.dir === dir).map((x) => x.data));
          const headEnd = all.indexOf('\r\n\r\n') + 4;
          return all.subarray(headEnd);
        });
        expect(looksLikeWebSocketFrames(streams[0].subarray(0, 1500), true)).toBe(true);
        expect(looksLikeWebSocketFrames(streams[0].subarray(0, 1500), false)).toBe(false);
        expect(looksLikeWebSocketFrames(streams[1].subarray(0, 1500), false)).toBe(true);
        expect(looksLikeWebSocketFrames(streams[1].subarray(0, 1500), true)).toBe(false);
        for (const dir of [0, 1] as const) {
          const got: WebSocketMessage[] = [];
          const diags: unknown[] = [];
          const s = createWebSocketStream({
            fromClient: dir === 0,
            extensions: run.negotiatedExtensions,
            onMessage: (m) => got.push({ ...m, payload: m.payload.slice() }),
            onDiagnostic: (d) => diags.push(d),
          });
          for (const piece of recut([{ dir, data: streams[dir] }], 7)) s.push(piece.data, frameRef(1));
          s.end(frameRef(2));
          expect(diags).toEqual([]);
          checkDirection(got, dir === 0 ? run.sentByClient : run.sentByServer, run.clientPings, dir === 0, c);
        }
      });

      it('recovers after a gap in the server stream: the messages after it come out intact, in order', () => {
        const sink = collector();
        const conn = createHttpConnection(sink);
        const pieces = recut(run.rec.chunks, 11);
        // Drop a run of server-to-client bytes somewhere after the handshake.
        const serverIdx = pieces.map((p, i) => (p.dir === 1 ? i : -1)).filter((i) => i >= 0);
        const dropFrom = serverIdx[Math.floor(serverIdx.length / 3)];
        const dropTo = serverIdx[Math.floor(serverIdx.length / 3) + 3];
        let frame = 1;
        for (let i = 0; i < pieces.length; i++) {
          const p = pieces[i];
          if (p.dir === 1 && i >= dropFrom && i <= dropTo) conn.gap(1, p.data.length, frameRef(frame++));
          else conn.push(p.dir, p.data.slice(), frameRef(frame++));
        }
        conn.end(0, frameRef(frame++));
        conn.end(1, frameRef(frame++));
        const codes = sink.allDiagnostics().map((d) => d.code);
        expect(codes).toContain('websocket.gap');
        // Client direction untouched.
        checkDirection(sink.ws_.filter((x) => x.dir === 0).map((x) => x.msg), run.sentByClient, run.clientPings, true, c);
        // Server direction: every intact message that came out is one that was sent, in order.
        const got = sink.ws_.filter((x) => x.dir === 1 && (x.msg.opcode === 1 || x.msg.opcode === 2)).map((x) => x.msg);
        const clean = got.filter((m) => m.diagnostics.length === 0);
        let j = 0;
        for (const m of clean) {
          while (j < run.sentByServer.length && !Buffer.from(m.payload).equals(run.sentByServer[j].payload)) j++;
          expect(j, 'decoded message is one the server sent, in order').toBeLessThan(run.sentByServer.length);
          j++;
        }
        // The last messages (well after the gap) are decoded unless a lost compression context
        // makes them undecodable (context takeover): then they carry an inflate diagnostic.
        const last = run.sentByServer[run.sentByServer.length - 1];
        const lastGot = got[got.length - 1];
        if (lastGot.diagnostics.length === 0) expect(Buffer.from(lastGot.payload).equals(last.payload)).toBe(true);
        else expect(lastGot.diagnostics.map((d) => d.code)).toContain('websocket.inflate_error');
        if (!c.expectExtension || c.name.includes('server_no_context_takeover')) {
          expect(Buffer.from(lastGot.payload).equals(last.payload)).toBe(true);
          expect(clean.length).toBeGreaterThanOrEqual(15);
        }
      });
    });
  }
});
