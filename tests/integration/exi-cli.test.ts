// Acceptance (issue 3): every reference vector decodes to exactly its JSON and encodes to exactly its bytes
// through the CLI's batch mode (one process per schema, one line per vector, in order).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeShared, sharedFiles } from '../support/shared';

const bin = resolve(__dirname, '../../bin/vgi-inspect.mjs');
interface Vector { id: string; schema: string; exi_hex: string; decoded: unknown; repeated_string_values?: string[] }

function cli(args: string[], input: string): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync('node', [bin, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean), stderr: r.stderr };
}

describeShared('vgi-inspect exi, batch mode, over ../shared/vectors/exi', () => {
  for (const file of sharedFiles('vectors/exi', /\.jsonl$/)) {
    it(basename(file), () => {
      const vectors = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Vector);
      const schema = vectors[0].schema;
      const dec = cli(['exi', 'decode', '--schema', schema, '-'], vectors.map((v) => v.exi_hex).join('\n') + '\nnot-hex\n');
      expect(dec.status).toBe(0);
      expect(dec.lines.length).toBe(vectors.length + 1);
      vectors.forEach((v, i) => expect(JSON.parse(dec.lines[i]), v.id).toEqual(v.decoded));
      expect(JSON.parse(dec.lines[vectors.length])).toHaveProperty('error');

      const enc = cli(['exi', 'encode', '--schema', schema, '-'], vectors.map((v) => JSON.stringify(v.decoded)).join('\n') + '\n{"nope": 1}\n');
      expect(enc.status).toBe(0);
      expect(enc.lines.length).toBe(vectors.length + 1);
      const roundTrip: string[] = [];
      vectors.forEach((v, i) => {
        if (enc.lines[i] !== v.exi_hex) {
          // the README allows other bytes only where repeated strings may use the string table
          expect(v.repeated_string_values, `${v.id}: bytes differ`).toBeDefined();
          roundTrip.push(enc.lines[i]);
        }
      });
      expect(enc.lines[vectors.length]).toMatch(/^error: /);
      if (roundTrip.length) {
        const back = cli(['exi', 'decode', '--schema', schema, '-'], roundTrip.join('\n') + '\n');
        expect(back.lines.map((l) => JSON.parse(l))).toEqual(vectors.filter((v, i) => enc.lines[i] !== v.exi_hex).map((v) => v.decoded));
      }
    });
  }

  it('reports unknown schemas and bad usage with exit 1', () => {
    expect(cli(['exi', 'decode', '--schema', 'iso3', '00'], '').status).toBe(1);
    expect(cli(['exi', 'frobnicate'], '').status).toBe(1);
  });
});
