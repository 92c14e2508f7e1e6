// IEEE 2030.5 application/sep-exi bodies (IEEE 2030.5-2018 §5.6.3). Every XML payload of the corpus is
// parsed by fast-xml-parser, encoded by the project's EXI encoder with the sep.xsd grammar of its edition and
// the §5.6.3 options header, and decoded through decode2030_5 as application/sep-exi: the record must be the
// one the same resource gives as application/sep+xml (version, name, function set, namespace, paging,
// links, diagnostics, body). EXI carries hexBinary octets, not their letter case: the EXI record shows them
// in the canonical upper case, so a lower-case hex value of the XML file compares equal up to case (counted).
// Then the edition choice without a schemaId, and hostile bodies (truncations, random bytes, huge lengths).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIeee2030_5Context, decode2030_5 } from '../../../parsers/protocols/ieee2030_5';
import type { GridMessage, HttpExchangeView } from '../../../parsers/protocols/ieee2030_5';
import { BitReader, BitWriter } from '../../../parsers/exi/bits';
import { exiEncode } from '../../../parsers/exi';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';
import { rootInfo } from '../../fixtures/grid/truth';
import { runCli } from '../../support/cli';
import { sepExi } from '../../fixtures/grid/sepExi';

const PAYLOADS = 'corpus/payloads/ieee2030.5';

function decodeAs(body: Uint8Array, contentType: string, target = '/x'): GridMessage {
  const x: HttpExchangeView & { exchangeId: number } = { method: 'GET', target, status: 200, contentType, body, isRequest: false, exchangeId: 1 };
  return decode2030_5(x, createIeee2030_5Context());
}

/** Deep equality where strings may differ only as lower- vs upper-case hex (the EXI side upper case); counts those. */
function sameUpToHexCase(xml: unknown, exi: unknown, path: string, folded: string[]): void {
  if (typeof xml === 'string' && typeof exi === 'string' && xml !== exi) {
    expect(/^([0-9a-fA-F]{2})+$/.test(xml) && exi === xml.toUpperCase(), `${path}: ${xml} vs ${exi}`).toBe(true);
    folded.push(path);
    return;
  }
  if (xml !== null && exi !== null && typeof xml === 'object' && typeof exi === 'object') {
    expect(Array.isArray(exi), path).toBe(Array.isArray(xml));
    expect(Object.keys(exi), path).toEqual(Object.keys(xml));
    for (const k of Object.keys(xml)) sameUpToHexCase((xml as Record<string, unknown>)[k], (exi as Record<string, unknown>)[k], `${path}/${k}`, folded);
    return;
  }
  expect(exi, path).toStrictEqual(xml);
}

/** Files that cannot be sent as EXI, with the reason (none today: every corpus payload fits its sep.xsd grammar). */
const NOT_ENCODABLE: Record<string, RegExp> = {};

describeShared('application/sep-exi: every corpus payload gives the record of its XML', () => {
  const files = sharedFiles(PAYLOADS, /\.xml$/);
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(19));
  let foldedFiles = 0;
  for (const f of files) {
    const rel = relative(sharedPath(PAYLOADS), f);
    it(rel, () => {
      const bytes = new Uint8Array(readFileSync(f));
      const text = new TextDecoder().decode(bytes);
      const enc = sepExi(text);
      if (rel in NOT_ENCODABLE) {
        expect(enc.ok, rel).toBe(false);
        if (!enc.ok) expect(enc.reason).toMatch(NOT_ENCODABLE[rel]);
        return;
      }
      expect(enc.ok ? '' : enc.reason, rel).toBe('');
      if (!enc.ok) return;
      expect(enc.bytes.length).toBeLessThan(bytes.length); // EXI is the compact form
      const xml = decodeAs(bytes, 'application/sep+xml');
      const exi = decodeAs(enc.bytes, 'application/sep-exi');
      const truth = rootInfo(text);
      expect(exi.version).toBe(truth.ns === 'http://ieee.org/2030.5' ? '2013' : '2018');
      expect(exi.name).toBe(truth.local);
      expect([exi.protocol, exi.version, exi.name, exi.kind, exi.functionSet, exi.namespace]).toEqual([xml.protocol, xml.version, xml.name, xml.kind, xml.functionSet, xml.namespace]);
      expect(exi.paging).toEqual(xml.paging);
      expect(exi.links).toEqual(xml.links);
      expect(exi.diagnostics).toEqual(xml.diagnostics);
      const folded: string[] = [];
      sameUpToHexCase(xml.body, exi.body, exi.name, folded);
      if (folded.length) foldedFiles++;
    });
  }
  it('lower-case hexBinary in the XML files is the only difference, and a rare one', () => {
    expect(foldedFiles).toBeLessThanOrEqual(4);
  });

  it('the same resources from the standard\'s paths: links and paging resolve as with XML', () => {
    const text = readFileSync(sharedPath(PAYLOADS, 'bsgip_envoy/does__dercontrollist.xml'), 'utf8');
    const target = /GET (\S+)/.exec(text)![1];
    const enc = sepExi(text);
    expect(enc.ok).toBe(true);
    if (!enc.ok) return;
    const ctx = createIeee2030_5Context();
    const m = decode2030_5({ method: 'GET', target, status: 200, contentType: 'application/sep-exi', body: enc.bytes, isRequest: false, exchangeId: 7 }, ctx);
    expect(m.paging).toEqual({ start: 0, limit: 1, all: Number(/all="(\d+)"/.exec(text)![1]), results: Number(/results="(\d+)"/.exec(text)![1]) });
    expect(m.links?.map((l) => l.href)).toEqual([...text.matchAll(/href="([^"]+)"/g)].map((h) => h[1]));
  });
});

describeShared('application/sep-exi: choosing the edition', () => {
  const files = sharedFiles(PAYLOADS, /\.xml$/);
  it('without a schemaId (or with an unknown one) the edition is found by decoding, with a warning', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const id of [null, 'S9', 'constructor']) {
        const enc = sepExi(text, id);
        if (!enc.ok) continue;
        const m = decodeAs(enc.bytes, 'application/sep-exi');
        expect([m.version, m.name], `${f} ${id}`).toEqual([enc.version, rootInfo(text).local]);
        expect(m.diagnostics.map((d) => d.code), f).toEqual(['ieee2030_5.exi_schema_id']);
      }
    }
  });

  it('a schemaId naming the wrong edition: an error, a flagged decode, or the same resource (types equal in both)', () => {
    let flagged = 0, same = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const enc = sepExi(text);
      if (!enc.ok) continue;
      const wrong = sepExi(text, enc.version === '2018' ? 'S0' : 'S1');
      if (!wrong.ok) continue;
      const m = decodeAs(wrong.bytes, 'application/sep-exi');
      expect(m.version).toBe(enc.version === '2018' ? '2013' : '2018');
      if (m.diagnostics.length > 0 || m.name !== rootInfo(text).local) flagged++;
      else {
        // Decoded silently: then it is the very resource, element for element (sep.xsd 2013 and 2018 agree on it).
        expect(m.body, f).toEqual(decodeAs(enc.bytes, 'application/sep-exi').body);
        same++;
      }
    }
    expect(flagged).toBeGreaterThan(8);
    expect(flagged + same).toBe(files.length);
  });
});

describe('vgi-inspect exi with the 2030.5 schemas', () => {
  it('encodes with the §5.6.3 options header (schemaId S1) and decodes back', async () => {
    const json = '{"Registration":{"href":"/edev/3/reg","dateTimeRegistered":{"CONTENT":1364774400},"pIN":{"CONTENT":123455}}}';
    const enc = await runCli(['exi', 'encode', '--schema', 'sep2018', json]);
    expect(enc.status).toBe(0);
    // 10 1 0 0000 | SE(header) 0, SE(common) 01, SE(schemaId) 10, CH 0, length 4, 'S', '1', EE(header) 1, ...
    expect(enc.stdout.startsWith('a030114cc6')).toBe(true);
    const dec = await runCli(['exi', 'decode', '--schema', 'sep2018', enc.stdout.trim()]);
    expect(JSON.parse(dec.stdout)).toEqual(JSON.parse(json));
  });
});

describe('application/sep-exi: hostile bodies', () => {
  const registration = { Registration: { href: '/edev/3/reg', dateTimeRegistered: { CONTENT: 1364774400 }, pIN: { CONTENT: 123455 } } };
  const good = exiEncode('sep2018', registration, { schemaId: 'S1' }).bytes!;

  function checked(body: Uint8Array): GridMessage {
    const t0 = performance.now();
    const m = decodeAs(body, 'application/sep-exi', '/edev/3/reg');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(m.diagnostics.map((d) => d.code)).not.toContain('ieee2030_5.internal');
    return m;
  }

  it('a valid body decodes', () => {
    const m = checked(good);
    expect([m.name, m.diagnostics]).toEqual(['Registration', []]);
    expect(m.body).toEqual({ href: '/edev/3/reg', dateTimeRegistered: 1364774400, pIN: 123455 });
  });

  it('every truncation is an error naming the problem, with the bytes kept as hex', () => {
    for (let n = 1; n < good.length; n++) {
      const m = checked(good.subarray(0, n));
      const err = m.diagnostics.find((d) => d.severity === 'error');
      expect(err?.code, `cut to ${n}`).toBe('ieee2030_5.exi');
      expect(err?.message).toMatch(/exi\.(truncated|limit|value_out_of_range|string_table|header)/);
      expect(m.body).toEqual({ exi_hex: Buffer.from(good.subarray(0, n)).toString('hex') });
      expect(m.name).toBe('Registration'); // from the path, as for a body-less message
    }
  });

  it('not EXI at all: an error, the name from the path', () => {
    const m = checked(Uint8Array.from([0x80, 0x01]));
    expect(m.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'ieee2030_5.exi_schema_id'], ['error', 'ieee2030_5.exi']]);
    const x = checked(new TextEncoder().encode('<Registration xmlns="urn:ieee:std:2030.5:ns"/>'));
    expect(x.diagnostics.at(-1)?.message).toMatch(/exi\.header/);
  });

  it('random bytes, with and without the 2030.5 header, never throw and stay quick', () => {
    const header = good.subarray(0, 4); // a0 30 11 4c: the options document up to "S"
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, withHeader) => {
        const body = withHeader ? Uint8Array.from([...header, 0x31 & 0xff, ...bytes]) : bytes;
        const m = checked(body);
        if (m.body !== undefined && typeof m.body === 'object' && 'exi_hex' in (m.body as object)) {
          expect(m.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('huge length prefixes (string, binary) fail fast', () => {
    // Where does the href string's length start? Encode hrefs of 1 and 200 characters: their length fields
    // (3 = 0|0000011 and 202 = 1|1001010 0|0000001) differ in their first bit.
    const a = exiEncode('sep2018', { ...registration, Registration: { ...registration.Registration, href: 'a' } }, { schemaId: 'S1' }).bytes!;
    const b = exiEncode('sep2018', { ...registration, Registration: { ...registration.Registration, href: 'a'.repeat(200) } }, { schemaId: 'S1' }).bytes!;
    const ra = new BitReader(a), rb = new BitReader(b);
    let at = 0;
    while (ra.bit() === rb.bit()) at++;
    for (const huge of [2 ** 28, 2 ** 34, 2 ** 20]) {
      const w = new BitWriter();
      const r = new BitReader(a);
      for (let i = 0; i < at; i++) w.bits(r.bit(), 1);
      w.uint(huge);
      for (let i = 0; i < 16; i++) w.bits(0x41, 8);
      const m = checked(w.finish());
      expect(m.diagnostics.at(-1)?.code).toBe('ieee2030_5.exi');
      expect(m.diagnostics.at(-1)?.message).toMatch(/exi\.(limit|truncated)/);
    }
  });

  it('a body above the size limit is not decoded', () => {
    const big = new Uint8Array(300 * 1024);
    big.set(good);
    const m = checked(big);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['ieee2030_5.exi']);
    expect(m.diagnostics[0].message).toMatch(/limit/);
    expect((m.body as { truncated?: boolean }).truncated).toBe(true);
  });
});
