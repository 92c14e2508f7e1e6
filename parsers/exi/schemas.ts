// The EXI schemas of the V2G protocols (names as used by the CLI and the vectors) and of IEEE 2030.5
// (application/sep-exi: sep2018, sep2013), and the generated grammar tables each one uses; grammars are
// loaded lazily on first use.
import { type Grammar, loadGrammar, type ExiGrammarDef } from './grammarDef';
import { grammar as apphand } from './generated/apphand';
import { grammar as din } from './generated/din';
import { grammar as iso2 } from './generated/iso2';
import { grammar as iso20common } from './generated/iso20common';
import { grammar as iso20ac } from './generated/iso20ac';
import { grammar as iso20dc } from './generated/iso20dc';
import { grammar as iso20wpt } from './generated/iso20wpt';
import { grammar as iso20acdp } from './generated/iso20acdp';
import { grammar as xmldsig } from './generated/xmldsig';
import { grammar as sep2018 } from './generated/sep2018';
import { grammar as sep2013 } from './generated/sep2013';

export type ExiSchema =
  | 'apphand'
  | 'din'
  | 'iso2'
  | 'iso20-common'
  | 'iso20-ac'
  | 'iso20-dc'
  | 'iso20-wpt'
  | 'iso20-acdp'
  | 'iso2-fragment'
  | 'iso2-xmldsig-fragment'
  | 'iso20-common-fragment'
  | 'iso20-common-xmldsig-fragment'
  | 'sep2018'
  | 'sep2013';

/** The V2G schemas (ISO 15118 / DIN SPEC 70121 and their fragments), those of the reference vectors. */
export const V2G_EXI_SCHEMAS: readonly ExiSchema[] = [
  'apphand', 'din', 'iso2', 'iso20-common', 'iso20-ac', 'iso20-dc', 'iso20-wpt', 'iso20-acdp',
  'iso2-fragment', 'iso2-xmldsig-fragment', 'iso20-common-fragment', 'iso20-common-xmldsig-fragment',
];

/** IEEE 2030.5 sep.xsd document grammars: 2018 (v2.1.0, schemaId S1) and 2013 (v2.0.4). */
export const SEP_EXI_SCHEMAS: readonly ExiSchema[] = ['sep2018', 'sep2013'];

export const EXI_SCHEMAS: readonly ExiSchema[] = [...V2G_EXI_SCHEMAS, ...SEP_EXI_SCHEMAS];

const DEFS: Record<ExiSchema, { def: ExiGrammarDef; fragment: boolean }> = {
  apphand: { def: apphand, fragment: false },
  din: { def: din, fragment: false },
  iso2: { def: iso2, fragment: false },
  'iso20-common': { def: iso20common, fragment: false },
  'iso20-ac': { def: iso20ac, fragment: false },
  'iso20-dc': { def: iso20dc, fragment: false },
  'iso20-wpt': { def: iso20wpt, fragment: false },
  'iso20-acdp': { def: iso20acdp, fragment: false },
  'iso2-fragment': { def: iso2, fragment: true },
  'iso2-xmldsig-fragment': { def: xmldsig, fragment: true },
  'iso20-common-fragment': { def: iso20common, fragment: true },
  'iso20-common-xmldsig-fragment': { def: xmldsig, fragment: true },
  sep2018: { def: sep2018, fragment: false },
  sep2013: { def: sep2013, fragment: false },
};

const loaded = new Map<ExiGrammarDef, Grammar>();
const resolved = new Map<ExiSchema, { grammar: Grammar; fragment: boolean }>();

export function isExiSchema(s: string): s is ExiSchema {
  return Object.prototype.hasOwnProperty.call(DEFS, s);
}

export function grammarOf(schema: ExiSchema): { grammar: Grammar; fragment: boolean } {
  const have = resolved.get(schema);
  if (have) return have;
  const d = DEFS[schema];
  let g = loaded.get(d.def);
  if (!g) {
    g = loadGrammar(d.def);
    loaded.set(d.def, g);
  }
  const r = { grammar: g, fragment: d.fragment };
  resolved.set(schema, r);
  return r;
}
