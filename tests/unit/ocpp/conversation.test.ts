// OCPP conversations recorded from the real `ocpp-rpc` client (charging station) and server (CSMS) talking over
// a WebSocket on 127.0.0.1 (tests/fixtures/ocpp/rpcSession.ts). Ground truth is ocpp-rpc's own view: which
// message id is a CALL of which action (its 'call' events), and, with strict mode on the server, which CALLs its
// validator rejected (it answers those with a CALLERROR instead of calling the handler).
import { describe, expect, it } from 'vitest';
import { createOcppConversation } from '../../../parsers/protocols/ocpp';
import type { OcppMessage } from '../../../parsers/protocols/ocpp';
import { recordSession, waitForMessages } from '../../fixtures/ocpp/rpcSession';
import type { Recording } from '../../fixtures/ocpp/rpcSession';

const now = () => new Date().toISOString();

function decodeAll(rec: Recording, subprotocol: string | undefined): { msgs: OcppMessage[]; end: ReturnType<ReturnType<typeof createOcppConversation>['end']> } {
  const c = createOcppConversation({ subprotocol });
  const msgs = rec.messages.map((m, i) => c.decode(m.text, m.fromChargingStation, i + 1));
  return { msgs, end: c.end() };
}

/** Every response is named after the CALL ocpp-rpc matched it to, and points at that CALL's frame. */
function expectCorrelation(rec: Recording, msgs: OcppMessage[]): void {
  const frameOfCall = new Map<string, number>();
  rec.messages.forEach((m, i) => {
    const a = JSON.parse(m.text) as unknown[];
    if (a[0] === 2) frameOfCall.set(`${m.fromChargingStation}/${a[1]}`, i + 1);
  });
  rec.messages.forEach((m, i) => {
    const a = JSON.parse(m.text) as unknown[];
    const d = msgs[i];
    expect(d.id).toBe(a[1]);
    if (a[0] === 2) {
      expect(d).toMatchObject({ messageTypeId: 2, kind: 'request', action: a[2] });
      expect(rec.calls.get(String(a[1]))).toEqual({ action: a[2], fromChargingStation: m.fromChargingStation });
    } else if (a[0] === 3 || a[0] === 4) {
      const truth = rec.calls.get(String(a[1]));
      expect(truth, `frame ${i + 1}`).toBeDefined();
      expect(truth!.fromChargingStation).toBe(!m.fromChargingStation);
      expect(d).toMatchObject({ kind: a[0] === 3 ? 'response' : 'error', action: truth!.action });
      expect(d.requestAt).toBe(frameOfCall.get(`${!m.fromChargingStation}/${a[1]}`));
    }
  });
}

const codesOf = (m: OcppMessage) => m.diagnostics.map((d) => d.code);
const rejected = async (p: Promise<unknown>) => p.then(() => 'resolved', (e: Error) => e.message);

describe('OCPP 1.6 session with ocpp-rpc (strict CSMS)', async () => {
  const rec = await recordSession({
    protocols: ['ocpp1.6'],
    strictServer: true,
    server: (sc) => {
      sc.handle('BootNotification', async () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
      sc.handle('Heartbeat', async () => ({ currentTime: now() }));
      sc.handle('StatusNotification', async () => ({}));
      sc.handle('Authorize', async () => ({ idTagInfo: { status: 'Accepted' } }));
      sc.handle('StartTransaction', async () => ({ transactionId: 42, idTagInfo: { status: 'Accepted' } }));
      sc.handle('MeterValues', async () => ({}));
      sc.handle('StopTransaction', async () => ({}));
    },
    station: (client) => {
      client.handle('RemoteStartTransaction', async () => ({ status: 'Accepted' }));
      client.handle('Reset', () => new Promise<Record<string, unknown>>(() => undefined)); // never answers
    },
  }, async (client, sc, live) => {
    await client.call('BootNotification', { chargePointVendor: 'VGI', chargePointModel: 'Inspector-1' });
    await client.call('Heartbeat', {});
    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' });
    await sc.call('RemoteStartTransaction', { idTag: 'TAG-1', connectorId: 1 });
    await client.call('Authorize', { idTag: 'TAG-1' });
    await client.call('StartTransaction', { connectorId: 1, idTag: 'TAG-1', meterStart: 0, timestamp: now() });
    await client.call('MeterValues', { connectorId: 1, transactionId: 42, meterValue: [{ timestamp: now(), sampledValue: [{ value: '123.4', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] });
    await client.call('StopTransaction', { transactionId: 42, meterStop: 1234, timestamp: now(), reason: 'Local' });
    // station has no handler: ocpp-rpc answers CALLERROR NotImplemented
    expect(await rejected(sc.call('GetConfiguration', {}))).toMatch(/not implemented|GetConfiguration/i);
    // invalid payloads: the strict server answers CALLERROR
    expect(await rejected(client.call('BootNotification', { chargePointVendor: 'VGI', chargePointModel: 'M'.repeat(25) }))).not.toBe('resolved');
    expect(await rejected(client.call('MeterValues', { connectorId: 1, meterValue: [{ timestamp: 'yesterday', sampledValue: [{ value: '1' }] }] }))).not.toBe('resolved');
    expect(await rejected(client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }))).not.toBe('resolved');
    // a CSMS action sent by the station, and an action OCPP does not have
    expect(await rejected(client.call('RemoteStartTransaction', { idTag: 'TAG-2' }))).not.toBe('resolved');
    expect(await rejected(client.call('FlyToTheMoon', {}))).not.toBe('resolved');
    // two CALLs with one id before any answer
    const n = live.messages.length;
    client.sendRaw('[2,"dup-1","Heartbeat",{}]');
    client.sendRaw('[2,"dup-1","Heartbeat",{}]');
    await waitForMessages(live, n + 4);
    // a CALL left unanswered
    void sc.call('Reset', { type: 'Soft' }).catch(() => undefined);
    await waitForMessages(live, n + 5);
  });

  const { msgs, end } = decodeAll(rec, rec.subprotocol);

  it('negotiated ocpp1.6 and decoded every message as 1.6 from the subprotocol', () => {
    expect(rec.subprotocol).toBe('ocpp1.6');
    expect(msgs.length).toBe(rec.messages.length);
    for (const m of msgs) expect(m).toMatchObject({ version: '1.6', versionSource: 'subprotocol' });
  });

  it('names every response after the request ocpp-rpc matched it to', () => {
    expectCorrelation(rec, msgs.map((m) => m));
  });

  it('schema diagnostics exactly on the CALLs the ocpp-rpc strict server rejected as invalid', () => {
    const flagged = new Set(msgs.filter((m) => m.kind === 'request' && codesOf(m).includes('ocpp.schema')).map((m) => m.id));
    expect(rec.strictFailures.size).toBe(3);
    expect([...flagged].sort()).toEqual([...rec.strictFailures].sort());
  });

  it('reports readable schema messages with JSON pointer paths', () => {
    const all = msgs.flatMap((m) => m.diagnostics).filter((d) => d.code === 'ocpp.schema');
    expect(all.map((d) => [d.path, d.message])).toEqual([
      ['/chargePointModel', 'BootNotification request: chargePointModel: must NOT have more than 20 characters'],
      ['/meterValue/0/timestamp', 'MeterValues request: meterValue[0].timestamp: must match format "date-time"; got "yesterday"'],
      ['/status', 'StatusNotification request: status: must be one of Available, Preparing, Charging, SuspendedEVSE, SuspendedEV, Finishing, Reserved, Unavailable, Faulted; got "Sleeping"'],
    ]);
    for (const d of all) expect(d.severity).toBe('error');
  });

  it('flags the wrong direction and the unknown action; their CALLERRORs are still named', () => {
    const wrong = msgs.find((m) => m.action === 'RemoteStartTransaction' && codesOf(m).includes('ocpp.wrong_direction'))!;
    expect(wrong.kind).toBe('request');
    expect(wrong.diagnostics.find((d) => d.code === 'ocpp.wrong_direction')!.severity).toBe('warning');
    const moon = msgs.filter((m) => m.action === 'FlyToTheMoon');
    expect(moon.map((m) => m.kind)).toEqual(['request', 'error']);
    expect(codesOf(moon[0])).toEqual(['ocpp.unknown_action']);
  });

  it("checks CALLERROR codes: ocpp-rpc's 'FormatViolation' is the 2.x spelling (info), NotImplemented is fine", () => {
    const errors = msgs.filter((m) => m.kind === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const e of errors) {
      const code = (e.body as { errorCode: string }).errorCode;
      const bad = e.diagnostics.filter((d) => d.code === 'ocpp.bad_error_code');
      if (['FormatViolation', 'OccurrenceConstraintViolation', 'RpcFrameworkError', 'MessageTypeNotSupported'].includes(code)) {
        expect(bad.map((d) => d.severity)).toEqual(['info']);
      } else {
        expect(['NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError']).toContain(code);
        expect(bad).toEqual([]);
      }
    }
    expect(errors.some((e) => (e.body as { errorCode: string }).errorCode === 'NotImplemented')).toBe(true);
  });

  it('duplicate message id: second CALL flagged; both answers named Heartbeat, the second one an orphan', () => {
    // ocpp-rpc rejects the second CALL at once (RpcFrameworkError "Already processing"), then answers the first.
    const dups = msgs.map((m, i) => ({ m, i })).filter(({ m }) => m.id === 'dup-1');
    expect(dups.map(({ m }) => m.kind)).toEqual(['request', 'request', 'error', 'response']);
    expect(codesOf(dups[0].m)).toEqual([]);
    expect(codesOf(dups[1].m)).toEqual(['ocpp.duplicate_id']);
    expect(dups[2].m).toMatchObject({ action: 'Heartbeat', requestAt: dups[1].i + 1, body: { errorCode: 'RpcFrameworkError' } });
    expect(codesOf(dups[2].m)).toEqual(['ocpp.bad_error_code']); // RpcFrameworkError is a 2.x code
    expect(dups[3].m).toMatchObject({ action: 'Heartbeat', requestAt: dups[1].i + 1 });
    expect(codesOf(dups[3].m)).toEqual(['ocpp.orphan_response']);
  });

  it('end() lists the Reset the station never answered', () => {
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ severity: 'info', code: 'ocpp.unanswered' });
    expect(end[0].message).toMatch(/^Reset CALL ".+" of frame \d+ from the CSMS was never answered$/);
  });

  it('without the subprotocol, the heuristic settles on 1.6 from the first BootNotification', () => {
    const h = decodeAll(rec, undefined).msgs;
    for (const m of h) expect(m).toMatchObject({ version: '1.6', versionSource: 'heuristic' });
    expect(h.map((m) => m.diagnostics)).toEqual(msgs.map((m) => m.diagnostics));
  });

  it('validate:false skips schema checks but keeps the RPC checks', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp1.6', validate: false });
    const out = rec.messages.map((m, i) => c.decode(m.text, m.fromChargingStation, i + 1));
    expect(out.flatMap(codesOf)).not.toContain('ocpp.schema');
    expect(out.flatMap(codesOf)).toContain('ocpp.wrong_direction');
    expect(out.map((m) => m.action)).toEqual(msgs.map((m) => m.action));
  });
});

describe('OCPP 2.0.1 session with ocpp-rpc (strict CSMS)', async () => {
  const rec = await recordSession({
    protocols: ['ocpp2.0.1'],
    strictServer: true,
    server: (sc) => {
      sc.handle('BootNotification', async () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
      sc.handle('StatusNotification', async () => ({}));
      sc.handle('TransactionEvent', async () => ({}));
      sc.handle('NotifyReport', async () => ({}));
    },
    station: (client) => {
      client.handle('GetVariables', async ({ params }) => ({
        getVariableResult: (params as { getVariableData: { component: unknown; variable: unknown }[] }).getVariableData.map((d) => ({ attributeStatus: 'Accepted', attributeValue: '60', component: d.component, variable: d.variable })),
      }));
      client.handle('GetBaseReport', async () => ({ status: 'Accepted' }));
    },
  }, async (client, sc) => {
    await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Inspector-2', vendorName: 'VGI' } });
    await client.call('StatusNotification', { timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
    await sc.call('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] });
    await sc.call('GetBaseReport', { requestId: 7, reportBase: 'FullInventory' });
    await client.call('NotifyReport', { requestId: 7, generatedAt: now(), seqNo: 0, tbc: false, reportData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, variableAttribute: [{ value: '60' }] }] });
    await client.call('TransactionEvent', { eventType: 'Started', timestamp: now(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-1' }, idToken: { idToken: 'TAG-1', type: 'ISO14443' } });
    expect(await rejected(client.call('TransactionEvent', { eventType: 'Updated', timestamp: now(), seqNo: 1, transactionInfo: { transactionId: 'tx-1' } }))).not.toBe('resolved');
    expect(await rejected(sc.call('SetVariables', { setVariableData: [{ attributeValue: '1', component: { name: 'X' }, variable: { name: 'Y' } }] }))).not.toBe('resolved');
  });
  const { msgs, end } = decodeAll(rec, rec.subprotocol);

  it('decodes as 2.0.1 and correlates every response', () => {
    expect(rec.subprotocol).toBe('ocpp2.0.1');
    for (const m of msgs) expect(m).toMatchObject({ version: '2.0.1', versionSource: 'subprotocol' });
    expectCorrelation(rec, msgs);
    expect(end).toEqual([]);
  });

  it('only the TransactionEvent without triggerReason has schema errors, as the strict server found', () => {
    const withSchema = msgs.filter((m) => codesOf(m).includes('ocpp.schema'));
    expect(withSchema.map((m) => [m.action, m.diagnostics.map((d) => d.message)])).toEqual([
      ['TransactionEvent', ['TransactionEvent request: payload: must have required property "triggerReason"']],
    ]);
    const answer = msgs.find((m) => m.kind === 'error' && m.id === withSchema[0].id)!;
    expect(answer.action).toBe('TransactionEvent');
    // ocpp-rpc answers a missing property with the 1.6 spelling 'OccurenceConstraintViolation': info in 2.0.1
    expect((answer.body as { errorCode: string }).errorCode).toBe('OccurenceConstraintViolation');
    expect(answer.diagnostics).toMatchObject([{ severity: 'info', code: 'ocpp.bad_error_code' }]);
  });

  it('without the subprotocol, the heuristic picks 2.0.1 from the first BootNotification', () => {
    const h = decodeAll(rec, undefined).msgs;
    for (const m of h) expect(m).toMatchObject({ version: '2.0.1', versionSource: 'heuristic' });
    expect(h.map((m) => m.action)).toEqual(msgs.map((m) => m.action));
  });
});

describe('OCPP 2.1 session: SEND and CALLRESULTERROR', async () => {
  // ocpp-rpc (2.2.1) speaks OCPP-J without the 2.1 message types: the station sends them with sendRaw, and the
  // server answers each with its "extension fallback" CALLERROR MessageTypeNotSupported, with MessageId "-1".
  const stream = { id: 1, pending: 0, basetime: '2025-01-01T00:00:00Z', data: [{ t: 0, v: '230.1' }, { t: 1, v: '230.4' }] };
  const rec = await recordSession({
    protocols: ['ocpp2.1'],
    server: (sc) => {
      sc.handle('BootNotification', async () => ({ status: 'Accepted', currentTime: now(), interval: 300 }));
      sc.handle('Heartbeat', async () => ({ currentTime: 'not a time' }));
    },
  }, async (client, _sc, live) => {
    await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Inspector-3', vendorName: 'VGI' } });
    await client.call('Heartbeat', {});
    const hb = live.messages.map((m) => JSON.parse(m.text) as unknown[]).find((a) => a[0] === 2 && a[2] === 'Heartbeat')!;
    const n = live.messages.length;
    client.sendRaw(JSON.stringify([5, hb[1], 'FormatViolation', 'currentTime is not a date-time', {}]));
    client.sendRaw(JSON.stringify([6, 'send-1', 'NotifyPeriodicEventStream', stream]));
    await waitForMessages(live, n + 4);
  });
  const { msgs } = decodeAll(rec, rec.subprotocol);
  const frames = rec.messages.map((m) => JSON.parse(m.text) as unknown[]);

  it('decodes CALLRESULTERROR as an error naming the CALLRESULT it rejects', () => {
    expect(rec.subprotocol).toBe('ocpp2.1');
    const i = frames.findIndex((a) => a[0] === 5);
    const resultFrame = frames.findIndex((a) => a[0] === 3 && a[1] === frames[i][1]) + 1;
    expect(msgs[i]).toMatchObject({
      version: '2.1', messageTypeId: 5, kind: 'error', action: 'Heartbeat', requestAt: resultFrame,
      body: { errorCode: 'FormatViolation', errorDescription: 'currentTime is not a date-time', errorDetails: {} },
      diagnostics: [],
    });
    // and the CALLRESULT it rejects was indeed invalid
    expect(msgs[resultFrame - 1].diagnostics.map((d) => d.path)).toEqual(['/currentTime']);
  });

  it('decodes SEND as a notification; the server\'s fallback CALLERRORs (id "-1") are orphans', () => {
    const i = frames.findIndex((a) => a[0] === 6);
    expect(msgs[i]).toMatchObject({ messageTypeId: 6, kind: 'notification', id: 'send-1', action: 'NotifyPeriodicEventStream', body: stream, diagnostics: [] });
    const fallback = msgs.filter((m, k) => frames[k][0] === 4);
    expect(fallback.map((m) => [m.id, m.action, (m.body as { errorCode: string }).errorCode, codesOf(m)])).toEqual([
      ['-1', '?', 'MessageTypeNotSupported', ['ocpp.orphan_response']],
      ['-1', '?', 'MessageTypeNotSupported', ['ocpp.orphan_response']],
    ]);
  });

  it('a CALLERROR answering a SEND is named after it but flagged (a SEND expects no response)', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp2.1' });
    const i = frames.findIndex((a) => a[0] === 6);
    c.decode(rec.messages[i].text, true, 10);
    const m = c.decode('[4,"send-1","NotImplemented","",{}]', false, 11);
    expect(m).toMatchObject({ kind: 'error', action: 'NotifyPeriodicEventStream', requestAt: 10 });
    expect(m.diagnostics.map((d) => d.message)).toEqual(['CALLERROR "send-1" answers the SEND of frame 10; a SEND expects no response']);
  });

  it('without the subprotocol: 2.0.1 until the first 2.1-only message, 2.1 from then on', () => {
    const h = decodeAll(rec, undefined).msgs;
    const first21 = frames.findIndex((a) => a[0] === 5 || a[0] === 6);
    expect(h.map((m) => m.version)).toEqual(h.map((_, i) => (i < first21 ? '2.0.1' : '2.1')));
  });

  it('the same frames under ocpp2.0.1 are flagged as unsupported message types', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp2.0.1' });
    const out = rec.messages.map((m, i) => c.decode(m.text, m.fromChargingStation, i + 1));
    expect(out.filter((m) => codesOf(m).includes('ocpp.unsupported_message_type')).map((m) => m.messageTypeId)).toEqual([5, 6]);
  });
});
