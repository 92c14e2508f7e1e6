// EXI bodies shown as XML: for every decoded message of the reference vectors (../shared/vectors/exi, made
// by libcbv2g), the XML parses (fast-xml-parser) back to the same element structure and values.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { jsonToXml } from '../../../renderer/lib/jsonToXml';
import { presentPayload } from '../../../renderer/lib/payload';
import { describeShared, sharedFiles } from '../../support/shared';

/** The vectors' JSON with the conventions undone as an XML parser sees them: numbers/strings as text. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '';
    // Simple content alone is just the element's text.
    if (entries.length === 1 && entries[0][0] === 'CONTENT') return String(entries[0][1]);
    return Object.fromEntries(entries.map(([k, x]) => [k === 'CONTENT' ? '#text' : k, normalise(x)]));
  }
  return String(v);
}

describeShared('jsonToXml over the EXI reference vectors', () => {
  const files = sharedFiles('vectors/exi', /\.jsonl$/);
  it('has vectors', () => expect(files.length).toBeGreaterThan(5));
  it('round-trips every decoded message through XML', () => {
    const parser = new XMLParser({ parseTagValue: false, trimValues: true, isArray: (_n, _p, _l, isAttr) => !isAttr });
    let n = 0;
    for (const f of files) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const vec = JSON.parse(line) as { id: string; decoded: Record<string, unknown> };
        const xml = jsonToXml(vec.decoded);
        const back = parser.parse(xml) as unknown;
        // With every element parsed as an array, compare against the JSON with every value wrapped likewise.
        const wrap = (v: unknown): unknown => {
          if (Array.isArray(v)) return v.flatMap((x) => wrap(x) as unknown[]);
          if (v !== null && typeof v === 'object') {
            return [Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, k === '#text' ? x : wrap(x)]))];
          }
          return [v];
        };
        expect(back, vec.id).toEqual((wrap(normalise(vec.decoded)) as unknown[])[0]);
        n++;
      }
    }
    expect(n).toBeGreaterThan(150);
  });
});

it('shows binary V2G payloads as XML and raw JSON frames formatted, with field spans in both', () => {
  const v2g = presentPayload({ V2G_Message: { Body: { SessionSetupReq: { EVCCID: '0102' } } } }, new Uint8Array([0x80, 0x9a, 0x02, 0x00]), 'din70121');
  expect(v2g.language).toBe('xml');
  expect(v2g.text).toContain('<EVCCID>0102</EVCCID>');
  const raw = new TextEncoder().encode('[2,"42","Heartbeat",{"a":"ü"}]');
  const p = presentPayload({ a: 'ü' }, raw, 'ocpp');
  expect(p.language).toBe('json');
  expect(p.text).toBe(JSON.stringify(JSON.parse('[2,"42","Heartbeat",{"a":"ü"}]'), null, 2));
  const t = p.textSpans.get('/a')!;
  expect(p.text.slice(t.start, t.end)).toBe('"ü"');
  const b = p.rawSpans.get('/a')!;
  expect(new TextDecoder().decode(raw.subarray(b.start, b.end))).toBe('"ü"');
});
