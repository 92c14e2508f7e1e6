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
      const texts: (string | undefined)[] = [];
      const inspector = createInspector({ onRecord: (r, x) => (records.push(r), texts.push(x.bodyJson)) });
      inspector.push(new Uint8Array(readFileSync(f)));
      inspector.end();
      records.forEach((r, i) => {
        expect(recordToJson(r)).toBe(JSON.stringify(r));
        // with the verbatim body text of the frame: the same value, on one line
        const line = recordToJson(r, texts[i]);
        expect(line).not.toMatch(/[\n\r]/);
        expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(r)));
        if (r.protocol === 'ocpp' && (r.kind === 'request' || r.kind === 'response')) expect(texts[i]).toBeDefined();
        n++;
      });
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
