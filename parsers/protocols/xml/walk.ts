// The XML tree (fast-xml-parser ordered form) -> the JSON convention of the output contract (element
// names without prefixes as keys, attributes as plain keys, simple content under CONTENT when there are
// attributes, repeated elements as arrays; with a schema, elements whose particle allows more than one
// occurrence are always arrays and values are typed), resolving namespaces (Namespaces in XML 1.0 §6)
// and, when a compiled schema is given, validating in the same pass: content models by deterministic
// matching (XSD 1.0 Part 1 §3.8.4, Unique Particle Attribution makes greedy matching exact), substitution
// groups, wildcards, attribute uses and simple types. Linear in the number of nodes; recursion depth is
// bounded by the pre-scan's depth limit.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { decodeRefs, elementName, nodeText } from './safeXml';
import type { FxpNode } from './safeXml';
import type { ComplexTypeDef, Particle, SchemaData, SimpleTypeDef } from './schemaModel';
import { checkSimple, typedValue } from './simpleTypes';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface CompiledSchema {
  data: SchemaData;
  /** "{uri}local" -> global element index */
  globals: Map<string, number>;
  /** element index -> "{uri}local" */
  keys: string[];
  /** global element index -> accepted "{uri}local" -> element index (itself unless abstract, plus substitution members) */
  accepts: Map<number, Map<string, number>>;
  firsts: WeakMap<Particle, First>;
}

interface First { keys: Set<string>; wild: Particle[]; nullable: boolean }

const compiledCache = new WeakMap<SchemaData, CompiledSchema>();

export function compileSchema(data: SchemaData): CompiledSchema {
  let c = compiledCache.get(data);
  if (c) return c;
  const keys = data.elements.map((e) => `{${e.s >= 0 ? data.ns[e.s] : ''}}${e.n}`);
  const globals = new Map<string, number>();
  for (const g of data.globals) globals.set(keys[g], g);
  c = { data, globals, keys, accepts: new Map(), firsts: new WeakMap() };
  compiledCache.set(data, c);
  return c;
}

function accepts(s: CompiledSchema, idx: number): Map<string, number> {
  let m = s.accepts.get(idx);
  if (m) return m;
  m = new Map();
  const e = s.data.elements[idx];
  if (!e.abstract) m.set(s.keys[idx], idx);
  if (e.subs) for (const x of e.subs) if (!s.data.elements[x].abstract) m.set(s.keys[x], x);
  s.accepts.set(idx, m);
  return m;
}

function first(s: CompiledSchema, p: Particle): First {
  let f = s.firsts.get(p);
  if (f) return f;
  f = { keys: new Set(), wild: [], nullable: false };
  s.firsts.set(p, f); // guards against (impossible in valid XSD) self-reference
  switch (p[0]) {
    case 'e':
      for (const k of accepts(s, p[3]).keys()) f.keys.add(k);
      break;
    case 'a':
      f.wild.push(p);
      break;
    case 's': {
      let all = true;
      for (const q of p[3]) {
        const fq = first(s, q);
        for (const k of fq.keys) f.keys.add(k);
        for (const w of fq.wild) f.wild.push(w);
        if (!(fq.nullable || q[1] === 0)) { all = false; break; }
      }
      f.nullable = all;
      break;
    }
    case 'c': {
      let any = p[3].length === 0;
      for (const q of p[3]) {
        const fq = first(s, q);
        for (const k of fq.keys) f.keys.add(k);
        for (const w of fq.wild) f.wild.push(w);
        if (fq.nullable || q[1] === 0) any = true;
      }
      f.nullable = any;
      break;
    }
  }
  return f;
}

function wildMatches(s: CompiledSchema, w: Particle, ns: string): boolean {
  if (w[0] !== 'a') return false;
  const spec = w[3];
  if (spec === '##any') return true;
  const tns = w[4] >= 0 ? s.data.ns[w[4]] : '';
  if (spec === '##other') return ns !== tns && ns !== '';
  for (const part of spec.split(' ')) {
    if (part === '##local' ? ns === '' : part === '##targetNamespace' ? ns === tns : part === ns) return true;
  }
  return false;
}

function canStart(s: CompiledSchema, p: Particle, kid: Kid): boolean {
  const f = first(s, p);
  if (f.keys.has(kid.key)) return true;
  for (const w of f.wild) if (wildMatches(s, w, kid.ns)) return true;
  return false;
}

interface Kid {
  node: FxpNode;
  tag: string;
  local: string;
  ns: string;
  key: string;
  /** element declaration index assigned by the content model; -1 none, -2 wildcard (skip), -3 wildcard (lax) */
  decl: number;
  repeat: boolean;
}

interface Scope { parent: Scope | undefined; map: Record<string, string> }

export interface ConvertOptions {
  schema?: CompiledSchema;
  /** Diagnostic code of schema violations ('openadr.schema', 'ieee2030_5.schema'). */
  code: string;
  maxDiagnostics?: number;
}

export interface ConvertResult {
  json: unknown;
  rootLocal: string;
  rootNs: string;
  /** Every namespace URI declared in the document. */
  namespaces: Set<string>;
  diagnostics: Diagnostic[];
}

class Walker {
  readonly diagnostics: Diagnostic[] = [];
  readonly namespaces = new Set<string>();
  private suppressed = 0;
  private readonly path: string[] = [];

  constructor(private readonly s: CompiledSchema | undefined, private readonly code: string, private readonly maxDiag: number) {}

  error(message: string): void {
    if (this.diagnostics.length >= this.maxDiag) { this.suppressed++; return; }
    this.diagnostics.push(diag('error', this.code, message, '/' + this.path.join('/')));
  }

  pushPath(name: string): void {
    this.path.push(name);
  }

  finish(): void {
    if (this.suppressed > 0) this.diagnostics.push(diag('info', this.code, `${this.suppressed} further schema violation(s) not listed.`));
  }

  resolve(scope: Scope | undefined, prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NS;
    for (let sc = scope; sc; sc = sc.parent) {
      const u = sc.map[prefix];
      if (u !== undefined) return u;
    }
    return prefix === '' ? '' : undefined;
  }

  /** Converts one element; `decl` is its declaration index when the schema knows it. */
  element(node: FxpNode, tag: string, parentScope: Scope | undefined, decl: number, lax: boolean): unknown {
    const attrs = node[':@'] as Record<string, string> | undefined;
    let scope = parentScope;
    if (attrs) {
      let map: Record<string, string> | undefined;
      for (const a in attrs) {
        if (a === 'xmlns' || a.startsWith('xmlns:')) {
          if (!map) map = Object.create(null) as Record<string, string>;
          const uri = attrs[a];
          map[a === 'xmlns' ? '' : a.slice(6)] = uri;
          if (uri) this.namespaces.add(uri);
        }
      }
      if (map) scope = { parent: parentScope, map };
    }
    const s = this.s;
    const type = s && decl >= 0 ? s.data.types[s.data.elements[decl].t] : undefined;
    let validate = s !== undefined && type !== undefined;
    const ct = type && type.k === 'c' ? type : undefined;
    const st = type && type.k === 's' ? type : undefined;
    if (ct?.any) validate = false;

    const out: Record<string, unknown> = {};
    let nAttrs = 0;
    const seenAttrs: Array<[string, string]> | undefined = validate && ct?.a ? [] : undefined;
    if (attrs) {
      for (const a in attrs) {
        if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
        const c = a.indexOf(':');
        const local = c < 0 ? a : a.slice(c + 1);
        const ans = c < 0 ? '' : this.resolve(scope, a.slice(0, c));
        const rawVal = attrs[a];
        const value = decodeRefs(rawVal.indexOf('\t') >= 0 || rawVal.indexOf('\n') >= 0 ? rawVal.replace(/[\t\n]/g, ' ') : rawVal);
        if (ans === XSI) {
          if (local === 'nil' && (value === 'true' || value === '1')) validate = false;
          if (local === 'type') validate = false; // xsi:type: derived types are shown, not validated
          continue;
        }
        let typed: unknown = value;
        if (validate && ct) {
          const use = ct.a?.find((u) => u[0] === local && (u[1] < 0 ? ans === '' : s!.data.ns[u[1]] === ans));
          if (use) {
            const at = s!.data.types[use[2]];
            if (at.k === 's') {
              const why = checkSimple(at, value, s!.data.types);
              if (why) this.error(`attribute ${a}: ${why}`);
              else typed = typedValue(at, value);
            }
            seenAttrs?.push([local, ans ?? '']);
          } else if (!ct.aa && ans !== XML_NS) {
            this.error(`attribute ${a} is not allowed on <${tag}>`);
          }
        } else if (validate && st && ans !== XML_NS) {
          this.error(`attribute ${a} is not allowed on <${tag}> (simple type)`);
        }
        setKey(out, local, typed);
        nAttrs++;
      }
    }
    if (validate && ct?.a) {
      for (const u of ct.a) {
        if (u[3] !== 1) continue;
        const uns = u[1] < 0 ? '' : s!.data.ns[u[1]];
        if (!seenAttrs?.some(([l, n]) => l === u[0] && n === uns)) this.error(`required attribute ${u[0]} missing on <${tag}>`);
      }
    }

    // Children.
    const children = node[tag] as FxpNode[] | undefined;
    let text = '';
    let kids: Kid[] | undefined;
    if (children) {
      for (const ch of children) {
        const kt = elementName(ch);
        if (kt === undefined) {
          const t = nodeText(ch);
          if (t) text += t.cdata ? t.text : decodeRefs(t.text);
          continue;
        }
        const c = kt.indexOf(':');
        const local = c < 0 ? kt : kt.slice(c + 1);
        const kprefix = c < 0 ? '' : kt.slice(0, c);
        const kattrs = ch[':@'] as Record<string, string> | undefined;
        const own = kattrs ? kattrs[kprefix === '' ? 'xmlns' : `xmlns:${kprefix}`] : undefined;
        let ns = own ?? this.resolve(scope, kprefix);
        if (ns === undefined) {
          this.error(`undeclared namespace prefix in <${kt}>`);
          ns = '';
        }
        (kids ??= []).push({ node: ch, tag: kt, local, ns, key: `{${ns}}${local}`, decl: -1, repeat: false });
      }
    }

    if (validate && s) {
      if (st || ct?.sc !== undefined) {
        if (kids) this.error(`<${tag}> has simple content but contains element <${kids[0].tag}>`);
        const stype = st ?? (s.data.types[ct!.sc!] as SimpleTypeDef);
        const why = checkSimple(stype, text, s.data.types);
        if (why) this.error(`<${tag}>: ${why}`);
      } else if (ct) {
        if (!ct.mixed && !isWhitespace(text)) this.error(`<${tag}> has element-only content but contains text '${text.trim().slice(0, 40)}'`);
        const list = kids ?? [];
        if (ct.p) {
          const pos = this.match(ct.p, list, 0, false, tag);
          if (pos < list.length) this.error(`element <${list[pos].tag}> is not expected in <${tag}>${this.expected(ct.p, list, pos)}`);
        } else if (list.length > 0) {
          this.error(`<${tag}> must be empty but contains <${list[0].tag}>`);
        }
      }
    }

    // Build the JSON value.
    if (!kids) {
      const simple = st ?? (ct?.sc !== undefined && s ? (s.data.types[ct.sc] as SimpleTypeDef) : undefined);
      if (nAttrs === 0) {
        if (ct && ct.sc === undefined && !ct.mixed && !ct.any) return {};
        return simple ? typedValue(simple, text) : (ct?.mixed ? text : text.trim());
      }
      const v = simple ? typedValue(simple, text) : text.trim();
      if (v !== '' || simple) setKey(out, 'CONTENT', v);
      return out;
    }
    const counts = kids.length > SMALL ? countLocals(kids) : undefined;
    for (let i = 0; i < kids.length; i++) {
      const k = kids[i];
      let d = k.decl;
      let kidLax = lax;
      if (d === -3 || (d === -1 && s && !validate)) {
        // lax wildcard or unvalidated context: use a global declaration when there is one
        const g = s?.globals.get(k.key);
        d = g ?? -1;
        kidLax = true;
      }
      this.path.push(k.local);
      const v = d === -2 ? this.element(k.node, k.tag, scope, -1, true) : this.element(k.node, k.tag, scope, d, kidLax);
      this.path.pop();
      const asArray = k.repeat || (counts ? (counts.get(k.local) ?? 0) > 1 : occursTwice(kids, k.local));
      if (asArray) {
        const cur = getOwn(out, k.local);
        if (Array.isArray(cur)) cur.push(v);
        else setKey(out, k.local, [v]);
      } else setKey(out, k.local, v);
    }
    if (ct?.mixed && !isWhitespace(text)) setKey(out, 'CONTENT', text);
    return out;
  }

  /** Deterministic matching of `p` (with its occurrence bounds) against kids[pos...]; returns the new position. */
  private match(p: Particle, kids: Kid[], pos: number, outerRepeat: boolean, tag: string): number {
    const s = this.s!;
    const min = p[1], max = p[2];
    const repeat = outerRepeat || max !== 1;
    let count = 0;
    if (p[0] === 'e') {
      // An element particle (the common case): one lookup per child in the declarations it accepts.
      const acc = accepts(s, p[3]);
      while ((max < 0 || count < max) && pos < kids.length) {
        const k = kids[pos];
        const d = acc.get(k.key);
        if (d === undefined) break;
        k.decl = d;
        k.repeat = repeat;
        pos++;
        count++;
      }
      if (count < min) this.error(`<${tag}> is missing ${this.describe(p)}${pos < kids.length ? ` before <${kids[pos].tag}>` : ''}`);
      return pos;
    }
    while (max < 0 || count < max) {
      if (pos >= kids.length || !canStart(s, p, kids[pos])) {
        // A required sequence that cannot start here: match its parts anyway so that each missing
        // required part is named precisely.
        if (count < min && p[0] === 's') {
          pos = this.matchOnce(p, kids, pos, repeat, tag);
          count++;
          continue;
        }
        break;
      }
      const np = this.matchOnce(p, kids, pos, repeat, tag);
      if (np === pos) break;
      pos = np;
      count++;
    }
    if (count < min && !(count === 0 && first(s, p).nullable) && !(count > 0 && p[0] !== 'a')) {
      this.error(`<${tag}> is missing ${this.describe(p)}${pos < kids.length ? ` before <${kids[pos].tag}>` : ''}`);
    }
    return pos;
  }

  private matchOnce(p: Particle, kids: Kid[], pos: number, repeat: boolean, tag: string): number {
    const s = this.s!;
    switch (p[0]) {
      case 'e': {
        const k = kids[pos];
        k.decl = accepts(s, p[3]).get(k.key) ?? -1;
        k.repeat = repeat;
        return pos + 1;
      }
      case 'a': {
        const k = kids[pos];
        k.decl = p[5] === 'skip' ? -2 : -3;
        k.repeat = repeat;
        return pos + 1;
      }
      case 's':
        for (const q of p[3]) pos = this.match(q, kids, pos, repeat, tag);
        return pos;
      case 'c':
        for (const q of p[3]) {
          if (pos < kids.length && canStart(s, q, kids[pos])) return this.match(q, kids, pos, repeat, tag);
        }
        return pos;
    }
  }

  private describe(p: Particle): string {
    const s = this.s!;
    const names = new Set<string>();
    const f = first(s, p);
    for (const k of f.keys) names.add(k.slice(k.indexOf('}') + 1));
    if (f.wild.length) names.add('any element');
    const list = [...names].slice(0, 6);
    return list.length === 1 ? `required element <${list[0]}>` : `one of <${list.join('>, <')}>${names.size > 6 ? ', ...' : ''}`;
  }

  private expected(p: Particle, kids: Kid[], pos: number): string {
    void p; void kids; void pos;
    return '';
  }
}

/** Up to this many children, repeated names are found by scanning instead of counting in a Map. */
const SMALL = 8;

function countLocals(kids: Kid[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of kids) counts.set(k.local, (counts.get(k.local) ?? 0) + 1);
  return counts;
}

function occursTwice(kids: Kid[], local: string): boolean {
  let n = 0;
  for (let i = 0; i < kids.length; i++) if (kids[i].local === local && ++n > 1) return true;
  return false;
}

function isWhitespace(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function getOwn(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/**
 * Converts (and, with a schema, validates) the document rooted at `root`. The root must be a global
 * element of the schema, else one diagnostic says so and the tree is converted without validation.
 */
export function convertXml(root: FxpNode, opts: ConvertOptions): ConvertResult {
  const w = new Walker(opts.schema, opts.code, opts.maxDiagnostics ?? 50);
  const tag = elementName(root) ?? '';
  const c = tag.indexOf(':');
  const local = c < 0 ? tag : tag.slice(c + 1);
  // Resolve the root's namespace from its own declarations.
  const attrs = root[':@'] as Record<string, string> | undefined;
  const prefix = c < 0 ? '' : tag.slice(0, c);
  const ns = (attrs && attrs[prefix === '' ? 'xmlns' : `xmlns:${prefix}`]) ?? '';
  let decl = -1;
  if (opts.schema) {
    decl = opts.schema.globals.get(`{${ns}}${local}`) ?? -1;
    if (decl < 0) w.error(`no declaration for the root element {${ns}}${local} in the schema`);
    else if (opts.schema.data.elements[decl].abstract) {
      w.error(`root element <${tag}> is abstract`);
      decl = -1;
    }
  }
  w.pushPath(local);
  const json = w.element(root, tag, undefined, decl, decl < 0);
  w.finish();
  return { json, rootLocal: local, rootNs: ns, namespaces: w.namespaces, diagnostics: w.diagnostics };
}

/** Type guard used by callers that inspect complex types. */
export function isComplex(t: unknown): t is ComplexTypeDef {
  return typeof t === 'object' && t !== null && (t as { k?: string }).k === 'c';
}
