// Safe XML under hostile and malformed input. Truth: the XML 1.0 rules (well-formedness, predefined
// entities and character references), positions counted by hand in the test documents, and wall-clock and
// heap bounds.
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { convertXml, parseXml } from '../../../parsers/protocols/xml';
import { decodeOpenAdr } from '../../../parsers/protocols/openadr';
import { billionLaughs, deepNesting, externalEntity, hugeBody, invalidUtf8 } from '../../fixtures/grid/hostile';

const codes = (ds: Array<{ code: string }>): string[] => ds.map((d) => d.code);

function timed<T>(fn: () => T): { value: T; ms: number; heapMb: number } {
  const h0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0, heapMb: (process.memoryUsage().heapUsed - h0) / 1048576 };
}

describe('hostile XML bodies', () => {
  it('billion laughs: DOCTYPE ignored, nothing expanded, quick', () => {
    const { value, ms, heapMb } = timed(() => parseXml(billionLaughs()));
    expect(ms).toBeLessThan(2000);
    expect(heapMb).toBeLessThan(64);
    expect(codes(value.diagnostics)).toContain('xml.doctype');
    expect(codes(value.diagnostics)).toContain('xml.undefined_entity');
    const json = convertXml(value.root!, { code: 'x' }).json;
    // The reference stays as written: no expansion at all.
    expect(json).toBe('&lol9;');
  });

  it('10,000-deep nesting: depth diagnostic, raw text kept, no parse, quick', () => {
    const doc = deepNesting(10_000);
    const { value, ms } = timed(() => parseXml(doc));
    expect(ms).toBeLessThan(2000);
    expect(value.root).toBeUndefined();
    expect(value.text).toBe(doc);
    expect(value.diagnostics[0].code).toBe('xml.too_deep');
    // 257th element: line 1, column 1 + 256 * 3 ("<a>" each)
    expect(value.diagnostics[0].message).toContain('line 1, column 769');
  });

  it('50 MB body: size diagnostic before decoding, quick', () => {
    const body = hugeBody(50 * 1024 * 1024);
    const { value, ms } = timed(() => decodeOpenAdr({ method: 'POST', target: '/OpenADR2/Simple/2.0b/EiEvent', contentType: 'application/xml', body, isRequest: true }));
    expect(ms).toBeLessThan(2000);
    expect(codes(value[0].diagnostics)).toEqual(['openadr.too_large']);
  });

  it('invalid UTF-8: diagnostic and lossy decode, the element still parsed', () => {
    const r = parseXml(invalidUtf8());
    expect(codes(r.diagnostics)).toEqual(['xml.invalid_utf8']);
    expect(convertXml(r.root!, { code: 'x' }).json).toEqual({ b: 'caf\uFFFD\uFFFD' });
  });

  it('DOCTYPE with an external entity: never fetched or expanded', () => {
    const r = parseXml(externalEntity());
    expect(codes(r.diagnostics)).toEqual(['xml.doctype', 'xml.undefined_entity']);
    expect(r.diagnostics[0].message).toContain('1 entity declaration');
    expect(convertXml(r.root!, { code: 'x' }).json).toBe('&xxe;');
  });
});

describe('malformed XML: diagnostic with line and column, raw text kept', () => {
  const cases: Array<[string, string, string]> = [
    ['<a>\n  <b>\n</a>', 'end tag </a> does not match <b>', 'line 3, column 1'],
    ['<a>\n<b x="1<"/></a>', "'<' in an attribute value", 'line 2, column 8'],
    ['<a>\n<b x="1></b></a>', 'unterminated attribute value', 'line 2, column 6'],
    ['<a></a>\n<c/>', 'more than one root element', 'line 2, column 1'],
    ['<a>&#xD800;</a>', 'malformed character or entity reference', 'line 1, column 4'],
    ['<a>\n\n  <b>', 'element <b> is not closed', 'line 3, column 6'],
    ['hello', 'text before the root element', 'line 1, column 1'],
  ];
  for (const [doc, what, where] of cases) {
    it(`${JSON.stringify(doc)} -> ${what}`, () => {
      const r = parseXml(doc);
      expect(r.root).toBeUndefined();
      expect(r.text).toBe(doc);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0].code).toBe('xml.malformed');
      expect(r.diagnostics[0].message).toBe(`${what} at ${where}.`);
    });
  }
});

describe('references and the JSON convention', () => {
  it('decodes the five predefined entities and character references exactly once', () => {
    const r = parseXml('<r a="&lt;&#65;&amp;#66;"><t>&lt;&gt;&amp;&quot;&apos;&#x263A;&#9731;&amp;lt;</t><c><![CDATA[&amp;<x>]]></c></r>');
    expect(r.diagnostics).toEqual([]);
    expect(convertXml(r.root!, { code: 'x' }).json).toEqual({ a: '<A&#66;', t: '<>&"\'\u263A\u2603&lt;', c: '&amp;<x>' });
  });

  it('strips prefixes, records namespace URIs, arrays for repeated elements, attributes as keys', () => {
    const r = parseXml('<p:r xmlns:p="urn:a" xmlns:q="urn:b" k="1"><q:x>1</q:x><q:x>2</q:x><p:y z="w">v</p:y></p:r>');
    const c = convertXml(r.root!, { code: 'x' });
    expect(c.rootNs).toBe('urn:a');
    expect([...c.namespaces].sort()).toEqual(['urn:a', 'urn:b']);
    expect(c.json).toEqual({ k: '1', x: ['1', '2'], y: { z: 'w', CONTENT: 'v' } });
  });

  it('refuses __proto__ element names (no prototype pollution), keeping the raw text', () => {
    const doc = '<r><__proto__><polluted>yes</polluted></__proto__></r>';
    const r = parseXml(doc);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.root).toBeUndefined();
    expect(r.text).toBe(doc);
    expect(codes(r.diagnostics)).toEqual(['xml.parse_failed']);
  });

  it('agrees with fast-xml-parser on element structure for a realistic body', () => {
    const doc = '<a><b>1</b><b>2</b><c><d>x</d></c></a>';
    const ours = convertXml(parseXml(doc).root!, { code: 'x' }).json;
    const theirs = new XMLParser({ parseTagValue: false }).parse(doc).a;
    expect(ours).toEqual(theirs);
  });
});
