// The OCPP captures of ../shared/corpus: every WebSocket text frame carrying OCPP that tshark finds is one
// record, in the same frame, with the same message type and id; background traffic causes no errors.
import { expect, it } from 'vitest';
import { basename } from 'node:path';
import { describeShared, sharedFiles } from '../support/shared';
import { hasTshark, tsharkFields } from '../support/tshark';
import { decodeRecords } from '../support/cli';

const captures = sharedFiles('corpus/captures/ocpp', /\.pcapng?$/);
const FROM_CHARGER = new Set(['BootNotification', 'Heartbeat', 'StatusNotification', 'Authorize', 'MeterValues']);
const FROM_CSMS = new Set(['GetConfiguration', 'GetVariables', 'InstallCertificate']);
const OCPP_TEXT = /^(?: \[truncated\])?\[\s*([2-6])\s*,\s*"([^"]*)"/;

describeShared('OCPP corpus captures', () => {
  it('has captures to check', () => {
    expect(captures.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of captures) {
    it.runIf(hasTshark)(`${basename(file)}: one record per OCPP text frame tshark sees`, async () => {
      const truth = tsharkFields(file, 'websocket.opcode == 1', ['frame.number', 'text'])
        .map(([frame, text]) => {
          const payload = text.split(',').slice(1).join(',');
          const m = OCPP_TEXT.exec(payload);
          return m ? { frame: Number(frame), type: Number(m[1]), id: m[2] } : undefined;
        })
        .filter((x) => x !== undefined);
      expect(truth.length).toBeGreaterThan(0);

      const { records, run } = await decodeRecords(file);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      const kindOf: Record<number, string> = { 2: 'request', 3: 'response', 4: 'error', 5: 'error', 6: 'notification' };
      expect(records.map((r) => ({ frame: r.frame, kind: r.kind, id: r.id }))).toEqual(
        truth.map((t) => ({ frame: t.frame, kind: kindOf[t.type], id: t.id })),
      );
      for (const r of records) {
        expect(r.protocol).toBe('ocpp');
        expect(r.pathway).toBe('nsp-evse');
        expect(r.name).not.toBe('?');
        const sender = FROM_CHARGER.has(r.name) ? 'evse' : FROM_CSMS.has(r.name) ? 'nsp' : undefined;
        expect(sender, `${r.name} is in this test's tables`).toBeDefined();
        expect(r.kind === 'request' ? r.from : r.to).toBe(sender);
      }
    });
  }

  it('flags the oversize chargePointModel of capt_error.pcapng as a schema violation', async () => {
    const file = captures.find((f) => basename(f) === 'capt_error.pcapng');
    expect(file).toBeDefined();
    const { records } = await decodeRecords(file!);
    const boot = records.find((r) => r.name === 'BootNotification' && r.kind === 'request');
    expect(boot?.version).toBe('1.6');
    expect(boot?.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'ocpp.schema', path: '/chargePointModel' }));
    const conf = records.find((r) => r.name === 'BootNotification' && r.kind === 'response');
    expect((conf?.body as { status: string }).status).toBe('Rejected');
  });
});
