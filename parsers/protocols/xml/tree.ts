// Builds the ordered element tree of an XML document (XML 1.0 §3.1 tags and attributes, §2.4 character
// data, §2.7 CDATA sections) in one pass, in the node shape fast-xml-parser's preserveOrder mode gives and
// walk.ts reads: `{ [tag]: children, ':@': attrs }` (':@' only when the element has attributes), text as
// `{ '#text': s }` (adjacent text merged across comments and processing instructions), CDATA as
// `{ '#cdata': [{ '#text': s }] }`. Text and attribute values are kept as written (references are decoded
// by walk.ts). Comments, processing instructions, the XML declaration, DOCTYPEs and text outside the root
// element are dropped.
//
// The input MUST have passed prescanXml (prescan.ts) first: well-formedness (balanced tags, quoted
// attributes, no '<' in values, terminated comments/CDATA/PIs) and the depth limit are checked there, so this
// pass trusts the structure and only slices. An element or attribute named __proto__ is refused (throws;
// parseXml turns that into xml.parse_failed, as with fast-xml-parser before); other names that exist on
// Object.prototype (constructor, toString, ...) are plain own properties.
import type { FxpNode } from './safeXml';
import { doctypeEnd } from './prescan';

const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, QM = 0x3f, EXCL = 0x21, EQ = 0x3d, DQ = 0x22, SQ = 0x27;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** The same name terminators as prescan.ts. */
function isNameEnd(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === SLASH || c === GT || c === EQ || c === LT || c === DQ || c === SQ || Number.isNaN(c);
}

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') throw new Error('invalid name "__proto__" (prototype pollution guard)');
  o[k] = v;
}


/** The top-level nodes (the root element) of a document that passed prescanXml. */
export function buildTree(s: string): FxpNode[] {
  const top: FxpNode[] = [];
  const stack: FxpNode[][] = [];
  let cur = top;
  let text = '';
  const n = s.length;
  let i = 0;
  while (i < n) {
    const lt = s.indexOf('<', i);
    if (lt < 0) {
      if (stack.length) text += s.slice(i);
      break;
    }
    if (lt > i && stack.length) text = text.length ? text + s.slice(i, lt) : s.slice(i, lt);
    const c1 = s.charCodeAt(lt + 1);
    if (c1 === QM) {
      const e = s.indexOf('?>', lt + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (c1 === EXCL) {
      if (s.startsWith('<!--', lt)) {
        const e = s.indexOf('-->', lt + 4);
        i = e < 0 ? n : e + 3;
      } else if (s.startsWith('<![CDATA[', lt)) {
        const e = s.indexOf(']]>', lt + 9);
        const end = e < 0 ? n : e;
        if (text.length) {
          cur.push({ '#text': text });
          text = '';
        }
        cur.push({ '#cdata': [{ '#text': s.slice(lt + 9, end) }] });
        i = end + 3;
      } else {
        const end = doctypeEnd(s, lt);
        i = end < 0 ? s.length : end;
      }
      continue;
    }
    if (text.length) {
      if (stack.length) cur.push({ '#text': text });
      text = '';
    }
    if (c1 === SLASH) {
      const gt = s.indexOf('>', lt + 2);
      cur = stack.pop() ?? top;
      i = gt < 0 ? n : gt + 1;
      continue;
    }
    // start tag
    let j = lt + 1;
    while (j < n && !isNameEnd(s.charCodeAt(j))) j++;
    const name = s.slice(lt + 1, j);
    let attrs: Record<string, string> | undefined;
    let selfClose = false;
    for (;;) {
      while (j < n && isWs(s.charCodeAt(j))) j++;
      if (j >= n) break;
      const c = s.charCodeAt(j);
      if (c === GT) {
        j++;
        break;
      }
      if (c === SLASH) {
        selfClose = true;
        j += 2;
        break;
      }
      const an = j;
      while (j < n && !isNameEnd(s.charCodeAt(j))) j++;
      const aname = s.slice(an, j);
      while (j < n && s.charCodeAt(j) !== EQ) j++;
      j++;
      while (j < n && isWs(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      let close = s.indexOf(q === SQ ? "'" : '"', j + 1);
      if (close < 0) close = n;
      put((attrs ??= {}), aname, s.slice(j + 1, close));
      j = close + 1;
    }
    const kids: FxpNode[] = [];
    const node: FxpNode = {};
    put(node, name, kids);
    if (attrs) node[':@'] = attrs;
    cur.push(node);
    if (!selfClose) {
      stack.push(cur);
      cur = kids;
    }
    i = j;
  }
  return top;
}
