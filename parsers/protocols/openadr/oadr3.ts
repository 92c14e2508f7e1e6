// OpenADR 3.0 REST (OpenADR 3.0 Specification, OpenAPI definition oadr3.0.1.yaml): method + path ->
// operationId (searchAllPrograms, createEvent, searchVenResourceByID, ...), JSON bodies parsed with a size
// limit and without prototype pollution, object type taken from the body's objectType or the path.
// Schema validation of 3.0 bodies is not carried yet (diagnostic openadr.schema_unavailable, info).
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { isFormType, oadr3Path } from './detect';
import type { GridMessage, HttpExchangeView } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_JSON = 16 * 1024 * 1024;

const SINGULAR: Record<string, string> = {
  programs: 'Program', events: 'Event', reports: 'Report', subscriptions: 'Subscription', vens: 'Ven',
};
const OBJECT_TYPE: Record<string, string> = {
  programs: 'program', events: 'event', reports: 'report', subscriptions: 'subscription', vens: 'ven',
};

/** The operationId of the OpenADR 3.0.1 OpenAPI definition for a method and path. */
export function oadr3OperationId(method: string, target: string): string | undefined {
  const p = oadr3Path(target);
  if (!p) return undefined;
  const m = method.toUpperCase();
  if (p.collection === 'auth/token') return m === 'POST' ? 'fetchToken' : undefined;
  if (p.resources) {
    if (p.resourceId === undefined) return m === 'GET' ? 'searchVenResources' : m === 'POST' ? 'createResource' : undefined;
    return m === 'GET' ? 'searchVenResourceByID' : m === 'PUT' ? 'updateVenResource' : m === 'DELETE' ? 'deleteVenResource' : undefined;
  }
  const one = SINGULAR[p.collection];
  if (p.id === undefined) {
    if (m === 'POST') return `create${one}`;
    if (m !== 'GET') return undefined;
    switch (p.collection) {
      case 'programs': return 'searchAllPrograms';
      case 'events': return 'searchAllEvents';
      case 'reports': return 'searchAllReports';
      case 'subscriptions': return 'searchSubscriptions';
      case 'vens': return 'searchVens';
    }
    return undefined;
  }
  if (m === 'PUT') return `update${one}`;
  if (m === 'DELETE') return `delete${one}`;
  if (m !== 'GET') return undefined;
  switch (p.collection) {
    case 'programs': return 'searchProgramByProgramId';
    case 'events': return 'searchEventsByID';
    case 'reports': return 'searchReportsByReportID';
    case 'subscriptions': return 'searchSubscriptionByID';
    case 'vens': return 'searchVenByID';
  }
  return undefined;
}

const MAX_FORM_FIELDS = 256;

/** application/x-www-form-urlencoded (the OAuth2 token request) as an object; repeated names keep the first. */
function parseForm(text: string, diagnostics: Diagnostic[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const parts = text.split('&');
  if (parts.length > MAX_FORM_FIELDS) diagnostics.push(diag('warning', 'openadr.too_many_fields', `form body with ${parts.length} fields; the first ${MAX_FORM_FIELDS} are shown.`));
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  for (const part of parts.slice(0, MAX_FORM_FIELDS)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = dec(eq < 0 ? part : part.slice(0, eq));
    if (k === '__proto__' || k in out) continue;
    out[k] = dec(eq < 0 ? '' : part.slice(eq + 1));
  }
  return out;
}

function safeParse(text: string): unknown {
  return JSON.parse(text, (k, v: unknown) => (k === '__proto__' ? undefined : v));
}

export function decodeOadr3(x: HttpExchangeView): GridMessage {
  const diagnostics: Diagnostic[] = [];
  const op = oadr3OperationId(x.method, x.target);
  const p = oadr3Path(x.target);
  let body: unknown = undefined;
  if (x.body.length > MAX_JSON) {
    diagnostics.push(diag('error', 'openadr.too_large', `JSON body of ${x.body.length} bytes exceeds the ${MAX_JSON}-byte limit; not parsed.`));
  } else if (x.body.length > 0 && isFormType(x.contentType)) {
    body = parseForm(new TextDecoder('utf-8').decode(x.body), diagnostics);
  } else if (x.body.length > 0) {
    let text: string;
    try {
      text = utf8.decode(x.body);
    } catch {
      diagnostics.push(diag('warning', 'openadr.invalid_utf8', 'The JSON body is not valid UTF-8.'));
      text = new TextDecoder('utf-8').decode(x.body);
    }
    try {
      body = safeParse(text);
    } catch (e) {
      diagnostics.push(diag('error', 'openadr.malformed_json', `Body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`));
      body = text;
    }
  }
  let objectType: string | undefined;
  const first = Array.isArray(body) ? body[0] : body;
  if (first && typeof first === 'object' && typeof (first as { objectType?: unknown }).objectType === 'string') {
    objectType = String((first as { objectType: string }).objectType).toLowerCase();
  } else if (first && typeof first === 'object' && 'title' in first && 'status' in first && !x.isRequest && (x.status ?? 200) >= 400) {
    objectType = 'problem';
  } else if (p) objectType = p.resources ? 'resource' : OBJECT_TYPE[p.collection];
  if (!op) diagnostics.push(diag('warning', 'openadr.unknown_operation', `${x.method} ${x.target} is not an OpenADR 3.0 operation.`));
  if (body !== undefined) diagnostics.push(diag('info', 'openadr.schema_unavailable', 'OpenADR 3.0 bodies are not validated (no 3.0 schema carried yet).'));
  const msg: GridMessage = {
    protocol: 'openadr',
    version: '3.0',
    name: op ?? (objectType ?? '?'),
    kind: x.isRequest ? 'request' : 'response',
    body,
    diagnostics,
  };
  if (objectType) msg.objectType = objectType;
  return msg;
}

/** A POST of a notification object to a subscriber's callback URL (3.0 webhooks): any path, JSON with objectType. */
export function looksLikeOadr3Notification(body: unknown): boolean {
  return !!body && typeof body === 'object' && 'objectType' in body && 'operation' in body && 'object' in body;
}
