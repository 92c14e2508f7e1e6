// Where OCPP messages found on WebSocket connections are decoded. Inline by default (OcppBinding in the
// same thread); a host may supply another stage, e.g. the CLI hands the messages to a second thread that
// decodes, validates and writes them while this one keeps reassembling the capture.

import type { TcpConnection } from '../../core/pipeline';
import type { WebSocketMessage } from '../../protocols/http';
import type { EmitMessage } from '../decoded';
import { OcppBinding } from './ocppBinding';

export interface OcppChannel {
  /** `fromClient`: sent by the WebSocket client (the charging station). */
  message(msg: WebSocketMessage, fromClient: boolean): void;
}

export interface OcppStage {
  /** A WebSocket connection turned out to carry OCPP (`subprotocol` undefined when guessed from content). */
  open(conn: TcpConnection, subprotocol: string | undefined): OcppChannel;
}

export function inlineOcppStage(emit: EmitMessage): OcppStage {
  return { open: (conn, subprotocol) => new OcppBinding(conn, subprotocol, emit) };
}
