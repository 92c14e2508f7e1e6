// The UI thread's handle on the engine worker: typed requests with promises, and a subscription for
// progress, fatal errors and filter errors.

import type { CaptureSource, CompletionItem, Detail, FilterCheck, FromWorker, Series, QuickFilters, ToWorker, ViewRow } from './protocol';

export interface EngineEvents {
  onProgress(p: Extract<FromWorker, { type: 'progress' }>['progress']): void;
  onFatal(message: string): void;
  onFilterError(gen: number, message: string, start: number, end: number): void;
  /** A 'push' source wants bytes [offset, offset + length). */
  onPull?(offset: number, length: number): void;
  /** The worker reads bytes [offset, offset + length) of a 'push' source again; answer with readReply(id, …). */
  onRead?(id: number, offset: number, length: number): void;
}

export class EngineClient {
  private readonly worker: Worker;
  private req = 0;
  private readonly waiting = new Map<number, (msg: FromWorker) => void>();

  constructor(private readonly events: EngineEvents, worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('../workers/engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
    this.worker.onmessage = (ev: MessageEvent<FromWorker>) => this.receive(ev.data);
    this.worker.onerror = (ev) => this.events.onFatal(`engine worker failed: ${ev.message || 'unknown error'}`);
  }

  private send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'progress': this.events.onProgress(msg.progress); return;
      case 'fatal': this.events.onFatal(msg.message); return;
      case 'filterError': this.events.onFilterError(msg.gen, msg.message, msg.start, msg.end); return;
      case 'pull': this.events.onPull?.(msg.offset, msg.length); return;
      case 'read': this.events.onRead?.(msg.id, msg.offset, msg.length); return;
      default: {
        const done = this.waiting.get(msg.req);
        if (done) {
          this.waiting.delete(msg.req);
          done(msg);
        }
      }
    }
  }

  private ask<T extends FromWorker['type']>(msg: ToWorker & { req: number }): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve) => {
      this.waiting.set(msg.req, resolve as (m: FromWorker) => void);
      this.send(msg);
    });
  }

  open(source: CaptureSource, sliceSize?: number): void {
    this.send({ type: 'open', source, sliceSize });
  }

  chunk(bytes: Uint8Array, last: boolean): void {
    this.send({ type: 'chunk', bytes, last }, [bytes.buffer as ArrayBuffer]);
  }

  cancel(): void {
    this.send({ type: 'cancel' });
  }

  filter(gen: number, text: string, quick: QuickFilters): void {
    this.send({ type: 'filter', gen, text, quick });
  }

  async rows(gen: number, start: number, end: number): Promise<{ gen: number; start: number; rows: ViewRow[] }> {
    const m = await this.ask<'rows'>({ type: 'rows', gen, start, end, req: ++this.req });
    return { gen: m.gen, start: m.start, rows: m.rows };
  }

  async detail(seq: number): Promise<Detail | null> {
    return (await this.ask<'detail'>({ type: 'detail', seq, req: ++this.req })).detail;
  }

  async locate(seq: number, gen: number): Promise<number> {
    return (await this.ask<'locate'>({ type: 'locate', seq, gen, req: ++this.req })).index;
  }

  async times(gen: number): Promise<{ gen: number; times: Float64Array }> {
    const m = await this.ask<'times'>({ type: 'times', gen, req: ++this.req });
    return { gen: m.gen, times: m.times };
  }

  async complete(text: string, cursor: number): Promise<{ completions: CompletionItem[]; error: FilterCheck | null }> {
    const m = await this.ask<'complete'>({ type: 'complete', text, cursor, req: ++this.req });
    return { completions: m.completions, error: m.error };
  }

  async series(): Promise<{ gen: number; series: Series[]; scanned: number; truncated: boolean }> {
    const m = await this.ask<'series'>({ type: 'series', req: ++this.req });
    return { gen: m.gen, series: m.series, scanned: m.scanned, truncated: m.truncated };
  }

  async exportView(format: 'ndjson' | 'csv'): Promise<{ text: string; mime: string }> {
    const m = await this.ask<'export'>({ type: 'export', format, req: ++this.req });
    return { text: m.text, mime: m.mime };
  }

  /** The frames of the filtered messages as a pcapng file (rejects with the reason when it cannot be made). */
  async exportPcapng(): Promise<{ bytes: Uint8Array; frames: number; messages: number }> {
    const m = await this.ask<'exportPcapng'>({ type: 'exportPcapng', req: ++this.req });
    if (!m.bytes) throw new Error(m.error ?? 'export failed');
    return { bytes: m.bytes, frames: m.frames, messages: m.messages };
  }

  readReply(id: number, bytes: Uint8Array | undefined, error?: string): void {
    this.send({ type: 'readReply', id, bytes, error }, bytes ? [bytes.buffer as ArrayBuffer] : []);
  }
}
