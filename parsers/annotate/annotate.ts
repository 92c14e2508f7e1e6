// Evaluates annotation rules (rules.ts) against decoded messages. Reads only decoded values, never bytes.

import type { AnnotationRule, Condition } from './rules';

export interface Evidence {
  /** Id of the rule (rules.ts); its `why` sentence is looked up with Annotator.rule(id). */
  rule: string;
  /** Path of the field that matched the rule's condition, when it has one. */
  field?: string;
}

export interface Annotation {
  categories: string[];
  tags: string[];
  evidence: Evidence[];
}

const MAX_VISIT = 20_000;

export class Annotator {
  private readonly byProtocol = new Map<string, AnnotationRule[]>();
  private readonly byId = new Map<string, AnnotationRule>();
  /** Results of (protocol, name) pairs whose rules look at no field: the same for every message. */
  private readonly constant = new Map<string, Annotation>();

  constructor(rules: AnnotationRule[]) {
    for (const r of rules) this.byId.set(r.id, r);
    for (const r of rules) {
      for (const p of r.protocols) {
        let list = this.byProtocol.get(p);
        if (!list) this.byProtocol.set(p, (list = []));
        list.push(r);
      }
    }
  }

  rule(id: string): AnnotationRule | undefined {
    return this.byId.get(id);
  }

  /**
   * The annotation of one message. The result may be shared between messages: do not mutate it.
   * `bodyJson`, the body's JSON text when the caller has it, lets a condition be ruled out without walking
   * the body: a key that does not occur as `"key"` in the text cannot match.
   */
  annotate(protocol: string, name: string, body: unknown, bodyJson?: string): Annotation {
    const key = protocol + '\u0000' + name;
    const cached = this.constant.get(key);
    if (cached) return cached;
    const out: Annotation = { categories: [], tags: [], evidence: [] };
    const rules = this.byProtocol.get(protocol);
    if (!rules) return out;
    let conditional = false;
    for (const r of rules) {
      if (r.when && (r.names.includes('*') || r.names.includes(name))) conditional = true;
    }
    for (const r of rules) {
      if (!(r.names.includes('*') || r.names.includes(name))) continue;
      let field: string | undefined;
      if (r.when) {
        if (bodyJson !== undefined && !mentionsAnyKey(bodyJson, r.when)) continue;
        field = findMatch(body, r.when);
        if (field === undefined) continue;
      }
      for (const c of r.categories) if (!out.categories.includes(c)) out.categories.push(c);
      for (const t of r.tags) if (!out.tags.includes(t)) out.tags.push(t);
      out.evidence.push(field === undefined ? { rule: r.id } : { rule: r.id, field });
    }
    if (!conditional && this.constant.size < 10_000) {
      // shared by every message of this name: frozen, so writers may cache its serialised form
      Object.freeze(out.categories);
      Object.freeze(out.tags);
      Object.freeze(out.evidence);
      this.constant.set(key, Object.freeze(out));
    }
    return out;
  }
}

const keyPatterns = new WeakMap<Condition, RegExp>();

/** Whether any of the condition's keys occurs as `"key"` in the JSON text (one scan for all keys). */
function mentionsAnyKey(json: string, cond: Condition): boolean {
  let re = keyPatterns.get(cond);
  if (!re) {
    const keys = Array.isArray(cond.key) ? cond.key : [cond.key];
    re = new RegExp(`"(?:${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"`);
    keyPatterns.set(cond, re);
  }
  return re.test(json);
}

/** A number, or a physical value {value|Value, multiplier|Multiplier|Exponent} scaled, or undefined. */
function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const value = typeof o.Value === 'number' ? o.Value : typeof o.value === 'number' ? o.value : undefined;
    if (value === undefined) return undefined;
    const m = [o.Multiplier, o.multiplier, o.Exponent].find((x) => typeof x === 'number') as number | undefined;
    return value * Math.pow(10, m ?? 0);
  }
  return undefined;
}

/** Path of the first field satisfying the condition (depth-first, bounded), or undefined. */
export function findMatch(body: unknown, cond: Condition): string | undefined {
  const keys = Array.isArray(cond.key) ? cond.key : [cond.key];
  let visited = 0;
  let seen = 0;
  let firstPath: string | undefined;
  const test = (v: unknown): boolean => {
    if ('lt' in cond) {
      const n = numeric(v);
      return n !== undefined && n < cond.lt;
    }
    if ('gt' in cond) {
      const n = numeric(v);
      return n !== undefined && n > cond.gt;
    }
    if ('in' in cond) return typeof v === 'string' && cond.in.includes(v);
    return true;
  };
  const matchesValue = (child: unknown, path: string): boolean => {
    if ('count' in cond) {
      seen += Array.isArray(child) ? child.length : 1;
      firstPath ??= path;
      return seen >= cond.count;
    }
    if ('exists' in cond) return true;
    if (Array.isArray(child)) return child.some(test);
    return test(child);
  };
  const walk = (v: unknown, path: string): string | undefined => {
    if (++visited > MAX_VISIT || v === null || typeof v !== 'object') return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const r = walk(v[i], `${path}/${i}`);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    for (const k of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[k];
      if (keys.includes(k) && matchesValue(child, `${path}/${k}`)) return 'count' in cond ? firstPath : `${path}/${k}`;
      const r = walk(child, `${path}/${k}`);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  return walk(body, '');
}
