// Shapes shared by the WebSocket decoder (RFC 6455 framing, RFC 7692 permessage-deflate) and its users.
import type { Diagnostic } from '../../core/diagnostics';
import type { FrameRef } from '../../core/frame';

export interface WebSocketMessage {
  /** 1 text, 2 binary, 8 close, 9 ping, 10 pong (RFC 6455 §5.2). */
  opcode: number;
  /**
   * Unmasked, reassembled from fragments, inflated. When the message was one unmasked, uncompressed frame
   * inside one pushed chunk this is a view of that chunk: valid during the sink call only (pipeline.ts).
   */
  payload: Uint8Array;
  /** UTF-8 decoded text of text messages (lossy, U+FFFD, when the bytes are not valid UTF-8). Left undefined
   *  with `textPending` set when the stream decodes text lazily: read it through messageText(). */
  text?: string;
  /** A text message whose `text` is not decoded yet (WebSocketStreamOptions.lazyText). */
  textPending?: boolean;
  /** Close frames (§5.5.1): status code when present. */
  closeCode?: number;
  /** Close frames: the UTF-8 reason ('' when absent). */
  closeReason?: string;
  /** Frame number where the message's first byte arrived. */
  startFrame: number;
  /** Frame in which the message completed. */
  at: FrameRef;
  /** RSV1 set on the first frame with permessage-deflate negotiated. */
  compressed: boolean;
  /** Number of frames the message was sent in (1 = not fragmented). */
  frames: number;
  diagnostics: Diagnostic[];
}

export interface WebSocketLimits {
  /** Largest message kept (after reassembly and after inflation); larger ones become a diagnostic. */
  maxMessageBytes: number;
  /** Bytes looked through for a plausible frame header after a gap before older ones are dropped. */
  maxResyncBytes: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxResyncBytes: 256 * 1024,
};

/** permessage-deflate parameters for one direction of the connection (RFC 7692 §7.1). */
export interface DeflateDirection {
  /** The sender resets its compression context after each message (*_no_context_takeover). */
  noContextTakeover: boolean;
  /** LZ77 window bits the sender uses (*_max_window_bits), 8..15. */
  maxWindowBits: number;
}

export interface PerMessageDeflateParams {
  client: DeflateDirection;
  server: DeflateDirection;
}

export interface WebSocketStreamOptions {
  /** Frames written by the client (which must mask them, RFC 6455 §5.3). */
  fromClient: boolean;
  /**
   * The Sec-WebSocket-Extensions the server accepted (raw header value, '' for none). Leave undefined when
   * the handshake was not seen: RSV1 frames are then taken as permessage-deflate with context takeover.
   */
  extensions?: string;
  onMessage(msg: WebSocketMessage): void;
  /** Problems not tied to one delivered message (gaps, resynchronisation, lost messages). */
  onDiagnostic(d: Diagnostic, at: FrameRef): void;
  /** Start by searching for a plausible frame header (decoding starts at an arbitrary byte). */
  resync?: boolean;
  /**
   * Leave text messages undecoded (`textPending`), for consumers that may never need the text or decode it
   * elsewhere (another thread): messageText() decodes it, during the onMessage call only.
   */
  lazyText?: boolean;
  limits?: Partial<WebSocketLimits>;
}

export interface WebSocketStream {
  push(data: Uint8Array, at: FrameRef): void;
  gap(missingBytes: number, at: FrameRef): void;
  end(at: FrameRef): void;
}
