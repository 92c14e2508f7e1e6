// Minimal XML reader for XSD files (generator only): elements and attributes in document order.
// Text content, comments, processing instructions and the DOCTYPE (with its internal subset) are
// skipped; that is all an XML Schema needs. Not for untrusted input (it runs at generation time).

export interface XNode {
  /** Qualified tag name as written, e.g. `xs:element`. */
  tag: string;
  /** Local part of the tag name. */
  local: string;
  attrs: Record<string, string>;
  children: XNode[];
  /** Namespace declarations in scope (prefix -> uri; '' = default namespace). */
  ns: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export function parseXml(text: string): XNode {
  let i = 0;
  const stack: XNode[] = [];
  let root: XNode | undefined;
  const attrRe = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) {
      // DOCTYPE, possibly with an internal subset in [ ... ].
      let j = lt + 2;
      let depth = 0;
      while (j < text.length) {
        const c = text[j];
        if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt);
      stack.pop();
      i = end + 1;
      continue;
    }
    // Start tag: find its end, honouring quotes.
    let j = lt + 1;
    let quote = '';
    while (j < text.length) {
      const c = text[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      j++;
    }
    let body = text.slice(lt + 1, j);
    const selfClosing = body.endsWith('/');
    if (selfClosing) body = body.slice(0, -1);
    const m = /^([^\s/>]+)/.exec(body);
    if (!m) throw new Error(`bad tag at ${lt}`);
    const tag = m[1];
    const attrs: Record<string, string> = {};
    attrRe.lastIndex = m[1].length;
    let a: RegExpExecArray | null;
    while ((a = attrRe.exec(body)) !== null) attrs[a[1]] = decodeEntities(a[3] ?? a[4] ?? '');
    const parent = stack[stack.length - 1];
    const ns: Record<string, string> = { ...(parent ? parent.ns : {}) };
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') ns[''] = v;
      else if (k.startsWith('xmlns:')) ns[k.slice(6)] = v;
    }
    const colon = tag.indexOf(':');
    const node: XNode = { tag, local: colon < 0 ? tag : tag.slice(colon + 1), attrs, children: [], ns };
    if (parent) parent.children.push(node);
    else root = node;
    if (!selfClosing) stack.push(node);
    i = j + 1;
  }
  if (!root) throw new Error('no root element');
  return root;
}
