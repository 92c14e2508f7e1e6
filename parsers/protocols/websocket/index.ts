// WebSocket (RFC 6455, RFC 7692 permessage-deflate): public surface of the decoder. Joins the
// `http.upgrade` table (http hands over after 101) and the `tcp` heuristic (frames found mid-stream).
export { createWebSocketStream, messageText, INVALID_UTF8 } from './decoder';
export { decodeUtf8 } from './payload';
export { looksLikeWebSocketFrames, readFrameHeader, newFrameHeader } from './frameHeader';
export type { FrameHeader } from './frameHeader';
export { parseExtensions, parsePerMessageDeflate, otherExtensionNames } from './extensions';
export type { ExtensionOffer } from './extensions';
export { DEFAULT_WEBSOCKET_LIMITS } from './types';
export type {
  DeflateDirection, PerMessageDeflateParams, WebSocketLimits, WebSocketMessage, WebSocketStream, WebSocketStreamOptions,
} from './types';
