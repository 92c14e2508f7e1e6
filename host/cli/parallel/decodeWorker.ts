// The decoder thread of `vgi-inspect decode` (parallel mode): OCPP decoding and validation, annotation,
// filtering, numbering and serialisation of every record, in the order the reader thread sent them.
// Bundled to dist/decode-worker.mjs.

import { parentPort } from 'node:worker_threads';
import type { TcpConnection } from '../../../parsers/core/pipeline';
import { ActorMap } from '../../../parsers/annotate/actors';
import { inlineOcppStage, type OcppChannel } from '../../../parsers/engine/bindings/ocppStage';
import type { DecodedMessage } from '../../../parsers/engine/decoded';
import { createRecordMaker } from '../../../parsers/engine/recordMaker';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import { compileFilter } from '../../../parsers/filter';
import { createWriter, type RecordWriter } from '../output';
import type { Item, ToDecoder, ToReader } from './protocol';

const port = parentPort!;
const post = (m: ToReader, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer ?? []);

let writer: RecordWriter;
let filter: ((r: MessageRecord) => boolean) | undefined;
let makeRecord: ReturnType<typeof createRecordMaker>;
let seq = 0;
const channels = new Map<number, OcppChannel>();

function write(r: MessageRecord, bodyJson: string | undefined): void {
  if (filter && !filter(r)) return;
  r.seq = ++seq;
  writer.write(r, bodyJson);
}

const stage = inlineOcppStage((m: DecodedMessage) => write(makeRecord(m, 0), m.bodyJson));

function handle(item: Item): void {
  switch (item.t) {
    case 'open': {
      const conn: TcpConnection = { id: item.id, client: item.client, server: item.server, handshakeSeen: true };
      channels.set(item.channel, stage.open(conn, item.subprotocol));
      return;
    }
    case 'msg': {
      const msg = {
        opcode: 1, text: item.text, payload: undefined as unknown as Uint8Array, startFrame: item.frame, compressed: false,
        at: { frame: item.frame, tsSec: item.tsSec, tsNsec: item.tsNsec, tsDigits: item.tsDigits }, diagnostics: item.diagnostics,
      } as unknown as WebSocketMessage;
      channels.get(item.channel)?.message(msg, item.fromClient);
      return;
    }
    case 'rec':
      write(item.record, item.bodyJson);
  }
}

port.on('message', (m: ToDecoder) => {
  try {
    if (m.type === 'init') {
      makeRecord = createRecordMaker(new ActorMap(m.actors ?? {}));
      filter = m.filter ? compileFilter(m.filter) : undefined;
      writer = createWriter(m.format, (data) => {
        if (typeof data === 'string') post({ type: 'out', data });
        else post({ type: 'out', data }, [data.buffer as ArrayBuffer]);
      });
    } else if (m.type === 'batch') {
      for (const item of m.items) handle(item);
      post({ type: 'ack' });
    } else {
      writer.end();
      post({ type: 'done' });
    }
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
