// OCPP-J RPC frames: the JSON array of one WebSocket text message.
//   CALL            [2, messageId, action, payload]                 OCPP-J 1.6 s4.2.1, 2.0.1 Part 4 s4.2.1
//   CALLRESULT      [3, messageId, payload]                         1.6 s4.2.2, 2.0.1 Part 4 s4.2.2
//   CALLERROR       [4, messageId, errorCode, errorDescription, errorDetails]   1.6 s4.2.3, 2.0.1 Part 4 s4.2.3
//   CALLRESULTERROR [5, messageId, errorCode, errorDescription, errorDetails]   2.1 Part 4 s4.2.4
//   SEND            [6, messageId, action, payload]                 2.1 Part 4 s4.2.5
// Parsing is JSON.parse (iterative in V8, no recursion limit to hit; keys such as "__proto__" become own data
// properties and never touch a prototype). Structural problems are diagnostics ('ocpp.malformed'), never throws.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { LIMITS, MSG_CALL, MSG_CALLERROR, MSG_CALLRESULT, MSG_CALLRESULTERROR, MSG_SEND } from './constants';

export interface RpcFrame {
  /** The parsed message (or the raw text when it is not JSON). */
  parsed: unknown;
  /** Message type id; 0 when absent or not a number. */
  type: number;
  /** Message id ('' when missing; a number id is kept in decimal form). */
  id: string;
  /** True when `id` can be used to correlate (a string, or a number tolerated with a diagnostic). */
  idUsable: boolean;
  /** CALL/SEND action, when present and a string. */
  action: string | undefined;
  /** CALL/SEND/CALLRESULT payload or CALLERROR/CALLRESULTERROR details object. */
  payload: unknown;
  errorCode: unknown;
  errorDescription: unknown;
  /** True when the frame's shape is right (arity and element types), so its payload may be validated. */
  wellFormed: boolean;
}

const ARITY: Record<number, number> = {
  [MSG_CALL]: 4,
  [MSG_CALLRESULT]: 3,
  [MSG_CALLERROR]: 5,
  [MSG_CALLRESULTERROR]: 5,
  [MSG_SEND]: 4,
};

const NAMES: Record<number, string> = {
  [MSG_CALL]: 'CALL',
  [MSG_CALLRESULT]: 'CALLRESULT',
  [MSG_CALLERROR]: 'CALLERROR',
  [MSG_CALLRESULTERROR]: 'CALLRESULTERROR',
  [MSG_SEND]: 'SEND',
};

/** True when `text` nests arrays/objects deeper than `max` (strings are skipped; no allocation). */
export function jsonDepthOver(text: string, max: number): boolean {
  const n = text.length;
  if (n <= 2 * max) return false; // depth d needs d openers and d closers
  if (countOpeners(text, max) <= max) return false; // cheap native scan first: most messages stop here
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \\ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

/** Number of '[' and '{' in text, counting stops once past `limit`. */
function countOpeners(text: string, limit: number): number {
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0 && count <= limit; i = text.indexOf('{', i + 1)) count++;
  for (let i = text.indexOf('['); i >= 0 && count <= limit; i = text.indexOf('[', i + 1)) count++;
  return count;
}

export function messageTypeName(t: number): string {
  return NAMES[t] ?? `message type ${t}`;
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function malformed(out: Diagnostic[], msg: string): void {
  out.push(diag('error', 'ocpp.malformed', msg));
}

/** Parses one OCPP-J message; problems are appended to `out`. */
export function parseRpcFrame(text: string, out: Diagnostic[]): RpcFrame {
  const f: RpcFrame = {
    parsed: text, type: 0, id: '', idUsable: false, action: undefined, payload: undefined,
    errorCode: undefined, errorDescription: undefined, wellFormed: false,
  };
  if (text.length > LIMITS.maxParseChars) {
    out.push(diag('error', 'ocpp.too_large', `message of ${text.length} characters exceeds the ${LIMITS.maxParseChars} limit; not parsed`));
    return f;
  }
  const depth = jsonDepthOver(text, LIMITS.maxDepth);
  if (depth) {
    out.push(diag('error', 'ocpp.too_deep', `JSON nesting deeper than ${LIMITS.maxDepth} levels; not parsed`));
    return f;
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    malformed(out, `not JSON: ${e instanceof Error ? e.message.slice(0, 120) : 'parse error'}`);
    return f;
  }
  f.parsed = v;
  if (!Array.isArray(v)) {
    malformed(out, `an OCPP-J message is a JSON array, got ${typeOf(v)}`);
    return f;
  }
  const t = v[0];
  if (typeof t !== 'number' || !Number.isInteger(t)) {
    malformed(out, `MessageTypeId must be an integer, got ${typeOf(t)}`);
    return f;
  }
  f.type = t;
  const arity = ARITY[t];
  if (arity === undefined) {
    malformed(out, `unknown MessageTypeId ${t}`);
    return f;
  }
  const rawId = v[1];
  if (typeof rawId === 'string') {
    f.id = rawId;
    f.idUsable = true;
    if (rawId.length > LIMITS.maxMessageIdChars) {
      out.push(diag('warning', 'ocpp.malformed', `MessageId is ${rawId.length} characters long; at most ${LIMITS.maxMessageIdChars} allowed`));
    }
  } else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
    f.id = String(rawId);
    f.idUsable = true;
    malformed(out, `MessageId must be a string, got number ${f.id}`);
  } else {
    malformed(out, rawId === undefined ? 'MessageId is missing' : `MessageId must be a string, got ${typeOf(rawId)}`);
  }
  let ok = f.idUsable && typeof rawId === 'string';
  if (t === MSG_CALL || t === MSG_SEND) {
    if (typeof v[2] === 'string') f.action = v[2];
    else if (v.length > 2) { malformed(out, `Action must be a string, got ${typeOf(v[2])}`); ok = false; }
    f.payload = v[3];
  } else if (t === MSG_CALLRESULT) {
    f.payload = v[2];
  } else {
    f.errorCode = v[2];
    f.errorDescription = v[3];
    f.payload = v[4];
    if (v.length > 2 && typeof v[2] !== 'string') { malformed(out, `ErrorCode must be a string, got ${typeOf(v[2])}`); ok = false; }
    if (v.length > 3 && typeof v[3] !== 'string') { malformed(out, `ErrorDescription must be a string, got ${typeOf(v[3])}`); ok = false; }
    if (v.length > 4 && (v[4] === null || typeof v[4] !== 'object' || Array.isArray(v[4]))) {
      malformed(out, `ErrorDetails must be a JSON object, got ${typeOf(v[4])}`);
      ok = false;
    }
  }
  if (v.length !== arity) {
    malformed(out, `${messageTypeName(t)} has ${v.length} elements; expected ${arity}`);
    ok = false;
  }
  f.wellFormed = ok;
  return f;
}

// [2|6, "id", "Action", {   |   [3, "id", {   |   [4|5, "id", "Code", "   (whitespace allowed between tokens)
const LOOKS_CALL = /^\s*\[\s*[26]\s*,\s*"(?:[^"\\]|\\.){0,72}"\s*,\s*"[A-Za-z0-9_]{1,64}"\s*,\s*\{/;
const LOOKS_RESULT = /^\s*\[\s*3\s*,\s*"(?:[^"\\]|\\.){0,72}"\s*,\s*[{]/;
const LOOKS_ERROR = /^\s*\[\s*[45]\s*,\s*"(?:[^"\\]|\\.){0,72}"\s*,\s*"[A-Za-z]{0,64}"\s*,\s*"/;

/** Heuristic for WebSocket text without a known subprotocol: does it look like an OCPP-J RPC frame? */
export function looksLikeOcpp(text: string): boolean {
  if (typeof text !== 'string' || text.length < 8) return false;
  let end = text.length - 1;
  while (end > 0 && (text.charCodeAt(end) <= 32)) end--;
  if (text.charCodeAt(end) !== 0x5d /* ] */) return false;
  const head = text.length > 256 ? text.slice(0, 256) : text;
  return LOOKS_CALL.test(head) || LOOKS_RESULT.test(head) || LOOKS_ERROR.test(head);
}

/** The record body of a frame: the payload, the error triple of CALLERROR/CALLRESULTERROR, or what could be parsed. */
export function bodyOfFrame(f: RpcFrame): unknown {
  if (!f.wellFormed) return f.parsed;
  if (f.type === MSG_CALLERROR || f.type === MSG_CALLRESULTERROR) {
    return { errorCode: f.errorCode, errorDescription: f.errorDescription, errorDetails: f.payload };
  }
  return f.payload;
}

/** Re-derives a message body from its text (detail on demand); diagnostics were reported on the first pass. */
export function ocppBodyFromText(text: string): unknown {
  return bodyOfFrame(parseRpcFrame(text, []));
}

/**
 * The payload element's text of a well-formed CALL, CALLRESULT or SEND frame, sliced out of the frame
 * without re-serialising: skips the leading elements (message type, id, action: short scalars) and the
 * closing bracket. Undefined when the payload text would carry a raw line break (not one NDJSON line) or
 * the frame's shape is not the simple one.
 */
export function payloadText(text: string, type: number): string | undefined {
  const skip = type === MSG_CALL || type === MSG_SEND ? 3 : type === MSG_CALLRESULT ? 2 : -1;
  if (skip < 0) return undefined;
  let i = text.indexOf('[');
  if (i < 0) return undefined;
  i++;
  for (let commas = 0; commas < skip; ) {
    const c = text.charCodeAt(i);
    if (c !== c) return undefined; // NaN: ran off the end
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x2c /* , */) commas++;
    else if (c === 0x5b || c === 0x7b) return undefined; // a structured leading element: not the simple shape
    i++;
  }
  const end = text.lastIndexOf(']');
  if (end < i) return undefined;
  const slice = text.slice(i, end).trim();
  if (slice.length === 0 || slice.includes('\n') || slice.includes('\r')) return undefined;
  return slice;
}
