// The benchmark capture generator (bench/gen/ocpp-capture.ts → fixtures/ocpp-traffic/benchCapture.ts), small: the capture it writes holds exactly the messages its JSON summary
// counts (recounted from tshark's decode, per version and action, answers named by the CALL they answer), it
// drops nothing, and a second call with the same options reuses the file while other options regenerate it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBenchCapture } from '../../fixtures/ocpp-traffic/benchCapture';
import { dumpcapAvailable } from '../../../host/capture/dumpcap';
import { tsharkAvailable, tsharkWebSocketTexts } from '../../fixtures/ocpp-traffic/tshark';

const avail = dumpcapAvailable('lo');
const skipReason = !avail.available ? avail.reason : !tsharkAvailable() ? 'tshark not found' : '';
const title = 'generateBenchCapture (small): summary matches what tshark decodes; reuse';

(skipReason ? describe.skip : describe)(skipReason ? `${title} [skipped: ${skipReason}]` : title, () => {
  const outDir = mkdtempSync(join(tmpdir(), 'vgi-benchgen-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const opts = { messages: 3000, chargers: 12, meterValuesPerTransaction: 20, outDir, name: 'small', log: () => undefined };

  it('writes a complete capture and a truthful summary', async () => {
    const r = await generateBenchCapture(opts);
    expect(r.reused).toBe(false);
    const s = r.summary;
    expect(s.messages).toBeGreaterThanOrEqual(3000);
    expect(s.messages).toBeLessThan(3100);
    expect(r.messages).toBe(s.messages);
    expect(s.dropped).toBe(0);
    expect(s.truth.byVersion['ocpp1.6']! + s.truth.byVersion['ocpp2.0.1']!).toBe(s.messages);

    const protoByPort = new Map(s.chargers.map((c) => [c.csPort, c.protocol]));
    const ws = tsharkWebSocketTexts(r.pcapngPath, s.port);
    expect(ws.length).toBe(s.messages);
    // Recount per version and action from tshark's text, pairing answers with their CALL per connection.
    const counts: Record<string, Record<string, { call: number; result: number; error: number }>> = {};
    const calls = new Map<string, string>();
    let bytes = 0;
    for (const w of ws) {
      bytes += Buffer.byteLength(w.text);
      const fromCsms = w.srcPort === s.port;
      const csPort = fromCsms ? w.dstPort : w.srcPort;
      const v = protoByPort.get(csPort)!;
      const [type, id, third] = JSON.parse(w.text) as [number, string, unknown];
      const callDir = type === 2 ? fromCsms : !fromCsms;
      const k = `${csPort} ${callDir} ${id}`;
      let action: string;
      if (type === 2) calls.set(k, (action = String(third)));
      else {
        action = calls.get(k) ?? '?';
        calls.delete(k);
      }
      const c = ((counts[v] ??= {})[action] ??= { call: 0, result: 0, error: 0 });
      c[type === 2 ? 'call' : type === 3 ? 'result' : 'error']++;
    }
    expect(counts).toEqual(s.truth.byAction);
    expect(bytes).toBe(s.payloadBytes);
    const mv = s.truth.byAction['ocpp1.6']!.MeterValues.call + s.truth.byAction['ocpp2.0.1']!.TransactionEvent.call;
    expect(mv / (s.messages / 2)).toBeGreaterThan(0.5); // meter traffic dominates, as in a real fleet
  });

  it('reuses a matching capture, regenerates on other options', async () => {
    const a = await generateBenchCapture(opts);
    expect(a.reused).toBe(true);
    const b = await generateBenchCapture({ ...opts, messages: 2000 });
    expect(b.reused).toBe(false);
    expect(b.summary.messages).toBeGreaterThanOrEqual(2000);
    expect(b.summary.messages).toBeLessThan(2100);
    const c = await generateBenchCapture({ ...opts, messages: 2000 });
    expect(c.reused).toBe(true);
    expect(c.summary.generatedAt).toBe(b.summary.generatedAt);
  });
});
