// HTTP/1.1 (RFC 9110, RFC 9112) with the WebSocket upgrade (RFC 6455 §4): public surface of the decoder.
// Joins the `tcp` heuristic table (looksLikeHttp) and feeds `http.upgrade` → websocket.
export { looksLikeHttp } from './detect';
export { createHttpConnection } from './connection';
export { DEFAULT_HTTP_LIMITS } from './types';
export type { HttpConnection, HttpConnectionSink, HttpHeader, HttpLimits, HttpMessage, WebSocketOpen } from './types';
export type { WebSocketMessage } from '../websocket';
