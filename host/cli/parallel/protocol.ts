// Messages between `vgi-inspect decode`'s reader thread and its decoder thread (parallel mode). The reader
// reassembles the capture and ships OCPP WebSocket texts (and the few records it made itself) in order; the
// decoder thread decodes, validates, annotates, filters, numbers and serialises them, and sends back output
// buffers, so that records come out in exactly the order of the single-threaded decoder.

import type { Diagnostic } from '../../../parsers/core/diagnostics';
import type { Endpoint } from '../../../parsers/core/endpoint';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { OutputFormat } from '../output';

export type Item =
  | { t: 'open'; channel: number; id: number; client: Endpoint; server: Endpoint; subprotocol: string | undefined }
  | { t: 'msg'; channel: number; fromClient: boolean; text: string; frame: number; tsSec: number; tsNsec: number; tsDigits: number; diagnostics: Diagnostic[] }
  | { t: 'rec'; record: MessageRecord; bodyJson: string | undefined };

export interface InitMessage {
  type: 'init';
  format: OutputFormat;
  actors: Record<string, string> | undefined;
  filter: string | undefined;
}

export type ToDecoder = InitMessage | { type: 'batch'; items: Item[] } | { type: 'end' };

export type ToReader =
  | { type: 'out'; data: Uint8Array | string }
  | { type: 'ack' }
  | { type: 'done' }
  | { type: 'error'; message: string };
