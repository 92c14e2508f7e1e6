// OpenADR 2.0a / 2.0b (XML over the simple HTTP profile and XMPP) and OpenADR 3.0 (JSON REST): public
// surface of the decoder. Joins the HTTP path table and the `xml.namespace` table (looksLikeOpenAdr), and
// the TCP port 5222 table (createOpenAdrXmppStream).
import { diag } from '../../core/diagnostics';
import { bodyLooksJson, isFormType, isOadr3Path } from './detect';
import { decodeOpenAdr20 } from './decode20';
import { decodeOadr3 } from './oadr3';
import type { GridMessage, HttpExchangeView } from './types';

export type { GridLink, GridMessage, HttpExchangeView, SignatureInfo } from './types';
export { looksLikeOpenAdr, NS_OADR_20A, NS_OADR_20B } from './detect';
export { oadr3OperationId } from './oadr3';
export { decodeOpenAdr20 } from './decode20';
export { createOpenAdrXmppStream } from './xmpp';
export type { OpenAdrXmppStream, XmppSink } from './xmpp';

/** Decodes the body of one HTTP message of an OpenADR exchange. Usually one message; none for an empty 2.0 body. */
export function decodeOpenAdr(x: HttpExchangeView): GridMessage[] {
  try {
    const json = (x.contentType !== undefined && /\bjson\b/i.test(x.contentType)) || bodyLooksJson(x.body);
    if (json || (isOadr3Path(x.target) && (x.body.length === 0 || isFormType(x.contentType)))) return [decodeOadr3(x)];
    if (x.body.length === 0) return [];
    return [decodeOpenAdr20(x.body, { target: x.target, isRequest: x.isRequest })];
  } catch (e) {
    return [{
      protocol: 'openadr', version: '?', name: '?', kind: x.isRequest ? 'request' : 'response', body: undefined,
      diagnostics: [diag('error', 'openadr.internal', `decoder failure: ${e instanceof Error ? e.message : String(e)}`)],
    }];
  }
}
