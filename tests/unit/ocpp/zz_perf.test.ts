import { it } from 'vitest';
import { createOcppConversation } from '../../../parsers/protocols/ocpp';
it('perf', () => {
  const ts = '2024-05-06T07:08:09.123Z';
  const mk = (i: number): [string, boolean][] => [
    [`[2,"c${i}","MeterValues",{"connectorId":1,"transactionId":42,"meterValue":[{"timestamp":"${ts}","sampledValue":[{"value":"${i}.5","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"230.1","measurand":"Voltage","unit":"V","phase":"L1"}]}]}]`, true],
    [`[3,"c${i}",{}]`, false],
    [`[2,"h${i}","Heartbeat",{}]`, true],
    [`[3,"h${i}",{"currentTime":"${ts}"}]`, false],
    [`[2,"s${i}","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"${ts}"}]`, true],
    [`[3,"s${i}",{}]`, false],
  ];
  const msgs: [string, boolean][] = [];
  for (let i = 0; msgs.length < 250_000; i++) msgs.push(...mk(i));
  for (const validate of [false, true]) for (let round = 0; round < 3; round++) {
    const c = createOcppConversation({ subprotocol: 'ocpp1.6', validate });
    let d = 0;
    const t0 = performance.now();
    for (let i = 0; i < msgs.length; i++) d += c.decode(msgs[i][0], msgs[i][1], i + 1).diagnostics.length;
    const dt = performance.now() - t0;
    console.log(`validate=${validate} ${msgs.length} msgs ${dt.toFixed(0)} ms = ${(dt * 1000 / msgs.length).toFixed(2)} us/msg, diags ${d}`);
  }
  // JSON.parse alone baseline
  const t0 = performance.now(); let x = 0;
  for (const m of msgs) x += (JSON.parse(m[0]) as unknown[]).length;
  console.log('JSON.parse only', ((performance.now() - t0) * 1000 / msgs.length).toFixed(2), 'us/msg');
});
