// Canonical XML of an element subtree of a parsed document (tree.ts shape), as XML Signature needs it:
// Canonical XML 1.0 (W3C REC xml-c14n-20010315 §2.3 processing model, §4 document subsets: all in-scope
// namespaces and inherited xml:* attributes on the apex) and Exclusive XML Canonicalization 1.0 (W3C REC
// xml-exc-c14n §3: only visibly utilized namespaces). Comments are never in the node-set here (tree.ts drops
// them; same-document references exclude them, XMLDSig §4.4.3.3). Attributes sorted by namespace URI then
// local name, namespace declarations first by prefix; text escaped &amp; &lt; &gt; &#xD;, attribute values
// &amp; &lt; &quot; &#x9; &#xA; &#xD;; CDATA as escaped text; empty elements as start/end pairs; line ends
// already normalised by parseXml. Iterative (no recursion) with a node-count bound; never throws.
import { decodeRefs, elementName } from './safeXml';
import type { FxpNode } from './safeXml';

export type C14nMode = 'inclusive' | 'exclusive';

export interface C14nOptions {
  mode: C14nMode;
  /** Element nodes (by identity) left out with their subtrees (enveloped-signature transform). */
  exclude?: ReadonlySet<FxpNode>;
  /** Largest number of nodes rendered; beyond it the result is undefined. */
  maxNodes?: number;
}

/** Path from the root element to a node: the chain of element nodes, root first, target last. */
export type ElementPath = FxpNode[];

function attrsOf(n: FxpNode): Record<string, string> {
  return (n[':@'] as Record<string, string> | undefined) ?? {};
}

function escText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

function escAttr(s: string): string {
  return s.replace(/[&<"\t\n\r]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '"' ? '&quot;' : c === '\t' ? '&#x9;' : c === '\n' ? '&#xA;' : '&#xD;');
}

/** Attribute value as the infoset sees it: literal white space normalised to spaces (XML 1.0 §3.3.3), then references decoded. */
function attrValue(raw: string): string {
  return decodeRefs(raw.replace(/[\t\n\r]/g, ' '));
}

function prefixOf(qname: string): string {
  const c = qname.indexOf(':');
  return c < 0 ? '' : qname.slice(0, c);
}

function localOf(qname: string): string {
  const c = qname.indexOf(':');
  return c < 0 ? qname : qname.slice(c + 1);
}

/** Namespace declarations of an element: prefix ('' for the default) -> URI. */
function declsOf(attrs: Record<string, string>): Map<string, string> {
  const m = new Map<string, string>();
  for (const k of Object.keys(attrs)) {
    if (k === 'xmlns') m.set('', attrValue(attrs[k]));
    else if (k.startsWith('xmlns:')) m.set(k.slice(6), attrValue(attrs[k]));
  }
  return m;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Renders the start tag's namespace declarations and attributes (sorted per C14N §2.2). */
function renderAttrs(ns: Map<string, string>, nsOut: Map<string, string>, attrs: Array<[string, string]>): string {
  let out = '';
  const prefixes = [...nsOut.keys()].sort(cmpStr);
  for (const p of prefixes) out += p === '' ? ` xmlns="${escAttr(nsOut.get(p) ?? '')}"` : ` xmlns:${p}="${escAttr(nsOut.get(p) ?? '')}"`;
  const keyed = attrs.map(([q, v]) => {
    const p = prefixOf(q);
    const uri = p === '' ? '' : p === 'xml' ? XML_NS : (ns.get(p) ?? '');
    return { uri, local: localOf(q), q, v };
  });
  keyed.sort((a, b) => cmpStr(a.uri, b.uri) || cmpStr(a.local, b.local));
  for (const a of keyed) out += ` ${a.q}="${escAttr(a.v)}"`;
  return out;
}

/**
 * Canonical form of the last element of `path` (its ancestors give the in-scope namespaces and xml:*
 * attributes). Returns undefined when the bound is hit or the path is empty.
 */
export function canonicalize(path: ElementPath, opts: C14nOptions): string | undefined {
  const apex = path[path.length - 1];
  if (!apex || elementName(apex) === undefined) return undefined;
  const maxNodes = opts.maxNodes ?? 1_000_000;
  const exclusive = opts.mode === 'exclusive';

  // In-scope namespaces and inherited xml:* attributes at the apex's parent.
  const scope = new Map<string, string>();
  const xmlAttrs = new Map<string, string>();
  for (let i = 0; i < path.length - 1; i++) {
    const a = attrsOf(path[i]);
    for (const [p, u] of declsOf(a)) scope.set(p, u);
    for (const k of Object.keys(a)) if (k.startsWith('xml:')) xmlAttrs.set(k, attrValue(a[k]));
  }

  const parts: string[] = [];
  let count = 0;
  // Stack frames: an element to open (with the namespaces in scope and rendered at its parent) or a close tag.
  type Frame = { node: FxpNode; scope: Map<string, string>; rendered: Map<string, string>; isApex: boolean } | string;
  const stack: Frame[] = [{ node: apex, scope, rendered: new Map(), isApex: true }];
  while (stack.length) {
    const f = stack.pop() as Frame;
    if (typeof f === 'string') {
      parts.push(f);
      continue;
    }
    if (++count > maxNodes) return undefined;
    const node = f.node;
    const text = node['#text'];
    if (text !== undefined) {
      parts.push(escText(decodeRefs(String(text))));
      continue;
    }
    const cdata = node['#cdata'];
    if (Array.isArray(cdata)) {
      let s = '';
      for (const x of cdata as FxpNode[]) s += String(x['#text'] ?? '');
      parts.push(escText(s));
      continue;
    }
    const name = elementName(node);
    if (name === undefined || opts.exclude?.has(node)) continue;
    const raw = attrsOf(node);
    const own = declsOf(raw);
    // Copy the scope only where this element declares namespaces.
    const ns = own.size ? new Map(f.scope) : f.scope;
    for (const [p, u] of own) ns.set(p, u);
    const attrs: Array<[string, string]> = [];
    for (const k of Object.keys(raw)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs.push([k, attrValue(raw[k])]);
    if (f.isApex && !exclusive) {
      // Inherited xml:* attributes the apex does not carry itself (C14N 1.0 §2.4).
      for (const [k, v] of xmlAttrs) if (!(k in raw)) attrs.push([k, v]);
    }
    const nsOut = new Map<string, string>();
    let rendered = f.rendered;
    const render = (p: string, u: string): void => {
      if (rendered === f.rendered) rendered = new Map(f.rendered);
      nsOut.set(p, u);
      rendered.set(p, u);
    };
    if (exclusive) {
      const used = new Set<string>([prefixOf(name)]);
      for (const [q] of attrs) {
        const p = prefixOf(q);
        if (p !== '' && p !== 'xml') used.add(p);
      }
      for (const p of used) {
        const u = ns.get(p) ?? '';
        const prev = rendered.get(p);
        if (p === '' && u === '' && (prev === undefined || prev === '')) continue;
        if (prev !== u) render(p, u);
      }
    } else {
      for (const [p, u] of ns) {
        if (p === 'xml') continue;
        const prev = rendered.get(p);
        if (p === '' && u === '' && (prev === undefined || prev === '')) continue;
        if (prev !== u) render(p, u);
      }
      // A default namespace undeclared here (xmlns="") while the parent rendered one.
      if (!ns.has('') && rendered.has('') && rendered.get('') !== '') render('', '');
    }
    parts.push(`<${name}${renderAttrs(ns, nsOut, attrs)}>`);
    stack.push(`</${name}>`);
    const kids = node[name];
    if (Array.isArray(kids)) {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as FxpNode, scope: ns, rendered, isApex: false });
    }
  }
  return parts.join('');
}

/**
 * The element whose Id / id / ID attribute (any prefix) equals `id`, with its ancestor path; depth-first,
 * first match. Bounded by `maxNodes`.
 */
export function findById(root: FxpNode, id: string, maxNodes = 1_000_000): ElementPath | undefined {
  // Visited elements with their parent's index (memory linear in the node count, whatever the depth).
  const nodes: FxpNode[] = [root];
  const parents: number[] = [-1];
  const stack: number[] = [0];
  while (stack.length) {
    const idx = stack.pop() as number;
    const node = nodes[idx];
    const name = elementName(node);
    if (name === undefined) continue;
    const a = attrsOf(node);
    for (const k of Object.keys(a)) {
      const l = localOf(k);
      if ((l === 'Id' || l === 'id' || l === 'ID') && !k.startsWith('xmlns') && attrValue(a[k]) === id) {
        const path: ElementPath = [];
        for (let i = idx; i >= 0; i = parents[i]) path.push(nodes[i]);
        return path.reverse();
      }
    }
    const kids = node[name];
    if (Array.isArray(kids)) {
      for (let i = kids.length - 1; i >= 0; i--) {
        const k = kids[i] as FxpNode;
        if (elementName(k) === undefined) continue;
        if (nodes.length >= maxNodes) return undefined;
        nodes.push(k);
        parents.push(idx);
        stack.push(nodes.length - 1);
      }
    }
  }
  return undefined;
}
