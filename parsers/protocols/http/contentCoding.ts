// Content-Encoding decoding of HTTP bodies (RFC 9110 §8.4.1: gzip, x-gzip, deflate as zlib or raw,
// identity; codings undone in reverse order). Bounded by maxInflatedBytes: past it (decompression bomb)
// or on corrupt data the body is left as received, with a diagnostic.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { inflateBounded, looksLikeZlibHeader } from '../../core/boundedInflate';
import type { InflateResult } from '../../core/boundedInflate';

export function decodeContent(body: Uint8Array, contentEncoding: string | undefined, limit: number, diags: Diagnostic[]): Uint8Array {
  if (!contentEncoding || body.length === 0) return body;
  const codings = contentEncoding.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity');
  let out = body;
  for (let i = codings.length - 1; i >= 0; i--) {
    const c = codings[i];
    let r: InflateResult;
    if (c === 'gzip' || c === 'x-gzip') r = inflateBounded('gzip', out, limit);
    else if (c === 'deflate') {
      r = inflateBounded(looksLikeZlibHeader(out) ? 'zlib' : 'raw', out, limit);
      if (r.error === 'data' && looksLikeZlibHeader(out)) {
        const raw = inflateBounded('raw', out, limit);
        if (raw.error === undefined) r = raw;
      }
    } else {
      diags.push(diag('info', 'http.unsupported_encoding', `content coding "${c}" is not decoded; body left encoded`));
      return out;
    }
    if (r.error === 'limit') {
      diags.push(diag('error', 'http.inflate_limit', `${c} body inflates beyond ${limit} bytes (decompression bomb?); body kept as received`));
      return body;
    }
    if (r.error === 'data') {
      diags.push(diag('error', 'http.inflate_error', `${c} body could not be decoded: ${r.message}; body kept as received`));
      return body;
    }
    if (!r.ended) diags.push(diag('warning', 'http.inflate_truncated', `${c} body ends before the end of its compressed stream; partial content`));
    if (r.trailing > 0) diags.push(diag('info', 'http.inflate_trailing', `${r.trailing} bytes after the end of the ${c} stream ignored`));
    out = r.data;
  }
  return out;
}
