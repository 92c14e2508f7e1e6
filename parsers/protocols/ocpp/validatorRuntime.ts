// Run-time helpers imported by the generated validators (generated/*.js, see tools/gen-ocpp-validators.mjs):
// string length in Unicode code points (JSON Schema maxLength/minLength, RFC 8259 strings) and the
// ajv-formats 'full' format checks (date-time per RFC 3339 section 5.6, uri). No eval, no Node APIs.
import { fullFormats } from 'ajv-formats/dist/formats';

/** Number of Unicode code points in `str` (a surrogate pair counts once), as ajv's ucs2length. */
export function ucs2length(str: string): number {
  const len = str.length;
  let length = 0;
  let pos = 0;
  while (pos < len) {
    length++;
    const value = str.charCodeAt(pos++);
    if (value >= 0xd800 && value <= 0xdbff && pos < len && (str.charCodeAt(pos) & 0xfc00) === 0xdc00) pos++;
  }
  return length;
}

export const formats = fullFormats;
