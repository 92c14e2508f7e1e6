// Test helpers: canonical comparison of JSON schemas, and instances built from a schema (a valid one with every
// property, and mutations of it that each break one constraint) to compare two validators' verdicts.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['description', 'javaType', 'comment', 'title', '$comment', '$id', 'id', '$schema', 'tsEnumNames']);

/**
 * Drops annotations and keywords that cannot affect validation: `additionalProperties` on a schema whose type is
 * not object (OCA puts it on string enums), `additionalItems` when `items` is not an array (draft-07 s9.3.1.2).
 */
export function normalizeSchema(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(normalizeSchema);
  if (x === null || typeof x !== 'object') return x;
  const s = x as Schema;
  const out: Schema = {};
  for (const k of Object.keys(s).sort()) {
    const v = s[k];
    if (k === 'properties' || k === 'definitions') {
      const names: Schema = {};
      for (const n of Object.keys(v as Schema).sort()) names[n] = normalizeSchema((v as Schema)[n]);
      out[k] = names;
      continue;
    }
    if (ANNOTATIONS.has(k)) continue;
    if (k === 'additionalProperties' && s.type !== undefined && s.type !== 'object') continue;
    if (k === 'additionalItems' && !Array.isArray(s.items)) continue;
    out[k] = normalizeSchema(v);
  }
  return out;
}

/** Paths where two normalized schemas differ, as 'path: left -> right'. */
export function schemaDiffs(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as Schema), ...Object.keys(b as Schema)])].sort();
    return keys.flatMap((k) => schemaDiffs((a as Schema)[k], (b as Schema)[k], `${path}/${k}`));
  }
  return [`${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`];
}

function resolve(s: Schema, root: Schema): Schema {
  let cur = s;
  for (let i = 0; i < 8 && typeof cur.$ref === 'string'; i++) {
    const name = (cur.$ref as string).replace('#/definitions/', '');
    cur = (root.definitions as Record<string, Schema>)[name];
  }
  return cur;
}

/** An instance that satisfies `s`, with every optional property present. */
export function sample(s0: Schema, root: Schema): Json {
  const s = resolve(s0, root);
  if (Array.isArray(s.enum)) return s.enum[0] as Json;
  switch (s.type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) out[k] = sample(v, root);
      return out;
    }
    case 'array': {
      const n = Math.max(1, Number(s.minItems ?? 0));
      const items = (s.items ?? {}) as Schema;
      return Array.from({ length: n }, () => sample(items, root));
    }
    case 'string':
      if (s.format === 'date-time') return '2024-05-06T07:08:09.123Z';
      if (s.format === 'uri') return 'https://example.com/x';
      return 'abc'.slice(0, Math.max(1, Math.min(3, Number(s.maxLength ?? 3))));
    case 'integer':
      return Math.min(Number(s.maximum ?? 7), Math.max(Number(s.minimum ?? 0), 7));
    case 'number':
      return Math.min(Number(s.maximum ?? 7.5), Math.max(Number(s.minimum ?? 0), 7.5));
    case 'boolean':
      return true;
    default:
      return 'any';
  }
}

export interface Mutation {
  what: string;
  instance: Json;
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(root);
  let cur = copy as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined) delete cur[last];
  else Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true }); // '__proto__' stays a key
  return copy;
}

/** One-constraint-broken copies of `full` (an instance of `schema`), at every depth. */
export function mutations(schema: Schema, full: Json, limit = 400): Mutation[] {
  const out: Mutation[] = [];
  const walk = (s0: Schema, value: Json, path: (string | number)[]): void => {
    if (out.length >= limit) return;
    const s = resolve(s0, schema);
    const where = '/' + path.join('/');
    if (path.length > 0) {
      if (Array.isArray(s.enum)) out.push({ what: `${where} not in enum`, instance: setAt(full, path, 'NotAnEnumValue') });
      else if (s.type === 'string') {
        out.push({ what: `${where} number`, instance: setAt(full, path, 12) });
        if (s.maxLength !== undefined) out.push({ what: `${where} too long`, instance: setAt(full, path, 'é'.repeat(Number(s.maxLength) + 1)) });
        if (s.maxLength !== undefined) out.push({ what: `${where} at max length (astral)`, instance: setAt(full, path, '😀'.repeat(Number(s.maxLength))) });
        if (s.format === 'date-time') out.push({ what: `${where} bad date-time`, instance: setAt(full, path, '2024-02-30T25:00:00') });
      } else if (s.type === 'integer') {
        out.push({ what: `${where} fraction`, instance: setAt(full, path, 1.5) });
        out.push({ what: `${where} string`, instance: setAt(full, path, '1') });
      } else if (s.type === 'number') {
        out.push({ what: `${where} string`, instance: setAt(full, path, '1.5') });
        if (s.multipleOf !== undefined) out.push({ what: `${where} multipleOf`, instance: setAt(full, path, 0.123) });
      } else if (s.type === 'boolean') {
        out.push({ what: `${where} string`, instance: setAt(full, path, 'true') });
      } else if (s.type === 'array') {
        out.push({ what: `${where} empty`, instance: setAt(full, path, []) });
        out.push({ what: `${where} object`, instance: setAt(full, path, {}) });
      } else if (s.type === 'object') {
        out.push({ what: `${where} array`, instance: setAt(full, path, []) });
      }
    }
    if (s.type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const r of (s.required ?? []) as string[]) out.push({ what: `${where} without ${r}`, instance: setAt(full, [...path, r], undefined) });
      out.push({ what: `${where} extra property`, instance: setAt(full, [...path, 'vgiUnexpected'], 1) });
      out.push({ what: `${where} __proto__ property`, instance: setAt(full, [...path, '__proto__'], { polluted: true }) });
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walk(v, (value as Record<string, Json>)[k], [...path, k]);
    } else if (s.type === 'array' && Array.isArray(value) && value.length > 0) {
      walk((s.items ?? {}) as Schema, value[0], [...path, 0]);
    }
  };
  walk(schema, full, []);
  return out;
}
