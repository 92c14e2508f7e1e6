// Compiles a checked filter AST into a predicate over message records.

import type { MessageRecord } from '../engine/record';
import { parseFilter, type FieldRef, type FilterNode, type Literal } from './parser';

export type RecordPredicate = (r: MessageRecord) => boolean;

const PROTOCOL_GROUPS: Record<string, string[]> = {
  iso15118: ['iso15118-2', 'iso15118-20'],
  v2g: ['din70121', 'iso15118-2', 'iso15118-20', 'apphandshake', 'sdp', 'slac'],
  ieee2030_5: ['ieee2030.5'],
};

export function compileFilter(src: string): RecordPredicate {
  if (src.trim() === '') return () => true;
  return compileNode(parseFilter(src));
}

function compileNode(n: FilterNode): RecordPredicate {
  switch (n.type) {
    case 'and': {
      const a = compileNode(n.left), b = compileNode(n.right);
      return (r) => a(r) && b(r);
    }
    case 'or': {
      const a = compileNode(n.left), b = compileNode(n.right);
      return (r) => a(r) || b(r);
    }
    case 'not': {
      const a = compileNode(n.operand);
      return (r) => !a(r);
    }
    case 'protocol': {
      const set = PROTOCOL_GROUPS[n.protocol] ?? [n.protocol];
      return (r) => set.includes(r.protocol);
    }
    case 'exists': {
      const get = getter(n.field);
      return (r) => {
        const v = get(r);
        return v !== undefined && !(Array.isArray(v) && v.length === 0);
      };
    }
    case 'in': {
      const get = getter(n.field);
      const values = n.values;
      return (r) => anyValue(get(r), (v) => values.some((x) => equals(v, x)));
    }
    case 'compare': {
      const get = getter(n.field);
      const test = comparator(n.op, n.value);
      if (n.op === '!=') return (r) => !anyValue(get(r), comparator('==', n.value));
      return (r) => anyValue(get(r), test);
    }
  }
}

type Value = string | number | boolean | string[] | unknown[] | undefined | null;

function getter(f: FieldRef): (r: MessageRecord) => Value {
  if (f.kind === 'field') return f.def.get as (r: MessageRecord) => Value;
  const path = f.path;
  return (r) => bodyLookup(r.body, path) as Value;
}

/** Dotted lookup into the decoded body; arrays on the way are searched (the first element that has the key). */
function bodyLookup(body: unknown, path: string[]): unknown {
  let cur: unknown[] = [body];
  for (const key of path) {
    const next: unknown[] = [];
    for (const c of cur) {
      const items = Array.isArray(c) ? c : [c];
      for (const it of items) {
        if (it !== null && typeof it === 'object' && Object.prototype.hasOwnProperty.call(it, key)) {
          next.push((it as Record<string, unknown>)[key]);
        }
      }
    }
    if (next.length === 0) return undefined;
    cur = next;
  }
  return cur.length === 1 ? cur[0] : cur.flat();
}

function anyValue(v: Value | unknown, test: (x: unknown) => boolean): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.some(test);
  return test(v);
}

function equals(v: unknown, x: Literal): boolean {
  if (typeof x === 'number') return typeof v === 'number' ? v === x : typeof v === 'string' && v !== '' && Number(v) === x;
  if (typeof v === 'string') return v.toLowerCase() === x.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v) === x;
  return false;
}

function comparator(op: string, x: Literal | RegExp): (v: unknown) => boolean {
  switch (op) {
    case '==':
      return (v) => equals(v, x as Literal);
    case 'contains': {
      const needle = String(x).toLowerCase();
      return (v) => (typeof v === 'string' || typeof v === 'number' ? String(v).toLowerCase().includes(needle)
        : v !== null && typeof v === 'object' && JSON.stringify(v).toLowerCase().includes(needle));
    }
    case 'matches': {
      const re = x as RegExp;
      return (v) => (typeof v === 'string' || typeof v === 'number') && re.test(String(v));
    }
    default: {
      const n = Number(x);
      const cmp = op === '<' ? (a: number) => a < n : op === '>' ? (a: number) => a > n : op === '<=' ? (a: number) => a <= n : (a: number) => a >= n;
      return (v) => {
        const a = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
        return !Number.isNaN(a) && cmp(a);
      };
    }
  }
}
