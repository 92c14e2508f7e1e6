// XML Schema loader for the EXI grammar generator: reads a schema set (root file plus its
// xs:include / xs:import closure) into resolved components: element declarations, complex and
// simple type definitions, particles, attribute uses, substitution groups (XML Schema 1.0 Part 1).
// Only the XSD features the V2G and IEEE 2030.5 (sep.xsd) schemas use are supported; anything else throws
// (e.g. xs:redefine, which the CSIP-AUS extension schema uses).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { parseXml, type XNode } from './xml';

export const XS = 'http://www.w3.org/2001/XMLSchema';

export interface QName {
  ns: string;
  name: string;
}
export const qkey = (q: QName): string => `{${q.ns}}${q.name}`;

export interface Facets {
  enumeration?: string[];
  minInclusive?: bigint;
  maxInclusive?: bigint;
  hasPattern?: boolean;
}

export interface SimpleType {
  kind: 'simple';
  qn?: QName;
  /** Built-in primitive (or built-in derived integer) name in the XS namespace this type derives from. */
  builtin: string;
  variety: 'atomic' | 'list' | 'union';
  facets: Facets;
  item?: SimpleType;
}

export interface ElementDecl {
  id: number;
  qn: QName;
  global: boolean;
  abstract: boolean;
  type: TypeDef;
  substGroup?: ElementDecl;
}

export interface AttributeUse {
  qn: QName;
  required: boolean;
  type: SimpleType;
}

export type Term =
  | { kind: 'element'; decl: ElementDecl }
  | { kind: 'sequence' | 'choice'; particles: Particle[] }
  | { kind: 'any'; namespaces: 'any' | string[] };

export interface Particle {
  min: number;
  /** Infinity for unbounded. */
  max: number;
  term: Term;
}

export interface ComplexType {
  kind: 'complex';
  qn?: QName;
  /** Human-readable name for anonymous types (for the generated comments). */
  label: string;
  mixed: boolean;
  attributes: AttributeUse[];
  /** Element content (undefined: empty or simple content). */
  particle?: Particle;
  /** Simple content type (simpleContent). */
  simple?: SimpleType;
}

export type TypeDef = SimpleType | ComplexType;

interface RawDoc {
  file: string;
  root: XNode;
  targetNs: string;
  elementQualified: boolean;
  attributeQualified: boolean;
}

const INT_BOUNDS: Record<string, [bigint | undefined, bigint | undefined]> = {
  integer: [undefined, undefined],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  unsignedLong: [0n, 2n ** 64n - 1n],
  unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
};

const STRINGISH = new Set([
  'string', 'normalizedString', 'token', 'language', 'Name', 'NCName', 'NMTOKEN', 'NMTOKENS', 'ID', 'IDREF',
  'IDREFS', 'ENTITY', 'ENTITIES', 'anyURI', 'QName', 'NOTATION', 'anySimpleType',
]);
const OTHER_BUILTINS = new Set([
  'boolean', 'decimal', 'float', 'double', 'hexBinary', 'base64Binary', 'dateTime', 'time', 'date',
  'gYearMonth', 'gYear', 'gMonthDay', 'gDay', 'gMonth', 'duration',
]);

export class SchemaSet {
  readonly files: string[] = [];
  private docs: RawDoc[] = [];
  private rawElements = new Map<string, { node: XNode; doc: RawDoc }>();
  private rawTypes = new Map<string, { node: XNode; doc: RawDoc }>();
  private rawAttributes = new Map<string, { node: XNode; doc: RawDoc }>();
  private elements = new Map<XNode, ElementDecl>();
  private types = new Map<XNode, TypeDef>();
  private builtinTypes = new Map<string, SimpleType>();
  readonly allElements: ElementDecl[] = [];
  private nextElementId = 0;

  /** `fallbackDirs`: where to look up an imported file by its base name when the location does not exist. */
  constructor(rootFile: string, private fallbackDirs: string[]) {
    this.load(rootFile);
    for (const doc of this.docs) this.walkDeclarations(doc);
  }

  private load(file: string): void {
    let path = file;
    if (!existsSync(path)) {
      const alt = this.fallbackDirs.map((d) => join(d, basename(file))).find((p) => existsSync(p));
      if (!alt) throw new Error(`schema file not found: ${file}`);
      path = alt;
    }
    if (this.docs.some((d) => d.file === path)) return;
    const root = parseXml(readFileSync(path, 'utf8'));
    if (root.local !== 'schema') throw new Error(`${path}: not a schema`);
    const doc: RawDoc = {
      file: path,
      root,
      targetNs: root.attrs.targetNamespace ?? '',
      elementQualified: root.attrs.elementFormDefault === 'qualified',
      attributeQualified: root.attrs.attributeFormDefault === 'qualified',
    };
    this.docs.push(doc);
    this.files.push(path);
    for (const c of root.children) {
      const name = c.attrs.name;
      if (c.local === 'element' && name) this.rawElements.set(qkey({ ns: doc.targetNs, name }), { node: c, doc });
      else if ((c.local === 'complexType' || c.local === 'simpleType') && name)
        this.rawTypes.set(qkey({ ns: doc.targetNs, name }), { node: c, doc });
      else if (c.local === 'attribute' && name) this.rawAttributes.set(qkey({ ns: doc.targetNs, name }), { node: c, doc });
      else if (c.local === 'group' || c.local === 'attributeGroup' || c.local === 'redefine')
        throw new Error(`${path}: xs:${c.local} is not supported by exi-gen`);
    }
    for (const c of root.children) {
      if ((c.local === 'import' || c.local === 'include') && c.attrs.schemaLocation)
        this.load(join(dirname(path), c.attrs.schemaLocation));
    }
  }

  /** Resolves every element declaration (global and local) in document order. */
  private walkDeclarations(doc: RawDoc): void {
    const visit = (n: XNode): void => {
      if (n.local === 'element' && !n.attrs.ref) this.elementDecl(n, doc);
      if (n.local === 'complexType' || n.local === 'simpleType') this.typeDef(n, doc);
      for (const c of n.children) visit(c);
    };
    for (const c of doc.root.children) visit(c);
  }

  private resolveQName(node: XNode, value: string): QName {
    const colon = value.indexOf(':');
    const prefix = colon < 0 ? '' : value.slice(0, colon);
    const name = colon < 0 ? value : value.slice(colon + 1);
    const ns = node.ns[prefix];
    if (ns === undefined) {
      if (prefix === '') return { ns: '', name };
      throw new Error(`unknown prefix ${prefix} in ${value}`);
    }
    return { ns, name };
  }

  globalElement(qn: QName): ElementDecl {
    const raw = this.rawElements.get(qkey(qn));
    if (!raw) throw new Error(`unknown element ${qkey(qn)}`);
    return this.elementDecl(raw.node, raw.doc);
  }

  globalElements(): ElementDecl[] {
    return [...this.rawElements.values()].map((r) => this.elementDecl(r.node, r.doc));
  }

  private findDoc(node: XNode): RawDoc {
    const d = this.docs.find((doc) => contains(doc.root, node));
    if (!d) throw new Error('node outside of the schema set');
    return d;
  }

  private elementDecl(node: XNode, doc: RawDoc): ElementDecl {
    const have = this.elements.get(node);
    if (have) return have;
    const global = doc.root.children.includes(node);
    const ns = global || doc.elementQualified || node.attrs.form === 'qualified' ? doc.targetNs : '';
    const decl: ElementDecl = {
      id: this.nextElementId++,
      qn: { ns, name: node.attrs.name },
      global,
      abstract: node.attrs.abstract === 'true',
      type: undefined as unknown as TypeDef,
    };
    this.elements.set(node, decl);
    this.allElements.push(decl);
    if (node.attrs.type) decl.type = this.typeByName(this.resolveQName(node, node.attrs.type));
    else {
      const anon = node.children.find((c) => c.local === 'complexType' || c.local === 'simpleType');
      decl.type = anon ? this.typeDef(anon, doc, node.attrs.name) : this.builtin('anyType');
    }
    if (node.attrs.substitutionGroup) decl.substGroup = this.globalElement(this.resolveQName(node, node.attrs.substitutionGroup));
    return decl;
  }

  typeByName(qn: QName): TypeDef {
    if (qn.ns === XS) return this.builtin(qn.name);
    const raw = this.rawTypes.get(qkey(qn));
    if (!raw) throw new Error(`unknown type ${qkey(qn)}`);
    return this.typeDef(raw.node, raw.doc);
  }

  private builtin(name: string): TypeDef {
    if (name === 'anyType') {
      const t: ComplexType = {
        kind: 'complex', qn: { ns: XS, name }, label: 'anyType', mixed: true, attributes: [],
        particle: { min: 0, max: Infinity, term: { kind: 'any', namespaces: 'any' } },
      };
      return t;
    }
    const have = this.builtinTypes.get(name);
    if (have) return have;
    let t: SimpleType;
    if (name in INT_BOUNDS) {
      const [lo, hi] = INT_BOUNDS[name];
      t = { kind: 'simple', qn: { ns: XS, name }, builtin: 'integer', variety: 'atomic', facets: { minInclusive: lo, maxInclusive: hi } };
    } else if (STRINGISH.has(name) || OTHER_BUILTINS.has(name)) {
      t = { kind: 'simple', qn: { ns: XS, name }, builtin: STRINGISH.has(name) ? 'string' : name, variety: 'atomic', facets: {} };
    } else throw new Error(`unsupported built-in type xs:${name}`);
    this.builtinTypes.set(name, t);
    return t;
  }

  private typeDef(node: XNode, doc: RawDoc, anonLabel?: string): TypeDef {
    const have = this.types.get(node);
    if (have) return have;
    const qn = node.attrs.name ? { ns: doc.targetNs, name: node.attrs.name } : undefined;
    if (node.local === 'simpleType') {
      const t = this.simpleTypeDef(node, qn);
      this.types.set(node, t);
      return t;
    }
    const t: ComplexType = {
      kind: 'complex', qn, label: qn ? qn.name : `(anonymous type of ${anonLabel ?? '?'})`,
      mixed: node.attrs.mixed === 'true', attributes: [],
    };
    this.types.set(node, t);
    const cc = node.children.find((c) => c.local === 'complexContent');
    const sc = node.children.find((c) => c.local === 'simpleContent');
    if (cc) {
      if (cc.attrs.mixed === 'true') t.mixed = true;
      const der = cc.children.find((c) => c.local === 'extension' || c.local === 'restriction');
      if (!der) throw new Error(`${t.label}: complexContent without derivation`);
      const base = this.typeByName(this.resolveQName(der, der.attrs.base));
      if (base.kind !== 'complex') throw new Error(`${t.label}: complexContent over a simple type`);
      const own = this.particleOf(der, doc);
      const ownAttrs = this.attributesOf(der, doc);
      if (der.local === 'extension') {
        if (base.simple) throw new Error(`${t.label}: complexContent extension of simple content`);
        t.attributes = mergeAttributes(base.attributes, ownAttrs);
        if (base.particle && own) t.particle = { min: 1, max: 1, term: { kind: 'sequence', particles: [base.particle, own] } };
        else t.particle = base.particle ?? own;
        if (base.mixed) t.mixed = true;
      } else {
        t.attributes = mergeAttributes(base.attributes, ownAttrs);
        t.particle = own;
      }
    } else if (sc) {
      const der = sc.children.find((c) => c.local === 'extension' || c.local === 'restriction');
      if (!der) throw new Error(`${t.label}: simpleContent without derivation`);
      const base = this.typeByName(this.resolveQName(der, der.attrs.base));
      const baseSimple = base.kind === 'simple' ? base : base.simple;
      if (!baseSimple) throw new Error(`${t.label}: simpleContent over a type without simple content`);
      const baseAttrs = base.kind === 'complex' ? base.attributes : [];
      t.attributes = mergeAttributes(baseAttrs, this.attributesOf(der, doc));
      t.simple = der.local === 'extension' ? baseSimple : this.restrictSimple(baseSimple, der);
    } else {
      t.particle = this.particleOf(node, doc);
      t.attributes = this.attributesOf(node, doc);
    }
    return t;
  }

  private particleOf(node: XNode, doc: RawDoc): Particle | undefined {
    const g = node.children.find((c) => c.local === 'sequence' || c.local === 'choice' || c.local === 'all' || c.local === 'group');
    return g ? this.particle(g, doc) : undefined;
  }

  private particle(node: XNode, doc: RawDoc): Particle {
    const min = node.attrs.minOccurs === undefined ? 1 : Number(node.attrs.minOccurs);
    const max = node.attrs.maxOccurs === undefined ? 1 : node.attrs.maxOccurs === 'unbounded' ? Infinity : Number(node.attrs.maxOccurs);
    switch (node.local) {
      case 'element': {
        const decl = node.attrs.ref ? this.globalElement(this.resolveQName(node, node.attrs.ref)) : this.elementDecl(node, doc);
        return { min, max, term: { kind: 'element', decl } };
      }
      case 'sequence':
      case 'choice': {
        const particles = node.children
          .filter((c) => ['element', 'sequence', 'choice', 'any', 'all', 'group'].includes(c.local))
          .map((c) => this.particle(c, doc));
        return { min, max, term: { kind: node.local, particles } };
      }
      case 'any': {
        const nsAttr = node.attrs.namespace ?? '##any';
        const namespaces =
          nsAttr === '##any' || nsAttr === '##other'
            ? 'any'
            : nsAttr.split(/\s+/).map((u) => (u === '##targetNamespace' ? doc.targetNs : u === '##local' ? '' : u));
        return { min, max, term: { kind: 'any', namespaces } };
      }
      default:
        throw new Error(`xs:${node.local} is not supported by exi-gen`);
    }
  }

  private attributesOf(node: XNode, doc: RawDoc): AttributeUse[] {
    const out: AttributeUse[] = [];
    for (const c of node.children) {
      if (c.local === 'anyAttribute') throw new Error('xs:anyAttribute is not supported by exi-gen');
      if (c.local !== 'attribute') continue;
      if (c.attrs.use === 'prohibited') continue;
      let qn: QName;
      let typeNode: XNode = c;
      let typeDoc = doc;
      if (c.attrs.ref) {
        qn = this.resolveQName(c, c.attrs.ref);
        const raw = this.rawAttributes.get(qkey(qn));
        if (!raw) throw new Error(`unknown attribute ${qkey(qn)}`);
        typeNode = raw.node;
        typeDoc = raw.doc;
      } else {
        const qualified = c.attrs.form ? c.attrs.form === 'qualified' : doc.attributeQualified;
        qn = { ns: qualified ? doc.targetNs : '', name: c.attrs.name };
      }
      let type: TypeDef;
      if (typeNode.attrs.type) type = this.typeByName(this.resolveQName(typeNode, typeNode.attrs.type));
      else {
        const anon = typeNode.children.find((x) => x.local === 'simpleType');
        type = anon ? this.typeDef(anon, typeDoc) : this.builtin('anySimpleType');
      }
      if (type.kind !== 'simple') throw new Error(`attribute ${qn.name} with a complex type`);
      out.push({ qn, required: c.attrs.use === 'required', type });
    }
    return out;
  }

  private simpleTypeDef(node: XNode, qn: QName | undefined): SimpleType {
    const r = node.children.find((c) => c.local === 'restriction');
    const list = node.children.find((c) => c.local === 'list');
    const union = node.children.find((c) => c.local === 'union');
    if (list) {
      const itemNode = list.children.find((c) => c.local === 'simpleType');
      const item = list.attrs.itemType
        ? this.typeByName(this.resolveQName(list, list.attrs.itemType))
        : itemNode
          ? this.typeDef(itemNode, this.findDoc(itemNode))
          : undefined;
      if (!item || item.kind !== 'simple') throw new Error('bad xs:list');
      return { kind: 'simple', qn, builtin: 'list', variety: 'list', facets: {}, item };
    }
    if (union) return { kind: 'simple', qn, builtin: 'string', variety: 'union', facets: {} };
    if (!r) throw new Error(`simpleType ${qn?.name ?? '?'} without restriction`);
    let base: TypeDef;
    if (r.attrs.base) base = this.typeByName(this.resolveQName(r, r.attrs.base));
    else {
      const inner = r.children.find((c) => c.local === 'simpleType');
      if (!inner) throw new Error('restriction without base');
      base = this.typeDef(inner, this.findDoc(inner));
    }
    if (base.kind !== 'simple') throw new Error('simple type restricting a complex type');
    const t = this.restrictSimple(base, r);
    return { ...t, qn };
  }

  private restrictSimple(base: SimpleType, r: XNode): SimpleType {
    const facets: Facets = { ...base.facets };
    const enums: string[] = [];
    for (const f of r.children) {
      const v = f.attrs.value;
      switch (f.local) {
        case 'enumeration':
          enums.push(v);
          break;
        case 'minInclusive':
        case 'minExclusive':
        case 'maxInclusive':
        case 'maxExclusive': {
          if (base.builtin !== 'integer') break; // bounds only matter for integers
          const n = BigInt(v) + (f.local === 'minExclusive' ? 1n : f.local === 'maxExclusive' ? -1n : 0n);
          if (f.local.startsWith('min')) facets.minInclusive = facets.minInclusive === undefined || n > facets.minInclusive ? n : facets.minInclusive;
          else facets.maxInclusive = facets.maxInclusive === undefined || n < facets.maxInclusive ? n : facets.maxInclusive;
          break;
        }
        case 'pattern':
          facets.hasPattern = true;
          break;
        default:
          break; // length facets and whitespace do not change the EXI representation
      }
    }
    if (enums.length) facets.enumeration = enums;
    return { kind: 'simple', builtin: base.builtin, variety: base.variety, facets, item: base.item };
  }
}

function contains(root: XNode, node: XNode): boolean {
  if (root === node) return true;
  return root.children.some((c) => contains(c, node));
}

function mergeAttributes(base: AttributeUse[], own: AttributeUse[]): AttributeUse[] {
  const out = base.filter((a) => !own.some((o) => o.qn.ns === a.qn.ns && o.qn.name === a.qn.name));
  return [...out, ...own];
}
