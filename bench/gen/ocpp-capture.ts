// The benchmark's OCPP capture generator: a realistic multi-charger OCPP 1.6 + 2.0.1 capture of at least
// 250,000 messages, real WebSocket traffic through ocpp-rpc on loopback recorded with dumpcap into
// bench/out/ocpp-250k.pcapng, with its truth summary in bench/out/ocpp-250k.json; reused when it exists and
// matches the options. The code (and the option list) is in tests/fixtures/ocpp-traffic/benchCapture.ts.
//
// CLI: npx tsx bench/gen/ocpp-capture.ts [--force] [--messages N] [--chargers N] [--meter-per-tx N]
//      [--strict] [--deflate] [--out DIR] [--name NAME]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateBenchCapture } from '../../tests/fixtures/ocpp-traffic/benchCapture';
import type { BenchCaptureOptions } from '../../tests/fixtures/ocpp-traffic/benchCapture';

export { generateBenchCapture } from '../../tests/fixtures/ocpp-traffic/benchCapture';
export type { BenchCaptureOptions, BenchCaptureResult, BenchCaptureSummary, BenchCaptureKey } from '../../tests/fixtures/ocpp-traffic/benchCapture';

function cli(argv: string[]): BenchCaptureOptions {
  const o: BenchCaptureOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === '--force') o.force = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--deflate') o.deflate = true;
    else if (a === '--messages') o.messages = num();
    else if (a === '--chargers') o.chargers = num();
    else if (a === '--meter-per-tx') o.meterValuesPerTransaction = num();
    else if (a === '--out') o.outDir = argv[++i];
    else if (a === '--name') o.name = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  generateBenchCapture(cli(process.argv.slice(2))).then(
    () => process.exit(0),
    (e: Error) => {
      console.error(`ocpp-capture: ${e.message}`);
      process.exit(1);
    },
  );
}
