// HTTP/1.x message head: start line (RFC 9112 §3 request-line, §4 status-line) and field lines (§5,
// with obsolete line folding §5.2 unfolded and flagged). Field values are decoded as UTF-8 when valid,
// else byte-for-byte (ISO-8859-1). Bounded by line length and field count.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { REQUEST_LINE, STATUS_LINE } from './detect';
import type { HttpHeader } from './types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface ParsedHead {
  kind: 'request' | 'response';
  method?: string;
  target?: string;
  status?: number;
  reason?: string;
  version: string;
  headers: HttpHeader[];
  diagnostics: Diagnostic[];
}

function headText(b: Uint8Array): string {
  let ascii = true;
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) { ascii = false; break; }
  if (!ascii) {
    try { return strictUtf8.decode(b); } catch { /* not UTF-8: keep bytes as ISO-8859-1 */ }
  }
  let s = '';
  for (let i = 0; i < b.length; i += 8192) {
    s += String.fromCharCode.apply(null, b.subarray(i, Math.min(b.length, i + 8192)) as unknown as number[]);
  }
  return s;
}

/** Parse field lines ("Name: value"), unfolding obs-fold continuation lines. */
export function parseFieldLines(lines: string[], maxLine: number, maxCount: number, diags: Diagnostic[]): HttpHeader[] {
  const out: HttpHeader[] = [];
  let tooMany = false;
  let longNoted = false;
  for (const line of lines) {
    if (line.length > maxLine) {
      if (!longNoted) diags.push(diag('warning', 'http.line_too_long', `header line of ${line.length} bytes exceeds ${maxLine}; dropped`));
      longNoted = true;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      diags.push(diag('warning', 'http.obs_fold', 'obsolete line folding in a header (RFC 9112 §5.2); unfolded'));
      if (out.length) out[out.length - 1].value = (out[out.length - 1].value + ' ' + line.trim()).trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      diags.push(diag('warning', 'http.bad_header', `header line without a field name and colon: ${JSON.stringify(line.slice(0, 60))}`));
      continue;
    }
    let name = line.slice(0, colon);
    if (/\s$/.test(name) || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name.trim())) {
      diags.push(diag('warning', 'http.bad_header', `invalid header field name ${JSON.stringify(name.slice(0, 60))} (RFC 9112 §5.1)`));
      name = name.trim();
    }
    if (out.length >= maxCount) {
      if (!tooMany) diags.push(diag('warning', 'http.too_many_headers', `more than ${maxCount} header fields; the rest dropped`));
      tooMany = true;
      continue;
    }
    out.push({ name, value: line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '') });
  }
  return out;
}

/**
 * Parse a complete head (start line, fields, blank line). Returns undefined when the start line is not
 * a request line (`request`) or status line; the caller then treats the bytes as garbage.
 */
export function parseHead(b: Uint8Array, request: boolean, maxLine: number, maxCount: number): ParsedHead | undefined {
  const text = headText(b);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const first = lines.shift() ?? '';
  const diagnostics: Diagnostic[] = [];
  if (first.length > maxLine) return undefined;
  const headers = parseFieldLines(lines, maxLine, maxCount, diagnostics);
  if (request) {
    const m = REQUEST_LINE.exec(first);
    if (!m) return undefined;
    const version = `HTTP/${m[3]}.${m[4]}`;
    if (m[3] !== '1') diagnostics.push(diag('warning', 'http.version', `unexpected protocol version ${version}`));
    return { kind: 'request', method: m[1], target: m[2], version, headers, diagnostics };
  }
  const m = STATUS_LINE.exec(first);
  if (!m) return undefined;
  const version = `HTTP/${m[1]}.${m[2]}`;
  if (m[1] !== '1') diagnostics.push(diag('warning', 'http.version', `unexpected protocol version ${version}`));
  return { kind: 'response', status: Number(m[3]), reason: m[4] ?? '', version, headers, diagnostics };
}

/** Offset just past the blank line ending a head that starts at or before `from`, or -1. */
export function findHeadEnd(b: Uint8Array, from: number): number {
  const end = b.length;
  for (;;) {
    const i = b.indexOf(0x0a, from);
    if (i < 0 || i + 1 >= end) return -1;
    const c = b[i + 1];
    if (c === 0x0a) return i + 2;
    if (c === 0x0d) {
      if (i + 2 >= end) return -1;
      if (b[i + 2] === 0x0a) return i + 3;
    }
    from = i + 1;
  }
}
