// The engine session: rows arrive while the file is still being fed, detail rebuilds exactly what the
// streaming decoder produced, and the result does not depend on how the bytes were sliced.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CaptureSession, type MessageRow } from '../../../parsers/engine/session';
import { createInspector } from '../../../parsers/engine/inspector';
import type { MessageRecord } from '../../../parsers/engine/record';
import { describeShared, sharedFiles } from '../../support/shared';

const captures = sharedFiles('corpus/captures/ocpp', /\.pcapng$/);

function decodeAll(bytes: Uint8Array, slice: number): MessageRecord[] {
  const out: MessageRecord[] = [];
  const inspector = createInspector({ onRecord: (r) => out.push(r) });
  for (let i = 0; i < bytes.length; i += slice) inspector.push(bytes.subarray(i, i + slice));
  inspector.end();
  return out;
}

describeShared('engine session over the OCPP corpus', () => {
  for (const file of captures) {
    it(`${file.split('/').pop()}: rows stream in, detail equals the streamed records`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const reference = decodeAll(bytes, bytes.length);
      expect(reference.length).toBeGreaterThan(0);

      const batches: MessageRow[][] = [];
      const session = new CaptureSession({ onRows: (rows) => batches.push(rows) });
      const slice = 1024;
      let firstRowsAtByte = -1;
      for (let i = 0; i < bytes.length; i += slice) {
        session.push(bytes.subarray(i, i + slice));
        if (firstRowsAtByte < 0 && session.count > 0) firstRowsAtByte = i + slice;
      }
      session.end();
      // first rows before the whole file was read
      expect(firstRowsAtByte).toBeGreaterThan(0);
      expect(firstRowsAtByte).toBeLessThan(bytes.length);
      expect(batches.flat().length).toBe(reference.length);
      expect(session.count).toBe(reference.length);
      for (const r of reference) {
        const d = session.detail(r.seq)!;
        const { summary: _s, raw, ...record } = d;
        expect(record).toEqual(r);
        expect(new TextDecoder().decode(raw)).toMatch(/^\[\s*[2-6]/);
        if (JSON.stringify(r.body) !== '{}') expect(session.row(r.seq - 1).summary.length).toBeGreaterThan(0);
      }
    });

    it(`${file.split('/').pop()}: byte-at-a-time and odd slices give the same records`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = decodeAll(bytes, bytes.length);
      expect(decodeAll(bytes, 1)).toEqual(whole);
      expect(decodeAll(bytes, 777)).toEqual(whole);
    });
  }
});
