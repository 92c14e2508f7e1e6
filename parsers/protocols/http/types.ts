// Shapes of the HTTP/1.1 decoder (RFC 9112 message syntax, RFC 9110 semantics) and of the WebSocket
// hand-over it performs (RFC 6455 §4 opening handshake).
import type { Diagnostic } from '../../core/diagnostics';
import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import type { WebSocketLimits, WebSocketMessage } from '../websocket';

export interface HttpHeader {
  /** As sent (case kept). */
  name: string;
  value: string;
}

export interface HttpMessage {
  kind: 'request' | 'response';
  method?: string;
  target?: string;
  status?: number;
  reason?: string;
  /** "HTTP/1.1" */
  version: string;
  headers: HttpHeader[];
  /** Chunked trailer fields (RFC 9112 §7.1.2), when any were sent. */
  trailers?: HttpHeader[];
  /** Case-insensitive lookup of a header (first occurrence). */
  header(name: string): string | undefined;
  /** De-chunked and decoded (Content-Encoding gzip, x-gzip, deflate); an own copy. */
  body: Uint8Array;
  /** Message-body bytes on the wire (after the head; chunked framing and trailers included). */
  rawBodyLength: number;
  /** 1-based exchange number in the connection; a response carries its request's number. */
  exchange: number;
  /** Frame in which the message's first byte arrived. */
  startFrame: number;
  /** Frame in which the message completed. */
  at: FrameRef;
  diagnostics: Diagnostic[];
}

export interface WebSocketOpen {
  /** Sec-WebSocket-Protocol of the 101 response. */
  subprotocol: string | undefined;
  /** Sec-WebSocket-Protocol values offered by the request. */
  offeredSubprotocols: string[];
  /** Sec-WebSocket-Extensions of the 101 response, raw ('' when none). */
  extensions: string;
  /** Request target, e.g. "/ocpp/CP001". */
  target: string;
  request: HttpMessage;
  response: HttpMessage;
}

export interface HttpConnectionSink {
  http(msg: HttpMessage, dir: Direction): void;
  wsOpen(info: WebSocketOpen, at: FrameRef): void;
  ws(msg: WebSocketMessage, dir: Direction): void;
  diagnostic(d: Diagnostic, dir: Direction, at: FrameRef): void;
}

export interface HttpConnection {
  push(dir: Direction, data: Uint8Array, at: FrameRef): void;
  gap(dir: Direction, missingBytes: number, at: FrameRef): void;
  end(dir: Direction, at: FrameRef): void;
}

export interface HttpLimits {
  /** Longest start line, header line or chunk-size line. */
  maxLineBytes: number;
  /** Most header (or trailer) fields kept per message; more are a diagnostic and dropped. */
  maxHeaderCount: number;
  /** Largest head (start line + fields); beyond it the head is dropped and the parser resyncs. */
  maxHeadBytes: number;
  /** Largest message body kept as received; the rest is counted, not kept. */
  maxBodyBytes: number;
  /** Largest decoded (inflated) body; beyond it the body stays encoded (decompression bomb). */
  maxInflatedBytes: number;
  /** Client bytes held while an Upgrade request awaits its response. */
  maxHeldBytes: number;
  /** Requests awaiting a response (pipelining) that are remembered. */
  maxPendingRequests: number;
  /** Limits of the WebSocket decoder used after an upgrade. */
  webSocket: Partial<WebSocketLimits>;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxLineBytes: 16 * 1024,
  maxHeaderCount: 256,
  maxHeadBytes: 256 * 1024,
  maxBodyBytes: 64 * 1024 * 1024,
  maxInflatedBytes: 64 * 1024 * 1024,
  maxHeldBytes: 1024 * 1024,
  maxPendingRequests: 1024,
  webSocket: {},
};
