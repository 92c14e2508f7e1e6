// The OCPP scenario runner without capture: the truth pairs every CALL with its one answer, the payloads are
// valid against the official OCA schemas (read independently from ../shared, not through ocpp-rpc), the
// session holds the operations the brief asks for, error cases come back as CALLERRORs, and runs are bounded.
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { ocpp21Validator, runScenario } from '../../fixtures/ocpp-traffic/scenario';
import type { ScenarioTruth, TruthMessage } from '../../fixtures/ocpp-traffic/scenario';
import { TruthRecorder, emptySummary, addToSummary } from '../../fixtures/ocpp-traffic/truth';
import { describeShared, sharedPath } from '../../support/shared';

describe('TruthRecorder', () => {
  it('names each answer after the CALL it answers, per connection and direction', () => {
    const r = new TruthRecorder();
    r.record('ocpp1.6', 'cs->csms', 'A', 1, '[2,"1","Heartbeat",{}]');
    r.record('ocpp1.6', 'csms->cs', 'A', 1, '[2,"1","GetConfiguration",{}]'); // same id, other direction
    r.record('ocpp1.6', 'cs->csms', 'B', 2, '[2,"1","Authorize",{"idTag":"X"}]'); // same id, other charger
    r.record('ocpp1.6', 'csms->cs', 'A', 1, '[3,"1",{"currentTime":"2024-01-01T00:00:00Z"}]');
    r.record('ocpp1.6', 'cs->csms', 'A', 1, '[4,"1","NotImplemented","no",{}]');
    r.record('ocpp1.6', 'csms->cs', 'B', 2, '[3,"1",{"idTagInfo":{"status":"Accepted"}}]');
    r.record('ocpp1.6', 'csms->cs', 'B', 2, '[3,"zz",{}]'); // answers nothing
    expect(r.messages.map((m) => [m.charger, m.direction, m.messageTypeId, m.action])).toEqual([
      ['A', 'cs->csms', 2, 'Heartbeat'],
      ['A', 'csms->cs', 2, 'GetConfiguration'],
      ['B', 'cs->csms', 2, 'Authorize'],
      ['A', 'csms->cs', 3, 'Heartbeat'],
      ['A', 'cs->csms', 4, 'GetConfiguration'],
      ['B', 'csms->cs', 3, 'Authorize'],
      ['B', 'csms->cs', 3, ''],
    ]);
    expect(r.messages[4]).toMatchObject({ errorCode: 'NotImplemented', errorDescription: 'no', payload: {} });
    expect(r.messages[3].payload).toEqual({ currentTime: '2024-01-01T00:00:00Z' });
    expect(r.messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.summary.byType).toEqual({ call: 3, result: 3, error: 1 });
    expect(r.summary.byAction['ocpp1.6']!.Heartbeat).toEqual({ call: 1, result: 1, error: 0 });
    expect(r.summary.byAction['ocpp1.6']!.GetConfiguration).toEqual({ call: 1, result: 0, error: 1 });
    expect(r.summary.payloadBytes).toBe(r.messages.reduce((n, m) => n + Buffer.byteLength(m.text), 0));
  });
});

describe('ocpp21Validator (OCPP 2.1 strict mode for ocpp-rpc)', () => {
  it('accepts a valid 2.1 BootNotification and rejects one without its required chargingStation', () => {
    const v = ocpp21Validator();
    expect(v.validate('urn:BootNotification.req', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } })).toBe(true);
    expect(() => v.validate('urn:BootNotification.req', { reason: 'PowerUp' })).toThrow(/chargingStation/);
    expect(() => v.validate('urn:BootNotification.req', { reason: 'NotAReason', chargingStation: { model: 'M', vendorName: 'V' } })).toThrow();
  });
});

function pairs(t: ScenarioTruth): { unanswered: TruthMessage[]; orphans: TruthMessage[]; doubles: number } {
  const open = new Map<string, TruthMessage>();
  const orphans: TruthMessage[] = [];
  let doubles = 0;
  for (const m of t.messages) {
    const callDir = m.messageTypeId === 2 ? m.direction : m.direction === 'cs->csms' ? 'csms->cs' : 'cs->csms';
    const k = `${m.charger} ${callDir} ${m.id}`;
    if (m.messageTypeId === 2) {
      if (open.has(k)) doubles++;
      open.set(k, m);
    } else {
      const c = open.get(k);
      if (!c || c.action !== m.action) orphans.push(m);
      else open.delete(k);
    }
  }
  return { unanswered: [...open.values()], orphans, doubles };
}

describe('runScenario (strict mode, OCPP 1.6 + 2.0.1 + 2.1, no capture)', () => {
  let t: ScenarioTruth;
  beforeAll(async () => {
    t = await runScenario({ chargers: 3, protocols: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'], messagesPerCharger: 70, timeoutMs: 60_000 });
  });

  it('ran clean: no strict-mode failure, no failed step', () => {
    expect(t.validationFailures).toEqual([]);
    expect(t.problems).toEqual([]);
    expect(t.chargers.map((c) => c.protocol)).toEqual(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']);
  });

  it('every CALL has exactly one answer from the other side, except the deliberately malformed call’s', () => {
    const { unanswered, orphans, doubles } = pairs(t);
    expect(doubles).toBe(0);
    expect(unanswered).toEqual([]);
    // The raw malformed StatusNotification is answered (CALLERROR), and the recorder pairs it too.
    expect(orphans).toEqual([]);
    for (const m of t.messages) expect(JSON.parse(m.text)[1]).toBe(m.id);
  });

  it('summary equals a recount of the messages; per-charger counts add up and meet the budget', () => {
    const s = emptySummary();
    t.messages.forEach((m) => addToSummary(s, m));
    expect(t.summary).toEqual(s);
    expect(t.chargers.reduce((n, c) => n + c.messages, 0)).toBe(t.messages.length);
    for (const c of t.chargers) {
      expect(c.messages).toBeGreaterThanOrEqual(69); // budget 70, met within a frame or two
      expect(c.messages).toBeLessThanOrEqual(74);
      expect(c.csPort).toBeGreaterThan(0);
    }
    expect(t.messages.map((m) => m.seq)).toEqual(t.messages.map((_, i) => i));
    for (let i = 1; i < t.messages.length; i++) expect(t.messages[i].sentAt).toBeGreaterThanOrEqual(t.messages[i - 1].sentAt);
  });

  it('holds the session the brief asks for, in each version', () => {
    const has = (v: string, dir: string, action: string): boolean => t.messages.some((m) => m.protocol === v && m.direction === dir && m.messageTypeId === 2 && m.action === action);
    for (const a of ['BootNotification', 'StatusNotification', 'Heartbeat', 'Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction', 'DataTransfer'])
      expect(has('ocpp1.6', 'cs->csms', a), a).toBe(true);
    for (const a of ['GetConfiguration', 'ChangeAvailability', 'RemoteStartTransaction', 'SetChargingProfile', 'TriggerMessage', 'UnlockConnector'])
      expect(has('ocpp1.6', 'csms->cs', a), a).toBe(true);
    for (const v of ['ocpp2.0.1', 'ocpp2.1']) {
      for (const a of ['BootNotification', 'StatusNotification', 'Heartbeat', 'Authorize', 'TransactionEvent', 'MeterValues', 'DataTransfer'])
        expect(has(v, 'cs->csms', a), `${v} ${a}`).toBe(true);
      for (const a of ['GetVariables', 'ChangeAvailability', 'RequestStartTransaction', 'SetChargingProfile', 'TriggerMessage', 'UnlockConnector'])
        expect(has(v, 'csms->cs', a), `${v} ${a}`).toBe(true);
      const events = t.messages.filter((m) => m.protocol === v && m.action === 'TransactionEvent' && m.messageTypeId === 2).map((m) => (m.payload as { eventType: string }).eventType);
      expect(events[0]).toBe('Started');
      expect(events.at(-1)).toBe('Ended');
      expect(events.filter((e) => e === 'Updated').length).toBeGreaterThan(3);
    }
    // Meter values carry power, current, voltage and SoC.
    const measurands = new Set(
      t.messages
        .filter((m) => m.messageTypeId === 2 && m.action === 'MeterValues')
        .flatMap((m) => (m.payload as { meterValue: { sampledValue: { measurand?: string }[] }[] }).meterValue.flatMap((mv) => mv.sampledValue.map((s) => s.measurand))),
    );
    for (const x of ['Power.Active.Import', 'Current.Import', 'Voltage', 'SoC', 'Energy.Active.Import.Register']) expect(measurands.has(x), x).toBe(true);
    // The charging profile is a real TxProfile bound to the running transaction.
    const sp = t.messages.find((m) => m.protocol === 'ocpp1.6' && m.action === 'SetChargingProfile' && m.messageTypeId === 2)!;
    const start = t.messages.find((m) => m.protocol === 'ocpp1.6' && m.action === 'StartTransaction' && m.messageTypeId === 3)!;
    expect((sp.payload as { csChargingProfiles: { transactionId: number } }).csChargingProfiles.transactionId).toBe((start.payload as { transactionId: number }).transactionId);
  });

  it('error cases come back as CALLERRORs: NotImplemented both ways, and a constraint violation', () => {
    const errs = t.messages.filter((m) => m.messageTypeId === 4);
    const by = (action: string, dir: string): TruthMessage[] => errs.filter((m) => m.action === action && m.direction === dir);
    expect(by('UnlockConnector', 'cs->csms').map((m) => m.errorCode)).toEqual(['NotImplemented', 'NotImplemented', 'NotImplemented']);
    expect(by('DataTransfer', 'csms->cs').map((m) => m.errorCode)).toEqual(['NotImplemented', 'NotImplemented', 'NotImplemented']);
    const sn = by('StatusNotification', 'csms->cs');
    expect(sn).toHaveLength(3);
    for (const m of sn) expect(m.errorCode).toMatch(/^Occur+en+ceConstraintViolation$/);
    expect(errs).toHaveLength(9);
  });
});

// Independent check of the payloads: the official OCA schemas from ../shared, compiled with ajv here.
describeShared('runScenario payloads against the OCA JSON schemas in ../shared', () => {
  const dirs: Record<string, string> = { 'ocpp1.6': 'v16', 'ocpp2.0.1': 'v201', 'ocpp2.1': 'v21' };
  const cache = new Map<string, ValidateFunction | null>();
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const schemaFor = (version: string, action: string, isRequest: boolean): ValidateFunction | null => {
    const dir = dirs[version];
    const name = version === 'ocpp1.6' ? (isRequest ? `${action}.json` : `${action}Response.json`) : `${action}${isRequest ? 'Request' : 'Response'}.json`;
    const key = `${dir}/${name}`;
    if (!cache.has(key)) {
      const p = sharedPath('corpus', 'schemas', 'ocpp', dir, name);
      if (!existsSync(p)) cache.set(key, null);
      else {
        const s = JSON.parse(readFileSync(p, 'utf8'));
        delete s.$schema; // draft-04/06 files; their keywords here mean the same under ajv's draft-07
        delete s.$id;
        cache.set(key, ajv.compile(s));
      }
    }
    return cache.get(key)!;
  };

  it('every CALL and CALLRESULT validates, except the deliberately malformed StatusNotification', async () => {
    const t = await runScenario({ chargers: 3, protocols: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'], messagesPerCharger: 60, strict: true, timeoutMs: 60_000 });
    const malformed = new Set(t.messages.filter((m) => m.messageTypeId === 4 && m.action === 'StatusNotification').map((m) => `${m.charger} ${m.id}`));
    expect(malformed.size).toBe(3);
    let checked = 0;
    for (const m of t.messages) {
      if (m.messageTypeId === 4) continue;
      const v = schemaFor(m.protocol, m.action, m.messageTypeId === 2);
      expect(v, `${m.protocol} ${m.action} schema`).not.toBeNull();
      const ok = v!(m.payload);
      const isMalformed = m.messageTypeId === 2 && malformed.has(`${m.charger} ${m.id}`);
      expect(ok, `${m.protocol} ${m.action} ${m.messageTypeId} ${JSON.stringify(v!.errors)} ${m.text}`).toBe(!isMalformed);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });
});

describe('runScenario bounds', () => {
  it('a run longer than timeoutMs is torn down and rejects; the CSMS port is released', async () => {
    const { prepareScenario } = await import('../../fixtures/ocpp-traffic/scenario');
    const s = await prepareScenario({ chargers: 2, messagesPerCharger: 100_000, pacingMs: 2, timeoutMs: 1000, strict: false });
    const t0 = Date.now();
    await expect(s.run()).rejects.toThrow(/timed out after 1000 ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
    // The port can be bound again: nothing still listens on it.
    await new Promise<void>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(s.port, '127.0.0.1', () => srv.close(() => resolve()));
    });
  });
});
