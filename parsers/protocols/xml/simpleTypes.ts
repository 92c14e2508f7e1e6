// Simple-type checks of XML Schema Part 2 (§3.2-3.3 built-in lexical spaces, §4.3 facets: enumeration,
// pattern, length, min/max in/exclusive, whiteSpace by builtin) and the typed JSON value of a text
// (integers and decimals as numbers where exact, booleans as booleans, everything else as strings).
import type { SimpleTypeDef, TypeDef } from './schemaModel';

const INT_RANGES: Record<string, [number, number] | undefined> = {
  byte: [-128, 127], short: [-32768, 32767], int: [-2147483648, 2147483647],
  unsignedByte: [0, 255], unsignedShort: [0, 65535], unsignedInt: [0, 4294967295],
};
const INTEGER_TYPES = new Set(['integer', 'long', 'int', 'short', 'byte', 'unsignedLong', 'unsignedInt', 'unsignedShort',
  'unsignedByte', 'nonNegativeInteger', 'positiveInteger', 'nonPositiveInteger', 'negativeInteger']);
const FLOAT_TYPES = new Set(['float', 'double']);
const PRESERVE = new Set(['string', 'anySimpleType']);

const RE_INT = /^[+-]?\d+$/;
const RE_DEC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const RE_FLOAT = /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|-?INF|NaN)$/;
const RE_DATETIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-4]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const RE_DATE = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d{2}:\d{2})?$/;
const RE_TIME = /^([01]\d|2[0-4]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const RE_DURATION = /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;
const RE_HEX = /^([0-9a-fA-F]{2})*$/;
const RE_B64 = /^[A-Za-z0-9+/=\s]*$/;
const RE_BOOL = /^(true|false|1|0)$/;

export function collapse(v: string): string {
  // Fast path: nothing to do for the usual short token.
  let plain = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c === 0x20 && (i === 0 || i === v.length - 1 || v.charCodeAt(i + 1) === 0x20))) { plain = false; break; }
  }
  return plain ? v : v.replace(/[\t\n\r ]+/g, ' ').trim();
}

/** The whitespace-processed value for a builtin (§4.3.6). */
export function normalizeFor(builtin: string, v: string): string {
  if (PRESERVE.has(builtin)) return v;
  if (builtin === 'normalizedString') return v.replace(/[\t\n\r]/g, ' ');
  return collapse(v);
}

const regexCache = new Map<string, RegExp | null>();

function xsdRegex(p: string): RegExp | null {
  let r = regexCache.get(p);
  if (r !== undefined) return r;
  try {
    if (/\\p\{Is|-\[/.test(p)) r = null; // block escapes and class subtraction: not translatable here
    else r = new RegExp(`^(?:${p.replace(/\\i/g, '[A-Za-z_:]').replace(/\\c/g, '[-._:A-Za-z0-9]')})$`);
  } catch {
    r = null;
  }
  regexCache.set(p, r);
  return r;
}

function lexicalOk(b: string, v: string): boolean {
  if (INTEGER_TYPES.has(b)) {
    if (!RE_INT.test(v)) return false;
    const range = INT_RANGES[b];
    if (range) {
      const n = Number(v);
      return n >= range[0] && n <= range[1];
    }
    const neg = v.charCodeAt(0) === 0x2d && /[1-9]/.test(v);
    if (b === 'unsignedLong' || b === 'nonNegativeInteger') return !neg;
    if (b === 'positiveInteger') return !neg && /[1-9]/.test(v);
    if (b === 'nonPositiveInteger') return neg || !/[1-9]/.test(v);
    if (b === 'negativeInteger') return neg;
    if (b === 'long') {
      if (v.replace(/^[+-]?0*/, '').length < 19) return true;
      try {
        const n = BigInt(v);
        return n >= -9223372036854775808n && n <= 9223372036854775807n;
      } catch {
        return false;
      }
    }
    return true;
  }
  switch (b) {
    case 'decimal': return RE_DEC.test(v);
    case 'float': case 'double': return RE_FLOAT.test(v);
    case 'boolean': return RE_BOOL.test(v);
    case 'dateTime': return RE_DATETIME.test(v);
    case 'date': return RE_DATE.test(v);
    case 'time': return RE_TIME.test(v);
    case 'duration': return RE_DURATION.test(v);
    case 'hexBinary': return RE_HEX.test(v);
    case 'base64Binary': return RE_B64.test(v);
    default: return true;
  }
}

function compareNum(a: string, b: string): number {
  const x = Number(a), y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Checks a value against a simple type; returns a reason when invalid. `types` resolves union/list members. */
export function checkSimple(t: SimpleTypeDef, raw: string, types: TypeDef[], depth = 0): string | undefined {
  if (depth > 16) return undefined;
  if (t.u) {
    for (const m of t.u) {
      const mt = types[m];
      if (mt.k === 's' && checkSimple(mt, raw, types, depth + 1) === undefined) return undefined;
    }
    return `'${short(raw)}' matches none of the union member types${t.n ? ` of ${t.n}` : ''}`;
  }
  if (t.l !== undefined) {
    const it = types[t.l];
    const items = collapse(raw).split(' ').filter((x) => x !== '');
    if (it.k === 's') for (const x of items) { const r = checkSimple(it, x, types, depth + 1); if (r) return r; }
    const len = items.length;
    if (t.len !== undefined && len !== t.len) return `list of ${len} items, expected ${t.len}`;
    if (t.minL !== undefined && len < t.minL) return `list of ${len} items, fewer than ${t.minL}`;
    if (t.maxL !== undefined && len > t.maxL) return `list of ${len} items, more than ${t.maxL}`;
    return undefined;
  }
  const v = normalizeFor(t.b, raw);
  if (!lexicalOk(t.b, v)) return `'${short(v)}' is not a valid ${t.b}${t.n ? ` (${t.n})` : ''}`;
  if (t.e && !t.e.includes(v)) return `'${short(v)}' is not one of the values allowed by ${t.n ?? 'the enumeration'}`;
  if (t.p) {
    for (const step of t.p) {
      let any = false, checked = false;
      for (const p of step) {
        const re = xsdRegex(p);
        if (!re) { any = true; break; }
        checked = true;
        if (re.test(v)) { any = true; break; }
      }
      if (checked && !any) return `'${short(v)}' does not match the pattern ${step.join(' | ')}`;
    }
  }
  if (t.len !== undefined || t.minL !== undefined || t.maxL !== undefined) {
    const len = t.b === 'hexBinary' ? v.length / 2 : t.b === 'base64Binary' ? -1 : [...v].length;
    if (len >= 0) {
      if (t.len !== undefined && len !== t.len) return `length ${len} of '${short(v)}' is not ${t.len}`;
      if (t.minL !== undefined && len < t.minL) return `length ${len} of '${short(v)}' is below the minimum ${t.minL}`;
      if (t.maxL !== undefined && len > t.maxL) return `length ${len} of '${short(v)}' exceeds the maximum ${t.maxL}`;
    }
  }
  if (t.minI !== undefined && compareNum(v, t.minI) < 0) return `${v} is below the minimum ${t.minI}`;
  if (t.maxI !== undefined && compareNum(v, t.maxI) > 0) return `${v} is above the maximum ${t.maxI}`;
  if (t.minE !== undefined && compareNum(v, t.minE) <= 0) return `${v} is not above ${t.minE}`;
  if (t.maxE !== undefined && compareNum(v, t.maxE) >= 0) return `${v} is not below ${t.maxE}`;
  return undefined;
}

/** JSON value of a text of a simple type: numbers for exact integers/decimals, booleans, else the (normalised) string. */
export function typedValue(t: SimpleTypeDef | undefined, raw: string): string | number | boolean {
  if (!t || t.u || t.l !== undefined) return t ? collapse(raw) : raw;
  const b = t.b;
  if (INTEGER_TYPES.has(b)) {
    const v = collapse(raw);
    if (RE_INT.test(v)) {
      const n = Number(v);
      if (Number.isSafeInteger(n)) return n;
    }
    return v;
  }
  if (b === 'decimal' || FLOAT_TYPES.has(b)) {
    const v = collapse(raw);
    if (RE_DEC.test(v) || (FLOAT_TYPES.has(b) && RE_FLOAT.test(v) && /\d/.test(v))) {
      const n = Number(v);
      if (Number.isFinite(n)) return n;
    }
    return v;
  }
  if (b === 'boolean') {
    const v = collapse(raw);
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    return v;
  }
  return normalizeFor(b, raw);
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
