// OpenADR recognition on HTTP exchanges: the 2.0a/2.0b simple HTTP profile service paths
// (/OpenADR2/Simple/[2.0b/]{EiEvent,EiReport,EiOpt,EiRegisterParty,OadrPoll}; OpenADR 2.0b profile
// specification §8.1), the OpenADR 3.0 REST resources (/programs, /events, /reports, /subscriptions,
// /vens[/{id}/resources], /auth/token) carrying JSON, or oadr namespaces in an XML body. Joins the
// `xml.namespace` and HTTP path tables. Never throws.
import type { HttpExchangeView } from './types';

export const NS_OADR_20B = 'http://openadr.org/oadr-2.0b/2012/07';
export const NS_OADR_20A = 'http://openadr.org/oadr-2.0a/2012/07';
export const NS_EI = 'http://docs.oasis-open.org/ns/energyinterop/201110';

const PROFILE_PATH = /\/OpenADR2\/Simple\/(?:(2\.0[ab])\/)?(EiEvent|EiReport|EiOpt|EiRegisterParty|OadrPoll)\b/i;
const OADR3_PATH = /(?:^|\/)(programs|events|reports|subscriptions|vens|auth\/token)(?:\/([^/]+))?(?:\/(resources)(?:\/([^/]+))?)?\/?$/;

export function pathOf(target: string): string {
  // absolute-form targets (proxies): keep the path only
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(target);
  return m ? (m[1] ?? '/') : target;
}

export function profileService(target: string): { version?: '2.0a' | '2.0b'; service: string } | undefined {
  const m = PROFILE_PATH.exec(pathOf(target));
  if (!m) return undefined;
  const version = m[1] ? '2.0b' : undefined;
  return { version, service: m[2] };
}

/** OpenADR 3 REST path: the collection, the object id, and for /vens/{id}/resources[/{id}] the resource part. */
export function oadr3Path(target: string): { collection: string; id?: string; resources: boolean; resourceId?: string } | undefined {
  const m = OADR3_PATH.exec(pathOf(target).split(/[?#]/)[0]);
  if (!m) return undefined;
  if (m[3] && m[1] !== 'vens') return undefined;
  return { collection: m[1], id: m[2], resources: m[3] !== undefined, resourceId: m[4] };
}

export function isOadr3Path(target: string): boolean {
  return oadr3Path(target) !== undefined;
}

function isJsonType(ct: string | undefined): boolean {
  return ct !== undefined && /\bjson\b/i.test(ct);
}

export function isFormType(ct: string | undefined): boolean {
  return ct !== undefined && /^\s*application\/x-www-form-urlencoded\b/i.test(ct);
}

function bodyHead(b: Uint8Array, max = 4096): string {
  const end = Math.min(b.length, max);
  let s = '';
  for (let i = 0; i < end; i++) {
    const c = b[i];
    if (c !== 0) s += String.fromCharCode(c); // also lets UTF-16 ASCII text through
  }
  return s;
}

export function bodyLooksJson(b: Uint8Array): boolean {
  for (let i = 0; i < b.length && i < 64; i++) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xef || c === 0xbb || c === 0xbf) continue;
    return c === 0x7b || c === 0x5b;
  }
  return false;
}

export function looksLikeOpenAdr(x: HttpExchangeView): boolean {
  try {
    if (profileService(x.target)) return true;
    if (isOadr3Path(x.target) && (isJsonType(x.contentType) || x.body.length === 0 || bodyLooksJson(x.body))) return true;
    // OAuth2 client-credentials token request of OpenADR 3.0 (POST /auth/token, form-encoded; RFC 6749 §4.4.2)
    if (isFormType(x.contentType) && oadr3Path(x.target)?.collection === 'auth/token') return true;
    if (x.body.length > 0) {
      const head = bodyHead(x.body);
      if (head.includes('http://openadr.org/oadr-2.0')) return true;
    }
  } catch {
    return false;
  }
  return false;
}
