// A decoder thread of `vgi-inspect decode` (parallel mode): OCPP decoding and validation, annotation,
// filtering and serialisation of the records of the connections it is given, in order. Bundled to
// dist/decode-worker.cjs (CommonJS: a worker starts sooner without the ESM loader).

import { parentPort } from 'node:worker_threads';
import type { TcpConnection } from '../../../parsers/core/pipeline';
import { ActorMap } from '../../../parsers/annotate/actors';
import { inlineOcppStage, type OcppChannel } from '../../../parsers/engine/bindings/ocppStage';
import type { DecodedMessage } from '../../../parsers/engine/decoded';
import { createRecordMaker } from '../../../parsers/engine/recordMaker';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import { compileFilter } from '../../../parsers/filter';
import { decodeUtf8, INVALID_UTF8 } from '../../../parsers/protocols/websocket';
import { emitRecordAfterSeq } from '../recordJson';
import {
  COL_CHANNEL, COL_END, COL_FRAME, COL_FROM_CLIENT, COL_KIND, COL_TEXT_CHECKED, COL_TS_DIGITS, COL_TS_NSEC, COL_TS_SEC, ITEM_COLUMNS,
  ITEM_OPEN,
  type BatchMessage, type ToDecoder, type ToReader,
} from './protocol';

const port = parentPort!;
const utf8 = new TextEncoder();

let filter: ((r: MessageRecord) => boolean) | undefined;
let makeRecord: ReturnType<typeof createRecordMaker>;
const channels = new Map<number, OcppChannel>();

/** The output of one batch: UTF-8 bytes in a growing buffer, reused from batch to batch (fresh 1 MiB
 *  buffers per batch cost more in page faults than the copy that is sent). */
class BatchOut {
  buf = new Uint8Array(1 << 20);
  used = 0;
  text(s: string): void {
    this.room(s.length * 3);
    this.used += utf8.encodeInto(s, this.buf.subarray(this.used)).written;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.used);
    this.used += b.length;
  }
  private room(n: number): void {
    if (n <= this.buf.length - this.used) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.used + n));
    bigger.set(this.buf.subarray(0, this.used));
    this.buf = bigger;
  }
}
const out = new BatchOut();

const stage = inlineOcppStage((m: DecodedMessage) => {
  const r = makeRecord(m, 0);
  if (filter && !filter(r)) return;
  emitRecordAfterSeq(r, m.bodyJson, out, true, m.bodyJson !== undefined && asciiPayload && m.raw ? bodyJsonBytes(m.raw, m.bodyJson) : undefined);
});

const NO_DIAGNOSTICS: never[] = [];

/** The message being decoded is ASCII (as many bytes as characters): its text offsets are byte offsets. */
let asciiPayload = false;

/**
 * `bodyJson`'s bytes within the ASCII payload it was cut from, so they are copied rather than encoded again.
 * The OCPP decoder cut it (rpcFrame.ts payloadText) from the last element up to the closing ']', trimmed:
 * when no blank precedes that ']' it ends there. Otherwise undefined (the text is written instead).
 */
function bodyJsonBytes(payload: Uint8Array, bodyJson: string): Uint8Array | undefined {
  let end = payload.length - 1;
  while (end > 0 && payload[end] !== 0x5d) end--; // the closing ']' is (nearly always) the last byte
  const before = payload[end - 1];
  if (end < 1 || before === 0x20 || (before >= 0x09 && before <= 0x0d)) return undefined;
  const start = end - bodyJson.length;
  if (start < 0 || payload[start] !== bodyJson.charCodeAt(0)) return undefined;
  return payload.subarray(start, end);
}

/** Decodes the batch's items in order; `ends[i]` gets the output offset after item i. */
function handleBatch(m: BatchMessage, ends: Int32Array): void {
  const { items, bytes } = m;
  let nextOpen = 0;
  let nextDiag = 0;
  let start = 0;
  for (let i = 0; i < m.count; i++) {
    const row = i * ITEM_COLUMNS;
    const end = items[row + COL_END];
    const channel = items[row + COL_CHANNEL];
    if (items[row + COL_KIND] === ITEM_OPEN) {
      const o = m.opens[nextOpen++];
      const conn: TcpConnection = { id: o.id, client: o.client, server: o.server, handshakeSeen: true };
      channels.set(channel, stage.open(conn, o.subprotocol));
    } else {
      const payload = bytes.subarray(start, end);
      let diagnostics: WebSocketMessage['diagnostics'] = NO_DIAGNOSTICS;
      if (nextDiag < m.diagnostics.length && m.diagnostics[nextDiag].index === i) diagnostics = m.diagnostics[nextDiag++].list;
      // the WebSocket decoder's own text decoding, finished here when the reader left it pending
      const text = decodeUtf8(payload);
      asciiPayload = text.text.length === payload.length && text.valid;
      if (!text.valid && items[row + COL_TEXT_CHECKED] === 0) diagnostics = [...diagnostics, INVALID_UTF8()];
      const msg = {
        opcode: 1, text: text.text, textPending: false, payload, startFrame: items[row + COL_FRAME], compressed: false,
        at: { frame: items[row + COL_FRAME], tsSec: items[row + COL_TS_SEC], tsNsec: items[row + COL_TS_NSEC], tsDigits: items[row + COL_TS_DIGITS] },
        diagnostics,
      } as unknown as WebSocketMessage;
      channels.get(channel)?.message(msg, items[row + COL_FROM_CLIENT] === 1);
    }
    start = end;
    ends[i] = out.used;
  }
}

port.on('message', (m: ToDecoder) => {
  try {
    if (m.type === 'init') {
      makeRecord = createRecordMaker(new ActorMap(m.actors ?? {}));
      filter = m.filter ? compileFilter(m.filter) : undefined;
      return;
    }
    const ends = new Int32Array(m.count);
    handleBatch(m, ends);
    const data = out.buf.slice(0, out.used);
    const reply: ToReader = { type: 'batch', id: m.id, data, ends };
    port.postMessage(reply, [data.buffer as ArrayBuffer, ends.buffer as ArrayBuffer]);
    out.used = 0;
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ToReader);
  }
});
