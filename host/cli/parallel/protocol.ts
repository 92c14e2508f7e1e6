// Messages between `vgi-inspect decode`'s reader thread and its decoder threads (parallel mode, ndjson). The
// reader reassembles the capture and ships the OCPP WebSocket texts of each connection to one decoder
// thread (connections are spread over the threads); each decoder thread decodes, validates, annotates,
// filters and serialises its records, minus their `{"seq":N` head, and returns one buffer per batch with
// the end offset of each item's output. The reader merges the outputs back in item order and numbers the
// records, so the output is exactly that of the single-threaded decoder.

import type { Diagnostic } from '../../../parsers/core/diagnostics';
import type { Endpoint } from '../../../parsers/core/endpoint';

export type Item =
  | { t: 'open'; channel: number; id: number; client: Endpoint; server: Endpoint; subprotocol: string | undefined }
  | { t: 'msg'; channel: number; fromClient: boolean; text: string; frame: number; tsSec: number; tsNsec: number; tsDigits: number; diagnostics: Diagnostic[] };

export interface InitMessage {
  type: 'init';
  actors: Record<string, string> | undefined;
  filter: string | undefined;
}

export type ToDecoder = InitMessage | { type: 'batch'; id: number; items: Item[] };

export type ToReader =
  /** `ends[i]`: end offset in `data` of item i's output (equal to the previous one when it made no record). */
  | { type: 'batch'; id: number; data: Uint8Array; ends: Int32Array }
  | { type: 'error'; message: string };
