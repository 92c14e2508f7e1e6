// Writes the bundled sample captures, one per use-case category of docs/domain.md, and their README:
//   npx tsx tools/samples/generate.ts [--out DIR]      (default: samples/)
// Deterministic: fixed seeds and timestamps, so every run gives byte-identical files (the samples test
// regenerates them into a temporary folder and compares). Each payload is produced or checked by the
// engine's own libraries before it is written (OCPP schema validators, EXI encoder round trip, OpenADR and
// IEEE 2030.5 schema models); a payload that fails stops the generator.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLES } from './scenarios';
import { readme } from './readme';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function main(argv: string[]): void {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? resolve(argv[i + 1]) : join(root, 'samples');
  const only = argv.filter((a, k) => !a.startsWith('--') && argv[k - 1] !== '--out');
  mkdirSync(out, { recursive: true });
  const sizes: Record<string, { bytes: number; frames: number }> = {};
  for (const s of SAMPLES) {
    if (only.length && !only.includes(s.name)) continue;
    const cap = s.build();
    const bytes = cap.build();
    writeFileSync(join(out, `${s.name}.pcapng`), bytes);
    sizes[s.name] = { bytes: bytes.length, frames: cap.frameCount };
    process.stdout.write(`${s.name}.pcapng: ${cap.frameCount} frames, ${bytes.length} bytes\n`);
  }
  if (!only.length) writeFileSync(join(out, 'README.md'), readme(SAMPLES, sizes));
}

main(process.argv.slice(2));
