// Safe XML parsing for the XML-bodied protocols (OpenADR 2.0a/2.0b, IEEE 2030.5), bounded. Order of work:
// size limit on the bytes; decoding (BOM, declared encoding, invalid UTF-8 -> lossy + diagnostic); the
// well-formedness pre-scan (prescan.ts: depth limit, mismatched tags with line/column, DOCTYPE detection);
// DOCTYPEs are blanked out so that no DTD is ever read and no entity other than the five predefined ones and
// character references is expanded (those are decoded by walk.ts); then tree.ts builds the ordered tree in
// fast-xml-parser's preserveOrder shape (it used fast-xml-parser itself, at several times the cost, and that
// parser refuses documents with an element or attribute named constructor or __proto__), which walk.ts turns
// into JSON with namespaces resolved.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { lineColumn, prescanXml } from './prescan';
import { decodeXmlText } from './text';
import { buildTree } from './tree';

export interface XmlLimits {
  /** Largest body parsed (bytes); larger bodies get a diagnostic and are not parsed. */
  maxBytes: number;
  /** Deepest element nesting parsed. */
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 16 * 1024 * 1024, maxDepth: 256 };

/** A node of fast-xml-parser's ordered output: `{ tag: children, ':@': attrs }` or `{ '#text': s }`. */
export type FxpNode = Record<string, unknown>;

export interface XmlParseResult {
  /** The decoded text (kept for the raw view even when it could not be parsed); undefined when too large. */
  text: string | undefined;
  /** The root element node (fast-xml-parser ordered form), when the document is well-formed and within limits. */
  root: FxpNode | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Parse an XML body. Never throws; every problem is a diagnostic with code `<codePrefix>.<problem>`:
 * too_large, invalid_utf8, doctype, undefined_entity, malformed (with line:column), too_deep, parse_failed.
 */
export function parseXml(input: Uint8Array | string, codePrefix = 'xml', limits: XmlLimits = DEFAULT_XML_LIMITS): XmlParseResult {
  const diagnostics: Diagnostic[] = [];
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > limits.maxBytes) {
    diagnostics.push(diag('error', `${codePrefix}.too_large`, `XML body of ${size} bytes exceeds the ${limits.maxBytes}-byte limit; not parsed.`));
    return { text: undefined, root: undefined, diagnostics };
  }
  let text = typeof input === 'string' ? input : decodeXmlText(input, diagnostics, codePrefix).text;
  const scan = prescanXml(text, { maxDepth: limits.maxDepth });
  if (scan.doctypes.length > 0) {
    diagnostics.push(diag('warning', `${codePrefix}.doctype`,
      `DOCTYPE declaration ignored${scan.entityDecls > 0 ? ` (${scan.entityDecls} entity declaration(s) not expanded)` : ''}: DTDs are never processed.`));
  }
  if (scan.error) {
    const { line, column } = lineColumn(text, scan.error.offset);
    const code = scan.error.code === 'xml.too_deep' ? 'too_deep' : 'malformed';
    diagnostics.push(diag('error', `${codePrefix}.${code}`, `${scan.error.message} at line ${line}, column ${column}.`));
    return { text, root: undefined, diagnostics };
  }
  if (scan.undefinedEntities > 0) {
    diagnostics.push(diag('error', `${codePrefix}.undefined_entity`,
      `${scan.undefinedEntities} reference(s) to undefined entities (first: &${scan.firstUndefinedEntity};) left unexpanded.`));
  }
  let parseText = text;
  if (scan.doctypes.length > 0) {
    for (const [a, b] of scan.doctypes) parseText = parseText.slice(0, a) + ' '.repeat(b - a) + parseText.slice(b);
  }
  // End-of-line handling (XML 1.0 §2.11).
  if (parseText.indexOf('\r') >= 0) parseText = parseText.replace(/\r\n?/g, '\n');
  let nodes: FxpNode[];
  try {
    nodes = buildTree(parseText);
  } catch (e) {
    diagnostics.push(diag('error', `${codePrefix}.parse_failed`, `XML parser failed: ${e instanceof Error ? e.message : String(e)}`));
    return { text, root: undefined, diagnostics };
  }
  let root: FxpNode | undefined;
  for (const n of nodes) {
    if (elementName(n) !== undefined) { root = n; break; }
  }
  if (!root) diagnostics.push(diag('error', `${codePrefix}.malformed`, 'no root element'));
  text = typeof input === 'string' ? input : text;
  return { text, root, diagnostics };
}

/** The qualified tag name of an element node, or undefined for text/CDATA nodes. */
export function elementName(n: FxpNode): string | undefined {
  for (const k in n) {
    if (k === ':@') continue;
    if (k === '#text' || k === '#cdata') return undefined;
    return k;
  }
  return undefined;
}

export function elementChildren(n: FxpNode, name: string): FxpNode[] {
  const c = n[name];
  return Array.isArray(c) ? (c as FxpNode[]) : [];
}

export function elementAttrs(n: FxpNode): Record<string, string> | undefined {
  return n[':@'] as Record<string, string> | undefined;
}

/** Text of a text node or of a CDATA node (whose single child is a text node); undefined for elements. */
export function nodeText(n: FxpNode): { text: string; cdata: boolean } | undefined {
  const t = n['#text'];
  if (t !== undefined) return { text: String(t), cdata: false };
  const c = n['#cdata'];
  if (Array.isArray(c)) {
    let s = '';
    for (const x of c as FxpNode[]) s += String(x['#text'] ?? '');
    return { text: s, cdata: true };
  }
  return undefined;
}

/** Decodes the five predefined entities and character references (XML 1.0 §4.1, §4.6). Others are left as written. */
export function decodeRefs(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9A-Fa-f]{1,8}|#[0-9]{1,10}|lt|gt|amp|quot|apos);/g, (m, r: string) => {
    switch (r) {
      case 'lt': return '<';
      case 'gt': return '>';
      case 'amp': return '&';
      case 'quot': return '"';
      case 'apos': return "'";
    }
    const cp = r.charCodeAt(1) === 0x78 ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}
