// IEEE 2030.5 resources over the corpus payloads, paging, links and the link context, units, EXI, and
// the generated schema definitions. Truth: root elements and namespaces read with regular expressions,
// xmllint --schema against the edition's sep.xsd, Annex C's example (GET /derp/0/derc?s=0&l=1 in the
// file's own comment), global element declarations counted in sep.xsd, and hand-computed unit scaling.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIeee2030_5Context, decode2030_5, displayValue, functionSetOf, looksLike2030_5, resourceNames } from '../../../parsers/protocols/ieee2030_5';
import type { HttpExchangeView } from '../../../parsers/protocols/ieee2030_5';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';
import { hasXmllint, mutants, rootInfo, textOf, xmllintValid } from '../../fixtures/grid/truth';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SEP2018 = sharedPath('corpus/schemas/ieee2030.5/2030.5-2018_v2.1.0/sep.xsd');
const SEP2013 = sharedPath('corpus/schemas/ieee2030.5/2030.5-2013_v2.0.4/sep.xsd');

function response(body: Uint8Array, target: string, exchangeId = 1): HttpExchangeView {
  return { method: 'GET', target, status: 200, contentType: 'application/sep+xml', body, isRequest: false, exchangeId };
}

describeShared('IEEE 2030.5 corpus payloads', () => {
  const files = sharedFiles('corpus/payloads/ieee2030.5', /\.xml$/);
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(19));
  for (const f of files) {
    it(relative(sharedPath('corpus/payloads/ieee2030.5'), f), () => {
      const bytes = new Uint8Array(readFileSync(f));
      const x = response(bytes, '/x');
      expect(looksLike2030_5({ ...x, contentType: undefined })).toBe(true);
      const m = decode2030_5(x, createIeee2030_5Context());
      const truth = rootInfo(textOf(bytes));
      expect(m.protocol).toBe('ieee2030.5');
      expect(m.version).toBe(truth.ns === 'http://ieee.org/2030.5' ? '2013' : '2018');
      expect(m.name).toBe(truth.local);
      expect(m.functionSet).toBeDefined();
      const valid = hasXmllint() ? xmllintValid(m.version === '2013' ? SEP2013 : SEP2018, f) : true;
      expect(m.diagnostics.filter((d) => d.code === 'ieee2030_5.schema'), JSON.stringify(m.diagnostics)).toHaveLength(valid ? 0 : 1);
    });
  }

  it.skipIf(!hasXmllint())('agrees with xmllint on mutated 2018 resources', () => {
    let compared = 0, invalid = 0;
    for (const f of files.filter((p) => p.includes('bsgip_envoy') || p.includes('GRIDAPPSD')).slice(0, 8)) {
      for (const mu of mutants(readFileSync(f, 'utf8'))) {
        const lintOk = xmllintValid(SEP2018, mu.text);
        const m = decode2030_5(response(new TextEncoder().encode(mu.text), '/x'), createIeee2030_5Context());
        const ours = m.diagnostics.filter((d) => d.code === 'ieee2030_5.schema').length === 0;
        expect(ours, `${f} ${mu.what}: ${JSON.stringify(m.diagnostics)}`).toBe(lintOk);
        compared++;
        if (!lintOk) invalid++;
      }
    }
    expect(compared).toBeGreaterThan(30);
    expect(invalid).toBeGreaterThan(10);
  });

  it('reads paging and links, and resolves hrefs to the exchanges that fetched them', () => {
    const text = readFileSync(sharedPath('corpus/payloads/ieee2030.5/bsgip_envoy/does__dercontrollist.xml'), 'utf8');
    const target = /GET (\S+)/.exec(text)![1]; // the file's own comment names the request
    const ctx = createIeee2030_5Context();
    const req = decode2030_5({ method: 'GET', target, contentType: undefined, body: new Uint8Array(0), isRequest: true }, ctx);
    expect(req.paging).toEqual({ start: 0, limit: 1 });
    const m = decode2030_5(response(new TextEncoder().encode(text), target, 7), ctx);
    const all = Number(/all="(\d+)"/.exec(text)![1]), results = Number(/results="(\d+)"/.exec(text)![1]);
    expect(m.paging).toEqual({ start: 0, limit: 1, all, results });
    expect(m.functionSet).toBe('DER');
    expect(m.links?.map((l) => l.href)).toEqual([...text.matchAll(/href="([^"]+)"/g)].map((h) => h[1]));
    // The list's own href was fetched by exchange 7: a later body linking to it resolves to that exchange.
    const program = `<DERProgram xmlns="urn:ieee:std:2030.5:ns" href="/derp/0"><mRID>AB</mRID><DERControlListLink href="/derp/0/derc" all="2"/><primacy>0</primacy></DERProgram>`;
    const p = decode2030_5(response(new TextEncoder().encode(program), '/derp/0', 8), ctx);
    expect(p.diagnostics).toEqual([]);
    expect(p.links?.find((l) => l.rel === 'DERControlListLink')).toEqual({ rel: 'DERControlListLink', href: '/derp/0/derc', resource: 'DERControlList', fetchedBy: 7 });
    // A body-less GET of a linked href is named after the link.
    const ctx2 = createIeee2030_5Context();
    decode2030_5(response(new TextEncoder().encode(program), '/derp/0', 1), ctx2);
    expect(decode2030_5({ method: 'GET', target: '/derp/0/derc', contentType: undefined, body: new Uint8Array(0), isRequest: true }, ctx2).name).toBe('DERControlList');
  });
});

describe('IEEE 2030.5 without the corpus', () => {
  it('application/sep-exi that is not a 2030.5 EXI document: an error, named from the path (more: ieee2030_5Exi.test.ts)', () => {
    const m = decode2030_5({ method: 'GET', target: '/dcap', status: 200, contentType: 'application/sep-exi', body: Uint8Array.from([0x80, 0x01]), isRequest: false }, createIeee2030_5Context());
    expect(m.diagnostics.map((d) => d.code)).toEqual(['ieee2030_5.exi_schema_id', 'ieee2030_5.exi']);
    expect(m.name).toBe('DeviceCapability');
  });

  it('scales values by the power-of-ten multiplier and names the unit (sep.xsd UomType codes)', () => {
    expect(displayValue(-5, 3, 38)).toEqual({ scaled: -5000, unit: 'W', text: '-5 kW' });
    expect(displayValue(2301, -1, 29)).toEqual({ scaled: 230.1, unit: 'V', text: '230.1 V' });
    expect(displayValue('3', '-1', '72').scaled).toBe(0.3);
    expect(displayValue(12, 2, 72).text).toBe('1200 Wh');
    expect(displayValue(7, 0, undefined).text).toBe('7');
    expect(displayValue(95, -2, 65).text).toBe('0.95 cosθ');
  });

  it('maps resources to function sets', () => {
    expect(['DERControl', 'DefaultDERControl', 'EndDeviceControl', 'TariffProfile', 'MeterReading', 'Time', 'MirrorUsagePoint', 'FlowReservationRequest']
      .map(functionSetOf)).toEqual(['DER', 'DER', 'DRLC', 'Pricing', 'Metering', 'Time', 'Metering Mirror', 'Flow Reservation']);
  });
});

describeShared('generated schema definitions (tools/gen-xsd)', () => {
  const outs = ['parsers/protocols/openadr/generated/oadr20b.ts', 'parsers/protocols/ieee2030_5/generated/sep2018.ts',
    'parsers/protocols/ieee2030_5/generated/sep2018csipaus.ts', 'parsers/protocols/ieee2030_5/generated/sep2013.ts'];
  const targets = outs.map((out) => ({ out }));
  it('are up to date with the XSDs of ../shared (gen.ts --check regenerates and compares)', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    expect(() => execFileSync(tsx, ['tools/gen-xsd/gen.ts', '--check'], { cwd: root, stdio: 'pipe' })).not.toThrow();
  });
  it('recognise every global element of sep.xsd (2018 and 2013) as a resource', () => {
    for (const [file, v] of [[SEP2018, '2018'], [SEP2013, '2013']] as const) {
      const xsd = readFileSync(file, 'utf8');
      const declared = [...xsd.matchAll(/^ {2}<xs:element name="([^"]+)"/gm)].map((m) => m[1]).sort();
      expect(declared.length).toBeGreaterThan(150);
      expect(resourceNames(v).sort()).toEqual(declared);
    }
  });
  it('never carry the schema text itself', () => {
    for (const t of targets) {
      const text = readFileSync(new URL(`../../../${t.out}`, import.meta.url), 'utf8');
      expect(text.startsWith('// generated by tools/gen-xsd from')).toBe(true);
      expect(text).not.toContain('xs:documentation');
      expect(text).not.toContain('<xs:');
    }
  });
});
