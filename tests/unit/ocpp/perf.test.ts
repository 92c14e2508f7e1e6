// Regression guard for decode speed (the real measurement is bench/: 250,000 messages, a few microseconds each).
// Bounds are loose because the machine is shared; they catch per-message work that grows with the conversation
// (e.g. scanning the pending/answered tables) or accidental per-message compilation.
import { expect, it } from 'vitest';
import { createOcppConversation } from '../../../parsers/protocols/ocpp';

const ts = '2024-05-06T07:08:09.123Z';
function messages(n: number, answer: boolean): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (let i = 0; out.length < n; i++) {
    out.push([`[2,"c${i}","MeterValues",{"connectorId":1,"transactionId":42,"meterValue":[{"timestamp":"${ts}","sampledValue":[{"value":"${i}.5","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}]`, true]);
    if (answer) out.push([`[3,"c${i}",{}]`, false]);
    out.push([`[2,"s${i}","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"${ts}"}]`, true]);
    if (answer) out.push([`[3,"s${i}",{}]`, false]);
  }
  return out;
}

/** Best of 3 rounds, in microseconds per message: decode+validate, and JSON.parse alone on the same texts. */
function measure(msgs: [string, boolean][]): { decode: number; parse: number } {
  let decode = Infinity;
  let parse = Infinity;
  for (let round = 0; round < 3; round++) {
    let t0 = performance.now();
    let n = 0;
    for (const m of msgs) n += (JSON.parse(m[0]) as unknown[]).length;
    parse = Math.min(parse, ((performance.now() - t0) * 1000) / msgs.length);
    const c = createOcppConversation({ subprotocol: 'ocpp1.6' });
    t0 = performance.now();
    let diags = 0;
    for (let i = 0; i < msgs.length; i++) diags += c.decode(msgs[i][0], msgs[i][1], i + 1).diagnostics.length;
    decode = Math.min(decode, ((performance.now() - t0) * 1000) / msgs.length);
    expect(diags).toBeLessThan(2); // valid traffic (at most the one pending-overflow note)
    expect(n).toBeGreaterThan(0);
  }
  return { decode, parse };
}

it('decode + validate costs a small multiple of JSON.parse, answered or not', () => {
  for (const answer of [true, false]) { // unanswered: the pending table stays at its bound all along
    const { decode, parse } = measure(messages(40_000, answer));
    console.log(`ocpp decode+validate ${decode.toFixed(2)} us/msg, JSON.parse ${parse.toFixed(2)} us/msg (${answer ? 'answered' : 'unanswered'})`);
    expect(decode).toBeLessThan(8 * parse + 2);
  }
});
