// The fast record serialiser must give exactly JSON.stringify's text, on real records of every protocol.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createInspector } from '../../../parsers/engine/inspector';
import type { MessageRecord } from '../../../parsers/engine/record';
import { recordToJson } from '../../../host/cli/recordJson';
import { describeShared, sharedFiles } from '../../support/shared';

describeShared('recordToJson', () => {
  it('equals JSON.stringify on every record of OCPP, DIN, ISO 15118 and SLAC captures', () => {
    const files = [
      ...sharedFiles('corpus/captures/ocpp', /\.pcapng$/),
      ...sharedFiles('corpus/captures/iso15118-20', /\.pcapng$/),
      ...sharedFiles('corpus/captures/din70121/dspace-group_dsV2Gshark', /\.pcapng$/),
    ];
    let n = 0;
    for (const f of files) {
      const records: MessageRecord[] = [];
      const inspector = createInspector({ onRecord: (r) => records.push(r) });
      inspector.push(new Uint8Array(readFileSync(f)));
      inspector.end();
      for (const r of records) {
        expect(recordToJson(r)).toBe(JSON.stringify(r));
        n++;
      }
    }
    expect(n).toBeGreaterThan(400);
  });

  it('escapes what needs escaping', () => {
    const r: MessageRecord = {
      seq: 1, frame: 2, time: '2026-01-01T00:00:00.000000Z', protocol: 'ocpp', version: '1.6', src: '[::1]:1', dst: '[::1]:2',
      from: 'evse', to: 'nsp', pathway: 'nsp-evse', name: 'Data"Transfer\\\u0001', kind: 'request', id: 'ü"\n', body: undefined,
      categories: [], tags: ['x"y'], diagnostics: [{ severity: 'error', code: 'a', message: 'line\nbreak' }], evidence: [],
    };
    expect(recordToJson(r)).toBe(JSON.stringify(r));
    expect(recordToJson({ ...r, body: { '\u2028': [1, 'é'] } })).toBe(JSON.stringify({ ...r, body: { '\u2028': [1, 'é'] } }));
  });
});
