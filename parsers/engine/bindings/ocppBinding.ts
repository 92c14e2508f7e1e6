// Binds OCPP-J to a WebSocket connection: WebSocket text messages -> OCPP conversation -> DecodedMessage.
// The WebSocket client is the charging station (evse), the server the central system (nsp): OCPP-J 1.6 §3,
// OCPP 2.0.1 Part 4 §3.

import { formatEndpoint } from '../../core/endpoint';
import type { TcpConnection } from '../../core/pipeline';
import { createOcppConversation, ocppBodyFromText, type OcppConversation } from '../../protocols/ocpp';
import { registerBodyDecoder } from '../bodyDecoders';
import type { WebSocketMessage } from '../../protocols/http';
import { messageText } from '../../protocols/websocket';
import type { EmitMessage } from '../decoded';

const utf8 = new TextDecoder();
registerBodyDecoder('ocpp-json', (raw) => ocppBodyFromText(utf8.decode(raw)));

export class OcppBinding {
  private readonly conversation: OcppConversation;
  private readonly client: string;
  private readonly server: string;

  constructor(private readonly conn: TcpConnection, subprotocol: string | undefined, private readonly emit: EmitMessage) {
    this.conversation = createOcppConversation({ subprotocol, validate: true });
    this.client = formatEndpoint(conn.client);
    this.server = formatEndpoint(conn.server);
  }

  /** `fromClient`: the message was sent by the WebSocket client (the charging station). */
  message(msg: WebSocketMessage, fromClient: boolean): void {
    const text = messageText(msg);
    if (text === undefined) return;
    const m = this.conversation.decode(text, fromClient, msg.at.frame);
    const diagnostics = msg.diagnostics.length ? [...msg.diagnostics, ...m.diagnostics] : m.diagnostics;
    this.emit({
      at: msg.at,
      startFrame: msg.startFrame,
      protocol: 'ocpp',
      version: m.version,
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      defaultFrom: fromClient ? 'evse' : 'nsp',
      defaultTo: fromClient ? 'nsp' : 'evse',
      name: m.action,
      kind: m.kind,
      id: m.id,
      body: m.body,
      diagnostics,
      raw: msg.payload,
      rawFormat: 'ocpp-json',
      bodyJson: m.bodyJson,
    });
  }
}
