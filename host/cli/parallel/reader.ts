// The reader-thread side of `vgi-inspect decode` in parallel mode: an OcppStage that ships WebSocket texts to
// the decoder thread instead of decoding them here, batching with bounded lookahead (backpressure), and the
// record path for everything decoded on this thread.

import { Worker } from 'node:worker_threads';
import type { TcpConnection } from '../../../parsers/core/pipeline';
import type { OcppStage } from '../../../parsers/engine/bindings/ocppStage';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import type { CliIo } from '../io';
import type { InitMessage, Item, ToDecoder, ToReader } from './protocol';

const BATCH = 4096;
const MAX_IN_FLIGHT = 6;

export class ParallelDecoder {
  private readonly worker: Worker;
  private items: Item[] = [];
  private inFlight = 0;
  private channels = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private finished: Promise<void>;

  constructor(workerFile: string, init: Omit<InitMessage, 'type'>, private readonly io: CliIo) {
    this.worker = new Worker(workerFile);
    this.send({ type: 'init', ...init });
    this.finished = new Promise((resolve, reject) => {
      this.worker.on('message', (m: ToReader) => {
        if (m.type === 'out') this.io.out(typeof m.data === 'string' ? m.data : Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
        else if (m.type === 'ack') {
          this.inFlight--;
          this.wake?.();
        } else if (m.type === 'done') resolve();
        else {
          this.failure = new Error(`decoder thread failed: ${m.message}`);
          this.wake?.();
          reject(this.failure);
        }
      });
      this.worker.on('error', (e) => {
        this.failure = e;
        this.wake?.();
        reject(e);
      });
    });
    this.finished.catch(() => {});
  }

  /** The OCPP stage for the inspector: messages go to the decoder thread. */
  readonly stage = (): OcppStage => ({
    open: (conn: TcpConnection, subprotocol: string | undefined) => {
      const channel = ++this.channels;
      this.add({ t: 'open', channel, id: conn.id, client: conn.client, server: conn.server, subprotocol });
      return {
        message: (msg: WebSocketMessage, fromClient: boolean) => {
          if (msg.text === undefined) return;
          this.add({
            t: 'msg', channel, fromClient, text: msg.text, frame: msg.at.frame, tsSec: msg.at.tsSec, tsNsec: msg.at.tsNsec,
            tsDigits: msg.at.tsDigits, diagnostics: msg.diagnostics,
          });
        },
      };
    },
  });

  /** A record decoded on this thread (not OCPP): numbered, filtered and written in order by the decoder thread. */
  record(r: MessageRecord, bodyJson: string | undefined): void {
    this.add({ t: 'rec', record: r, bodyJson });
  }

  /** Ships what is batched and waits while too much is in flight. Call between input chunks. */
  async flush(): Promise<void> {
    if (this.items.length) this.sendBatch();
    while (this.inFlight > MAX_IN_FLIGHT && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }

  async end(): Promise<void> {
    if (this.items.length) this.sendBatch();
    this.send({ type: 'end' });
    await this.finished;
    await this.worker.terminate();
  }

  private add(item: Item): void {
    this.items.push(item);
    if (this.items.length >= BATCH) this.sendBatch();
  }

  private sendBatch(): void {
    this.inFlight++;
    this.send({ type: 'batch', items: this.items });
    this.items = [];
  }

  private send(m: ToDecoder): void {
    this.worker.postMessage(m);
  }
}
