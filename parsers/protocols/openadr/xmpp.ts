// OpenADR 2.0b XMPP transport (OpenADR 2.0b profile §8.2; XMPP core RFC 6120 §4 streams, §5 STARTTLS,
// §8 stanzas): one instance per direction of a TCP connection (port 5222). Finds the stream header,
// then each complete top-level element (stanza) even when it is split across segments, and decodes every
// oadrPayload (or bare oadr message) inside iq/message stanzas with decode20.ts. After STARTTLS
// (<starttls/> answered by <proceed/>) the rest of the stream is TLS: one diagnostic, bytes ignored.
// Bounded: a stanza larger than maxStanza bytes is dropped with a diagnostic.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { decodeOpenAdr20 } from './decode20';
import { NS_OADR_20A, NS_OADR_20B } from './detect';
import type { GridMessage } from './types';

export interface XmppSink {
  message(m: GridMessage): void;
  diagnostic(d: Diagnostic): void;
}

export interface OpenAdrXmppStream {
  push(data: Uint8Array): void;
  end(): void;
  /** Set once STARTTLS succeeded (or TLS bytes were seen): nothing more is decoded. */
  readonly encrypted: boolean;
}

export interface XmppOptions {
  /** true for the client-to-server direction. */
  fromClient: boolean;
  maxStanza?: number;
  /** Shared between the two directions of one connection so that <proceed/> ends both. */
  shared?: { tls: boolean };
}

/** Resumable scan state of one top-level element: next position to look at and the current depth. */
export interface ScanState { pos: number; depth: number }

/**
 * End offset (exclusive) of the element starting at `start` ('<' of its start tag), or -1 when incomplete.
 * With `state`, scanning resumes where the previous call stopped (linear over a stanza split in many segments).
 */
export function elementEnd(s: string, start: number, state?: ScanState): number {
  let depth = state ? state.depth : 0;
  let i = state && state.pos > start ? state.pos : start;
  const n = s.length;
  const save = (): number => {
    if (state) { state.pos = i; state.depth = depth; }
    return -1;
  };
  while (i < n) {
    const lt = s.indexOf('<', i);
    if (lt < 0) { i = n; return save(); }
    i = lt;
    if (s.startsWith('<!--', lt)) { const e = s.indexOf('-->', lt + 4); if (e < 0) return save(); i = e + 3; continue; }
    if (s.startsWith('<![CDATA[', lt)) { const e = s.indexOf(']]>', lt + 9); if (e < 0) return save(); i = e + 3; continue; }
    if (n - lt < 9 && ('<![CDATA['.startsWith(s.slice(lt)) || '<!--'.startsWith(s.slice(lt)))) return save();
    if (s.charCodeAt(lt + 1) === 0x3f) { const e = s.indexOf('?>', lt + 2); if (e < 0) return save(); i = e + 2; continue; }
    if (s.charCodeAt(lt + 1) === 0x2f) {
      const e = s.indexOf('>', lt + 2);
      if (e < 0) return save();
      depth--;
      i = e + 1;
      if (depth <= 0) return i;
      continue;
    }
    // start tag: find its '>' outside quotes
    let j = lt + 1, q = 0;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (q) { if (c === q) q = 0; } else if (c === 0x22 || c === 0x27) q = c; else if (c === 0x3e) break;
    }
    if (j >= n) return save();
    const selfClose = s.charCodeAt(j - 1) === 0x2f;
    i = j + 1;
    if (!selfClose) depth++;
    else if (depth === 0) return i;
  }
  return save();
}

const DECL = /\sxmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*("[^"]*"|'[^']*')/g;

export function createOpenAdrXmppStream(sink: XmppSink, opts: XmppOptions): OpenAdrXmppStream {
  const maxStanza = opts.maxStanza ?? 4 * 1024 * 1024;
  const shared = opts.shared ?? { tls: false };
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let headerDecls = '';
  let headerSeen = false;
  let encrypted = false;
  let sawStartTls = false;
  let dropping = false;

  const goEncrypted = (why: string): void => {
    if (encrypted) return;
    encrypted = true;
    shared.tls = true;
    buf = '';
    sink.diagnostic(diag('info', 'openadr.xmpp_encrypted', `${why}: the rest of the XMPP stream is encrypted and not decoded.`));
  };

  const handleStanza = (stanza: string): void => {
    const m = /^<([^\s/>]+)/.exec(stanza);
    const tag = m ? m[1] : '';
    const local = tag.slice(tag.indexOf(':') + 1);
    if (local === 'starttls') { sawStartTls = true; return; }
    if (local === 'proceed' && stanza.includes('urn:ietf:params:xml:ns:xmpp-tls')) { shared.tls = true; goEncrypted('STARTTLS proceed'); return; }
    if (local !== 'iq' && local !== 'message') return;
    if (!stanza.includes(NS_OADR_20B) && !stanza.includes(NS_OADR_20A) && !/oadr[A-Z]/.test(stanza)) return;
    const type = /\stype\s*=\s*["']([^"']*)["']/.exec(stanza)?.[1];
    const kind: GridMessage['kind'] = local === 'message' ? 'notification' : type === 'result' ? 'response' : type === 'error' ? 'response' : 'request';
    // Locate the oadr element: oadrPayload first, else the first element named oadr*.
    const re = /<((?:[A-Za-z_][\w.-]*:)?)(oadrPayload|oadr[A-Z]\w*)[\s/>]/g;
    const hit = re.exec(stanza);
    if (!hit) return;
    const start = hit.index;
    const end = elementEnd(stanza, start);
    if (end < 0) {
      sink.diagnostic(diag('error', 'openadr.xmpp_malformed', `unterminated <${hit[1]}${hit[2]}> in an XMPP ${local} stanza`));
      return;
    }
    let payload = stanza.slice(start, end);
    // Carry the namespace declarations in scope (stream header, stanza ancestors) onto the payload root.
    const inScope = new Map<string, string>();
    for (const src of [headerDecls, stanza.slice(0, start)]) {
      for (const d of src.matchAll(DECL)) inScope.set(d[1] ?? '', d[2]);
    }
    const rootTagEnd = payload.indexOf('>');
    const rootTag = payload.slice(0, rootTagEnd);
    const own = new Set<string>();
    for (const d of rootTag.matchAll(DECL)) own.add(d[1] ?? '');
    let extra = '';
    for (const [p, v] of inScope) if (!own.has(p)) extra += p ? ` xmlns:${p}=${v}` : ` xmlns=${v}`;
    if (extra) {
      const nameEnd = 1 + hit[1].length + hit[2].length;
      payload = payload.slice(0, nameEnd) + extra + payload.slice(nameEnd);
    }
    const msg = decodeOpenAdr20(payload, { isRequest: opts.fromClient, kind });
    sink.message(msg);
  };

  const scan: ScanState = { pos: 0, depth: 0 };
  const drain = (): void => {
    for (;;) {
      if (encrypted) return;
      let i = 0;
      while (i < buf.length && (buf.charCodeAt(i) <= 0x20)) i++;
      if (i >= buf.length) { buf = ''; return; }
      if (buf.charCodeAt(i) !== 0x3c) {
        sink.diagnostic(diag('warning', 'openadr.xmpp_malformed', 'text outside stanzas in the XMPP stream skipped'));
        const lt = buf.indexOf('<', i);
        buf = lt < 0 ? '' : buf.slice(lt);
        continue;
      }
      if (buf.startsWith('<?', i)) {
        const e = buf.indexOf('?>', i);
        if (e < 0) return;
        buf = buf.slice(e + 2);
        continue;
      }
      if (buf.startsWith('</stream:stream', i) || buf.startsWith('</stream', i)) { buf = ''; return; }
      if (/^<(?:[\w.-]+:)?stream[\s>]/.test(buf.slice(i, i + 40))) {
        const e = buf.indexOf('>', i);
        if (e < 0) return;
        headerDecls = buf.slice(i, e);
        headerSeen = true;
        buf = buf.slice(e + 1);
        continue;
      }
      if (i > 0) {
        buf = buf.slice(i);
        i = 0;
        scan.pos = 0;
        scan.depth = 0;
      }
      const end = elementEnd(buf, 0, scan);
      if (end < 0) {
        if (buf.length > maxStanza) {
          sink.diagnostic(diag('error', 'openadr.xmpp_too_large', `XMPP stanza larger than ${maxStanza} bytes dropped`));
          buf = '';
          scan.pos = 0;
          scan.depth = 0;
          dropping = true;
        }
        return;
      }
      const stanza = buf.slice(0, end);
      buf = buf.slice(end);
      scan.pos = 0;
      scan.depth = 0;
      handleStanza(stanza);
    }
  };

  return {
    push(data: Uint8Array): void {
      if (encrypted || data.length === 0) return;
      if (shared.tls && sawStartTls) { goEncrypted('STARTTLS'); return; }
      if (shared.tls) { goEncrypted('STARTTLS'); return; }
      if (!headerSeen && buf === '' && data[0] === 0x16 && data[1] === 0x03) { goEncrypted('TLS record seen'); return; }
      let text: string;
      try {
        text = decoder.decode(data, { stream: true });
      } catch {
        sink.diagnostic(diag('warning', 'openadr.invalid_utf8', 'invalid UTF-8 in the XMPP stream'));
        return;
      }
      if (dropping) {
        // resynchronise on the next top-level '<' after a dropped stanza: wait for a closing tag boundary
        const k = text.lastIndexOf('>');
        if (k < 0) return;
        text = text.slice(k + 1);
        dropping = false;
      }
      buf += text;
      drain();
    },
    end(): void {
      if (!encrypted && buf.trim() !== '' && !buf.trim().startsWith('</')) {
        sink.diagnostic(diag('warning', 'openadr.xmpp_truncated', 'XMPP stream ended inside a stanza'));
      }
      buf = '';
    },
    get encrypted(): boolean {
      return encrypted;
    },
  };
}
