// The benchmark's OCPP capture: real WebSocket traffic between ocpp-rpc endpoints on loopback (one CSMS, many
// charging stations, OCPP 1.6 and 2.0.1 mixed; the session of tests/fixtures/ocpp-traffic/scenario.ts, long
// transactions so MeterValues / TransactionEvent / Heartbeat / StatusNotification dominate), recorded with
// dumpcap into bench/out/<name>.pcapng, with <name>.json beside it: the options, the truth summary (messages per
// version / direction / action, payload bytes), the packet count, file size, dropped packets and timing.
// A file that exists and whose JSON matches the options (and the file size) is reused.
//
// Options (BenchCaptureOptions):
//   messages    minimum number of OCPP messages (WebSocket text frames, both directions) (default 250000)
//   chargers    charging stations (default 200); protocols cycled over them (default ocpp1.6, ocpp2.0.1)
//   meterValuesPerTransaction  periodic meter messages per transaction (default 120)
//   strict      ocpp-rpc schema validation (default false: too slow for 250k on 2 cores; the tests run strict)
//   deflate     permessage-deflate (default false)
//   outDir      default bench/out; name default 'ocpp-250k'
//   bufferMiB   dumpcap kernel buffer (default 256)
//   force       regenerate even if a matching file exists
//   timeoutMs   deadline for the traffic (default 600000)
//   log         progress lines (default console.log)
//
// CLI: npx tsx bench/gen/ocpp-capture.ts [--force] [--messages N] [--chargers N] [--strict] [--deflate]
//      [--out DIR] [--name NAME]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dumpcapAvailable, recordScenario } from '../../tests/fixtures/ocpp-traffic/record';
import type { OcppVersion, TruthSummary } from '../../tests/fixtures/ocpp-traffic/record';

export interface BenchCaptureOptions {
  messages?: number;
  chargers?: number;
  protocols?: OcppVersion[];
  meterValuesPerTransaction?: number;
  strict?: boolean;
  deflate?: boolean;
  outDir?: string;
  name?: string;
  bufferMiB?: number;
  force?: boolean;
  timeoutMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

/** The options that determine the capture's content (what must match for reuse). */
export interface BenchCaptureKey {
  messages: number;
  chargers: number;
  protocols: OcppVersion[];
  meterValuesPerTransaction: number;
  strict: boolean;
  deflate: boolean;
  seed: number;
  generator: number;
}

export interface BenchCaptureSummary {
  key: BenchCaptureKey;
  generatedAt: string;
  /** CSMS TCP port in the capture (decode it as HTTP/WebSocket). */
  port: number;
  /** Wall time of traffic + capture, ms. */
  elapsedMs: number;
  /** Packets in the file (dumpcap's count) and the file's size. */
  packets: number;
  fileBytes: number;
  dropped: number;
  /** OCPP messages and their payload bytes (= truth.messages / truth.payloadBytes). */
  messages: number;
  payloadBytes: number;
  truth: TruthSummary;
  chargers: { identity: string; protocol: OcppVersion; csPort: number; messages: number }[];
}

export interface BenchCaptureResult {
  pcapngPath: string;
  summaryPath: string;
  summary: BenchCaptureSummary;
  /** OCPP messages in the capture (= summary.messages). */
  messages: number;
  /** True when an existing matching file was reused. */
  reused: boolean;
}

/** Bump when the scenario changes in a way that changes the capture. */
const GENERATOR_VERSION = 2;

const here = dirname(fileURLToPath(import.meta.url));

function keyOf(o: BenchCaptureOptions): BenchCaptureKey {
  return {
    messages: Math.max(1, Math.floor(o.messages ?? 250_000)),
    chargers: Math.max(1, Math.floor(o.chargers ?? 200)),
    protocols: o.protocols ?? ['ocpp1.6', 'ocpp2.0.1'],
    meterValuesPerTransaction: o.meterValuesPerTransaction ?? 120,
    strict: o.strict ?? false,
    deflate: o.deflate ?? false,
    seed: o.seed ?? 1,
    generator: GENERATOR_VERSION,
  };
}

function reusable(pcapngPath: string, summaryPath: string, key: BenchCaptureKey): BenchCaptureSummary | null {
  if (!existsSync(pcapngPath) || !existsSync(summaryPath)) return null;
  try {
    const s = JSON.parse(readFileSync(summaryPath, 'utf8')) as BenchCaptureSummary;
    if (JSON.stringify(s.key) !== JSON.stringify(key)) return null;
    if (statSync(pcapngPath).size !== s.fileBytes || s.dropped !== 0) return null;
    return s;
  } catch {
    return null;
  }
}

/** Make (or reuse) the benchmark capture. Throws if dumpcap cannot capture here or dropped packets. */
export async function generateBenchCapture(opts: BenchCaptureOptions = {}): Promise<BenchCaptureResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const key = keyOf(opts);
  const outDir = resolve(opts.outDir ?? join(here, '..', 'out'));
  const name = opts.name ?? 'ocpp-250k';
  const pcapngPath = join(outDir, `${name}.pcapng`);
  const summaryPath = join(outDir, `${name}.json`);

  if (!opts.force) {
    const s = reusable(pcapngPath, summaryPath, key);
    if (s) {
      log(`ocpp-capture: reusing ${pcapngPath} (${s.messages} messages, ${s.packets} packets, ${s.fileBytes} bytes)`);
      return { pcapngPath, summaryPath, summary: s, messages: s.messages, reused: true };
    }
  }
  const avail = dumpcapAvailable('lo');
  if (!avail.available) throw new Error(`cannot generate the OCPP benchmark capture: ${avail.reason}`);
  mkdirSync(outDir, { recursive: true });
  const tmp = `${pcapngPath}.partial`;
  rmSync(tmp, { force: true });

  // Each charger's script ends within a frame or two of its budget.
  const perCharger = Math.ceil(key.messages / key.chargers) + 2;
  log(`ocpp-capture: ${key.chargers} chargers × ~${perCharger} messages (${key.protocols.join(', ')}), strict=${key.strict}, deflate=${key.deflate} …`);
  const t0 = performance.now();
  const rec = await recordScenario({
    chargers: key.chargers,
    messagesPerCharger: perCharger,
    protocols: key.protocols,
    meterValuesPerTransaction: key.meterValuesPerTransaction,
    strict: key.strict,
    deflate: key.deflate,
    seed: key.seed,
    keepMessages: false,
    callTimeoutMs: 0,
    timeoutMs: opts.timeoutMs ?? 600_000,
    bufferMiB: opts.bufferMiB ?? 256,
    pcapngPath: tmp,
    comment: `VGI Inspector benchmark: ${key.chargers} OCPP chargers (${key.protocols.join('/')}) on loopback via ocpp-rpc`,
  });
  const elapsedMs = Math.round(performance.now() - t0);
  const t = rec.truth;
  if (rec.dropped !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`dumpcap dropped ${rec.dropped} packets (${JSON.stringify(rec.stats.droppedBy)}); raise bufferMiB or lower chargers`);
  }
  if (t.problems.length || t.validationFailures.length) {
    rmSync(tmp, { force: true });
    throw new Error(`scenario problems: ${[...t.problems, ...t.validationFailures].slice(0, 5).join('; ')}`);
  }
  if (t.summary.messages < key.messages) {
    rmSync(tmp, { force: true });
    throw new Error(`only ${t.summary.messages} messages of ${key.messages} were sent`);
  }
  renameSync(tmp, pcapngPath);
  const fileBytes = statSync(pcapngPath).size;
  const summary: BenchCaptureSummary = {
    key,
    generatedAt: new Date().toISOString(),
    port: rec.port,
    elapsedMs,
    packets: rec.stats.captured ?? 0,
    fileBytes,
    dropped: rec.dropped,
    messages: t.summary.messages,
    payloadBytes: t.summary.payloadBytes,
    truth: t.summary,
    chargers: t.chargers.map((c) => ({ identity: c.identity, protocol: c.protocol, csPort: c.csPort, messages: c.messages })),
  };
  writeFileSync(summaryPath, JSON.stringify(summary, null, 1) + '\n');
  const s = elapsedMs / 1000;
  log(
    `ocpp-capture: ${summary.messages} messages (${Math.round(summary.messages / s)}/s), ${summary.payloadBytes} payload bytes, ` +
      `${summary.packets} packets, ${fileBytes} bytes in ${s.toFixed(1)} s, dropped ${summary.dropped} → ${pcapngPath}`,
  );
  return { pcapngPath, summaryPath, summary, messages: summary.messages, reused: false };
}

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
