// EXI 1.0 schema-informed grammar construction (W3C EXI 1.0 2nd ed., section 8.5.4): for every
// complex type, the proto-grammar of its attribute uses and content particle (8.5.4.1.3-8.5.4.1.8) is
// built as an NFA, normalized by subset construction (8.5.4.2: eliminating productions without a
// terminal and duplicate terminals) and given event codes (8.5.4.3: AT sorted by qname, then SE in
// schema order, SE(*), EE, CH). Strict is false: every element state keeps one extra code for the
// second level, so a state with n productions uses ceil(log2(n+1)) bits.
//
// Bounded repetitions of one element term (maxOccurs > 1) are not unrolled: the repeated term is a
// counted loop node, and the DFA carries the count in one runtime register (SET / INC actions on the
// productions, an "exhausted" twin state once maxOccurs is reached). This is equivalent to the
// unrolled grammar of 8.5.4.1.5 and keeps 1024-item lists to a handful of states.
import type { ComplexType, ElementDecl, Particle, SchemaSet, SimpleType, QName } from './xsd';
import { qkey } from './xsd';
import type { ExiGrammarDef } from '../../parsers/exi/grammarDef';

// ---- runtime encoding constants (mirrored in parsers/exi/grammarDef.ts) ----
export const P_EE = 0;
export const P_SE = 1;
export const P_AT = 2;
export const P_CH = 3;
export const P_CHU = 4;
export const P_SEW = 5;
export const CNT_NONE = 0;
export const CNT_SET = 1;
export const CNT_INC = 2;

export const DT_STRING = 0;
export const DT_BOOLEAN = 1;
export const DT_HEX = 2;
export const DT_B64 = 3;
export const DT_UINT = 4;
export const DT_INT = 5;
export const DT_NBIT = 6;
export const DT_ENUM = 7;
export const DT_LIST = 8;

export const USE_SIMPLE = 0;
export const USE_COMPLEX = 1;
export const USE_ATTR = 2;

// ---- NFA ----
type Terminal =
  | { t: 'AT'; key: string; use: number; order: number }
  | { t: 'SE'; key: string; use: number; order: number }
  | { t: 'SEW'; order: number }
  | { t: 'EE'; hard?: boolean }
  | { t: 'CH'; dt: number }
  | { t: 'CHU' };

interface NProd {
  term: Terminal | null; // null = epsilon
  next: NNode | null; // null only for EE
  /** Self-loop of a counted node. */
  loop?: boolean;
}

interface NNode {
  id: number;
  prods: NProd[];
  counted?: { min: number; max: number };
}

interface Frag {
  start: NNode;
  nodes: NNode[];
}

export const bitsFor = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

export interface BuildOptions {
  /** Bounded repetitions with maxOccurs above this use a counted loop instead of unrolled copies. */
  countedAbove: number;
  /** Deviations of the reference codec (libcbv2g) from the plain EXI grammar of these XSDs; see quirks.ts. */
  quirks?: Quirks;
}

export interface Quirks {
  /** "TypeName/ElementName" -> maxOccurs used instead of the XSD's (the XSD libcbv2g was built from differs). */
  maxOccurs: Record<string, number>;
  /**
   * "TypeName/ElementName" of repeated elements that libcbv2g encodes with its LOOP grammar: after an item only
   * "another item" or "end of the parent element" follow (two-bit code; later optional particles unreachable)
   * and maxOccurs never ends the loop.
   */
  loop: string[];
  /** Apply the LOOP grammar to every repeated element of a simple type with maxOccurs above this. */
  loopSimpleAbove: number;
  /** Fragment grammar: element name -> type name used where declarations of that name have different types. */
  fragmentTypes?: Record<string, string>;
  /** Substitution groups keep their head even when it is abstract (libcbv2g; EXI 1.0 leaves it out). */
  abstractHead?: boolean;
}

/** The grammar definition the engine loads (parsers/exi/grammarDef.ts), less its id, plus labels for the generator. */
export interface GrammarOutput extends Omit<ExiGrammarDef, 'id'> {
  typeLabels: string[];
}

export class GrammarBuilder {
  private uris: string[] = [];
  private names: string[] = [];
  private qnameIds = new Map<string, number>();
  private qnames: number[] = [];
  private dtKeys = new Map<string, number>();
  private dts: number[] = [];
  private enums: string[][] = [];
  private useKeys = new Map<string, number>();
  private uses: number[] = [];
  private states: number[][] = [];
  private typeIds = new Map<ComplexType, number>();
  private typeRecs: number[][] = [];
  private typeLabels: string[] = [];
  private nodeSeq = 0;

  constructor(private schema: SchemaSet, private opts: BuildOptions) {}

  qnameId(q: QName): number {
    const k = qkey(q);
    let id = this.qnameIds.get(k);
    if (id === undefined) {
      let u = this.uris.indexOf(q.ns);
      if (u < 0) u = this.uris.push(q.ns) - 1;
      let n = this.names.indexOf(q.name);
      if (n < 0) n = this.names.push(q.name) - 1;
      id = this.qnames.length / 2;
      this.qnames.push(u, n);
      this.qnameIds.set(k, id);
    }
    return id;
  }

  dt(t: SimpleType): number {
    let rec: number[];
    if (t.variety === 'list') rec = [DT_LIST, this.dt(t.item!), 0, 0];
    else if (t.variety === 'union') rec = [DT_STRING, 0, 0, 0];
    else if (t.facets.enumeration && t.facets.enumeration.length) {
      const lits = t.facets.enumeration;
      let ei = this.enums.findIndex((e) => e.length === lits.length && e.every((x, i) => x === lits[i]));
      if (ei < 0) ei = this.enums.push(lits) - 1;
      rec = [DT_ENUM, bitsFor(lits.length), ei, t.builtin === 'integer' ? 1 : 0];
    } else {
      switch (t.builtin) {
        case 'string':
          if (t.facets.hasPattern) throw new Error('pattern facets (restricted character sets) are not supported');
          rec = [DT_STRING, 0, 0, 0];
          break;
        case 'boolean':
          if (t.facets.hasPattern) throw new Error('boolean pattern facets are not supported');
          rec = [DT_BOOLEAN, 0, 0, 0];
          break;
        case 'hexBinary':
          rec = [DT_HEX, 0, 0, 0];
          break;
        case 'base64Binary':
          rec = [DT_B64, 0, 0, 0];
          break;
        case 'integer': {
          const { minInclusive: lo, maxInclusive: hi } = t.facets;
          if (lo !== undefined && hi !== undefined && hi - lo + 1n <= 4096n) {
            rec = [DT_NBIT, bitsFor(Number(hi - lo + 1n)), Number(lo), Number(hi)];
          } else if (lo !== undefined && lo >= 0n) rec = [DT_UINT, 0, 0, 0];
          else rec = [DT_INT, 0, 0, 0];
          break;
        }
        default:
          throw new Error(`datatype ${t.builtin} is not supported by exi-gen`);
      }
    }
    const k = rec.join(',');
    let id = this.dtKeys.get(k);
    if (id === undefined) {
      id = this.dts.length / 4;
      this.dts.push(...rec);
      this.dtKeys.set(k, id);
    }
    return id;
  }

  private use(kind: number, qn: QName, typeOrDt: number, array: boolean): number {
    const rec = [this.qnameId(qn), kind, typeOrDt, array ? 1 : 0];
    const k = rec.join(',');
    let id = this.useKeys.get(k);
    if (id === undefined) {
      id = this.uses.length / 4;
      this.uses.push(...rec);
      this.useKeys.set(k, id);
    }
    return id;
  }

  elementUse(decl: ElementDecl, array: boolean): number {
    if (decl.type.kind === 'simple') return this.use(USE_SIMPLE, decl.qn, this.dt(decl.type), array);
    return this.use(USE_COMPLEX, decl.qn, this.typeId(decl.type), array);
  }

  /** Index of the complex type's grammar record; builds it on first use. */
  typeId(t: ComplexType): number {
    let id = this.typeIds.get(t);
    if (id !== undefined) return id;
    id = this.typeRecs.length;
    this.typeIds.set(t, id);
    this.typeRecs.push([]);
    this.typeLabels.push(t.label);
    this.typeRecs[id] = this.buildType(t);
    return id;
  }

  // ---- substitution groups ----
  private substitutionSet(decl: ElementDecl): ElementDecl[] {
    const all = this.schema.globalElements();
    const reaches = (e: ElementDecl): boolean => {
      for (let s = e.substGroup; s; s = s.substGroup) if (s === decl) return true;
      return false;
    };
    // EXI 1.0 8.5.4.1.6 leaves abstract members out; libcbv2g keeps the head even when abstract (quirk).
    const keepAbstract = this.opts.quirks?.abstractHead === true;
    const set = [decl, ...all.filter((e) => e !== decl && reaches(e))].filter((e) => keepAbstract || !e.abstract);
    return set.sort(compareQName);
  }

  // ---- type grammar construction ----
  private newNode(): NNode {
    return { id: this.nodeSeq++, prods: [] };
  }

  private curType = '';

  private quirkKey(p: Particle): string | undefined {
    return p.term.kind === 'element' ? `${this.curType}/${p.term.decl.qn.name}` : undefined;
  }

  private buildType(t: ComplexType): number[] {
    const outer = this.curType;
    this.curType = t.qn ? t.qn.name : t.label;
    try {
      return this.buildTypeInner(t);
    } finally {
      this.curType = outer;
    }
  }

  private buildTypeInner(t: ComplexType): number[] {
    // Array flags: the most occurrences an element name can have in the content model.
    const counts = new Map<string, number>();
    if (t.particle) for (const [k, v] of maxCounts(t.particle, (d) => this.substitutionSet(d))) counts.set(k, v);
    // Schema order of element particles (depth first).
    const order = new Map<Particle, number>();
    let seq = 0;
    const walk = (p: Particle): void => {
      if (p.term.kind === 'element' || p.term.kind === 'any') order.set(p, (seq += 1000));
      else for (const c of p.term.particles) walk(c);
    };
    if (t.particle) walk(t.particle);

    const slots: number[] = [];
    const attrs = [...t.attributes].sort((a, b) => compareQName({ qn: a.qn }, { qn: b.qn }));
    const parts: Frag[] = [];
    for (const [ai, a] of attrs.entries()) {
      const u = this.use(USE_ATTR, a.qn, this.dt(a.type), false);
      slots.push(u);
      const n0 = this.newNode();
      const n1 = this.newNode();
      n0.prods.push({ term: { t: 'AT', key: qkey(a.qn), use: u, order: ai }, next: n1 });
      if (!a.required) n0.prods.push({ term: { t: 'EE' }, next: null });
      n1.prods.push({ term: { t: 'EE' }, next: null });
      parts.push({ start: n0, nodes: [n0, n1] });
    }
    let content: Frag;
    let contentDt = -1;
    if (t.simple) {
      contentDt = this.dt(t.simple);
      const n0 = this.newNode();
      const n1 = this.newNode();
      n0.prods.push({ term: { t: 'CH', dt: contentDt }, next: n1 });
      n1.prods.push({ term: { t: 'EE' }, next: null });
      content = { start: n0, nodes: [n0, n1] };
    } else if (t.particle) {
      content = this.particleFrag(t.particle, order, counts, slots);
      if (t.mixed) for (const n of content.nodes) n.prods.push({ term: { t: 'CHU' }, next: n });
    } else {
      const n0 = this.newNode();
      n0.prods.push({ term: { t: 'EE' }, next: null });
      if (t.mixed) n0.prods.push({ term: { t: 'CHU' }, next: n0 });
      content = { start: n0, nodes: [n0] };
    }
    let g = content;
    for (let i = parts.length - 1; i >= 0; i--) g = concat(parts[i], g);
    const start = this.determinize(g.start);
    return [start, t.mixed ? 1 : 0, contentDt, slots.length, ...slots];
  }

  private particleFrag(p0: Particle, order: Map<Particle, number>, counts: Map<string, number>, slots: number[]): Frag {
    const q = this.opts.quirks;
    const key = this.quirkKey(p0);
    let p = p0;
    if (q && key && key in q.maxOccurs) p = { ...p0, max: q.maxOccurs[key] };
    const term = (): Frag => this.termFrag(p0, order, counts, slots);
    const isLoopQuirk =
      q !== undefined && key !== undefined && p.term.kind === 'element' && p.max > 1 &&
      (q.loop.includes(key) || (p.term.decl.type.kind === 'simple' && p.max > q.loopSimpleAbove));
    if (isLoopQuirk) {
      // libcbv2g LOOP grammar: min mandatory items, then a state offering only "item" or "end of parent".
      const copies: Frag[] = [];
      for (let i = 0; i < Math.max(p.min, 1) - 1; i++) copies.push(term());
      const first = term();
      const loop = this.newNode();
      for (const pr of first.start.prods) if (pr.term && pr.term.t === 'SE') loop.prods.push({ term: pr.term, next: loop });
      loop.prods.push({ term: { t: 'EE', hard: true }, next: null });
      const entry = this.newNode();
      for (const pr of first.start.prods) if (pr.term && pr.term.t === 'SE') entry.prods.push({ term: pr.term, next: loop });
      if (p.min === 0) entry.prods.push({ term: { t: 'EE' }, next: null });
      copies.push({ start: entry, nodes: [entry, loop] });
      let g = copies[copies.length - 1];
      for (let i = copies.length - 2; i >= 0; i--) g = concat(copies[i], g);
      return g;
    }
    if (p.max === 0) {
      const n = this.newNode();
      n.prods.push({ term: { t: 'EE' }, next: null });
      return { start: n, nodes: [n] };
    }
    const copies: Frag[] = [];
    for (let i = 0; i < p.min; i++) copies.push(term());
    if (p.max === Infinity) {
      const g = term();
      for (const n of g.nodes)
        for (const pr of n.prods) if (pr.term && pr.term.t === 'EE' && !pr.term.hard) { pr.term = null; pr.next = g.start; }
      if (!g.start.prods.some((x) => x.term?.t === 'EE')) g.start.prods.push({ term: { t: 'EE' }, next: null });
      copies.push(g);
    } else if (p.max - p.min > 0 && p.term.kind === 'element' && p.max > this.opts.countedAbove) {
      // Counted loop: one node stands for the optional copies min .. max-1.
      const c = this.newNode();
      c.counted = { min: p.min, max: p.max };
      const inner = term();
      // inner.start holds the SE productions of the element term; make them loop on c.
      for (const pr of inner.start.prods) if (pr.term && pr.term.t === 'SE') c.prods.push({ term: pr.term, next: c, loop: true });
      c.prods.push({ term: { t: 'EE' }, next: null });
      copies.push({ start: c, nodes: [c] });
    } else {
      for (let i = p.min; i < p.max; i++) {
        const g = term();
        if (!g.start.prods.some((x) => x.term?.t === 'EE')) g.start.prods.push({ term: { t: 'EE' }, next: null });
        copies.push(g);
      }
    }
    if (copies.length === 0) {
      const n = this.newNode();
      n.prods.push({ term: { t: 'EE' }, next: null });
      return { start: n, nodes: [n] };
    }
    let g = copies[copies.length - 1];
    for (let i = copies.length - 2; i >= 0; i--) g = concat(copies[i], g);
    return g;
  }

  private termFrag(p: Particle, order: Map<Particle, number>, counts: Map<string, number>, slots: number[]): Frag {
    const term = p.term;
    if (term.kind === 'element') {
      const n0 = this.newNode();
      const n1 = this.newNode();
      const members = this.substitutionSet(term.decl);
      members.forEach((m, i) => {
        const u = this.elementUse(m, (counts.get(qkey(m.qn)) ?? 1) > 1);
        if (!slots.includes(u)) slots.push(u);
        n0.prods.push({ term: { t: 'SE', key: qkey(m.qn), use: u, order: order.get(p)! + i }, next: n1 });
      });
      n1.prods.push({ term: { t: 'EE' }, next: null });
      return { start: n0, nodes: [n0, n1] };
    }
    if (term.kind === 'any') {
      const n0 = this.newNode();
      const n1 = this.newNode();
      if (term.namespaces !== 'any') throw new Error('namespace-restricted wildcards (SE(uri:*)) are not supported');
      n0.prods.push({ term: { t: 'SEW', order: order.get(p)! }, next: n1 });
      n1.prods.push({ term: { t: 'EE' }, next: null });
      return { start: n0, nodes: [n0, n1] };
    }
    const subs = term.particles.map((c) => this.particleFrag(c, order, counts, slots));
    if (term.kind === 'sequence') {
      if (subs.length === 0) {
        const n = this.newNode();
        n.prods.push({ term: { t: 'EE' }, next: null });
        return { start: n, nodes: [n] };
      }
      let g = subs[subs.length - 1];
      for (let i = subs.length - 2; i >= 0; i--) g = concat(subs[i], g);
      return g;
    }
    // choice
    const n0 = this.newNode();
    const nodes = [n0];
    if (subs.length === 0) n0.prods.push({ term: { t: 'EE' }, next: null });
    for (const s of subs) {
      n0.prods.push({ term: null, next: s.start });
      nodes.push(...s.nodes);
    }
    return { start: n0, nodes };
  }

  // ---- normalization: subset construction with counted nodes ----
  // A DFA state is a set of (node, mode): mode 0 = plain / counted node at its entry count (= min),
  // 1 = counted node whose count is in the register, 2 = counted node that reached maxOccurs.
  private determinize(start: NNode): number {
    const ids = new Map<string, number>();
    const pending: { id: number; items: [NNode, number][] }[] = [];
    const closure = (kernel: [NNode, number][]): [NNode, number][] => {
      const out: [NNode, number][] = [];
      const seen = new Set<string>();
      const stack = [...kernel];
      while (stack.length) {
        const [n, m] = stack.pop()!;
        const k = `${n.id}:${m}`;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push([n, m]);
        for (const pr of n.prods) if (pr.term === null && pr.next) stack.push([pr.next, 0]);
      }
      return out.sort((a, b) => a[0].id - b[0].id || a[1] - b[1]);
    };
    const stateOf = (kernel: [NNode, number][]): number => {
      const items = closure(kernel);
      const key = items.map(([n, m]) => `${n.id}:${m}`).join(' ');
      let id = ids.get(key);
      if (id === undefined) {
        id = this.states.length;
        this.states.push([]);
        ids.set(key, id);
        pending.push({ id, items });
      }
      return id;
    };
    const first = stateOf([[start, 0]]);
    while (pending.length) {
      const { id, items } = pending.shift()!;
      // Group productions by terminal.
      type Group = { term: Terminal; kernel: [NNode, number][]; sort: number; cnt: number; cntArg: number; limit?: { node: NNode } };
      const groups = new Map<string, Group>();
      let counted: NNode | undefined;
      for (const [n, m] of items) {
        if (n.counted && m === 1) {
          if (counted && counted !== n) throw new Error('two counted loops active in one state');
          counted = n;
        }
        for (const pr of n.prods) {
          if (pr.term === null) continue;
          if (pr.loop && m === 2) continue; // exhausted
          const tk = termKey(pr.term);
          let g = groups.get(tk);
          if (!g) {
            g = { term: pr.term, kernel: [], sort: sortKey(pr.term), cnt: CNT_NONE, cntArg: 0 };
            groups.set(tk, g);
          } else g.sort = Math.min(g.sort, sortKey(pr.term));
          if (!pr.next) continue;
          if (pr.loop) {
            const c = n.counted!;
            if (g.cnt !== CNT_NONE) throw new Error('ambiguous counted loop');
            if (m === 0) {
              if (c.min + 1 >= c.max) g.kernel.push([n, 2]);
              else {
                g.kernel.push([n, 1]);
                g.cnt = CNT_SET;
                g.cntArg = c.min + 1;
              }
            } else {
              g.kernel.push([n, 1]);
              g.cnt = CNT_INC;
              g.limit = { node: n };
            }
          } else if (pr.next === n) g.kernel.push([n, m]); // CH self-loop of mixed content keeps the count
          else g.kernel.push([pr.next, 0]);
        }
      }
      const sorted = [...groups.values()].sort((a, b) => a.sort - b.sort);
      const rec: number[] = [sorted.length, bitsFor(sorted.length + 1), 0, -1];
      for (const g of sorted) {
        let next = -1;
        if (g.term.t !== 'EE') {
          next = stateOf(g.kernel);
          if (g.cnt !== CNT_NONE) {
            // Register the exhausted twin of the target state.
            const node = g.kernel.find(([, m]) => m === 1)![0];
            const twin = stateOf(g.kernel.map(([n, m]) => [n, n === node ? 2 : m] as [NNode, number]));
            const target = next;
            const setLimit = (): void => {
              const tr = this.states[target];
              tr[2] = node.counted!.max;
              tr[3] = twin;
            };
            if (this.states[target].length) setLimit();
            else this.pendingLimits.push({ state: target, apply: setLimit });
          }
        }
        let kind: number;
        let arg = 0;
        switch (g.term.t) {
          case 'EE': kind = P_EE; break;
          case 'SE': kind = P_SE; arg = g.term.use; break;
          case 'AT': kind = P_AT; arg = g.term.use; break;
          case 'CH': kind = P_CH; arg = g.term.dt; break;
          case 'CHU': kind = P_CHU; break;
          case 'SEW': kind = P_SEW; break;
        }
        rec.push(kind | (g.cnt << 4), arg, next, g.cntArg);
      }
      this.states[id] = rec;
      for (let i = this.pendingLimits.length - 1; i >= 0; i--) {
        const pl = this.pendingLimits[i];
        if (this.states[pl.state].length) {
          pl.apply();
          this.pendingLimits.splice(i, 1);
        }
      }
    }
    if (this.pendingLimits.length) throw new Error('internal: unresolved counted state');
    return first;
  }
  private pendingLimits: { state: number; apply: () => void }[] = [];

  // ---- document and fragment grammars ----
  build(fragment: boolean): GrammarOutput {
    const globals = this.schema.globalElements().sort(compareQName);
    const doc: number[] = globals.map((g) => this.elementUse(g, false));
    const frag: number[] = [];
    if (fragment) {
      const byName = new Map<string, ElementDecl[]>();
      for (const e of this.schema.allElements) {
        const k = qkey(e.qn);
        const l = byName.get(k);
        if (l) l.push(e);
        else byName.set(k, [e]);
      }
      const keys = [...byName.values()].map((l) => l[0]).sort(compareQName);
      for (const e of keys) {
        const decls = byName.get(qkey(e.qn))!;
        const sameType = decls.every((d) => d.type === decls[0].type);
        const wanted = this.opts.quirks?.fragmentTypes?.[e.qn.name];
        const chosen = sameType ? decls[0] : decls.find((d) => wanted !== undefined && d.type.qn?.name === wanted);
        frag.push(chosen ? this.elementUse(chosen, false) : -1 - this.qnameId(e.qn));
      }
    }
    return {
      uris: this.uris, names: this.names, qnames: this.qnames, dts: this.dts, enums: this.enums, uses: this.uses,
      states: this.states.flat(), types: this.typeRecs.flatMap((r) => r), doc, frag, typeLabels: this.typeLabels,
    };
  }

  typeRecords(): number[][] {
    return this.typeRecs;
  }
  stateRecords(): number[][] {
    return this.states;
  }
}

function concat(a: Frag, b: Frag): Frag {
  for (const n of a.nodes)
    for (const pr of n.prods) if (pr.term && pr.term.t === 'EE' && !pr.term.hard) { pr.term = null; pr.next = b.start; }
  return { start: a.start, nodes: [...a.nodes, ...b.nodes] };
}

function termKey(t: Terminal): string {
  switch (t.t) {
    case 'AT': return `AT${t.key}`;
    case 'SE': return `SE${t.key}`;
    case 'SEW': return 'SEW';
    case 'EE': return 'EE';
    case 'CH': return 'CH';
    case 'CHU': return 'CHU';
  }
}

// Event code order of 8.5.4.3: AT(qname) by qname (local name, then uri), [AT(uri:*), AT(*)],
// SE(qname) in schema order, [SE(uri:*)], SE(*), EE, CH.
function sortKey(t: Terminal): number {
  switch (t.t) {
    case 'AT': return t.order;
    case 'SE': return 1e9 + t.order;
    case 'SEW': return 3e9 + t.order;
    case 'EE': return 4e9;
    case 'CH': return 5e9;
    case 'CHU': return 5e9 + 1;
  }
}

export function compareQName(a: { qn: QName }, b: { qn: QName }): number {
  if (a.qn.name !== b.qn.name) return a.qn.name < b.qn.name ? -1 : 1;
  if (a.qn.ns !== b.qn.ns) return a.qn.ns < b.qn.ns ? -1 : 1;
  return 0;
}

/** The largest number of times each element qname can occur in the particle (Infinity for unbounded). */
function maxCounts(p: Particle, members: (d: ElementDecl) => ElementDecl[]): Map<string, number> {
  const out = new Map<string, number>();
  const term = p.term;
  if (term.kind === 'element') {
    // Substitution group members share the head's occurrence count.
    for (const m of members(term.decl)) out.set(qkey(m.qn), 1);
  } else if (term.kind === 'sequence' || term.kind === 'choice') {
    for (const c of term.particles) {
      for (const [k, v] of maxCounts(c, members)) {
        const have = out.get(k) ?? 0;
        out.set(k, term.kind === 'sequence' ? have + v : Math.max(have, v));
      }
    }
  }
  for (const [k, v] of out) out.set(k, v * p.max);
  return out;
}

