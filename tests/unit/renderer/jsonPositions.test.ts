// Positions of JSON values (used to highlight a decoded field in the payload editor and the hex view):
// for random JSON documents, compact and pretty-printed, the text at each reported span parses (JSON.parse,
// the independent truth) to the value at that pointer, and every value of the document has a span.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bodyPrefix, byteOffsets, jsonPositions, pointer } from '../../../renderer/lib/jsonPositions';

function walk(v: unknown, path: (string | number)[], out: [string, unknown][]): void {
  out.push([pointer(path), v]);
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k], out);
}

describe('jsonPositions', () => {
  it('gives each value the span of its own text, compact and pretty', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const reparsed: unknown = JSON.parse(text); // -0 and the like normalised as JSON does
        const spans = jsonPositions(text);
        const expected: [string, unknown][] = [];
        walk(reparsed, [], expected);
        // Duplicate pointers cannot happen in parsed JSON except for "__proto__"-like keys; compare last wins.
        const byPtr = new Map(expected);
        expect(spans.size).toBe(byPtr.size);
        for (const [ptr, v] of byPtr) {
          const s = spans.get(ptr);
          expect(s, ptr).toBeDefined();
          expect(JSON.parse(text.slice(s!.start, s!.end))).toEqual(v);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('escapes keys as JSON pointers and maps offsets to UTF-8 bytes', () => {
    const text = '{"a/b":{"~x":"é€😀"},"z":[1,"ü"]}';
    const spans = jsonPositions(text);
    expect(text.slice(spans.get('/a~1b/~0x')!.start, spans.get('/a~1b/~0x')!.end)).toBe('"é€😀"');
    const bytes = new TextEncoder().encode(text);
    const toBytes = byteOffsets(text);
    const s = spans.get('/z/1')!;
    expect(new TextDecoder().decode(bytes.subarray(toBytes(s.start), toBytes(s.end)))).toBe('"ü"');
  });

  it('keeps what it found before malformed input, without throwing', () => {
    const spans = jsonPositions('{"a": 1, "b": [tru');
    expect(spans.get('/a')).toEqual({ start: 6, end: 7 });
    expect(spans.has('/b')).toBe(false);
    expect(jsonPositions('').size).toBe(0);
  });

  it('finds where the body sits in a frame (an OCPP CALL payload is element 3)', () => {
    const frame = [2, 'id-1', 'BootNotification', { chargePointVendor: 'X' }];
    expect(bodyPrefix(frame, { chargePointVendor: 'X' })).toBe('/3');
    expect(bodyPrefix({ a: 1 }, { a: 1 })).toBe('');
    expect(bodyPrefix([1, 2], { a: 1 })).toBeUndefined();
  });
});
