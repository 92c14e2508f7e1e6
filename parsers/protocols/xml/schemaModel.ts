// The compact structural form of an XML Schema (XSD 1.0 Part 1 §3.3 element declarations, §3.4 complex
// types, §3.8-3.10 model groups, particles and wildcards; Part 2 §4 simple types and facets) that
// tools/gen-xsd writes into <protocol>/generated/. Derivations are already flattened by the generator:
// a complex type carries its full content model and attribute uses; a simple type its builtin base and
// the facets of every restriction step.

/** maxOccurs: -1 means unbounded. */
export type Particle =
  /** element declaration (index into `elements`); global declarations admit their substitution group */
  | ['e', number, number, number]
  | ['s', number, number, Particle[]]
  | ['c', number, number, Particle[]]
  /** wildcard: namespace constraint ('##any', '##other', '##local', '##targetNamespace' or URIs, space-separated), ns index of the schema, processContents */
  | ['a', number, number, string, number, 'strict' | 'lax' | 'skip'];

export interface ElementDecl {
  /** local name */
  n: string;
  /** namespace index into `ns` (-1: no namespace) */
  s: number;
  /** type index into `types` */
  t: number;
  /** global declaration */
  g?: 1;
  abstract?: 1;
  nillable?: 1;
  /** substitution group members (global element indexes, transitive) */
  subs?: number[];
}

/** [local name, namespace index (-1 none), type index, required] */
export type AttrUse = [string, number, number, 0 | 1];

export interface ComplexTypeDef {
  k: 'c';
  /** name for messages ("{ns}Name" omitted for anonymous types) */
  n?: string;
  /** content model; absent: empty content (or simple content when `sc` is set) */
  p?: Particle;
  /** simple content type index */
  sc?: number;
  mixed?: 1;
  a?: AttrUse[];
  /** anyAttribute present */
  aa?: 1;
  /** anyType: anything goes */
  any?: 1;
}

export interface SimpleTypeDef {
  k: 's';
  n?: string;
  /** builtin base local name: string, token, int, dateTime, ... */
  b: string;
  /** enumeration (of the most derived restriction that has one) */
  e?: string[];
  /** patterns: every inner array is one derivation step (values must match one pattern of each step) */
  p?: string[][];
  minI?: string; maxI?: string; minE?: string; maxE?: string;
  len?: number; minL?: number; maxL?: number;
  totalDigits?: number; fractionDigits?: number;
  /** union member type indexes */
  u?: number[];
  /** list item type index */
  l?: number;
}

export type TypeDef = ComplexTypeDef | SimpleTypeDef;

export interface SchemaData {
  /** what it was generated from */
  source: string;
  ns: string[];
  types: TypeDef[];
  elements: ElementDecl[];
  /** global element indexes */
  globals: number[];
}
