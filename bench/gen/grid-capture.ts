// The grid benchmark's capture: the scenario of tests/fixtures/grid-traffic (every OpenADR 2.0 and IEEE 2030.5
// payload file of ../shared exchanged over real node:http connections on loopback: VEN requests, VTN push and
// poll responses, 2030.5 GETs and PUT/POSTs; keep-alive and fresh connections; chunked and gzip responses)
// repeated round after round until the pcapng file reaches the target size, recorded with dumpcap into
// bench/out/<name>.pcapng, with <name>.json beside it (options, rounds, message and body-byte counts, packets,
// dropped). A file whose JSON matches the options (and the file size) is reused.
//
// CLI: npx tsx bench/gen/grid-capture.ts [--force] [--mb N] [--out DIR] [--name NAME]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasSharedCorpus, loadGridCorpus, SHARED_DIR } from '../../tests/fixtures/grid-traffic/corpus';
import { prepareGridScenario } from '../../tests/fixtures/grid-traffic/scenario';
import { dumpcapAvailable, recordTraffic } from '../../tests/fixtures/grid-traffic/record';

export interface GridCaptureOptions {
  /** Target capture size in MB (10^6 bytes); default 40. */
  mb?: number;
  outDir?: string;
  name?: string;
  force?: boolean;
  bufferMiB?: number;
  log?: (line: string) => void;
}

/** Bump when the scenario changes in a way that changes the capture. */
const GENERATOR_VERSION = 1;

export interface GridCaptureSummary {
  key: { mb: number; generator: number };
  generatedAt: string;
  rounds: number;
  elapsedMs: number;
  packets: number;
  fileBytes: number;
  dropped: number;
  /** HTTP messages sent, those with a body, and body bytes (as the decoder sees them), per protocol. */
  messages: number;
  withBody: { openadr: number; 'ieee2030.5': number };
  bodyBytes: { openadr: number; 'ieee2030.5': number };
}

export interface GridCaptureResult {
  pcapngPath: string;
  summary: GridCaptureSummary;
  reused: boolean;
}

const here = dirname(fileURLToPath(import.meta.url));

export async function generateGridCapture(opts: GridCaptureOptions = {}): Promise<GridCaptureResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const key = { mb: Math.max(1, opts.mb ?? 40), generator: GENERATOR_VERSION };
  const outDir = resolve(opts.outDir ?? join(here, '..', 'out'));
  const name = opts.name ?? `grid-${key.mb}mb`;
  const pcapngPath = join(outDir, `${name}.pcapng`);
  const summaryPath = join(outDir, `${name}.json`);
  if (!opts.force && existsSync(pcapngPath) && existsSync(summaryPath)) {
    try {
      const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as GridCaptureSummary;
      if (JSON.stringify(s.key) === JSON.stringify(key) && statSync(pcapngPath).size === s.fileBytes && s.dropped === 0) {
        log(`grid-capture: reusing ${pcapngPath} (${s.messages} HTTP messages, ${s.fileBytes} bytes)`);
        return { pcapngPath, summary: s, reused: true };
      }
    } catch {
      /* regenerate */
    }
  }
  if (!hasSharedCorpus) throw new Error(`cannot generate the grid capture: ../shared not found at ${SHARED_DIR}`);
  const avail = dumpcapAvailable('lo');
  if (!avail.available) throw new Error(`cannot generate the grid capture: ${avail.reason}`);
  mkdirSync(outDir, { recursive: true });
  const tmp = `${pcapngPath}.partial`;
  rmSync(tmp, { force: true });

  const target = key.mb * 1e6;
  let messages = 0;
  const withBody = { openadr: 0, 'ieee2030.5': 0 };
  const bodyBytes = { openadr: 0, 'ieee2030.5': 0 };
  let rounds = 0;
  const size = (): number => (existsSync(tmp) ? statSync(tmp).size : 0);
  log(`grid-capture: recording rounds of the grid scenario until ${key.mb} MB …`);
  const t0 = performance.now();
  const scenario = await prepareGridScenario({
    corpus: loadGridCorpus({ validate: false }),
    rounds: 100_000,
    rest: false,
    keepMessages: false,
    onMessage: (m) => {
      messages++;
      if (m.bodyBytes > 0) {
        withBody[m.protocol]++;
        bodyBytes[m.protocol] += m.bodyBytes;
      }
    },
    // dumpcap's file lags the traffic by up to a second; stop a little early and let the tail land.
    stopAfterRound: (n) => {
      rounds = n;
      return size() >= target * 0.98;
    },
  });
  const rec = await recordTraffic(scenario, { pcapngPath: tmp, bufferMiB: opts.bufferMiB ?? 256, comment: `VGI Inspector grid benchmark: OpenADR 2.0 and IEEE 2030.5 over HTTP on loopback` });
  if (rec.truth.problems.length) {
    rmSync(tmp, { force: true });
    throw new Error(`scenario problems: ${rec.truth.problems.slice(0, 5).join('; ')}`);
  }
  if (rec.dropped !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`dumpcap dropped ${rec.dropped} packets`);
  }
  renameSync(tmp, pcapngPath);
  const summary: GridCaptureSummary = {
    key, generatedAt: new Date().toISOString(), rounds, elapsedMs: Math.round(performance.now() - t0),
    packets: rec.stats.captured ?? 0, fileBytes: statSync(pcapngPath).size, dropped: rec.dropped, messages, withBody, bodyBytes,
  };
  writeFileSync(summaryPath, JSON.stringify(summary, null, 1) + '\n');
  log(`grid-capture: ${rounds} rounds, ${messages} HTTP messages, ${summary.packets} packets, ${summary.fileBytes} bytes in `
    + `${(summary.elapsedMs / 1000).toFixed(1)} s → ${pcapngPath}`);
  return { pcapngPath, summary, reused: false };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const o: GridCaptureOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--force') o.force = true;
    else if (a === '--mb') o.mb = Number(argv[++i]);
    else if (a === '--out') o.outDir = argv[++i];
    else if (a === '--name') o.name = argv[++i];
    else {
      console.error(`grid-capture: unknown option ${a}`);
      process.exit(1);
    }
  }
  generateGridCapture(o).then(() => process.exit(0), (e: Error) => {
    console.error(`grid-capture: ${e.message}`);
    process.exit(1);
  });
}
