// A decoder thread of `vgi-inspect decode` (parallel mode): OCPP decoding and validation, annotation,
// filtering and serialisation of the records of the connections it is given, in order. Bundled to
// dist/decode-worker.mjs.

import { parentPort } from 'node:worker_threads';
import type { TcpConnection } from '../../../parsers/core/pipeline';
import { ActorMap } from '../../../parsers/annotate/actors';
import { inlineOcppStage, type OcppChannel } from '../../../parsers/engine/bindings/ocppStage';
import type { DecodedMessage } from '../../../parsers/engine/decoded';
import { createRecordMaker } from '../../../parsers/engine/recordMaker';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import { compileFilter } from '../../../parsers/filter';
import { emitRecordAfterSeq } from '../recordJson';
import type { Item, ToDecoder, ToReader } from './protocol';

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
    if (s.length * 3 > this.buf.length - this.used) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.used + s.length * 3));
      bigger.set(this.buf.subarray(0, this.used));
      this.buf = bigger;
    }
    this.used += utf8.encodeInto(s, this.buf.subarray(this.used)).written;
  }
}
const out = new BatchOut();

const stage = inlineOcppStage((m: DecodedMessage) => {
  const r = makeRecord(m, 0);
  if (filter && !filter(r)) return;
  emitRecordAfterSeq(r, m.bodyJson, out);
  out.text('\n');
});

function handle(item: Item): void {
  if (item.t === 'open') {
    const conn: TcpConnection = { id: item.id, client: item.client, server: item.server, handshakeSeen: true };
    channels.set(item.channel, stage.open(conn, item.subprotocol));
    return;
  }
  const msg = {
    opcode: 1, text: item.text, payload: undefined, startFrame: item.frame, compressed: false,
    at: { frame: item.frame, tsSec: item.tsSec, tsNsec: item.tsNsec, tsDigits: item.tsDigits }, diagnostics: item.diagnostics,
  } as unknown as WebSocketMessage;
  channels.get(item.channel)?.message(msg, item.fromClient);
}

port.on('message', (m: ToDecoder) => {
  try {
    if (m.type === 'init') {
      makeRecord = createRecordMaker(new ActorMap(m.actors ?? {}));
      filter = m.filter ? compileFilter(m.filter) : undefined;
      return;
    }
    const ends = new Int32Array(m.items.length);
    for (let i = 0; i < m.items.length; i++) {
      handle(m.items[i]);
      ends[i] = out.used;
    }
    const data = out.buf.slice(0, out.used);
    const reply: ToReader = { type: 'batch', id: m.id, data, ends };
    port.postMessage(reply, [data.buffer as ArrayBuffer, ends.buffer as ArrayBuffer]);
    out.used = 0;
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies ToReader);
  }
});
