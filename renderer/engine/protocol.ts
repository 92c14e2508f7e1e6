// The messages between the UI thread and the engine worker (renderer/workers/engine.worker.ts).
// Types only: the UI never loads parsers/ at run time.

import type { MessageRow } from '../../parsers/engine/session';
import type { Diagnostic } from '../../parsers/core/diagnostics';
import type { Evidence } from '../../parsers/annotate/annotate';
import type { MessageKind } from '../../parsers/engine/record';

export type { MessageRow, Diagnostic, Evidence, MessageKind };

/** A row as the UI sees it: the engine's row plus its request/response partner (seq, 0 when none). */
export interface ViewRow extends MessageRow {
  partner: number;
  /**
   * A request answered by an HTTP response that is no message (OpenADR 2.0's empty 200 acknowledgement):
   * that response's status; 0 otherwise. A request with neither partner nor this got no response.
   */
  acknowledged: number;
  /** Seconds since the first message of the capture. */
  rel: number;
}

export interface QuickFilters {
  protocols: string[];
  pathways: string[];
  categories: string[];
  severities: string[];
}

export type CaptureSource =
  | { kind: 'file'; file: Blob; name: string }
  | { kind: 'url'; url: string; name: string }
  /** Bytes are pushed by the UI thread with `chunk` messages (Electron: read through the preload bridge). */
  | { kind: 'push'; name: string; size: number };

export type ToWorker =
  | { type: 'open'; source: CaptureSource; sliceSize?: number }
  | { type: 'chunk'; bytes: Uint8Array; last: boolean }
  | { type: 'cancel' }
  | { type: 'filter'; gen: number; text: string; quick: QuickFilters }
  | { type: 'rows'; gen: number; start: number; end: number; req: number }
  | { type: 'detail'; seq: number; req: number }
  | { type: 'locate'; seq: number; gen: number; req: number }
  | { type: 'times'; gen: number; req: number }
  | { type: 'export'; format: 'ndjson' | 'csv'; req: number }
  /** The frames of the filtered messages as pcapng, read again from the capture file. */
  | { type: 'exportPcapng'; req: number }
  /** Answer to a 'read' of a 'push' source (bytes, or why not). */
  | { type: 'readReply'; id: number; bytes?: Uint8Array; error?: string }
  | { type: 'complete'; text: string; cursor: number; req: number }
  | { type: 'series'; req: number };

/** One plotted quantity: its values over time (seconds since the first message) and the messages they came from. */
export interface Series {
  name: string;
  unit: string;
  t: number[];
  v: number[];
  seq: number[];
}

export interface CompletionItem {
  label: string;
  detail: string;
  from: number;
  to: number;
}

export interface FilterCheck {
  message: string;
  start: number;
  end: number;
}

export interface Facets {
  protocols: Record<string, number>;
  pathways: Record<string, number>;
  categories: Record<string, number>;
  severities: Record<string, number>;
  /** Actors seen as sender or receiver. */
  actors: Record<string, number>;
  /** Message names (actions, message types), for completion of name values. */
  names: Record<string, number>;
}

export interface Progress {
  name: string;
  bytesRead: number;
  total: number;
  /** Messages indexed so far. */
  count: number;
  frames: number;
  /** Messages in the current filtered view. */
  viewCount: number;
  gen: number;
  done: boolean;
  cancelled: boolean;
  facets: Facets;
  /** ISO time of the first message, '' before it. */
  startTime: string;
}

/** Evidence with the rule's sentence looked up (the engine keeps only the rule id per message). */
export interface Explained extends Evidence {
  why: string;
  categories: string[];
  tags: string[];
}

export interface Detail {
  seq: number;
  record: {
    seq: number; frame: number; time: string; protocol: string; version: string; src: string; dst: string;
    from: string; to: string; pathway: string; name: string; kind: MessageKind; id: string; body: unknown;
    categories: string[]; tags: string[]; diagnostics: Diagnostic[]; evidence: Explained[]; summary: string;
  };
  raw?: Uint8Array;
  partner: number;
  /** As ViewRow.acknowledged. */
  acknowledged: number;
}

export type FromWorker =
  | { type: 'progress'; progress: Progress }
  | { type: 'fatal'; message: string }
  | { type: 'filterError'; gen: number; message: string; start: number; end: number }
  | { type: 'rows'; gen: number; start: number; rows: ViewRow[]; req: number }
  | { type: 'detail'; req: number; detail: Detail | null }
  | { type: 'locate'; req: number; index: number }
  | { type: 'times'; req: number; gen: number; times: Float64Array }
  | { type: 'export'; req: number; text: string; mime: string }
  | { type: 'exportPcapng'; req: number; bytes?: Uint8Array; frames: number; messages: number; error?: string }
  /** The worker wants bytes [offset, offset + length) of a 'push' source again (export), answered by readReply. */
  | { type: 'read'; id: number; offset: number; length: number }
  | { type: 'complete'; req: number; completions: CompletionItem[]; error: FilterCheck | null }
  | { type: 'series'; req: number; gen: number; series: Series[]; scanned: number; truncated: boolean }
  /** The worker wants the next chunk of a 'push' source. */
  | { type: 'pull'; offset: number; length: number };
