// HTTP/1.1 connections and what runs over them: WebSocket upgrades whose subprotocol (or, without a
// captured, whose content) is OCPP; plain HTTP exchanges go to the grid binding (OpenADR, IEEE 2030.5).

import type { Direction } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import type { TcpConnection } from '../../core/pipeline';
import { createHttpConnection, type HttpConnection, type WebSocketMessage, type WebSocketOpen } from '../../protocols/http';
import { createWebSocketStream, messageText } from '../../protocols/websocket';
import { looksLikeOcpp } from '../../protocols/ocpp';
import type { EmitMessage } from '../decoded';
import type { TcpApp } from './tcpApp';
import type { OcppChannel, OcppStage } from './ocppStage';
import { GridBinding, type GridState } from './gridBinding';

/** WebSocket messages of one connection, routed to OCPP once the subprotocol or the content says so. */
class WebSocketRouter {
  private ocpp: OcppChannel | undefined;
  private undecided = true;

  constructor(private readonly conn: TcpConnection, private readonly stage: OcppStage) {}

  open(info: WebSocketOpen): void {
    const proto = info.subprotocol ?? info.offeredSubprotocols.find((p) => /^ocpp/i.test(p));
    if (proto && /^ocpp/i.test(proto)) {
      this.ocpp = this.stage.open(this.conn, proto);
      this.undecided = false;
    }
  }

  message(msg: WebSocketMessage, fromClient: boolean): void {
    if (msg.opcode !== 1) return;
    if (!this.ocpp && this.undecided) {
      const text = messageText(msg);
      if (text === undefined || !looksLikeOcpp(text)) return;
      this.ocpp = this.stage.open(this.conn, undefined);
      this.undecided = false;
    }
    this.ocpp?.message(msg, fromClient);
  }
}

/**
 * `onUpgrade`: told of a WebSocket opening handshake (request and 101 response) before the connection's
 * first WebSocket message.
 */
export function createWebApp(conn: TcpConnection, emit: EmitMessage, grid: GridState, ocpp: OcppStage, onUpgrade?: (info: WebSocketOpen) => void): TcpApp {
  const router = new WebSocketRouter(conn, ocpp);
  const exchanges = new GridBinding(conn, grid, emit);
  const http: HttpConnection = createHttpConnection({
    http: (msg, dir) => {
      exchanges.http(msg, dir);
    },
    wsOpen: (info) => {
      onUpgrade?.(info);
      router.open(info);
    },
    ws: (msg, dir) => router.message(msg, dir === 0),
    diagnostic: () => {},
  }, undefined, { lazyWebSocketText: true });
  return http;
}

/**
 * A connection whose handshake was not captured but whose bytes are WebSocket frames. Masked frames come
 * from the client (RFC 6455 §5.3), which settles who the charging station is even when the TCP
 * dissector had to guess the connection's client.
 */
export function createMidStreamWebSocketApp(conn: TcpConnection, ocpp: OcppStage, clientDir: Direction): TcpApp {
  const router = new WebSocketRouter(conn, ocpp);
  const streams = [0, 1].map((d) =>
    createWebSocketStream({
      fromClient: d === clientDir,
      extensions: undefined, // handshake not seen: RSV1 means permessage-deflate
      onMessage: (msg: WebSocketMessage) => router.message(msg, d === clientDir),
      onDiagnostic: () => {},
      lazyText: true,
    }),
  );
  return {
    push: (dir: Direction, data: Uint8Array, at: FrameRef) => streams[dir].push(data, at),
    gap: (dir: Direction, n: number, at: FrameRef) => streams[dir].gap(n, at),
    end: (dir: Direction, at: FrameRef) => streams[dir].end(at),
  };
}
