// XML body bytes -> string (XML 1.0 §4.3.3 and Appendix F: byte order mark, then the encoding
// declaration). UTF-8 is decoded strictly first; invalid sequences give a diagnostic and a lossy
// decode (U+FFFD). UTF-16 (BOM) and declared single-byte encodings go through TextDecoder labels.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });

export interface DecodedText {
  text: string;
  /** Encoding actually used ('utf-8', 'utf-16le', ...). */
  encoding: string;
}

function isAscii(b: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (b[i] >= 0x80) return false;
  return true;
}

/** The encoding named by `<?xml ... encoding="..."?>` in the first bytes (ASCII-compatible encodings only). */
function declaredEncoding(b: Uint8Array): string | undefined {
  if (b.length < 6 || b[0] !== 0x3c || b[1] !== 0x3f || b[2] !== 0x78) return undefined;
  const end = Math.min(b.length, 200);
  let s = '';
  for (let i = 0; i < end; i++) {
    const c = b[i];
    if (c === 0x3e) break;
    s += String.fromCharCode(c);
  }
  const m = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(s);
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * Decode an XML body. `codePrefix` names the diagnostics (`xml.invalid_utf8`, ...).
 * Never throws.
 */
export function decodeXmlText(b: Uint8Array, diagnostics: Diagnostic[], codePrefix = 'xml'): DecodedText {
  // Byte order marks.
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return decodeWith('utf-16le', b.subarray(2), diagnostics, codePrefix);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return decodeWith('utf-16be', b.subarray(2), diagnostics, codePrefix);
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  // UTF-16 without BOM: '<' followed or preceded by a zero byte.
  if (b.length >= 4 && b[0] === 0x3c && b[1] === 0 && b[2] === 0x3f && b[3] === 0) return decodeWith('utf-16le', b, diagnostics, codePrefix);
  if (b.length >= 4 && b[0] === 0 && b[1] === 0x3c && b[2] === 0 && b[3] === 0x3f) return decodeWith('utf-16be', b, diagnostics, codePrefix);
  const declared = declaredEncoding(b);
  if (declared && declared !== 'utf-8' && declared !== 'utf8' && declared !== 'us-ascii' && declared !== 'ascii') {
    return decodeWith(declared, b, diagnostics, codePrefix);
  }
  if (isAscii(b, b.length)) return { text: lossyUtf8.decode(b), encoding: 'utf-8' };
  try {
    return { text: strictUtf8.decode(b), encoding: 'utf-8' };
  } catch {
    diagnostics.push(diag('warning', `${codePrefix}.invalid_utf8`, 'The body is not valid UTF-8; invalid bytes were replaced by U+FFFD.'));
    return { text: lossyUtf8.decode(b), encoding: 'utf-8' };
  }
}

function decodeWith(label: string, b: Uint8Array, diagnostics: Diagnostic[], codePrefix: string): DecodedText {
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(label, { fatal: true });
  } catch {
    diagnostics.push(diag('warning', `${codePrefix}.unknown_encoding`, `Unknown encoding "${label}" declared; decoded as UTF-8.`));
    return decodeXmlTextUtf8(b, diagnostics, codePrefix);
  }
  try {
    return { text: dec.decode(b), encoding: label };
  } catch {
    diagnostics.push(diag('warning', `${codePrefix}.invalid_encoding`, `The body is not valid ${label}; invalid bytes were replaced by U+FFFD.`));
    return { text: new TextDecoder(label).decode(b), encoding: label };
  }
}

function decodeXmlTextUtf8(b: Uint8Array, diagnostics: Diagnostic[], codePrefix: string): DecodedText {
  try {
    return { text: strictUtf8.decode(b), encoding: 'utf-8' };
  } catch {
    diagnostics.push(diag('warning', `${codePrefix}.invalid_utf8`, 'The body is not valid UTF-8; invalid bytes were replaced by U+FFFD.'));
    return { text: lossyUtf8.decode(b), encoding: 'utf-8' };
  }
}
