// Collects the items bound for one decoder thread into the packed form of protocol.ts: payload bytes back
// to back, one numeric row per item, the rare opens and diagnostics beside them. `take` hands out exact-size
// copies (to be transferred) and keeps the working buffers for the next batch.

import type { TcpConnection } from '../../../parsers/core/pipeline';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import {
  COL_CHANNEL, COL_END, COL_FRAME, COL_FROM_CLIENT, COL_KIND, COL_TEXT_CHECKED, COL_TS_DIGITS, COL_TS_NSEC, COL_TS_SEC, ITEM_COLUMNS, ITEM_MESSAGE,
  ITEM_OPEN, type BatchMessage,
} from './protocol';

export class BatchBuilder {
  count = 0;
  private items = new Float64Array(ITEM_COLUMNS * 1024);
  private bytes = new Uint8Array(1 << 20);
  private used = 0;
  private opens: BatchMessage['opens'] = [];
  private diagnostics: BatchMessage['diagnostics'] = [];

  open(channel: number, conn: TcpConnection, subprotocol: string | undefined): void {
    this.opens.push({ index: this.count, id: conn.id, client: conn.client, server: conn.server, subprotocol });
    const row = this.row();
    this.items[row + COL_KIND] = ITEM_OPEN;
    this.items[row + COL_CHANNEL] = channel;
    this.items[row + COL_END] = this.used;
  }

  message(channel: number, fromClient: boolean, msg: WebSocketMessage): void {
    const p = msg.payload;
    if (this.used + p.length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + p.length));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    this.bytes.set(p, this.used);
    this.used += p.length;
    if (msg.diagnostics.length) this.diagnostics.push({ index: this.count, list: msg.diagnostics });
    const row = this.row();
    const items = this.items;
    items[row + COL_KIND] = ITEM_MESSAGE;
    items[row + COL_CHANNEL] = channel;
    items[row + COL_FROM_CLIENT] = fromClient ? 1 : 0;
    items[row + COL_FRAME] = msg.at.frame;
    items[row + COL_TS_SEC] = msg.at.tsSec;
    items[row + COL_TS_NSEC] = msg.at.tsNsec;
    items[row + COL_TS_DIGITS] = msg.at.tsDigits;
    items[row + COL_END] = this.used;
    items[row + COL_TEXT_CHECKED] = msg.textPending ? 0 : 1;
  }

  /** The batch so far, as transferable copies; the builder starts over. */
  take(id: number): BatchMessage {
    const m: BatchMessage = {
      type: 'batch', id, count: this.count,
      items: this.items.slice(0, this.count * ITEM_COLUMNS),
      bytes: this.bytes.slice(0, this.used),
      opens: this.opens,
      diagnostics: this.diagnostics,
    };
    this.count = 0;
    this.used = 0;
    this.opens = [];
    this.diagnostics = [];
    return m;
  }

  /** Index of a new item's first column, growing the rows when needed. */
  private row(): number {
    const at = this.count++ * ITEM_COLUMNS;
    if (at + ITEM_COLUMNS > this.items.length) {
      const bigger = new Float64Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    return at;
  }
}
