// Acceptance (issue 2): a real OCPP implementation from npm (ocpp-rpc, strict mode) runs as CSMS and
// chargers, 1.6, 2.0.1 and 2.1, on loopback; dumpcap records it; every frame sent comes out of
// `vgi-inspect decode` with the right action, kind, id, version, direction and body, and the only error
// diagnostics are on the call ocpp-rpc's own strict validator rejected.
import { describe, expect, it } from 'vitest';
import { dumpcapAvailable, recordScenario, removeRecording, type Recording, type TruthMessage } from '../fixtures/ocpp-traffic/record';
import { decodeRecords } from '../support/cli';
import type { MessageRecord } from '../../parsers/engine/record';

const capture = await dumpcapAvailable('lo');
const KIND: Record<number, string> = { 2: 'request', 3: 'response', 4: 'error' };

function key(csPort: number, fromCharger: boolean, typeId: number, id: string): string {
  return `${csPort}|${fromCharger ? 'cs' : 'csms'}|${typeId}|${id}`;
}

function check(rec: Recording, records: MessageRecord[]): void {
  const truth = rec.truth.messages;
  expect(truth.length).toBeGreaterThan(50);
  expect(rec.dropped).toBe(0);
  const byKey = new Map<string, MessageRecord>();
  for (const r of records) {
    const fromCharger = r.from === 'evse';
    const csPort = Number((fromCharger ? r.src : r.dst).split(':').pop());
    const typeId = r.kind === 'request' ? 2 : r.kind === 'response' ? 3 : 4;
    const k = key(csPort, fromCharger, typeId, r.id);
    expect(byKey.has(k), `duplicate record ${k}`).toBe(false);
    byKey.set(k, r);
  }
  expect(records.length).toBe(truth.length);

  // the calls ocpp-rpc's strict server rejected as malformed (answered by a CALLERROR other than NotImplemented)
  const rejected = new Set(truth.filter((m) => m.messageTypeId === 4 && m.errorCode !== 'NotImplemented').map((m) => `${m.csPort}|${m.id}`));
  for (const m of truth as TruthMessage[]) {
    const r = byKey.get(key(m.csPort, m.direction === 'cs->csms', m.messageTypeId, m.id));
    expect(r, `record for ${m.direction} ${m.action} ${m.id}`).toBeDefined();
    expect(r!.protocol).toBe('ocpp');
    expect(r!.version).toBe(m.protocol.replace('ocpp', ''));
    expect(r!.kind).toBe(KIND[m.messageTypeId]);
    expect(r!.name).toBe(m.action);
    expect(r!.from).toBe(m.direction === 'cs->csms' ? 'evse' : 'nsp');
    expect(r!.pathway).toBe('nsp-evse');
    if (m.messageTypeId === 4) {
      expect(r!.body).toEqual({ errorCode: m.errorCode, errorDescription: m.errorDescription, errorDetails: m.payload });
    } else {
      expect(r!.body).toEqual(m.payload);
    }
    const errors = r!.diagnostics.filter((d) => d.severity === 'error');
    if (m.messageTypeId === 2 && rejected.has(`${m.csPort}|${m.id}`)) {
      expect(errors.map((d) => d.code)).toContain('ocpp.schema');
    } else {
      expect(errors, `${m.action} ${m.id}: ${JSON.stringify(errors)}`).toEqual([]);
    }
  }
}

describe.skipIf(!capture.available)(`OCPP real traffic through dumpcap${capture.available ? '' : ` [skipped: ${capture.reason}]`}`, () => {
  it('1.6, 2.0.1 and 2.1 chargers against one CSMS', async () => {
    const rec = await recordScenario({ chargers: 6, messagesPerCharger: 60, protocols: ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] });
    try {
      const { records, run } = await decodeRecords(rec.pcapngPath);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      check(rec, records);
    } finally {
      removeRecording(rec);
    }
  }, 180_000);

  it('permessage-deflate with and without context takeover', async () => {
    for (const deflate of [true, { threshold: 64 }] as const) {
      const rec = await recordScenario({ chargers: 4, messagesPerCharger: 50, protocols: ['ocpp1.6', 'ocpp2.0.1'], deflate });
      try {
        const { records, run } = await decodeRecords(rec.pcapngPath);
        expect(run.status).toBe(0);
        check(rec, records);
      } finally {
        removeRecording(rec);
      }
    }
  }, 240_000);
});
