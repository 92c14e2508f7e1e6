// Sec-WebSocket-Extensions parsing (RFC 6455 §9.1 grammar) and the permessage-deflate parameters
// (RFC 7692 §7.1: server/client_no_context_takeover, server/client_max_window_bits) that the decoder
// needs for each direction. Joins the `http.upgrade` → websocket hand-over.
import type { PerMessageDeflateParams } from './types';

export interface ExtensionOffer {
  name: string;
  params: Map<string, string | true>;
}

/** Split an extension list: `a; p=1; q, b` → [{a, {p:1, q:true}}, {b}]. Quoted values are unquoted. */
export function parseExtensions(header: string): ExtensionOffer[] {
  const out: ExtensionOffer[] = [];
  for (const item of splitOutsideQuotes(header, ',')) {
    const parts = splitOutsideQuotes(item, ';').map((s) => s.trim());
    const name = parts[0].toLowerCase();
    if (name === '') continue;
    const params = new Map<string, string | true>();
    for (const p of parts.slice(1)) {
      if (p === '') continue;
      const eq = p.indexOf('=');
      if (eq < 0) params.set(p.toLowerCase(), true);
      else {
        let v = p.slice(eq + 1).trim();
        if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
        params.set(p.slice(0, eq).trim().toLowerCase(), v);
      }
    }
    out.push({ name, params });
  }
  return out;
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    if (ch === sep && !q) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

function windowBits(v: string | true | undefined): number {
  if (v === undefined || v === true) return 15;
  const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
  return n >= 8 && n <= 15 ? n : 15;
}

/**
 * The permessage-deflate parameters agreed in a server's Sec-WebSocket-Extensions response header, or
 * undefined when permessage-deflate was not accepted. The first permessage-deflate element counts.
 */
export function parsePerMessageDeflate(responseExtensions: string | undefined): PerMessageDeflateParams | undefined {
  if (!responseExtensions) return undefined;
  const pmd = parseExtensions(responseExtensions).find((e) => e.name === 'permessage-deflate');
  if (!pmd) return undefined;
  return {
    client: { noContextTakeover: pmd.params.has('client_no_context_takeover'), maxWindowBits: windowBits(pmd.params.get('client_max_window_bits')) },
    server: { noContextTakeover: pmd.params.has('server_no_context_takeover'), maxWindowBits: windowBits(pmd.params.get('server_max_window_bits')) },
  };
}

/** Names of negotiated extensions other than permessage-deflate (they may give RSV bits a meaning). */
export function otherExtensionNames(responseExtensions: string | undefined): string[] {
  if (!responseExtensions) return [];
  return parseExtensions(responseExtensions).map((e) => e.name).filter((n) => n !== 'permessage-deflate');
}
