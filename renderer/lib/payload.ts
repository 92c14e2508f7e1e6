// How a message's payload is shown: the raw JSON pretty-printed (with where each body field sits, in the
// shown text and in the raw bytes), raw XML as it is, and bodies decoded from binary (EXI) as XML.

import { bodyPrefix, byteOffsets, jsonPositions, type Span } from './jsonPositions';
import { jsonToXml } from './jsonToXml';

export interface Payload {
  language: 'json' | 'xml' | 'plaintext';
  text: string;
  /** What the text is, for the pane's caption. */
  caption: string;
  /** Body pointer -> span in `text`. */
  textSpans: Map<string, Span>;
  /** Body pointer -> byte span in the raw payload. */
  rawSpans: Map<string, Span>;
}

const EXI_PROTOCOLS = new Set(['din70121', 'iso15118-2', 'iso15118-20', 'apphandshake']);
const utf8 = new TextDecoder('utf-8', { fatal: false });
const MAX_TEXT = 2 << 20;

function isMostlyText(raw: Uint8Array): boolean {
  const n = Math.min(raw.length, 512);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = raw[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) bad++;
  }
  return bad <= n / 50;
}

function rebase(spans: Map<string, Span>, prefix: string, map: (o: number) => number = (o) => o): Map<string, Span> {
  const out = new Map<string, Span>();
  for (const [ptr, s] of spans) {
    if (ptr === prefix || ptr.startsWith(prefix + '/')) out.set(ptr.slice(prefix.length), { start: map(s.start), end: map(s.end) });
  }
  return out;
}

export function presentPayload(body: unknown, raw: Uint8Array | undefined, protocol: string): Payload {
  const none = new Map<string, Span>();
  const rawText = raw && raw.length <= MAX_TEXT && isMostlyText(raw) ? utf8.decode(raw) : undefined;
  const trimmed = rawText?.replace(/^\uFEFF/, '').trimStart() ?? '';
  if (rawText !== undefined && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
    try {
      const parsed: unknown = JSON.parse(rawText);
      const pretty = JSON.stringify(parsed, null, 2);
      const prefix = bodyPrefix(parsed, body) ?? '';
      const toBytes = byteOffsets(rawText);
      return {
        language: 'json',
        text: pretty,
        caption: protocol === 'ocpp' ? 'OCPP frame (JSON), formatted' : 'JSON payload, formatted',
        textSpans: rebase(jsonPositions(pretty), prefix),
        rawSpans: rebase(jsonPositions(rawText), prefix, toBytes),
      };
    } catch {
      // not JSON after all: show as text below
    }
  }
  if (rawText !== undefined && trimmed.startsWith('<')) {
    return { language: 'xml', text: rawText, caption: 'XML payload', textSpans: none, rawSpans: none };
  }
  if (body !== null && typeof body === 'object') {
    if (EXI_PROTOCOLS.has(protocol)) {
      return { language: 'xml', text: jsonToXml(body), caption: 'decoded from binary (EXI), shown as XML', textSpans: none, rawSpans: none };
    }
    const pretty = JSON.stringify(body, null, 2);
    return { language: 'json', text: pretty, caption: 'decoded body (JSON)', textSpans: jsonPositions(pretty), rawSpans: none };
  }
  if (rawText !== undefined) return { language: 'plaintext', text: rawText, caption: 'payload (text)', textSpans: none, rawSpans: none };
  return { language: 'plaintext', text: body === undefined ? '' : String(body), caption: raw ? 'binary payload: see Hex' : 'no payload', textSpans: none, rawSpans: none };
}
