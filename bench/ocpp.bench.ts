// Issue 2 target: decoding a 250,000-message multi-charger OCPP capture to ndjson takes no longer than
// `tshark -r FILE > /dev/null` on the same file (ratio <= 1.0), with peak memory under 400 MB.
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { alternate, report } from './support/measure';
import { generateBenchCapture } from './gen/ocpp-capture';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function run(): Promise<void> {
  const gen = await generateBenchCapture({});
  const file = gen.pcapngPath;
  if (!existsSync(file)) throw new Error(`no capture at ${file}`);
  console.log(`capture: ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${gen.messages} messages)`);
  const runs = alternate(
    [
      { name: 'vgi-inspect decode (ndjson)', cmd: ['node', root + 'bin/vgi-inspect.mjs', 'decode', file] },
      { name: 'tshark -r', cmd: ['tshark', '-r', file] },
    ],
    Number(process.env.BENCH_ROUNDS ?? 3),
  );
  report('OCPP decode vs tshark', runs, 'tshark -r');
}
