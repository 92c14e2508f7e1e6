// IEEE 2030.5 application/sep-exi over real HTTP (IEEE 2030.5-2018 §5.6.3): every corpus payload, encoded
// as EXI by the project's encoder, crosses node:http on loopback (GET responses in every framing, client
// POSTs), dumpcap records it, and `vgi-inspect decode` (in-process) gives for each the record the same
// resource gives as application/sep+xml: protocol, version, name, function set, body (hexBinary in upper
// case), links. A half EXI body is one record with an ieee2030_5.exi error. Truth:
// tests/fixtures/grid-traffic/sepExiScenario.ts (what was sent on which connection; names and editions
// read from the files by regex) and the XML decode of the same file.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { MessageRecord } from '../../parsers/engine/record';
import { createIeee2030_5Context, decode2030_5 } from '../../parsers/protocols/ieee2030_5';
import { decodeRecords } from '../support/cli';
import { hasSharedCorpus, loadGridCorpus, SHARED_DIR } from '../fixtures/grid-traffic/corpus';
import type { GridCorpus } from '../fixtures/grid-traffic/corpus';
import { prepareSepExiScenario } from '../fixtures/grid-traffic/sepExiScenario';
import type { SepExiTruth } from '../fixtures/grid-traffic/sepExiScenario';
import { dumpcapAvailable, recordTraffic, removeRecording } from '../fixtures/grid-traffic/record';
import type { Recorded } from '../fixtures/grid-traffic/record';

const capture = dumpcapAvailable('lo');
const skipReason = !capture.available ? capture.reason : !hasSharedCorpus ? `../shared not found at ${SHARED_DIR}` : '';
const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));

/** Hex strings in upper case: EXI keeps hexBinary octets, not their letter case. */
function upperHex(v: unknown): unknown {
  if (typeof v === 'string') return /^([0-9a-fA-F]{2})+$/.test(v) ? v.toUpperCase() : v;
  if (Array.isArray(v)) return v.map(upperHex);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, upperHex(x)]));
  return v;
}

/** The body the XML path gives for the original file. */
function xmlBody(bytes: Uint8Array): unknown {
  return decode2030_5({ method: 'GET', target: '/x', status: 200, contentType: 'application/sep+xml', body: bytes, isRequest: false }, createIeee2030_5Context()).body;
}

describe.skipIf(skipReason !== '')(`2030.5 application/sep-exi through dumpcap${skipReason ? ` [skipped: ${skipReason}]` : ''}`, () => {
  let corpus: GridCorpus;
  let rec: Recorded<{ messages: SepExiTruth[]; problems: string[]; notEncodable: string[] }>;
  let records: MessageRecord[];
  const matched = new Map<SepExiTruth, MessageRecord[]>();

  beforeAll(async () => {
    corpus = loadGridCorpus({ validate: false });
    const scenario = await prepareSepExiScenario(corpus);
    rec = await recordTraffic(scenario);
    const out = await decodeRecords(rec.pcapngPath);
    expect(out.run.status).toBe(0);
    records = out.records;
    const serverPort = scenario.ports.sep;
    for (const m of rec.truth.messages) {
      matched.set(m, records.filter((r) => {
        const client = portOf(r.src) === serverPort ? portOf(r.dst) : portOf(r.src);
        return client === m.clientPort && Number(r.id.split('.')[1]) === m.exchange && r.kind === m.kind;
      }));
    }
  }, 120_000);

  afterAll(() => {
    if (rec) removeRecording(rec);
  });

  it('sent every payload as EXI, in every framing, and recorded all of it', () => {
    expect(rec.dropped).toBe(0);
    expect(rec.truth.problems).toEqual([]);
    expect(rec.truth.notEncodable).toEqual([]);
    const withFile = rec.truth.messages.filter((m) => m.file);
    expect(new Set(withFile.map((m) => m.file)).size).toBe(corpus.sep.length);
    for (const f of ['length', 'chunked', 'gzip', 'gzip-chunked']) expect(withFile.some((m) => m.framing === f), f).toBe(true);
    expect(withFile.some((m) => m.kind === 'request')).toBe(true);
  });

  it('one record per EXI message, named and versioned like the XML, with the XML\'s body and links', () => {
    let compared = 0;
    for (const m of rec.truth.messages.filter((x) => x.file)) {
      const rs = matched.get(m)!;
      const what = `${m.method} ${m.target} ${m.kind} (${m.file})`;
      expect(rs, what).toHaveLength(1);
      const r = rs[0];
      const p = corpus.sep.find((x) => x.rel === m.file)!;
      expect([r.protocol, r.version, r.name], what).toEqual(['ieee2030.5', m.version, m.name]);
      expect(r.diagnostics, what).toEqual([]);
      expect(upperHex(r.body), what).toEqual(upperHex(xmlBody(p.bytes)));
      expect(r.body, what).toEqual(upperHex(r.body)); // EXI shows hexBinary in upper case
      compared++;
    }
    expect(compared).toBe(corpus.sep.length);
  });

  it('a damaged EXI body: one record, named from its request, an ieee2030_5.exi error', () => {
    const m = rec.truth.messages.find((x) => x.damaged)!;
    const rs = matched.get(m)!;
    expect(rs).toHaveLength(1);
    expect(rs[0].name).toBe('EndDevice');
    expect(rs[0].diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['ieee2030_5.exi']);
    expect(typeof (rs[0].body as { exi_hex?: string }).exi_hex).toBe('string');
  });
});
