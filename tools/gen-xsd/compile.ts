// XSD -> compact structural schema (parsers/protocols/xml/schemaModel.ts). Reads the XSD files with
// fast-xml-parser, follows import/include/redefine, and flattens derivations (complexContent
// extension/restriction, simpleContent, simple type restriction chains, attribute groups, named model
// groups). Substitution groups are closed transitively. Run at generation time only (Node).
import { readFileSync } from 'node:fs';
import { dirname, resolve, basename } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { AttrUse, ComplexTypeDef, ElementDecl, Particle, SchemaData, SimpleTypeDef, TypeDef } from '../../parsers/protocols/xml/schemaModel';

const XS = 'http://www.w3.org/2001/XMLSchema';
type Node = Record<string, unknown>;

interface Doc {
  path: string;
  tns: string;
  efd: boolean;
  afd: boolean;
  prefixes: Map<string, string>;
}

interface Def { node: Node; doc: Doc; name: string }

const parser = new XMLParser({
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false,
  processEntities: true, ignoreDeclaration: true, ignorePiTags: true, commentPropName: false,
});

function tagOf(n: Node): string | undefined {
  for (const k in n) if (k !== ':@' && k !== '#text') return k;
  return undefined;
}
function localOf(tag: string): string {
  const c = tag.indexOf(':');
  return c < 0 ? tag : tag.slice(c + 1);
}
function attrs(n: Node): Record<string, string> {
  return (n[':@'] as Record<string, string> | undefined) ?? {};
}
function kids(n: Node): Node[] {
  const t = tagOf(n);
  if (!t) return [];
  const c = n[t];
  return Array.isArray(c) ? (c.filter((x: Node) => tagOf(x) !== undefined) as Node[]) : [];
}
function xsKids(n: Node): Array<[string, Node]> {
  return kids(n).map((k) => [localOf(tagOf(k)!), k] as [string, Node]).filter(([l]) => l !== 'annotation');
}
const clark = (ns: string, local: string): string => `{${ns}}${local}`;

export class XsdCompiler {
  private readonly docs = new Map<string, Doc>();
  private readonly elementDefs = new Map<string, Def>();
  private readonly typeDefs = new Map<string, Def>();
  private readonly attrDefs = new Map<string, Def>();
  private readonly attrGroupDefs = new Map<string, Def>();
  private readonly groupDefs = new Map<string, Def>();
  /** redefined component node -> clark name of the original it extends/restricts */
  private readonly redefinedBase = new Map<Node, string>();

  readonly ns: string[] = [];
  private readonly nsIdx = new Map<string, number>();
  readonly types: Array<TypeDef | null> = [];
  private readonly typeIdx = new Map<string, number>();
  private readonly pending: Array<() => void> = [];
  private readonly inProgress = new Set<number>();
  private readonly typeCompilers = new Map<number, () => TypeDef>();
  readonly elements: ElementDecl[] = [];
  private readonly globalIdx = new Map<string, number>();
  private readonly substitutionHeads = new Map<number, string>();
  readonly sources: string[] = [];

  load(path: string): void {
    const abs = resolve(path);
    if (this.docs.has(abs)) return;
    const text = readFileSync(abs, 'utf8');
    const top = (parser.parse(text) as Node[]).find((n) => tagOf(n) !== undefined && localOf(tagOf(n)!) === 'schema');
    if (!top) throw new Error(`${abs}: no xs:schema`);
    const a = attrs(top);
    const prefixes = new Map<string, string>();
    for (const [k, v] of Object.entries(a)) {
      if (k === 'xmlns') prefixes.set('', v);
      else if (k.startsWith('xmlns:')) prefixes.set(k.slice(6), v);
    }
    const doc: Doc = { path: abs, tns: a.targetNamespace ?? '', efd: a.elementFormDefault === 'qualified', afd: a.attributeFormDefault === 'qualified', prefixes };
    this.docs.set(abs, doc);
    this.sources.push(basename(abs));
    for (const [l, k] of xsKids(top)) {
      const ka = attrs(k);
      if (l === 'import' || l === 'include') {
        if (ka.schemaLocation) this.load(resolve(dirname(abs), ka.schemaLocation));
      } else if (l === 'redefine') {
        this.load(resolve(dirname(abs), ka.schemaLocation));
        for (const [rl, rk] of xsKids(k)) {
          const name = attrs(rk).name;
          const key = clark(doc.tns, name);
          const map = rl === 'complexType' || rl === 'simpleType' ? this.typeDefs : rl === 'group' ? this.groupDefs : this.attrGroupDefs;
          const orig = map.get(key);
          if (!orig) throw new Error(`redefine of unknown ${rl} ${name}`);
          const origKey = clark(doc.tns, `${name}__redefined`);
          map.set(origKey, { ...orig, name: `${name}__redefined` });
          map.set(key, { node: rk, doc, name });
          this.redefinedBase.set(rk, origKey);
        }
      } else this.register(l, k, doc);
    }
  }

  private register(l: string, k: Node, doc: Doc): void {
    const name = attrs(k).name;
    if (!name) return;
    const key = clark(doc.tns, name);
    const def = { node: k, doc, name };
    if (l === 'element') this.elementDefs.set(key, def);
    else if (l === 'complexType' || l === 'simpleType') this.typeDefs.set(key, def);
    else if (l === 'attribute') this.attrDefs.set(key, def);
    else if (l === 'attributeGroup') this.attrGroupDefs.set(key, def);
    else if (l === 'group') this.groupDefs.set(key, def);
  }

  private resolveQName(q: string, doc: Doc): string {
    const c = q.indexOf(':');
    const prefix = c < 0 ? '' : q.slice(0, c);
    const local = c < 0 ? q : q.slice(c + 1);
    const uri = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : doc.prefixes.get(prefix);
    if (uri === undefined && prefix !== '') throw new Error(`${doc.path}: unknown prefix in ${q}`);
    return clark(uri ?? '', local);
  }

  private nsIndex(uri: string): number {
    if (uri === '') return -1;
    let i = this.nsIdx.get(uri);
    if (i === undefined) {
      i = this.ns.length;
      this.ns.push(uri);
      this.nsIdx.set(uri, i);
    }
    return i;
  }

  /** Compiles every global element of every loaded document. */
  compileAll(): SchemaData {
    for (const key of [...this.elementDefs.keys()].sort()) this.globalElement(key);
    this.drain();
    // Substitution groups, transitively.
    const direct = new Map<number, number[]>();
    for (const [member, headKey] of this.substitutionHeads) {
      const head = this.globalElement(headKey);
      if (!direct.has(head)) direct.set(head, []);
      direct.get(head)!.push(member);
      // A member without its own type takes the head's type.
      if (this.elements[member].t < 0) this.elements[member].t = -2 - head;
    }
    this.drain();
    for (const e of this.elements) {
      let guard = 0;
      while (e.t <= -2 && guard++ < 50) {
        const head = this.elements[-2 - e.t];
        e.t = head.t;
      }
      if (e.t < 0) e.t = this.builtin('anyType');
    }
    for (const [head] of direct) {
      const all = new Set<number>();
      const stack = [...direct.get(head)!];
      while (stack.length) {
        const m = stack.pop()!;
        if (all.has(m)) continue;
        all.add(m);
        for (const x of direct.get(m) ?? []) stack.push(x);
      }
      this.elements[head].subs = [...all].sort((a, b) => a - b);
    }
    const globals = [...this.globalIdx.values()].sort((a, b) => a - b);
    return { source: '', ns: this.ns, types: this.types as TypeDef[], elements: this.elements, globals };
  }

  private drain(): void {
    while (this.pending.length) this.pending.shift()!();
  }

  private builtin(local: string): number {
    return this.typeIndex(clark(XS, local));
  }

  private typeIndex(key: string): number {
    let i = this.typeIdx.get(key);
    if (i !== undefined) return i;
    i = this.types.length;
    this.types.push(null);
    this.typeIdx.set(key, i);
    const idx = i;
    if (key.startsWith(`{${XS}}`)) {
      const local = key.slice(XS.length + 2);
      this.types[idx] = local === 'anyType' ? { k: 'c', n: 'xs:anyType', any: 1 } : { k: 's', n: `xs:${local}`, b: local };
      return idx;
    }
    const def = this.typeDefs.get(key);
    if (!def) throw new Error(`unknown type ${key}`);
    this.deferType(idx, () => this.compileNamedType(def));
    return idx;
  }

  private deferType(idx: number, fn: () => TypeDef): void {
    this.typeCompilers.set(idx, fn);
    this.pending.push(() => this.typeDef(idx));
  }

  /** The definition of a type index, compiling it now if needed (derivation chains are acyclic). */
  private typeDef(idx: number): TypeDef {
    const t = this.types[idx];
    if (t) return t;
    if (this.inProgress.has(idx)) throw new Error(`circular derivation at type ${idx}`);
    this.inProgress.add(idx);
    const def = this.typeCompilers.get(idx)!();
    this.inProgress.delete(idx);
    this.types[idx] = def;
    return def;
  }

  private anonType(node: Node, doc: Doc): number {
    const idx = this.types.length;
    this.types.push(null);
    this.deferType(idx, () => (localOf(tagOf(node)!) === 'complexType' ? this.compileComplex(node, doc) : this.compileSimple(node, doc)));
    return idx;
  }

  private compileNamedType(def: Def): TypeDef {
    const t = localOf(tagOf(def.node)!) === 'complexType' ? this.compileComplex(def.node, def.doc) : this.compileSimple(def.node, def.doc);
    t.n = def.name.replace(/__redefined$/, '');
    return t;
  }

  private baseIndex(node: Node, doc: Doc, owner: Node): number {
    const base = attrs(node).base;
    if (!base) {
      const inline = xsKids(node).find(([l]) => l === 'simpleType');
      if (inline) return this.anonType(inline[1], doc);
      return this.builtin('anySimpleType');
    }
    const key = this.resolveQName(base, doc);
    const redefined = this.redefinedBase.get(owner);
    if (redefined && key === clark(doc.tns, attrs(owner).name)) return this.typeIndex(redefined);
    return this.typeIndex(key);
  }

  private globalElement(key: string): number {
    let i = this.globalIdx.get(key);
    if (i !== undefined) return i;
    const def = this.elementDefs.get(key);
    if (!def) throw new Error(`unknown element ${key}`);
    i = this.elements.length;
    const a = attrs(def.node);
    const decl: ElementDecl = { n: def.name, s: this.nsIndex(def.doc.tns), t: -1, g: 1 };
    if (a.abstract === 'true') decl.abstract = 1;
    if (a.nillable === 'true') decl.nillable = 1;
    this.elements.push(decl);
    this.globalIdx.set(key, i);
    decl.t = this.elementType(def.node, def.doc);
    if (a.substitutionGroup) this.substitutionHeads.set(i, this.resolveQName(a.substitutionGroup, def.doc));
    return i;
  }

  /** Type index of an element declaration; -1 when it has none (resolved later). */
  private elementType(node: Node, doc: Doc): number {
    const a = attrs(node);
    if (a.type) return this.typeIndex(this.resolveQName(a.type, doc));
    const inline = xsKids(node).find(([l]) => l === 'complexType' || l === 'simpleType');
    if (inline) return this.anonType(inline[1], doc);
    if (a.substitutionGroup) return -1;
    return this.builtin('anyType');
  }

  private occurs(node: Node): [number, number] {
    const a = attrs(node);
    const min = a.minOccurs === undefined ? 1 : Number(a.minOccurs);
    const max = a.maxOccurs === undefined ? 1 : a.maxOccurs === 'unbounded' ? -1 : Number(a.maxOccurs);
    return [min, max];
  }

  private particle(l: string, node: Node, doc: Doc): Particle | undefined {
    const [min, max] = this.occurs(node);
    if (max === 0) return undefined;
    const a = attrs(node);
    if (l === 'element') {
      if (a.ref) return ['e', min, max, this.globalElement(this.resolveQName(a.ref, doc))];
      const qualified = a.form ? a.form === 'qualified' : doc.efd;
      const decl: ElementDecl = { n: a.name, s: qualified ? this.nsIndex(doc.tns) : -1, t: -1 };
      if (a.nillable === 'true') decl.nillable = 1;
      const idx = this.elements.length;
      this.elements.push(decl);
      decl.t = this.elementType(node, doc);
      if (decl.t < 0) decl.t = this.builtin('anyType');
      return ['e', min, max, idx];
    }
    if (l === 'sequence' || l === 'choice' || l === 'all') {
      const inner: Particle[] = [];
      for (const [kl, k] of xsKids(node)) {
        const p = this.particle(kl, k, doc);
        if (p) inner.push(p);
      }
      if (l === 'all') return ['c', min === 0 ? 0 : 0, -1, inner];
      return [l === 'sequence' ? 's' : 'c', min, max, inner];
    }
    if (l === 'group') {
      const def = this.groupDefs.get(this.resolveQName(a.ref, doc));
      if (!def) throw new Error(`unknown group ${a.ref}`);
      const body = xsKids(def.node).find(([gl]) => gl === 'sequence' || gl === 'choice' || gl === 'all');
      if (!body) return undefined;
      const p = this.particle(body[0], body[1], def.doc);
      if (!p) return undefined;
      return p[0] === 'e' || p[0] === 'a' ? ['s', min, max, [p]] : [p[0], min, max, p[3]] as Particle;
    }
    if (l === 'any') {
      return ['a', min, max, a.namespace ?? '##any', this.nsIndex(doc.tns), (a.processContents ?? 'strict') as 'strict' | 'lax' | 'skip'];
    }
    return undefined;
  }

  private attributes(node: Node, doc: Doc, out: AttrUse[], prohibited: Set<string>): boolean {
    let anyAttr = false;
    for (const [l, k] of xsKids(node)) {
      const a = attrs(k);
      if (l === 'attribute') {
        let use: AttrUse;
        if (a.ref) {
          const key = this.resolveQName(a.ref, doc);
          const def = this.attrDefs.get(key);
          const ns = key.slice(1, key.indexOf('}'));
          const local = key.slice(key.indexOf('}') + 1);
          const t = def ? this.attrType(def.node, def.doc) : this.builtin('anySimpleType');
          use = [local, this.nsIndex(ns), t, a.use === 'required' ? 1 : 0];
        } else {
          const qualified = a.form ? a.form === 'qualified' : doc.afd;
          use = [a.name, qualified ? this.nsIndex(doc.tns) : -1, this.attrType(k, doc), a.use === 'required' ? 1 : 0];
        }
        if (a.use === 'prohibited') prohibited.add(`${use[1]}:${use[0]}`);
        else {
          const at = out.findIndex((x) => x[0] === use[0] && x[1] === use[1]);
          if (at >= 0) out[at] = use; else out.push(use);
        }
      } else if (l === 'attributeGroup') {
        const def = this.attrGroupDefs.get(this.resolveQName(a.ref, doc));
        if (!def) throw new Error(`unknown attributeGroup ${a.ref}`);
        if (this.attributes(def.node, def.doc, out, prohibited)) anyAttr = true;
      } else if (l === 'anyAttribute') anyAttr = true;
    }
    return anyAttr;
  }

  private attrType(node: Node, doc: Doc): number {
    const a = attrs(node);
    if (a.type) return this.typeIndex(this.resolveQName(a.type, doc));
    const inline = xsKids(node).find(([l]) => l === 'simpleType');
    return inline ? this.anonType(inline[1], doc) : this.builtin('anySimpleType');
  }

  private compileComplex(node: Node, doc: Doc): ComplexTypeDef {
    const out: ComplexTypeDef = { k: 'c' };
    if (attrs(node).mixed === 'true') out.mixed = 1;
    const attrUses: AttrUse[] = [];
    const prohibited = new Set<string>();
    let anyAttr = false;
    let own: Particle | undefined;
    for (const [l, k] of xsKids(node)) {
      if (l === 'sequence' || l === 'choice' || l === 'all' || l === 'group') own = this.particle(l, k, doc);
      else if (l === 'complexContent' || l === 'simpleContent') {
        if (attrs(k).mixed === 'true') out.mixed = 1;
        const der = xsKids(k).find(([dl]) => dl === 'extension' || dl === 'restriction');
        if (!der) continue;
        const [dl, dn] = der;
        const baseIdx = this.baseIndex(dn, doc, node);
        const base = this.typeDef(baseIdx);
        let derParticle: Particle | undefined;
        for (const [il, ik] of xsKids(dn)) {
          if (il === 'sequence' || il === 'choice' || il === 'all' || il === 'group') derParticle = this.particle(il, ik, doc);
        }
        const baseAttrs: AttrUse[] = base.k === 'c' ? [...(base.a ?? [])] : [];
        if (base.k === 'c' && base.aa) anyAttr = true;
        for (const u of baseAttrs) attrUses.push(u);
        if (this.attributes(dn, doc, attrUses, prohibited)) anyAttr = true;
        if (l === 'complexContent') {
          if (dl === 'extension') {
            const bp = base.k === 'c' && !base.any ? base.p : undefined;
            own = bp && derParticle ? ['s', 1, 1, [bp, derParticle]] : (bp ?? derParticle);
            if (base.k === 'c' && base.mixed) out.mixed = 1;
          } else own = derParticle;
        } else {
          // simple content
          let sc = base.k === 's' ? baseIdx : base.sc ?? this.builtin('string');
          if (dl === 'restriction') {
            const facets = this.facets(dn, this.typeDef(sc) as SimpleTypeDef);
            if (facets) {
              const idx = this.types.length;
              this.types.push(facets);
              sc = idx;
            }
          }
          out.sc = sc;
        }
      } else if (l === 'attribute' || l === 'attributeGroup' || l === 'anyAttribute') {
        // handled below
      }
    }
    if (this.attributes(node, doc, attrUses, prohibited)) anyAttr = true;
    const finalAttrs = attrUses.filter((u) => !prohibited.has(`${u[1]}:${u[0]}`));
    if (own) out.p = own;
    if (finalAttrs.length) out.a = finalAttrs;
    if (anyAttr) out.aa = 1;
    return out;
  }

  /** A simple type restricting `base` with the facets under `dn`; undefined when there are none. */
  private facets(dn: Node, base: SimpleTypeDef): SimpleTypeDef | undefined {
    const t: SimpleTypeDef = { ...base, k: 's' };
    delete t.n;
    let changed = false;
    const enums: string[] = [];
    const pats: string[] = [];
    for (const [l, k] of xsKids(dn)) {
      const v = attrs(k).value;
      changed = true;
      switch (l) {
        case 'enumeration': enums.push(v); break;
        case 'pattern': pats.push(v); break;
        case 'minInclusive': t.minI = v; break;
        case 'maxInclusive': t.maxI = v; break;
        case 'minExclusive': t.minE = v; break;
        case 'maxExclusive': t.maxE = v; break;
        case 'length': t.len = Number(v); break;
        case 'minLength': t.minL = Number(v); break;
        case 'maxLength': t.maxL = Number(v); break;
        case 'totalDigits': t.totalDigits = Number(v); break;
        case 'fractionDigits': t.fractionDigits = Number(v); break;
        default: break;
      }
    }
    if (enums.length) t.e = enums;
    if (pats.length) t.p = [...(base.p ?? []), pats];
    return changed ? t : undefined;
  }

  private compileSimple(node: Node, doc: Doc): SimpleTypeDef {
    for (const [l, k] of xsKids(node)) {
      if (l === 'restriction') {
        const baseIdx = this.baseIndex(k, doc, node);
        const base = this.typeDef(baseIdx);
        const bs: SimpleTypeDef = base.k === 's' ? base : { k: 's', b: 'string' };
        const f = this.facets(k, bs);
        const t: SimpleTypeDef = f ?? { ...bs };
        delete t.n;
        return t;
      }
      if (l === 'union') {
        const u: number[] = [];
        const mt = attrs(k).memberTypes;
        if (mt) for (const q of mt.trim().split(/\s+/)) u.push(this.typeIndex(this.resolveQName(q, doc)));
        for (const [il, ik] of xsKids(k)) if (il === 'simpleType') u.push(this.anonType(ik, doc));
        return { k: 's', b: 'anySimpleType', u };
      }
      if (l === 'list') {
        const it = attrs(k).itemType;
        const item = it ? this.typeIndex(this.resolveQName(it, doc)) : this.anonType(xsKids(k).find(([il]) => il === 'simpleType')![1], doc);
        return { k: 's', b: 'anySimpleType', l: item };
      }
    }
    return { k: 's', b: 'anySimpleType' };
  }
}

export function compileXsd(entry: string[]): SchemaData & { sources: string[] } {
  const c = new XsdCompiler();
  for (const e of entry) c.load(e);
  const data = c.compileAll();
  return { ...data, sources: c.sources };
}
