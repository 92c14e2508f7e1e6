// parsers/protocols/xml/tree.ts builds the ordered tree that fast-xml-parser (preserveOrder) built before it
// replaced that parser on the hot path. Truth: fast-xml-parser itself, with the options safeXml.ts gave it;
// the two trees must convert (walk.ts, with and without each schema) to the same JSON and diagnostics, for
// every corpus payload of ../shared, schema mutants of each (tests/fixtures/grid/truth.ts), the XSD files
// themselves as generic XML, and edge cases (comments and PIs inside text, CDATA, quotes, self-closing).
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { compileSchema, convertXml, elementName, parseXml, prescanXml } from '../../../parsers/protocols/xml';
import type { FxpNode } from '../../../parsers/protocols/xml';
import { buildTree } from '../../../parsers/protocols/xml/tree';
import { decodeXmlText } from '../../../parsers/protocols/xml/text';
import { OADR20B_SCHEMA } from '../../../parsers/protocols/openadr/generated/oadr20b';
import { SEP2018_SCHEMA } from '../../../parsers/protocols/ieee2030_5/generated/sep2018';
import { SEP2013_SCHEMA } from '../../../parsers/protocols/ieee2030_5/generated/sep2013';
import { mutants } from '../../fixtures/grid/truth';
import { billionLaughs, deepNesting, externalEntity } from '../../fixtures/grid/hostile';
import { describeShared, sharedFiles } from '../../support/shared';

const fxp = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, parseTagValue: false,
  parseAttributeValue: false, processEntities: false, htmlEntities: false, ignoreDeclaration: true, ignorePiTags: true,
  cdataPropName: '#cdata', commentPropName: false, maxNestedTags: 264,
});
const schemas = [undefined, compileSchema(OADR20B_SCHEMA), compileSchema(SEP2018_SCHEMA), compileSchema(SEP2013_SCHEMA)];

/** The text as parseXml hands it to the tree builder: DOCTYPEs blanked, line ends normalised. */
function prepared(text: string): string | undefined {
  const scan = prescanXml(text, { maxDepth: 256 });
  if (scan.error) return undefined;
  let t = text;
  for (const [a, b] of scan.doctypes) t = t.slice(0, a) + ' '.repeat(b - a) + t.slice(b);
  return t.indexOf('\r') >= 0 ? t.replace(/\r\n?/g, '\n') : t;
}

const rootOf = (nodes: FxpNode[]): FxpNode => nodes.find((n) => elementName(n) !== undefined)!;
const converted = (root: FxpNode, i: number): string =>
  JSON.stringify(convertXml(root, { schema: schemas[i], code: 'x.schema' }), (_k, v: unknown) => (v instanceof Set ? [...v] : v));

function expectSameAsFxp(text: string, what: string): void {
  const t = prepared(text);
  expect(t, `${what}: prescan`).toBeDefined();
  const ours = rootOf(buildTree(t!));
  const theirs = rootOf(fxp.parse(t!) as FxpNode[]);
  for (let i = 0; i < schemas.length; i++) expect(converted(ours, i), `${what} (schema ${i})`).toBe(converted(theirs, i));
}

describe('XML tree builder against fast-xml-parser', () => {
  const cases: Array<[string, string]> = [
    ['comments and PIs inside text', '<?xml version="1.0"?><!-- c --><a x="1 &amp; 2" y=\'q\'> <b>x</b> t<!--c-->u <c/><?pi x?>v</a><!-- d -->'],
    ['text split by a comment and a PI', '<r><a>t<!--c-->u<?p?>v</a><b k="1">x<!---->y</b></r>'],
    ['CDATA', '<a><![CDATA[ <x> &amp; ]]>y<![CDATA[]]></a>'],
    ['quotes inside values', `<a b='"' c="'" d = "1"  />`],
    ['repeated and nested', '<r xmlns="urn:x"><b>1</b><b/><c><d>x</d><d>y</d></c></r>'],
    ['whitespace only', '<a>\n  \n</a>'],
    ['entities and character references', '<a t="&lt;&#65;&#x42;">&amp;&gt;&#x263A;&undefined;</a>'],
    ['billion laughs (DOCTYPE blanked)', decodeXmlText(billionLaughs(), [], 'x').text],
    ['external entity (DOCTYPE blanked)', externalEntity()],
    ['200-deep nesting', deepNesting(200)],
    ['CRLF line ends', '<a>\r\n<b c="1\r\n2">x\r\ny</b>\r\n</a>'],
  ];
  for (const [what, doc] of cases) it(what, () => expectSameAsFxp(doc, what));

  it('decodes attribute and element names that fast-xml-parser refuses, but still refuses __proto__', () => {
    expect(() => fxp.parse('<a constructor="1"/>')).toThrow();
    const r = parseXml('<a constructor="1"><toString>x</toString></a>');
    expect(r.diagnostics).toEqual([]);
    expect(convertXml(r.root!, { code: 'x' }).json).toEqual({ constructor: '1', toString: 'x' });
    const bad = parseXml('<a __proto__="1"/>');
    expect(bad.root).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['xml.parse_failed']);
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
  });
});

describeShared('XML tree builder against fast-xml-parser: corpus payloads, their mutants, the XSDs', () => {
  const files = [...sharedFiles('corpus/payloads/openadr', /\.xml$/), ...sharedFiles('corpus/payloads/ieee2030.5', /\.xml$/)];
  it('finds the corpus', () => expect(files.length).toBeGreaterThanOrEqual(78));
  it('gives the same JSON and diagnostics for every document', () => {
    let n = 0;
    for (const f of files) {
      const text = decodeXmlText(new Uint8Array(readFileSync(f)), [], 'x').text;
      expectSameAsFxp(text, f);
      n++;
      for (const m of mutants(text)) {
        if (prepared(m.text) === undefined) continue;
        expectSameAsFxp(m.text, `${f} ${m.what}`);
        n++;
      }
    }
    for (const f of sharedFiles('corpus/schemas', /\.xsd$/)) {
      expectSameAsFxp(readFileSync(f, 'utf8'), f);
      n++;
    }
    expect(n).toBeGreaterThan(400);
  });
});
