// Real OCPP traffic recorded with dumpcap on lo, checked with tshark: every WebSocket text frame the
// applications sent (the truth from ocpp-rpc's 'message' events) is in the capture, once, in order per
// connection and direction, byte for byte, with and without permessage-deflate; dumpcap dropped nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { dumpcapAvailable } from '../../../host/capture/dumpcap';
import { recordScenario, removeRecording } from '../../fixtures/ocpp-traffic/record';
import type { Recording } from '../../fixtures/ocpp-traffic/record';
import { tsharkAvailable, tsharkWebSocketTexts } from '../../fixtures/ocpp-traffic/tshark';

const avail = dumpcapAvailable('lo');
const haveTshark = tsharkAvailable();
const skipReason = !avail.available ? avail.reason : !haveTshark ? 'tshark not found' : '';
const suite = skipReason ? describe.skip : describe;
const title = 'recordScenario: dumpcap capture of real ocpp-rpc traffic, cross-checked with tshark';

/** For each (charger, direction): the texts in send order, from the truth and from tshark. */
function streams(rec: Recording): { truth: Map<string, string[]>; seen: Map<string, string[]>; unknownPorts: number } {
  const byPort = new Map(rec.truth.chargers.map((c) => [c.csPort, c.identity]));
  const truth = new Map<string, string[]>();
  for (const m of rec.truth.messages) {
    const k = `${m.charger} ${m.direction}`;
    if (!truth.has(k)) truth.set(k, []);
    truth.get(k)!.push(m.text);
  }
  const seen = new Map<string, string[]>();
  let unknownPorts = 0;
  for (const w of tsharkWebSocketTexts(rec.pcapngPath, rec.port)) {
    const fromCsms = w.srcPort === rec.port;
    const charger = byPort.get(fromCsms ? w.dstPort : w.srcPort);
    if (!charger) {
      unknownPorts++;
      continue;
    }
    const k = `${charger} ${fromCsms ? 'csms->cs' : 'cs->csms'}`;
    if (!seen.has(k)) seen.set(k, []);
    seen.get(k)!.push(w.text);
  }
  return { truth, seen, unknownPorts };
}

suite(skipReason ? `${title} [skipped: ${skipReason}]` : title, () => {
  const made: Recording[] = [];
  afterAll(() => made.forEach(removeRecording));

  it('plain WebSocket: tshark sees every text frame the truth lists, in order, byte for byte', async () => {
    const rec = await recordScenario({ chargers: 4, protocols: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'], messagesPerCharger: 90, timeoutMs: 60_000 });
    made.push(rec);
    expect(rec.truth.problems).toEqual([]);
    expect(rec.truth.validationFailures).toEqual([]);
    expect(rec.dropped).toBe(0);
    expect(rec.stats.captured).toBeGreaterThan(rec.truth.summary.messages / 2);
    expect(rec.truth.summary.messages).toBeGreaterThanOrEqual(300);
    expect(rec.truth.messages.length).toBe(rec.truth.summary.messages);

    const all = tsharkWebSocketTexts(rec.pcapngPath, rec.port);
    expect(all.length).toBe(rec.truth.summary.messages);
    expect(all.every((w) => !w.compressed)).toBe(true);
    const { truth, seen, unknownPorts } = streams(rec);
    expect(unknownPorts).toBe(0);
    expect(seen.size).toBe(truth.size);
    for (const [k, texts] of truth) expect(seen.get(k), k).toEqual(texts);
  });

  it('permessage-deflate: tshark inflates every message back to the text that was sent', async () => {
    const rec = await recordScenario({ chargers: 3, protocols: ['ocpp2.0.1', 'ocpp1.6'], messagesPerCharger: 70, deflate: true, timeoutMs: 60_000 });
    made.push(rec);
    expect(rec.truth.problems).toEqual([]);
    expect(rec.dropped).toBe(0);
    expect(rec.truth.chargers.every((c) => c.wsExtensions.startsWith('permessage-deflate'))).toBe(true);
    const all = tsharkWebSocketTexts(rec.pcapngPath, rec.port);
    expect(all.length).toBe(rec.truth.summary.messages);
    expect(all.every((w) => w.compressed)).toBe(true);
    const { truth, seen } = streams(rec);
    for (const [k, texts] of truth) expect(seen.get(k), k).toEqual(texts);
  });

  it('deflate threshold: short messages go plain, long ones compressed, as tshark reports per frame', async () => {
    const threshold = 200;
    const rec = await recordScenario({ chargers: 2, protocols: ['ocpp1.6', 'ocpp2.0.1'], messagesPerCharger: 60, deflate: { threshold }, timeoutMs: 60_000 });
    made.push(rec);
    expect(rec.dropped).toBe(0);
    const all = tsharkWebSocketTexts(rec.pcapngPath, rec.port);
    expect(all.length).toBe(rec.truth.summary.messages);
    expect(rec.truth.chargers.every((c) => /client_no_context_takeover/.test(c.wsExtensions) && /server_no_context_takeover/.test(c.wsExtensions))).toBe(true);
    // ws compresses a message when its byte length is at least the threshold.
    for (const w of all) expect(w.compressed, w.text.slice(0, 60)).toBe(Buffer.byteLength(w.text) >= threshold);
    expect(all.some((w) => w.compressed)).toBe(true);
    expect(all.some((w) => !w.compressed)).toBe(true);
  });
});
