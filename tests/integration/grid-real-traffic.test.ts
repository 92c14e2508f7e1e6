// Acceptance (issue 4): every OpenADR and IEEE 2030.5 payload file of ../shared crosses real node:http
// connections on loopback (keep-alive and not, chunked and gzip-compressed responses, OpenADR 2.0b push and
// pull, 2030.5 GET and PUT/POST, OpenADR 3.0 REST), dumpcap records it, and `vgi-inspect decode` (in-process)
// gives exactly one record per HTTP message with the right protocol, version, name, kind, direction and
// pathway. Truth: tests/fixtures/grid-traffic (what was sent, on which connection; names from the files'
// root elements read by regex; validity from xmllint). Then hostile bodies over real HTTP decode quickly, in
// bounded memory, with the diagnostics that name the problem.
//
// Decisions checked here: body-less 2030.5 GET requests are records named after the resource they fetch
// (when an earlier body announced that href through a Link, or the resource was served there before;
// otherwise the decoder may guess from the standard's paths or say '?'); 201/204 responses without a body
// are records named after their request; OpenADR 2.0's empty 200 acknowledgements are not records; an HTML
// error page answering an OpenADR request is a record named after the request, not decoded, with warnings.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { MessageRecord } from '../../parsers/engine/record';
import { decodeRecords } from '../support/cli';
import { hasXmllint } from '../fixtures/grid/truth';
import { hasSharedCorpus, loadGridCorpus, SHARED_DIR } from '../fixtures/grid-traffic/corpus';
import type { GridCorpus } from '../fixtures/grid-traffic/corpus';
import { prepareGridScenario } from '../fixtures/grid-traffic/scenario';
import type { GridScenarioTruth, GridTruthMessage } from '../fixtures/grid-traffic/scenario';
import { prepareHostileScenario } from '../fixtures/grid-traffic/hostile';
import { dumpcapAvailable, recordTraffic, removeRecording } from '../fixtures/grid-traffic/record';
import type { Recorded } from '../fixtures/grid-traffic/record';

const capture = dumpcapAvailable('lo');
const lint = hasXmllint();

const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
const errorsOf = (r: MessageRecord): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

/** Records by (client port, exchange number on the connection, kind): what the truth knows of each message. */
function indexRecords(records: MessageRecord[], serverPorts: Set<number>): Map<string, MessageRecord[]> {
  const out = new Map<string, MessageRecord[]>();
  for (const r of records) {
    const clientPort = serverPorts.has(portOf(r.src)) ? portOf(r.dst) : portOf(r.src);
    const exchange = Number(r.id.split('.')[1]);
    const k = `${clientPort}|${exchange}|${r.kind}`;
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

const skipReason = !capture.available ? capture.reason : !hasSharedCorpus ? `../shared not found at ${SHARED_DIR}` : '';

describe.skipIf(skipReason !== '')(`grid real traffic through dumpcap${skipReason ? ` [skipped: ${skipReason}]` : ''}`, () => {
  let corpus: GridCorpus;
  let rec: Recorded<GridScenarioTruth>;
  let records: MessageRecord[];
  let byKey: Map<string, MessageRecord[]>;
  const matched = new Map<GridTruthMessage, MessageRecord>();

  beforeAll(async () => {
    corpus = loadGridCorpus();
    rec = await recordTraffic(await prepareGridScenario({ corpus }));
    const out = await decodeRecords(rec.pcapngPath);
    expect(out.run.status).toBe(0);
    expect(out.run.stderr).toBe('');
    records = out.records;
    byKey = indexRecords(records, new Set(Object.values(rec.truth.ports)));
    for (const m of rec.truth.messages) {
      const rs = byKey.get(`${m.clientPort}|${m.exchange}|${m.kind}`);
      if (rs?.length === 1) matched.set(m, rs[0]);
    }
  }, 120_000);

  afterAll(() => {
    if (rec) removeRecording(rec);
  });

  it('recorded every exchange completely', () => {
    expect(rec.dropped).toBe(0);
    expect(rec.truth.problems).toEqual([]);
    expect(corpus.openadr.length).toBeGreaterThanOrEqual(59);
    expect(corpus.raw.length).toBe(2);
    expect(corpus.sep.length).toBeGreaterThanOrEqual(19);
    // every payload file was exchanged: VEN files once, VTN files pushed and pulled, 2030.5 files fetched
    const sent = new Map<string, number>();
    for (const m of rec.truth.messages) if (m.file) sent.set(`${m.protocol}:${m.file}`, (sent.get(`${m.protocol}:${m.file}`) ?? 0) + 1);
    for (const p of corpus.openadr) expect(sent.get(`openadr:${p.rel}`), p.rel).toBe(p.sender === 'VEN' ? 1 : 2);
    for (const p of corpus.raw) expect(sent.get(`openadr:${p.rel}`), p.rel).toBe(1);
    for (const p of corpus.sep) expect(sent.get(`ieee2030.5:${p.rel}`), p.rel).toBeGreaterThanOrEqual(1);
    const modes = new Set(rec.truth.messages.map((m) => `${m.mode}/${m.framing}`));
    for (const f of ['length', 'chunked', 'gzip', 'gzip-chunked']) expect([...modes].some((x) => x.endsWith(`/${f}`)), f).toBe(true);
  });

  it('gives exactly one record per HTTP message, and no others', () => {
    const expected = rec.truth.messages.filter((m) => m.expectRecord);
    for (const m of rec.truth.messages) {
      const n = byKey.get(`${m.clientPort}|${m.exchange}|${m.kind}`)?.length ?? 0;
      expect(n, `${m.method} ${m.target} ${m.kind} (${m.source})`).toBe(m.expectRecord ? 1 : 0);
    }
    expect(records.length).toBe(expected.length);
    // capture order
    for (let i = 1; i < records.length; i++) expect(records[i].frame).toBeGreaterThanOrEqual(records[i - 1].frame);
  });

  it('names each message, its version, kind, direction and pathway', () => {
    for (const m of rec.truth.messages.filter((x) => x.expectRecord)) {
      const r = matched.get(m)!;
      const what = `${m.seq} ${m.method} ${m.target} ${m.kind} (${m.source})`;
      expect(r, what).toBeDefined();
      expect(r.protocol, what).toBe(m.protocol);
      if (m.version !== undefined) expect(r.version, what).toBe(m.version);
      expect(m.names, `${what}: name ${r.name}`).toContain(r.name);
      expect(r.kind, what).toBe(m.kind);
      expect([r.from, r.to], what).toEqual([m.from, m.to]);
      expect(r.pathway, what).toBe('utility-nsp');
      const [client, server] = m.kind === 'request' ? [r.src, r.dst] : [r.dst, r.src];
      expect([portOf(client), portOf(server)], what).toEqual([m.clientPort, m.serverPort]);
    }
  });

  it('OpenADR 2.0: VEN- and VTN-originated messages in push and pull mode', () => {
    const count = (mode: string, from: string): number => rec.truth.messages.filter((m) => m.mode === mode && m.kind === 'request' && m.from === from).length;
    expect(count('ven', 'nsp')).toBeGreaterThan(15);
    expect(count('push', 'utility')).toBeGreaterThan(30);
    expect(count('pull', 'nsp')).toBe(count('push', 'utility'));
    // a pushed oadrDistributeEvent comes from the VTN; the same file in a poll response too
    const pushed = rec.truth.messages.find((m) => m.mode === 'push' && m.kind === 'request' && m.names[0] === 'oadrDistributeEvent')!;
    const pulled = rec.truth.messages.find((m) => m.mode === 'pull' && m.kind === 'response' && m.file === pushed.file)!;
    expect([matched.get(pushed)!.from, matched.get(pulled)!.from]).toEqual(['utility', 'utility']);
    expect(matched.get(pulled)!.kind).toBe('response');
  });

  it.skipIf(!lint)(`schema verdicts agree with xmllint, and only invalid payloads carry errors${lint ? '' : ' [skipped: xmllint not installed]'}`, () => {
    let invalid = 0, valid = 0;
    for (const m of rec.truth.messages.filter((x) => x.expectRecord)) {
      const r = matched.get(m)!;
      const what = `${m.source} ${m.kind}: ${JSON.stringify(r.diagnostics)}`;
      const errors = errorsOf(r);
      if (m.schemaValid === false) {
        invalid++;
        if (r.version === '2.0a') {
          // only the 2.0b schema is carried: an info says the 2.0a message was not validated
          expect(r.diagnostics.map((d) => d.code), what).toContain('openadr.schema_unavailable');
          expect(errors, what).toEqual([]);
        } else {
          const schemaCode = m.protocol === 'openadr' ? 'openadr.schema' : 'ieee2030_5.schema';
          expect(errors, what).toContain(schemaCode);
          for (const e of errors) expect([schemaCode, 'openadr.no_signed_object'], what).toContain(e);
        }
      } else {
        if (m.schemaValid === true) valid++;
        expect(errors, what).toEqual([]);
      }
    }
    expect(invalid).toBeGreaterThan(15);
    expect(valid).toBeGreaterThan(100);
    // files named "unvalidation…": schema errors, except those xmllint accepts (or 2.0a, not validated)
    for (const p of corpus.openadr.filter((x) => /\/unvalidation/.test(`/${x.rel}`))) {
      const m = rec.truth.messages.find((x) => x.file === p.rel)!;
      const r = matched.get(m)!;
      if (p.schemaValid && p.version === '2.0b') expect(errorsOf(r), p.rel).toEqual([]);
      else if (p.version === '2.0b') expect(errorsOf(r), p.rel).toContain('openadr.schema');
    }
  });

  it('bodies: XML as JSON with the attributes the file has, OpenADR 3.0 JSON as sent', () => {
    for (const m of rec.truth.messages.filter((x) => x.expectRecord)) {
      const r = matched.get(m)!;
      if (m.json !== undefined) expect(r.body, m.source).toEqual(m.json);
      if (m.protocol === 'ieee2030.5' && m.file && m.kind === 'response') {
        const p = corpus.sep.find((x) => x.rel === m.file)!;
        expect(typeof r.body, m.file).toBe('object');
        if (p.href) expect((r.body as { href?: string }).href, m.file).toBe(p.href);
      }
      if (m.protocol === 'openadr' && m.file && m.schemaValid) expect(typeof r.body, m.file).toBe('object');
    }
  });

  it('2030.5: GET requests are records named after the resource they fetch', () => {
    const gets = rec.truth.messages.filter((m) => m.mode === 'get' && m.kind === 'request');
    expect(gets.length).toBe(corpus.sep.length);
    const strict = gets.filter((m) => m.names.length === 1);
    expect(strict.length).toBeGreaterThanOrEqual(4); // announced by an earlier Link
    for (const m of strict) expect(matched.get(m)!.name, m.target).toBe(m.names[0]);
    for (const m of rec.truth.messages.filter((x) => x.mode === 'write' && x.kind === 'response')) {
      expect(matched.get(m)!.name, `${m.method} ${m.target}`).toBe(m.names[0]);
    }
  });

  it('an HTML error page answering an OpenADR request: named after the request, not decoded, warned', () => {
    const m = rec.truth.messages.find((x) => x.source.startsWith('raw:') && x.status === 404)!;
    const r = matched.get(m)!;
    expect(r.name).toBe('oadrQueryRegistration');
    expect(r.body).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'openadr.not_decoded'], ['warning', 'openadr.http_error']]);
  });
});

describe.skipIf(!capture.available)(`hostile grid bodies over real HTTP${capture.available ? '' : ` [skipped: ${capture.reason}]`}`, () => {
  it('billion laughs, 10,000-deep nesting, 50 MB, invalid UTF-8, a gzip bomb: diagnostics, fast, bounded memory', async () => {
    const rec = await recordTraffic(await prepareHostileScenario());
    try {
      expect(rec.dropped).toBe(0);
      expect(rec.truth.problems).toEqual([]);
      const before = process.memoryUsage();
      const t0 = performance.now();
      const { records, run } = await decodeRecords(rec.pcapngPath);
      const ms = performance.now() - t0;
      const after = process.memoryUsage();
      expect(run.status).toBe(0);
      for (const m of rec.truth.messages) {
        const r = records.filter((x) => x.protocol === m.protocol && x.kind === m.kind && Number(x.id.split('.')[1]) === m.exchange
          && portOf(m.kind === 'request' ? x.src : x.dst) === m.clientPort);
        expect(r, m.what).toHaveLength(1);
        expect(r[0].diagnostics.map((d) => d.code), m.what).toContain(m.code);
        if (m.what.startsWith('billion laughs')) expect(JSON.stringify(r[0].body ?? '')).not.toContain('lollol');
      }
      // A 50 MB body and a 100 MiB gzip bomb: seconds, not minutes; what the records retain stays far below
      // the bytes the bodies would expand to.
      expect(ms).toBeLessThan(20_000);
      const retained = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20;
      expect(retained).toBeLessThan(400);
      // Peak memory of the same decode in a process of its own (getrusage maxRSS): a few times the largest body.
      const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../fixtures/grid-traffic/decodePeak.ts', import.meta.url)), rec.pcapngPath],
        { encoding: 'utf8', timeout: 60_000 });
      expect(child.status, child.stderr).toBe(0);
      const peak = JSON.parse(child.stdout.trim().split('\n').pop()!) as { status: number; ms: number; records: number; maxRssMiB: number; startRssMiB: number };
      expect(peak.records).toBe(records.length);
      expect(peak.ms).toBeLessThan(20_000);
      expect(peak.maxRssMiB - peak.startRssMiB).toBeLessThan(600);
    } finally {
      removeRecording(rec);
    }
  }, 90_000);
});
