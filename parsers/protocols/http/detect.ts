// Recognising HTTP/1.x start lines (RFC 9112 §3 request-line, §4 status-line): the `tcp` heuristic
// table entry (looksLikeHttp) and the tests the parser uses to find the next message after garbage.

const METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH',
]);

/** RFC 9110 §5.6.2 tchar. */
export function isTchar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x21 || (c >= 0x23 && c <= 0x27) || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2e ||
    c === 0x5e || c === 0x5f || c === 0x60 || c === 0x7c || c === 0x7e;
}

export const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) ([^\s]+) HTTP\/(\d)\.(\d)$/;
export const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/;

const HTTP1 = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e]; // "HTTP/1."

/**
 * Can b[off..end) be the beginning of a request line (dir 0) or status line (dir 1)?
 * 1 yes (enough seen), 0 cannot tell yet, -1 no.
 */
export function startLinePrefix(b: Uint8Array, off: number, end: number, request: boolean): number {
  if (!request) {
    const n = Math.min(end - off, HTTP1.length);
    for (let i = 0; i < n; i++) if (b[off + i] !== HTTP1[i]) return -1;
    return n === HTTP1.length ? 1 : 0;
  }
  let i = off;
  while (i < end && i - off <= 32 && isTchar(b[i])) i++;
  if (i === end) return i - off > 32 ? -1 : 0;
  if (b[i] !== 0x20 || i === off || i - off > 32) return -1;
  if (i + 1 === end) return 0;
  const t = b[i + 1];
  return t > 0x20 && t < 0x7f ? 1 : -1;
}

function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Is the complete line b[from..to) (without its LF) a request line (dir 0) or status line (dir 1)? */
export function isStartLine(b: Uint8Array, from: number, to: number, request: boolean): boolean {
  if (to > from && b[to - 1] === 0x0d) to--;
  if (to - from > 8192 || startLinePrefix(b, from, to, request) < 0) return false;
  return (request ? REQUEST_LINE : STATUS_LINE).test(latin1(b, from, to));
}

const METHOD_BYTES = [...METHODS].map((m) => Array.from(m + ' ', (c) => c.charCodeAt(0)));

/** Length of the well-known method + SP starting at b[i] (0 if none; -1 if b ends inside one). */
function methodAt(b: Uint8Array, i: number, end: number): number {
  let partial = false;
  for (const m of METHOD_BYTES) {
    let k = 0;
    while (k < m.length && i + k < end && b[i + k] === m[k]) k++;
    if (k === m.length) return k;
    if (i + k === end) partial = true;
  }
  return partial ? -1 : 0;
}

function http1At(b: Uint8Array, i: number, end: number): number {
  let k = 0;
  while (k < HTTP1.length && i + k < end && b[i + k] === HTTP1[k]) k++;
  return k === HTTP1.length ? 1 : i + k === end ? -1 : 0;
}

/**
 * First position in b[from..lf) (lf = the line's LF) where a start line begins in the middle of a line:
 * "HTTP/1." for responses, a well-known method for requests (the bytes before it are the tail of a lost
 * message). -1 if none.
 */
export function startInLine(b: Uint8Array, from: number, lf: number, request: boolean): number {
  for (let i = from; i < lf; i++) {
    const c = b[i];
    if (request ? c < 0x41 || c > 0x55 : c !== 0x48) continue; // methods start with A..U, "HTTP" with H
    if ((request ? methodAt(b, i, lf) : http1At(b, i, lf)) > 0 && isStartLine(b, i, lf, request)) return i;
  }
  return -1;
}

/**
 * Where to keep an unfinished line from while searching for a start line: the first mid-line position
 * that begins (or may begin) a start line, or `end` when none can.
 */
export function tailCandidate(b: Uint8Array, from: number, end: number, request: boolean): number {
  for (let i = Math.max(from, end - 16384); i < end; i++) {
    const c = b[i];
    if (request ? c < 0x41 || c > 0x55 : c !== 0x48) continue;
    if ((request ? methodAt(b, i, end) : http1At(b, i, end)) !== 0) return i;
  }
  return end;
}

/**
 * Heuristic for the first bytes of a TCP direction: an HTTP/1.x request line or "HTTP/1." status line.
 * Without the end of the line, a request is accepted only for a well-known method. Never throws.
 */
export function looksLikeHttp(firstBytes: Uint8Array): boolean {
  try {
    const b = firstBytes;
    let off = 0;
    while (off < b.length && off < 4 && (b[off] === 0x0d || b[off] === 0x0a)) off++;
    const end = b.length;
    if (end - off >= HTTP1.length && startLinePrefix(b, off, end, false) === 1) {
      const lf = b.indexOf(0x0a, off);
      return lf < 0 ? end - off < 13 || /^HTTP\/1\.\d \d{3}/.test(latin1(b, off, off + 12)) : isStartLine(b, off, lf, false);
    }
    if (startLinePrefix(b, off, end, true) !== 1) return false;
    const lf = b.indexOf(0x0a, off);
    if (lf >= 0) return isStartLine(b, off, lf, true);
    const sp = b.indexOf(0x20, off);
    return METHODS.has(latin1(b, off, sp));
  } catch {
    return false;
  }
}
