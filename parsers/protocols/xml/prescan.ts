// Well-formedness pre-scan of an XML document (XML 1.0 §2.1 document, §2.8 prolog and DOCTYPE, §3.1
// tags, §4.1 character and entity references), done before fast-xml-parser sees the text because that
// parser is lenient (mismatched tags, unclosed elements) and would otherwise read DTD entities.
// One linear pass, no recursion, no per-character allocation: tag names are compared in place via
// a fixed Int32Array stack of (start, length) pairs, bounded by the depth limit.
// Findings: DOCTYPE ranges (blanked before parsing: no DTD is ever read, no entity expanded), the
// depth, references to undefined entities, and the first fatal well-formedness error with its offset.

export interface PrescanLimits {
  maxDepth: number;
}

export interface PrescanResult {
  /** First fatal error (the document is not well-formed or exceeds a limit); offset into the text. */
  error?: { code: string; message: string; offset: number };
  /** [start, end) ranges of DOCTYPE declarations. */
  doctypes: Array<[number, number]>;
  /** Number of <!ENTITY declarations seen inside DOCTYPEs. */
  entityDecls: number;
  /** References to entities other than the five predefined ones (never expanded). */
  undefinedEntities: number;
  firstUndefinedEntity?: string;
  maxDepth: number;
  /** Offset of the root element's '<'. */
  rootOffset: number;
}

const LT = 0x3c, GT = 0x3e, SLASH = 0x2f, QM = 0x3f, EXCL = 0x21, EQ = 0x3d;
const DQ = 0x22, SQ = 0x27, HASH = 0x23, LBR = 0x5b, RBR = 0x5d;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameEnd(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === SLASH || c === GT || c === EQ || c === LT || c === DQ || c === SQ || Number.isNaN(c);
}

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

function validCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export function prescanXml(s: string, limits: PrescanLimits): PrescanResult {
  const res: PrescanResult = { doctypes: [], entityDecls: 0, undefinedEntities: 0, maxDepth: 0, rootOffset: -1 };
  const n = s.length;
  const stack = new Int32Array(2 * (limits.maxDepth + 2));
  let depth = 0;
  let rootClosed = false;
  let i = 0;

  const fail = (code: string, message: string, offset: number): PrescanResult => {
    res.error = { code, message, offset };
    return res;
  };

  // Checks '&' references in s[from, to); returns an error offset or -1.
  const checkRefs = (from: number, to: number): number => {
    let a = s.indexOf('&', from);
    while (a >= 0 && a < to) {
      const semi = s.indexOf(';', a + 1);
      if (semi < 0 || semi >= to || semi - a > 40) return a;
      if (s.charCodeAt(a + 1) === HASH) {
        const hex = s.charCodeAt(a + 2) === 0x78;
        const digits = s.slice(a + (hex ? 3 : 2), semi);
        if (digits.length === 0 || !(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) return a;
        const cp = parseInt(digits, hex ? 16 : 10);
        if (!validCodePoint(cp)) return a;
      } else {
        const name = s.slice(a + 1, semi);
        if (!PREDEFINED.has(name)) {
          if (name.length === 0 || /[\s<&]/.test(name)) return a;
          res.undefinedEntities++;
          if (res.firstUndefinedEntity === undefined) res.firstUndefinedEntity = name;
        }
      }
      a = s.indexOf('&', semi + 1);
    }
    return -1;
  };

  while (i < n) {
    const lt = s.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (depth === 0) {
        for (let k = i; k < textEnd; k++) {
          if (!isWs(s.charCodeAt(k))) {
            if (k === 0 && s.charCodeAt(0) === 0xfeff) continue;
            return fail('xml.malformed', res.rootOffset < 0 ? 'text before the root element' : 'text after the root element', k);
          }
        }
      } else {
        const bad = checkRefs(i, textEnd);
        if (bad >= 0) return fail('xml.malformed', 'malformed character or entity reference', bad);
        // ']]>' is not allowed in text (§2.4); cheap check only when ']' appears.
      }
    }
    if (lt < 0) break;
    i = lt;
    const c1 = s.charCodeAt(i + 1);
    if (c1 === QM) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) return fail('xml.malformed', 'unterminated processing instruction', i);
      i = end + 2;
      continue;
    }
    if (c1 === EXCL) {
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end < 0) return fail('xml.malformed', 'unterminated comment', i);
        i = end + 3;
        continue;
      }
      if (s.startsWith('<![CDATA[', i)) {
        if (depth === 0) return fail('xml.malformed', 'CDATA section outside the root element', i);
        const end = s.indexOf(']]>', i + 9);
        if (end < 0) return fail('xml.malformed', 'unterminated CDATA section', i);
        i = end + 3;
        continue;
      }
      if (s.startsWith('<!DOCTYPE', i)) {
        if (res.rootOffset >= 0) return fail('xml.malformed', 'DOCTYPE after the root element', i);
        const end = doctypeEnd(s, i);
        if (end < 0) return fail('xml.malformed', 'unterminated DOCTYPE declaration', i);
        res.doctypes.push([i, end]);
        let e = s.indexOf('<!ENTITY', i);
        while (e >= 0 && e < end - 1) {
          res.entityDecls++;
          e = s.indexOf('<!ENTITY', e + 8);
        }
        i = end;
        continue;
      }
      return fail('xml.malformed', 'unexpected markup declaration', i);
    }
    if (c1 === SLASH) {
      // End tag.
      let j = i + 2;
      while (j < n && !isNameEnd(s.charCodeAt(j))) j++;
      const len = j - (i + 2);
      if (depth === 0) return fail('xml.malformed', `end tag </${s.slice(i + 2, j)}> without a start tag`, i);
      const st = stack[2 * (depth - 1)], sl = stack[2 * (depth - 1) + 1];
      let same = sl === len;
      for (let k = 0; same && k < len; k++) if (s.charCodeAt(st + k) !== s.charCodeAt(i + 2 + k)) same = false;
      if (!same) return fail('xml.malformed', `end tag </${s.slice(i + 2, j)}> does not match <${s.slice(st, st + sl)}>`, i);
      while (j < n && isWs(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== GT) return fail('xml.malformed', 'malformed end tag', i);
      depth--;
      if (depth === 0) rootClosed = true;
      i = j + 1;
      continue;
    }
    // Start tag.
    let j = i + 1;
    while (j < n && !isNameEnd(s.charCodeAt(j))) j++;
    if (j === i + 1) return fail('xml.malformed', "'<' not followed by a name", i);
    if (rootClosed) return fail('xml.malformed', 'more than one root element', i);
    if (res.rootOffset < 0) res.rootOffset = i;
    const nameStart = i + 1, nameLen = j - nameStart;
    let selfClose = false;
    for (;;) {
      const ws = j;
      while (j < n && isWs(s.charCodeAt(j))) j++;
      if (j >= n) return fail('xml.malformed', 'unterminated start tag', i);
      const c = s.charCodeAt(j);
      if (c === GT) { j++; break; }
      if (c === SLASH) {
        if (s.charCodeAt(j + 1) !== GT) return fail('xml.malformed', 'malformed empty-element tag', j);
        selfClose = true;
        j += 2;
        break;
      }
      if (ws === j) return fail('xml.malformed', 'attributes must be separated by white space', j);
      const an = j;
      while (j < n && !isNameEnd(s.charCodeAt(j))) j++;
      if (j === an) return fail('xml.malformed', 'malformed attribute', j);
      while (j < n && isWs(s.charCodeAt(j))) j++;
      if (s.charCodeAt(j) !== EQ) return fail('xml.malformed', `attribute ${s.slice(an, j).trim()} without a value`, an);
      j++;
      while (j < n && isWs(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q !== DQ && q !== SQ) return fail('xml.malformed', 'attribute value not quoted', j);
      const close = s.indexOf(q === DQ ? '"' : "'", j + 1);
      if (close < 0) return fail('xml.malformed', 'unterminated attribute value', j);
      const ltIn = s.indexOf('<', j + 1);
      if (ltIn >= 0 && ltIn < close) return fail('xml.malformed', "'<' in an attribute value", ltIn);
      const bad = checkRefs(j + 1, close);
      if (bad >= 0) return fail('xml.malformed', 'malformed character or entity reference', bad);
      j = close + 1;
    }
    if (!selfClose) {
      if (depth >= limits.maxDepth) return fail('xml.too_deep', `element nesting deeper than ${limits.maxDepth}`, i);
      stack[2 * depth] = nameStart;
      stack[2 * depth + 1] = nameLen;
      depth++;
      if (depth > res.maxDepth) res.maxDepth = depth;
    } else {
      if (depth + 1 > res.maxDepth) res.maxDepth = depth + 1;
      if (depth === 0) rootClosed = true;
    }
    i = j;
  }
  if (depth > 0) {
    const st = stack[2 * (depth - 1)], sl = stack[2 * (depth - 1) + 1];
    return fail('xml.malformed', `element <${s.slice(st, st + sl)}> is not closed`, n);
  }
  if (res.rootOffset < 0) return fail('xml.malformed', 'no root element', n);
  return res;
}

/** 1-based line and column of an offset (computed only when reporting an error). */
export function lineColumn(s: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNl = -1;
  const end = Math.min(offset, s.length);
  let k = s.indexOf('\n');
  while (k >= 0 && k < end) {
    line++;
    lastNl = k;
    k = s.indexOf('\n', k + 1);
  }
  return { line, column: end - lastNl };
}

/** End (exclusive) of the DOCTYPE declaration starting at `i` (its '>' outside brackets and quotes), or -1
 *  when it never ends. */
export function doctypeEnd(s: string, i: number): number {
  let bracket = 0, quote = 0;
  for (let j = i + 9; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQ || c === SQ) quote = c;
    else if (c === LBR) bracket++;
    else if (c === RBR) bracket--;
    else if (c === GT && bracket <= 0) return j + 1;
  }
  return -1;
}
