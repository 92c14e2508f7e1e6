// Messages between `vgi-inspect decode`'s reader thread and its decoder threads (parallel mode, ndjson). The
// reader reassembles the capture and ships the OCPP WebSocket messages of each connection to one decoder
// thread (connections are spread over the threads); each decoder thread decodes, validates, annotates,
// filters and serialises its records, minus their `{"seq":N` head, and returns one buffer per batch with
// the end offset of each item's output. The reader merges the outputs back in item order and numbers the
// records, so the output is exactly that of the single-threaded decoder.
//
// A batch travels as transferred typed arrays rather than cloned objects: the UTF-8 payloads back to back
// in `bytes`, and per item one row of ITEM_COLUMNS numbers in `items`. The rare parts (a connection
// opening, a message's WebSocket diagnostics) ride beside them, keyed by item index.

import type { Diagnostic } from '../../../parsers/core/diagnostics';
import type { Endpoint } from '../../../parsers/core/endpoint';

/** Columns of one item row in `BatchMessage.items`. */
/** ITEM_OPEN or ITEM_MESSAGE. */
export const COL_KIND = 0;
export const COL_CHANNEL = 1;
/** 1 when sent by the WebSocket client (the charging station). */
export const COL_FROM_CLIENT = 2;
export const COL_FRAME = 3;
export const COL_TS_SEC = 4;
export const COL_TS_NSEC = 5;
export const COL_TS_DIGITS = 6;
/** End offset of the item's payload in `bytes` (the start is the previous item's end). */
export const COL_END = 7;
/** 1 when the reader already decoded the text (its invalid-UTF-8 diagnostic, if any, is in the list). */
export const COL_TEXT_CHECKED = 8;
export const ITEM_COLUMNS = 9;
export const ITEM_OPEN = 0;
export const ITEM_MESSAGE = 1;

export interface OpenInfo {
  /** Item index in the batch. */
  index: number;
  id: number;
  client: Endpoint;
  server: Endpoint;
  subprotocol: string | undefined;
}

export interface BatchMessage {
  type: 'batch';
  id: number;
  count: number;
  items: Float64Array;
  bytes: Uint8Array;
  opens: OpenInfo[];
  /** WebSocket diagnostics of messages that have any, in item order. */
  diagnostics: { index: number; list: Diagnostic[] }[];
}

export interface InitMessage {
  type: 'init';
  actors: Record<string, string> | undefined;
  filter: string | undefined;
}

export type ToDecoder = InitMessage | BatchMessage;

export type ToReader =
  /** `ends[i]`: end offset in `data` of item i's output (equal to the previous one when it made no record). */
  | { type: 'batch'; id: number; data: Uint8Array; ends: Int32Array }
  | { type: 'error'; message: string };
