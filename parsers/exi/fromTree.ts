// An XML element tree (already parsed, namespaces resolved) -> the JSON form of parsers/exi (README.md),
// ready for the encoder: element and attribute names checked against the grammar's type slots, repeated
// elements as arrays, values converted from their XML lexical forms to the EXI datatypes (W3C EXI 1.0 7.1;
// XML Schema Part 2 lexical spaces: booleans true/false/1/0, integers with optional sign, hexBinary,
// base64Binary, whitespace-separated lists). Takes no XML text itself: the caller parses.
import { ExiError } from './bits';
import * as G from './grammarDef';
import type { Grammar } from './grammarDef';

/** One element: namespace URI and local name, attributes (xmlns declarations left out), children, text. */
export interface XmlTreeElement {
  ns: string;
  local: string;
  attrs: { ns: string; local: string; value: string }[];
  children: XmlTreeElement[];
  /** Character data directly inside the element (concatenated). */
  text: string;
}

const MAX_DEPTH = 64;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function fail(message: string): never {
  throw new ExiError('exi.encode_shape', message, 0);
}

const collapse = (v: string): string => v.replace(/[\t\n\r ]+/g, ' ').trim();

function base64ToHex(v: string): string {
  const s = v.replace(/[\t\n\r =]/g, '');
  let bits = 0, acc = 0, out = '';
  for (const ch of s) {
    const i = B64.indexOf(ch);
    if (i < 0) fail(`not base64: ${JSON.stringify(v.slice(0, 40))}`);
    acc = (acc << 6) | i;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += ((acc >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return out;
}

function value(g: Grammar, dt: number, raw: string, where: string): unknown {
  switch (g.dtKind[dt]) {
    case G.DT_STRING:
      return raw;
    case G.DT_BOOLEAN: {
      const v = collapse(raw);
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      return fail(`${where}: not a boolean: ${JSON.stringify(v)}`);
    }
    case G.DT_HEX: {
      const v = collapse(raw);
      if (!/^([0-9a-fA-F]{2})*$/.test(v)) fail(`${where}: not hexBinary: ${JSON.stringify(v.slice(0, 40))}`);
      return v.toLowerCase();
    }
    case G.DT_B64:
      return base64ToHex(raw);
    case G.DT_UINT:
    case G.DT_INT:
    case G.DT_NBIT: {
      const v = collapse(raw);
      if (!/^[+-]?[0-9]{1,400}$/.test(v)) fail(`${where}: not an integer: ${JSON.stringify(v.slice(0, 40))}`);
      const b = BigInt(v);
      return b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString();
    }
    case G.DT_ENUM: {
      const v = collapse(raw);
      return g.dtC[dt] === 1 && /^[+-]?[0-9]+$/.test(v) ? Number(v) : v;
    }
    case G.DT_LIST: {
      const v = collapse(raw);
      return v === '' ? [] : v.split(' ').map((x) => value(g, g.dtA[dt], x, where));
    }
    default:
      return fail(`${where}: unknown datatype`);
  }
}

function complex(g: Grammar, t: number, el: XmlTreeElement, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  const out: Record<string, unknown> = {};
  const off = g.tSlotOff[t], n = g.tSlotCount[t];
  const slot = (kindAttr: boolean, ns: string, local: string): number => {
    for (let i = 0; i < n; i++) {
      const u = g.slots[off + i];
      if ((g.useKind[u] === G.USE_ATTR) === kindAttr && g.useName[u] === local && g.qnUri[g.useQn[u]] === ns) return u;
    }
    return -1;
  };
  for (const a of el.attrs) {
    const u = slot(true, a.ns, a.local);
    if (u < 0) fail(`attribute ${a.local} is not declared on <${el.local}>`);
    out[a.local] = value(g, g.useType[u], a.value, `${el.local}/@${a.local}`);
  }
  for (const c of el.children) {
    const u = slot(false, c.ns, c.local);
    if (u < 0) fail(`element <${c.local}> (${c.ns}) is not declared in <${el.local}>`);
    const v = element(g, u, c, depth + 1);
    if (g.useArr[u] === 1) ((out[c.local] ??= []) as unknown[]).push(v);
    else if (Object.prototype.hasOwnProperty.call(out, c.local)) fail(`<${c.local}> repeated in <${el.local}>`);
    else out[c.local] = v;
  }
  if (g.tContent[t] >= 0) out.CONTENT = value(g, g.tContent[t], el.text, el.local);
  else if (g.tMixed[t] === 1) {
    if (el.text !== '') out.CONTENT = el.text;
  } else if (el.text.trim() !== '') fail(`<${el.local}> has element-only content but contains text`);
  return out;
}

function element(g: Grammar, u: number, el: XmlTreeElement, depth: number): unknown {
  if (g.useKind[u] === G.USE_SIMPLE) {
    if (el.children.length) fail(`<${el.local}> has a simple type but contains elements`);
    if (el.attrs.length) fail(`<${el.local}> has a simple type but carries attributes`);
    return value(g, g.useType[u], el.text, el.local);
  }
  return complex(g, g.useType[u], el, depth);
}

/** The JSON form of a document rooted at `root` (throws ExiError when the tree does not fit the grammar). */
export function jsonFromTree(g: Grammar, root: XmlTreeElement): Record<string, unknown> {
  for (let i = 0; i < g.doc.length; i++) {
    const u = g.doc[i];
    if (g.useName[u] === root.local && g.qnUri[g.useQn[u]] === root.ns) return { [root.local]: element(g, u, root, 0) };
  }
  return fail(`{${root.ns}}${root.local} is not a global element of this schema`);
}
