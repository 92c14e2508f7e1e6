// Property: random messages that follow the schema grammars survive encode -> decode unchanged.
// Messages are produced by a random walk over the generated grammar tables (fast-check supplies the
// choices and the values), so every production, datatype and list bound is exercised, far beyond
// the reference vectors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exiDecode, exiEncode, type ExiSchema } from '../../../parsers/exi/index';
import { grammarOf } from '../../../parsers/exi/schemas';
import * as G from '../../../parsers/exi/grammarDef';

type Gen = fc.GeneratorValue;
class DeadEnd extends Error {}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function genValue(g: G.Grammar, dt: number, gen: Gen): unknown {
  switch (g.dtKind[dt]) {
    case G.DT_STRING:
      return gen(fc.string, { unit: 'binary', maxLength: 12 });
    case G.DT_BOOLEAN:
      return gen(fc.boolean);
    case G.DT_HEX:
    case G.DT_B64:
      return hex(gen(fc.uint8Array, { maxLength: 40 }));
    case G.DT_UINT: {
      const v = gen(() => fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })));
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    case G.DT_INT: {
      const v = gen(() => fc.oneof(fc.bigInt({ min: -300n, max: 300n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })));
      return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    }
    case G.DT_NBIT:
      return gen(fc.integer, { min: g.dtB[dt], max: g.dtC[dt] });
    case G.DT_ENUM: {
      const lits = g.enums[g.dtB[dt]];
      const lit = lits[gen(fc.integer, { min: 0, max: lits.length - 1 })];
      return g.dtC[dt] === 1 ? Number(lit) : lit;
    }
    case G.DT_LIST: {
      const n = gen(fc.integer, { min: 0, max: 4 });
      return Array.from({ length: n }, () => genValue(g, g.dtA[dt], gen));
    }
    default:
      throw new Error('unknown datatype');
  }
}

/** Random walk through the grammar of complex type t. */
function genComplex(g: G.Grammar, t: number, gen: Gen, depth: number): Record<string, unknown> {
  const S = g.S;
  const obj: Record<string, unknown> = {};
  const slotIndex = new Map<number, number>();
  for (let i = 0; i < g.tSlotCount[t]; i++) slotIndex.set(g.slots[g.tSlotOff[t] + i], i);
  let s = g.tStart[t];
  let count = 0;
  let lastSlot = -1;
  for (let step = 0; step < 400; step++) {
    const n = S[s];
    const options: number[] = [];
    let ee = -1;
    for (let i = 0; i < n; i++) {
      const p = s + 4 + i * 4;
      const kind = S[p] & 15;
      if (kind === G.P_EE) ee = p;
      else if (kind === G.P_SE || kind === G.P_AT) {
        const u = S[p + 1];
        const si = slotIndex.get(u)!;
        // Keep the JSON form faithful: children in slot order, non-repeated names once.
        if (si < lastSlot || (si === lastSlot && g.useArr[u] === 0) || (g.useArr[u] === 0 && g.useName[u] in obj)) continue;
        if (g.useKind[u] === G.USE_COMPLEX && depth > 10) continue;
        options.push(p);
      } else if (kind === G.P_CH) options.push(p);
    }
    let p: number;
    if (ee >= 0 && (options.length === 0 || gen(fc.integer, { min: 0, max: 3 }) === 0)) p = ee;
    else if (options.length === 0) throw new DeadEnd();
    else p = options[gen(fc.integer, { min: 0, max: options.length - 1 })];
    const kind = S[p] & 15;
    if (kind === G.P_EE) return obj;
    let next = S[p + 2];
    if (S[p] > 15) {
      if (S[p] >> 4 === G.CNT_SET) count = S[p + 3];
      else if (++count >= S[next + 2]) next = S[next + 3];
    }
    const u = S[p + 1];
    if (kind === G.P_CH) obj.CONTENT = genValue(g, u, gen);
    else if (kind === G.P_AT) obj[g.useName[u]] = genValue(g, g.useType[u], gen);
    else {
      const v = g.useKind[u] === G.USE_SIMPLE ? genValue(g, g.useType[u], gen) : genComplex(g, g.useType[u], gen, depth + 1);
      if (g.useArr[u] === 1) ((obj[g.useName[u]] ??= []) as unknown[]).push(v);
      else obj[g.useName[u]] = v;
    }
    if (kind !== G.P_CH) lastSlot = slotIndex.get(u)!;
    s = next;
  }
  throw new DeadEnd();
}

function genMessage(schema: ExiSchema, gen: Gen): Record<string, unknown> | undefined {
  const { grammar: g } = grammarOf(schema);
  const roots = Array.from(g.doc).filter((u) => g.useKind[u] === G.USE_COMPLEX);
  const u = roots[gen(fc.integer, { min: 0, max: roots.length - 1 })];
  try {
    return { [g.useName[u]]: genComplex(g, g.useType[u], gen, 0) };
  } catch (e) {
    if (e instanceof DeadEnd) return undefined;
    throw e;
  }
}

describe('EXI encode -> decode round trip of random schema-valid messages', () => {
  for (const schema of ['din', 'iso2', 'iso20-dc', 'iso20-common', 'apphand'] as ExiSchema[]) {
    it(schema, () => {
      let checked = 0;
      fc.assert(
        fc.property(fc.gen(), (gen) => {
          const msg = genMessage(schema, gen);
          if (!msg) return;
          const enc = exiEncode(schema, msg);
          expect(enc.error).toBeUndefined();
          const dec = exiDecode(schema, enc.bytes!);
          expect(dec.error).toBeUndefined();
          expect(dec.value).toStrictEqual(msg);
          checked++;
        }),
        { numRuns: 300 },
      );
      expect(checked).toBeGreaterThan(250);
    });
  }
});
