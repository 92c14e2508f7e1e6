// Renders the JSON form of an EXI message as XML text for display (the "EXI shown as XML" view):
// element order from the schema (the type's slot list), namespaces declared where they change,
// base64Binary values in base64 and hexBinary in upper-case hex (their canonical XML lexical forms, XML
// Schema Part 2 §3.2.15-16; EXI keeps the octets, not the letter case). Display only: values
// that do not fit the schema are rendered as text rather than rejected.
import { type Grammar, DT_B64, DT_HEX, DT_LIST, USE_ATTR, USE_SIMPLE } from './grammarDef';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function escapeXml(s: string, attr: boolean): string {
  // Carriage returns (and tabs / line feeds in attributes) as character references, so that an XML parser's
  // line-end and attribute-value normalisation gives back the decoded string.
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  if (attr) out = out.replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
  return out;
}

function hexToBase64(hex: string): string {
  let out = '';
  for (let i = 0; i < hex.length; i += 6) {
    const chunk = hex.slice(i, i + 6);
    const bytes = chunk.length / 2;
    const n = parseInt(chunk.padEnd(6, '0'), 16);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (bytes > 1 ? B64[(n >> 6) & 63] : '=') + (bytes > 2 ? B64[n & 63] : '=');
  }
  return out;
}

export function toXml(g: Grammar, value: unknown, fragment: boolean): string {
  const out: string[] = [];
  if (value === null || typeof value !== 'object') return '';
  const roots = fragment ? g.frag : g.doc;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    let u = -1;
    for (let i = 0; i < roots.length; i++) if (roots[i] >= 0 && g.useName[roots[i]] === name) u = roots[i];
    const items = fragment && Array.isArray(v) && u >= 0 && g.useKind[u] !== USE_SIMPLE ? v : [v];
    for (const item of items) {
      if (u < 0) out.push(`<${name}>${escapeXml(String(item), false)}</${name}>`);
      else element(g, u, item, '', '', out, 0);
    }
  }
  return out.join('\n');
}

function scalar(g: Grammar, dt: number, v: unknown): string {
  if (Array.isArray(v) && g.dtKind[dt] === DT_LIST) return v.map((x) => scalar(g, g.dtA[dt], x)).join(' ');
  if (typeof v === 'string' && g.dtKind[dt] === DT_B64 && /^([0-9a-fA-F]{2})*$/.test(v)) return hexToBase64(v);
  if (typeof v === 'string' && g.dtKind[dt] === DT_HEX) return v.toUpperCase();
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function element(g: Grammar, u: number, v: unknown, parentNs: string, indent: string, out: string[], depth: number): void {
  const name = g.useName[u];
  const ns = g.qnUri[g.useQn[u]];
  const nsDecl = ns !== parentNs ? ` xmlns="${escapeXml(ns, true)}"` : '';
  if (g.useKind[u] === USE_SIMPLE) {
    out.push(`${indent}<${name}${nsDecl}>${escapeXml(scalar(g, g.useType[u], v), false)}</${name}>`);
    return;
  }
  const t = g.useType[u];
  if (v === null || typeof v !== 'object' || Array.isArray(v) || depth > 64) {
    out.push(`${indent}<${name}${nsDecl}>${escapeXml(JSON.stringify(v), false)}</${name}>`);
    return;
  }
  const obj = v as Record<string, unknown>;
  let attrs = '';
  const children: string[] = [];
  const off = g.tSlotOff[t];
  const prefixes = new Map<string, string>();
  for (let i = 0; i < g.tSlotCount[t]; i++) {
    const su = g.slots[off + i];
    const sname = g.useName[su];
    if (!hasOwn(obj, sname)) continue;
    const sv = obj[sname];
    if (g.useKind[su] === USE_ATTR) {
      const ans = g.qnUri[g.useQn[su]];
      let qname = sname;
      if (ans !== '') {
        let p = prefixes.get(ans);
        if (!p) {
          p = `ns${prefixes.size + 1}`;
          prefixes.set(ans, p);
          attrs += ` xmlns:${p}="${escapeXml(ans, true)}"`;
        }
        qname = `${p}:${sname}`;
      }
      attrs += ` ${qname}="${escapeXml(scalar(g, g.useType[su], sv), true)}"`;
      continue;
    }
    const items = g.useArr[su] === 1 && Array.isArray(sv) ? sv : [sv];
    for (const item of items) element(g, su, item, ns, indent + '  ', children, depth + 1);
  }
  const content = hasOwn(obj, 'CONTENT') ? escapeXml(g.tContent[t] >= 0 ? scalar(g, g.tContent[t], obj.CONTENT) : String(obj.CONTENT), false) : '';
  if (children.length === 0) {
    out.push(content ? `${indent}<${name}${nsDecl}${attrs}>${content}</${name}>` : `${indent}<${name}${nsDecl}${attrs}/>`);
    return;
  }
  out.push(`${indent}<${name}${nsDecl}${attrs}>${content}`);
  out.push(...children);
  out.push(`${indent}</${name}>`);
}
