// The reader-thread side of `vgi-inspect decode` in parallel mode (ndjson): an OcppStage that spreads the
// OCPP connections over decoder threads, and the merge that puts their outputs and the records made on
// this thread back in order, numbers them and writes them. Batches are bounded in flight (backpressure).

import { Worker } from 'node:worker_threads';
import type { TcpConnection } from '../../../parsers/core/pipeline';
import type { OcppStage } from '../../../parsers/engine/bindings/ocppStage';
import type { MessageRecord } from '../../../parsers/engine/record';
import type { WebSocketMessage } from '../../../parsers/protocols/http';
import type { ChunkedOut } from '../output';
import { emitRecordAfterSeq } from '../recordJson';
import { BatchBuilder } from './batchBuilder';
import type { ToDecoder, ToReader } from './protocol';

const BATCH = 2048;
const MAX_IN_FLIGHT = 4;
const LOCAL = 255;

interface Reply {
  data: Uint8Array;
  ends: Int32Array;
}

/** One batch: which thread each item went to, in order, and the records made here. */
interface Batch {
  route: number[];
  local: { record: MessageRecord; bodyJson: string | undefined }[];
  waiting: number;
  replies: (Reply | undefined)[];
}

export class ParallelDecoder {
  private readonly workers: Worker[];
  private readonly pending: BatchBuilder[];
  private current: Batch;
  private readonly batches = new Map<number, Batch>();
  private nextId = 0;
  private nextToMerge = 0;
  private channels = 0;
  /** Bytes of OCPP text sent to each thread so far. */
  private readonly load: number[];
  private seq = 0;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(
    workerFile: string,
    threads: number,
    private readonly opts: { actors: Record<string, string> | undefined; filter: string | undefined; filterFn?: (r: MessageRecord) => boolean },
    private readonly out: ChunkedOut,
  ) {
    this.workers = Array.from({ length: threads }, () => new Worker(workerFile));
    this.pending = this.workers.map(() => new BatchBuilder());
    this.load = this.workers.map(() => 0);
    this.current = this.newBatch();
    this.workers.forEach((w, i) => {
      w.postMessage({ type: 'init', actors: opts.actors, filter: opts.filter } satisfies ToDecoder);
      w.on('message', (m: ToReader) => this.onReply(i, m));
      w.on('error', (e) => this.fail(e));
    });
  }

  /** The OCPP stage for the inspector: each connection's messages go to one decoder thread. */
  readonly stage = (): OcppStage => ({
    open: (conn: TcpConnection, subprotocol: string | undefined) => {
      const channel = ++this.channels;
      // the thread with the least work so far (connections differ a lot: 1.6 vs 2.0.1, busy vs idle)
      let thread = 0;
      for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[thread]) thread = i;
      this.pending[thread].open(channel, conn, subprotocol);
      this.added(thread);
      return {
        message: (msg: WebSocketMessage, fromClient: boolean) => {
          if (!msg.textPending && msg.text === undefined) return; // not text, or not inflatable
          this.load[thread] += msg.payload.length;
          this.pending[thread].message(channel, fromClient, msg);
          this.added(thread);
        },
      };
    },
  });

  /** A record decoded on this thread (not OCPP): filtered, numbered and written in its place. */
  record(record: MessageRecord, bodyJson: string | undefined): void {
    this.current.route.push(LOCAL);
    this.current.local.push({ record, bodyJson });
  }

  /** Ships what is batched and waits while too much is in flight. Call between input chunks. */
  async flush(): Promise<void> {
    this.ship();
    while (this.nextId - this.nextToMerge > MAX_IN_FLIGHT && !this.failure) await new Promise<void>((r) => (this.wake = r));
    if (this.failure) throw this.failure;
  }

  /** Ships the rest, waits for every batch to be merged, stops the threads. */
  async end(): Promise<void> {
    this.ship();
    while (this.nextToMerge < this.nextId && !this.failure) await new Promise<void>((r) => (this.wake = r));
    await Promise.all(this.workers.map((w) => w.terminate()));
    if (this.failure) throw this.failure;
  }

  private newBatch(): Batch {
    return { route: [], local: [], waiting: 0, replies: this.workers.map(() => undefined) };
  }

  private added(thread: number): void {
    this.current.route.push(thread);
    if (this.current.route.length >= BATCH) this.ship();
  }

  private ship(): void {
    const b = this.current;
    if (b.route.length === 0) return;
    const id = this.nextId++;
    this.workers.forEach((w, i) => {
      if (this.pending[i].count === 0) return;
      b.waiting++;
      const m = this.pending[i].take(id);
      w.postMessage(m satisfies ToDecoder, [m.items.buffer as ArrayBuffer, m.bytes.buffer as ArrayBuffer]);
    });
    this.batches.set(id, b);
    this.current = this.newBatch();
    this.merge();
  }

  private onReply(thread: number, m: ToReader): void {
    if (m.type === 'error') {
      this.fail(new Error(`decoder thread failed: ${m.message}`));
      return;
    }
    const b = this.batches.get(m.id)!;
    b.replies[thread] = { data: m.data, ends: m.ends };
    b.waiting--;
    this.merge();
  }

  /** Writes every complete batch at the head of the queue, items in their original order. */
  private merge(): void {
    for (;;) {
      const b = this.batches.get(this.nextToMerge);
      if (!b || b.waiting > 0) break;
      this.batches.delete(this.nextToMerge++);
      const cursor = b.replies.map(() => 0);
      const offset = b.replies.map(() => 0);
      let local = 0;
      for (const thread of b.route) {
        if (thread === LOCAL) {
          const { record, bodyJson } = b.local[local++];
          if (this.opts.filterFn && !this.opts.filterFn(record)) continue;
          record.seq = ++this.seq;
          this.out.text(`{"seq":${record.seq}`);
          emitRecordAfterSeq(record, bodyJson, this.out, true);
          continue;
        }
        const r = b.replies[thread]!;
        const end = r.ends[cursor[thread]++];
        if (end > offset[thread]) {
          this.out.text(`{"seq":${++this.seq}`);
          this.out.bytes(r.data.subarray(offset[thread], end));
          offset[thread] = end;
        }
      }
    }
    this.wake?.();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }
}
