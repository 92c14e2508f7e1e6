// Issue 4 target: the engine decoding and validating a large capture of OpenADR 2.0 and IEEE 2030.5 exchanges
// (pcapng → TCP → HTTP → XML parse + schema validation → annotated records) takes at most 3x the time
// fast-xml-parser alone needs to parse the same bodies. Both in-process, measured alternately in the same
// run: (a) createInspector fed the capture (already in memory) in 1 MiB slices; (b) XMLParser.parse over the
// bodies, extracted once beforehand through the engine's HTTP layer (the raw payload of each grid record) and
// decoded to strings outside the timing, parsed into the tree the engine builds (the options safeXml.ts gave
// fast-xml-parser before parsers/protocols/xml/tree.ts replaced it: preserveOrder, attributes, no value
// parsing, no entities) — the baseline of the target — and, for reference, with fast-xml-parser's defaults
// (attributes kept).
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { createInspector } from '../parsers/engine/inspector';
import type { MessageRecord } from '../parsers/engine/record';
import { median } from './support/measure';
import { generateGridCapture } from './gen/grid-capture';

const SLICE = 1 << 20;

/** Wall time and this process's CPU time (user + system, all threads: includes GC), ms. */
interface Timing { wall: number; cpu: number }
const now = (): Timing => {
  const u = process.cpuUsage();
  return { wall: performance.now(), cpu: (u.user + u.system) / 1000 };
};
const since = (t0: Timing): Timing => {
  const t = now();
  return { wall: t.wall - t0.wall, cpu: t.cpu - t0.cpu };
};

function decodeCapture(file: Uint8Array, onRecord?: (r: MessageRecord, raw?: Uint8Array) => void): number {
  let n = 0;
  const inspector = createInspector({
    onRecord(r, extras) {
      n++;
      onRecord?.(r, extras.raw);
    },
  });
  for (let i = 0; i < file.length; i += SLICE) inspector.push(file.subarray(i, i + SLICE));
  inspector.end();
  return n;
}

function bodyText(b: Uint8Array): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return new TextDecoder().decode(b);
}

function fxpParser(): XMLParser {
  return new XMLParser({
    preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false,
    parseAttributeValue: false, processEntities: false, htmlEntities: false, ignoreDeclaration: true, ignorePiTags: true,
    cdataPropName: '#cdata', commentPropName: false, jPath: false,
  });
}

export async function run(): Promise<void> {
  const gen = await generateGridCapture({});
  const file = new Uint8Array(readFileSync(gen.pcapngPath));
  const bodies: string[] = [];
  let records = 0;
  let xmlBytes = 0;
  decodeCapture(file, (r, raw) => {
    records++;
    const xml = r.protocol === 'ieee2030.5' || (r.protocol === 'openadr' && r.version !== '3.0');
    if (xml && raw && raw.length > 0 && !r.diagnostics.some((d) => d.code.endsWith('.not_decoded'))) {
      bodies.push(bodyText(raw));
      xmlBytes += raw.length;
    }
  });
  console.log(`\n## Grid decode+validate vs fast-xml-parser`);
  console.log(`capture: ${gen.pcapngPath} (${(file.length / 1e6).toFixed(1)} MB, ${gen.summary.messages} HTTP messages); `
    + `${records} records, ${bodies.length} XML bodies (${(xmlBytes / 1e6).toFixed(1)} MB)`);

  const parser = fxpParser();
  const plain = new XMLParser({ ignoreAttributes: false });
  const engineRun = (): Timing => {
    const t0 = now();
    const n = decodeCapture(file);
    const t = since(t0);
    if (n !== records) throw new Error(`engine gave ${n} records, first run ${records}`);
    return t;
  };
  const fxpRun = (p: XMLParser) => (): Timing => {
    let nodes = 0;
    const t0 = now();
    for (const b of bodies) nodes += Object.keys(p.parse(b) as object).length;
    const t = since(t0);
    if (nodes < bodies.length) throw new Error('fast-xml-parser returned empty documents');
    return t;
  };
  const candidates: Array<[string, () => Timing, Timing[]]> = [
    ['engine (createInspector)', engineRun, []],
    ['fast-xml-parser, engine options', fxpRun(parser), []],
    ['fast-xml-parser, defaults', fxpRun(plain), []],
  ];
  for (const [, f] of candidates) f(); // warm-up
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? candidates : [...candidates].reverse();
    for (const [, f, times] of order) times.push(f());
  }
  const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
  const wall = (ts: Timing[]): number => median(ts.map((t) => t.wall));
  const cpu = (ts: Timing[]): number => median(ts.map((t) => t.cpu));
  const e = candidates[0][2];
  for (const [name, , times] of candidates) {
    const t = wall(times);
    const mbs = name.startsWith('engine') ? `${(file.length / 1e6 / (t / 1000)).toFixed(1)} MB/s of capture` : `${(xmlBytes / 1e6 / (t / 1000)).toFixed(1)} MB/s of XML`;
    const vs = name.startsWith('engine') ? '' : `  engine/this: ${(wall(e) / t).toFixed(2)} wall, ${(cpu(e) / cpu(times)).toFixed(2)} CPU`;
    console.log(`${name.padEnd(34)} median ${t.toFixed(0).padStart(5)} ms wall, ${cpu(times).toFixed(0).padStart(5)} ms CPU  (wall runs: ${fmt(times.map((x) => x.wall))})  ${mbs}${vs}`);
  }
  const base = candidates[1][2];
  console.log(`ratio engine / fast-xml-parser (engine options): ${(wall(e) / wall(base)).toFixed(2)} wall, ${(cpu(e) / cpu(base)).toFixed(2)} CPU time (target <= 3)`);
}

if (process.argv[1]?.endsWith('grid.bench.ts')) {
  run().catch((err: Error) => {
    console.error(err);
    process.exit(1);
  });
}
