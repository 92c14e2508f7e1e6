// IEEE 2030.5 resource bodies (IEEE 2030.5-2018 §8 resource model, Annex B sep.xsd; 2013 edition with
// the http://ieee.org/2030.5 namespace; CSIP-AUS extensions): names the resource by its root element and
// its function set, validates against the structural schema generated from the edition's sep.xsd
// (ieee2030_5.schema with the path of the offending element; the CSIP-AUS redefinition when the body
// declares the csipaus namespace), reads list paging (s, l query parameters; all, results attributes,
// §8.3) and links (href), and resolves them through the link context. application/sep-exi bodies (§5.6.3)
// are decoded by parsers/exi with the sep.xsd grammars into the equivalent XML (exiBody.ts) and then read
// by the same XML path, so both encodings of a resource give the same record.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { compileSchema, convertXml, parseXml } from '../xml';
import type { CompiledSchema, SchemaData } from '../xml';
import type { GridLink, GridMessage, HttpExchangeView } from '../openadr';
import { guessResource, remember } from './context';
import { sepExiToXml } from './exiBody';
import type { Ieee2030_5Context } from './context';
import { functionSetOf } from './functionSets';
import { SEP2013_SCHEMA } from './generated/sep2013';
import { SEP2018_SCHEMA } from './generated/sep2018';
import { SEP2018_CSIPAUS_SCHEMA } from './generated/sep2018csipaus';

export const NS_SEP_2018 = 'urn:ieee:std:2030.5:ns';
export const NS_SEP_2013 = 'http://ieee.org/2030.5';
export const NS_CSIPAUS = 'https://csipaus.org/ns';

const compiled = new Map<SchemaData, CompiledSchema>();
function schemaFor(d: SchemaData): CompiledSchema {
  let c = compiled.get(d);
  if (!c) { c = compileSchema(d); compiled.set(d, c); }
  return c;
}

/** Every resource (global element) name of sep.xsd for an edition. */
export function resourceNames(version: '2018' | '2013'): string[] {
  const d = version === '2018' ? SEP2018_SCHEMA : SEP2013_SCHEMA;
  const ns = d.ns.indexOf(version === '2018' ? NS_SEP_2018 : NS_SEP_2013);
  return d.globals.filter((g) => d.elements[g].s === ns).map((g) => d.elements[g].n);
}

function pathAndQuery(target: string): { path: string; query: URLSearchParamsLike } {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(target);
  const t = m ? (m[1] ?? '/') : target;
  const q = t.indexOf('?');
  const path = (q < 0 ? t : t.slice(0, q)).split('#')[0];
  const query: URLSearchParamsLike = new Map();
  if (q >= 0) {
    for (const part of t.slice(q + 1).split('#')[0].split('&')) {
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      if (k && !query.has(k)) query.set(k, eq < 0 ? '' : part.slice(eq + 1));
    }
  }
  return { path, query };
}
type URLSearchParamsLike = Map<string, string>;

function isSepMedia(ct: string | undefined): 'xml' | 'exi' | undefined {
  if (!ct) return undefined;
  const t = ct.toLowerCase();
  if (t.includes('application/sep-exi')) return 'exi';
  if (t.includes('application/sep+xml')) return 'xml';
  return undefined;
}

function bodyHead(b: Uint8Array, max = 2048): string {
  let s = '';
  const end = Math.min(b.length, max);
  for (let i = 0; i < end; i++) if (b[i] !== 0) s += String.fromCharCode(b[i]);
  return s;
}

export function looksLike2030_5(x: HttpExchangeView): boolean {
  try {
    if (isSepMedia(x.contentType)) return true;
    if (x.body.length === 0) return false;
    const head = bodyHead(x.body);
    return head.includes(NS_SEP_2018) || head.includes(NS_SEP_2013);
  } catch {
    return false;
  }
}

const MAX_LINKS = 1000;
/** Undecodable EXI bodies are kept as hex up to this many bytes. */
const MAX_HEX_BYTES = 64 * 1024;

function collectLinks(v: unknown, rel: string, out: GridLink[], depth: number): void {
  if (out.length >= MAX_LINKS || depth > 64 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collectLinks(x, rel, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  if (typeof o.href === 'string') {
    const l: GridLink = { rel, href: o.href };
    if (rel.endsWith('Link')) l.resource = rel.slice(0, -4);
    out.push(l);
  }
  for (const k of Object.keys(o)) {
    const c = o[k];
    if (c !== null && typeof c === 'object') collectLinks(c, k, out, depth + 1);
  }
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function decode2030_5(x: HttpExchangeView, ctx: Ieee2030_5Context): GridMessage {
  const diagnostics: Diagnostic[] = [];
  const { path, query } = pathAndQuery(x.target);
  const msg: GridMessage = {
    protocol: 'ieee2030.5',
    version: '2018',
    name: ctx.expected.get(path) ?? guessResource(path) ?? '?',
    kind: x.isRequest ? 'request' : 'response',
    body: undefined,
    diagnostics,
  };
  try {
    const s = query.get('s'), l = query.get('l');
    if ((s !== undefined || l !== undefined) && x.method.toUpperCase() === 'GET') {
      msg.paging = {};
      if (s !== undefined && /^\d+$/.test(s)) msg.paging.start = Number(s);
      if (l !== undefined && /^\d+$/.test(l)) msg.paging.limit = Number(l);
    }
    if (x.body.length === 0) {
      if (msg.name !== '?') msg.functionSet = functionSetOf(msg.name);
      return msg;
    }
    let xmlBytes = x.body;
    if (isSepMedia(x.contentType) === 'exi') {
      const exi = sepExiToXml(x.body);
      diagnostics.push(...exi.diagnostics);
      if (exi.version) msg.version = exi.version;
      if (!exi.xml) {
        // Not decoded: the record keeps the raw bytes as hex (as V2G records do), bounded.
        const shown = x.body.subarray(0, MAX_HEX_BYTES);
        msg.body = { exi_hex: Array.from(shown, (b) => (b < 16 ? '0' : '') + b.toString(16)).join(''), ...(shown.length < x.body.length ? { truncated: true } : {}) };
        if (msg.name !== '?') msg.functionSet = functionSetOf(msg.name);
        return msg;
      }
      xmlBytes = exi.xml;
    }
    const parsed = parseXml(xmlBytes, 'ieee2030_5');
    diagnostics.push(...parsed.diagnostics);
    msg.body = parsed.text;
    if (!parsed.root) return msg;
    const rootAttrs = (parsed.root[':@'] ?? {}) as Record<string, string>;
    const declared = Object.keys(rootAttrs).filter((k) => k === 'xmlns' || k.startsWith('xmlns:')).map((k) => rootAttrs[k]);
    const rootTag = Object.keys(parsed.root).find((k) => k !== ':@') ?? '';
    const c = rootTag.indexOf(':');
    const rootNs = rootAttrs[c < 0 ? 'xmlns' : `xmlns:${rootTag.slice(0, c)}`] ?? '';
    let data: SchemaData | undefined;
    if (rootNs === NS_SEP_2013) {
      msg.version = '2013';
      data = SEP2013_SCHEMA;
    } else if (rootNs === NS_SEP_2018) {
      msg.version = '2018';
      const csip = declared.some((u) => u.startsWith(NS_CSIPAUS)) || (parsed.text ?? '').includes(NS_CSIPAUS);
      data = csip ? SEP2018_CSIPAUS_SCHEMA : SEP2018_SCHEMA;
    } else {
      diagnostics.push(diag('warning', 'ieee2030_5.unknown_namespace', `root element namespace "${rootNs}" is not an IEEE 2030.5 namespace; not validated.`));
    }
    const conv = convertXml(parsed.root, { schema: data ? schemaFor(data) : undefined, code: 'ieee2030_5.schema' });
    diagnostics.push(...conv.diagnostics);
    msg.namespace = conv.rootNs;
    msg.name = conv.rootLocal;
    msg.body = conv.json;
    msg.functionSet = functionSetOf(msg.name);
    const root = conv.json as Record<string, unknown> | undefined;
    if (root && typeof root === 'object') {
      const all = num(root.all), results = num(root.results);
      if (all !== undefined || results !== undefined) {
        msg.paging ??= {};
        if (all !== undefined) msg.paging.all = all;
        if (results !== undefined) msg.paging.results = results;
      }
      const links: GridLink[] = [];
      collectLinks(root, msg.name, links, 0);
      for (const lk of links) {
        const hp = pathAndQuery(lk.href).path;
        if (lk.resource) remember(ctx, ctx.expected, hp, lk.resource);
        else if (lk.rel !== msg.name) remember(ctx, ctx.expected, hp, lk.rel);
        const f = ctx.fetched.get(hp);
        if (f !== undefined) lk.fetchedBy = f;
      }
      if (links.length) msg.links = links;
    }
    if (!x.isRequest && x.method.toUpperCase() === 'GET') {
      remember(ctx, ctx.expected, path, msg.name);
      if (x.exchangeId !== undefined) remember(ctx, ctx.fetched, path, x.exchangeId);
    }
  } catch (e) {
    diagnostics.push(diag('error', 'ieee2030_5.internal', `decoder failure: ${e instanceof Error ? e.message : String(e)}`));
  }
  return msg;
}
