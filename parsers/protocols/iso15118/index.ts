// ISO 15118-2 / ISO 15118-20 / DIN SPEC 70121 over V2GTP/TCP: public surface of parsers/protocols/iso15118.
// Joins the `tcp` heuristic table (looksLikeV2gtp, re-exported from v2gtp) and the `exi.schema` table (the
// supportedAppProtocol negotiation chooses the grammar per connection).
import { createV2gConnectionWith } from './connection';
import { realExiDecode } from './exiAdapter';
import type { V2gConnection, V2gConnectionOptions } from './types';

export { looksLikeV2gtp } from '../v2gtp';
export { createV2gConnectionWith } from './connection';
export { V2gSessionTracker } from './session';
export { viewMessage, kindOfName, isFailedResponseCode } from './messages';
export type { MessageView } from './messages';
export { messageTimeoutMs, SEQUENCE_TIMEOUT_MS, NEXT_REQUEST } from './rules';
export type { Family as V2gFamily } from './rules';
export { namespaceFamily, iso20SchemaForPayloadType, APPHAND_NAMESPACE, DIN_NAMESPACE, ISO2_NAMESPACE } from './appProtocol';
export type { ExiDecodeFn, ExiDecodeOutcome, V2gConnection, V2gConnectionOptions, V2gMessage, V2gProtocol, V2gSchema } from './types';

/** A V2G connection decoding with parsers/exi unless `opts.decode` is given. */
export function createV2gConnection(opts: V2gConnectionOptions): V2gConnection {
  return createV2gConnectionWith({ ...opts, decode: opts.decode ?? realExiDecode });
}
