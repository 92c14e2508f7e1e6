// Turns the errors of a generated OCPP schema validator (ajv error objects: instancePath, keyword, params,
// message) into 'ocpp.schema' diagnostics with a readable message, e.g.
// "chargePointModel: must NOT have more than 20 characters". Reads values from the payload only through own
// properties (a '__proto__' key is just a key).
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { LIMITS } from './constants';
import type { OcppSchemaError } from './validatorTypes';

const hasOwn = Object.prototype.hasOwnProperty;

function unescapePointer(seg: string): string {
  return seg.indexOf('~') < 0 ? seg : seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** '/meterValue/0/sampledValue/1/unit' -> 'meterValue[0].sampledValue[1].unit'; '' -> 'payload'. */
export function readablePath(pointer: string): string {
  if (pointer === '') return 'payload';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = unescapePointer(raw);
    if (/^(?:0|[1-9]\d{0,9})$/.test(seg)) out += `[${seg}]`;
    else out += out === '' ? seg : '.' + seg;
  }
  return out;
}

/** The value at a JSON pointer inside `data` (own properties only), or undefined. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data;
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const seg = unescapePointer(raw);
    if (!hasOwn.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** Short printable form of a JSON value. */
export function quote(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v.length > LIMITS.maxQuotedChars ? v.slice(0, LIMITS.maxQuotedChars) : v);
  else if (v === null || typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (Array.isArray(v)) s = `array(${v.length})`;
  else if (typeof v === 'object') s = 'object';
  else s = String(v);
  return s.length > LIMITS.maxQuotedChars + 2 ? s.slice(0, LIMITS.maxQuotedChars) + '…' : s;
}

function describe(e: OcppSchemaError, data: unknown): string {
  const where = readablePath(e.instancePath);
  const base = e.message ?? e.keyword;
  const p = e.params;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: must NOT have additional property ${JSON.stringify(String(p.additionalProperty))}`;
    case 'required':
      return `${where}: must have required property ${JSON.stringify(String(p.missingProperty))}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      const list = allowed.length <= 12 ? allowed.join(', ') : allowed.slice(0, 12).join(', ') + ', …';
      return `${where}: must be one of ${list}; got ${quote(valueAt(data, e.instancePath))}`;
    }
    case 'type':
    case 'format':
    case 'maximum':
    case 'minimum':
    case 'multipleOf':
      return `${where}: ${base}; got ${quote(valueAt(data, e.instancePath))}`;
    default:
      return `${where}: ${base}`;
  }
}

/**
 * Appends one diagnostic per validator error to `out`, at most `room` of them; when there are more, the last
 * slot says how many were left out.
 */
export function pushSchemaDiagnostics(out: Diagnostic[], errors: readonly OcppSchemaError[], data: unknown, context: string, room: number): void {
  const n = errors.length;
  const shown = n <= room ? n : Math.max(0, room - 1);
  for (let i = 0; i < shown; i++) {
    const e = errors[i];
    out.push(diag('error', 'ocpp.schema', `${context}: ${describe(e, data)}`, e.instancePath));
  }
  if (shown < n && room > 0) {
    out.push(diag('info', 'ocpp.diagnostics_truncated', `${n - shown} more schema error(s) in ${context} not shown`));
  }
}
