// Issue 3 target: EXI decoding of the shared vectors reaches >= 250,000 messages/s on one core and takes no
// longer than JSON.parse of the same messages' JSON (ratio <= 1.0), both measured in this run, alternately.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exiDecode, type ExiSchema } from '../parsers/exi';
import { median } from './support/measure';

const vectorsDir = fileURLToPath(new URL('../../shared/vectors/exi/', import.meta.url));

export async function run(): Promise<void> {
  console.log('\n## EXI decode vs JSON.parse (../shared/vectors/exi)');
  if (!existsSync(vectorsDir)) {
    console.log(`skipped: ${vectorsDir} not found`);
    return;
  }
  const items: { schema: ExiSchema; bytes: Uint8Array; json: string }[] = [];
  for (const f of readdirSync(vectorsDir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(vectorsDir + f, 'utf8').split('\n').filter(Boolean)) {
      const v = JSON.parse(line) as { schema: ExiSchema; exi_hex: string; decoded: unknown };
      items.push({ schema: v.schema, bytes: new Uint8Array(Buffer.from(v.exi_hex, 'hex')), json: JSON.stringify(v.decoded) });
    }
  }
  const passes = Number(process.env.EXI_PASSES ?? 500);
  const exiRound = (): number => {
    const t0 = process.hrtime.bigint();
    let ok = 0;
    for (let p = 0; p < passes; p++) for (const it of items) if (exiDecode(it.schema, it.bytes).ok) ok++;
    if (ok !== passes * items.length) throw new Error('a vector failed to decode');
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const jsonRound = (): number => {
    const t0 = process.hrtime.bigint();
    let n = 0;
    for (let p = 0; p < passes; p++) for (const it of items) n += JSON.parse(it.json) ? 1 : 0;
    if (n !== passes * items.length) throw new Error('JSON.parse failed');
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  exiRound();
  jsonRound(); // warm-up
  const exi: number[] = [];
  const json: number[] = [];
  for (let r = 0; r < 7; r++) {
    if (r % 2) { json.push(jsonRound()); exi.push(exiRound()); } else { exi.push(exiRound()); json.push(jsonRound()); }
  }
  const n = passes * items.length;
  const exiRate = n / median(exi);
  const jsonRate = n / median(json);
  console.log(`${items.length} vectors x ${passes} passes per round, 7 rounds, medians`);
  console.log(`exiDecode   ${(exiRate / 1000).toFixed(0)}k messages/s (target >= 250k)`);
  console.log(`JSON.parse  ${(jsonRate / 1000).toFixed(0)}k messages/s`);
  console.log(`time ratio exiDecode / JSON.parse: ${(median(exi) / median(json)).toFixed(2)} (target <= 1.0)`);
}
