// The engine side of the app, run inside the Web Worker: reads a capture in slices into a CaptureSession,
// keeps the filtered view (indices only), links requests with their responses, counts facets for the
// quick filters and answers the UI's requests for row windows and details. The engine itself is passed
// in (engine.worker.ts wires the real one), so this file imports only types from parsers/ and can be
// tested in Node with the real engine.

import type { Diagnostic } from '../../parsers/core/diagnostics';
import type { MessageRecord } from '../../parsers/engine/record';
import type { ByteSource, MessageRow, PcapngExport } from '../../parsers/engine/session';
import { GrowableFloat64, GrowableInt32 } from '../../parsers/core/growable';
import type { CaptureSource, CompletionItem, Detail, FilterCheck, Series, Facets, FromWorker, Progress, QuickFilters, ToWorker, ViewRow } from './protocol';
import { isoToSeconds } from '../lib/time';
import { toCsv, toNdjsonLine } from './exporters';
import { extractSamples } from './values';

export interface SessionLike {
  push(chunk: Uint8Array): void;
  end(): void;
  readonly fatal: Diagnostic | undefined;
  readonly count: number;
  readonly frames: number;
  readonly bytesRead?: number;
  row(index: number): MessageRow;
  detail(seq: number): (MessageRecord & { summary: string; raw?: Uint8Array }) | undefined;
  /** The frames behind messages `seqs` as pcapng, read again through `source` (CaptureSession.exportPcapng). */
  exportPcapng?(seqs: Iterable<number>, source: ByteSource): Promise<PcapngExport>;
}

export interface EngineDeps {
  createSession(opts: {
    name: string;
    onRows(rows: MessageRow[]): void;
    /** A grid request answered by an HTTP response that is no message (after the rows that delivered it). */
    onAnswered?(protocol: string, id: string, status: number): void;
  }): SessionLike;
  compileFilter(text: string): (r: MessageRecord) => boolean;
  completeFilter(text: string, cursor: number, extraValues: Record<string, string[]>): CompletionItem[];
  /** The filter language's syntax error (FilterSyntaxError): message with start/end offsets. */
  syntaxError(e: unknown): { message: string; start: number; end: number } | undefined;
  post(msg: FromWorker, transfer?: Transferable[]): void;
  /** The rule behind an evidence id: its sentence and what it gives (annotate/rules.ts). */
  explain?(ruleId: string): { why: string; categories: string[]; tags: string[] } | undefined;
  /** Milliseconds clock, for throttling progress messages. */
  now?(): number;
}

type Predicate = (r: MessageRecord) => boolean;

/** Protocols whose `id` names one request/response exchange (OCPP message id, HTTP exchange). */
const CORRELATED = new Set(['ocpp', 'openadr', 'ieee2030.5']);
/**
 * Protocols over HTTP whose record `id` is the connection and the HTTP exchange on it (engine/bindings/
 * gridBinding.ts): a response answers the request with its id, whatever the two are named (an oadrPoll is
 * answered by an oadrDistributeEvent, a GET of a list by the list); pipelined requests keep their numbers.
 */
const HTTP_EXCHANGE = new Set(['openadr', 'ieee2030.5']);
/** Largest read asked of the UI thread for a 'push' source (the Electron bridge's MAX_SLICE). */
const MAX_READ = 16 << 20;
const EMPTY_QUICK: QuickFilters = { protocols: [], pathways: [], categories: [], severities: [] };
const DEFAULT_SLICE = 1 << 20;
const FIRST_SLICE = 64 << 10;
const PROGRESS_EVERY_MS = 80;
const FILTER_CHUNK = 20_000;

function emptyFacets(): Facets {
  return { protocols: {}, pathways: {}, categories: {}, severities: {}, actors: {}, names: {} };
}

function bump(map: Record<string, number>, key: string): void {
  if (key === '') return;
  map[key] = (map[key] ?? 0) + 1;
}

export class EngineHost {
  private session: SessionLike | undefined;
  private loadId = 0;
  private name = '';
  private total = 0;
  private done = true;
  private cancelled = false;
  private fatalSent = false;
  private startTime = '';
  private t0 = NaN;

  /**
   * seq -> partner seq (request <-> response), 0 when none; for a request answered by an HTTP response that
   * is no message, minus that response's status. Index by seq.
   */
  private readonly partner = new GrowableInt32();
  private source: CaptureSource | undefined;
  private readonly reads = new Map<number, (r: { bytes?: Uint8Array; error?: string }) => void>();
  private readId = 0;
  /** Relative time (s since the first message) by seq - 1. */
  private readonly rel = new GrowableFloat64();
  private readonly pending = new Map<string, number>();
  private facets = emptyFacets();

  /** The filtered view: 0-based row indices, ascending. */
  private view = new GrowableInt32();
  private gen = 0;
  private predicate: Predicate | undefined;
  private filterText = '';
  private quick: QuickFilters = EMPTY_QUICK;
  /** Rows [0, scanned) have been tested against the predicate; a rebuild is running while scanned < count. */
  private scanned = 0;
  private rebuilding = false;

  private lastProgress = 0;
  private pushWaiter: ((c: { bytes: Uint8Array; last: boolean } | null) => void) | undefined;

  constructor(private readonly deps: EngineDeps) {}

  handle(msg: ToWorker): void | Promise<void> {
    switch (msg.type) {
      case 'open':
        return this.open(msg.source, msg.sliceSize);
      case 'chunk':
        this.pushWaiter?.({ bytes: msg.bytes, last: msg.last });
        return;
      case 'cancel':
        this.cancel();
        return;
      case 'filter':
        return this.setFilter(msg.gen, msg.text, msg.quick);
      case 'rows':
        this.deps.post({ type: 'rows', gen: this.gen, start: msg.start, rows: this.rows(msg.start, msg.end), req: msg.req });
        return;
      case 'detail':
        this.postDetail(msg.seq, msg.req);
        return;
      case 'locate':
        this.deps.post({ type: 'locate', req: msg.req, index: this.locate(msg.seq) });
        return;
      case 'times': {
        const times = this.times();
        this.deps.post({ type: 'times', req: msg.req, gen: this.gen, times }, [times.buffer]);
        return;
      }
      case 'export':
        this.deps.post({ type: 'export', req: msg.req, ...this.exportView(msg.format) });
        return;
      case 'exportPcapng':
        return this.exportPcapng().then(
          (r) => this.deps.post({ type: 'exportPcapng', req: msg.req, bytes: r.bytes, frames: r.frames, messages: r.messages }, [r.bytes.buffer as ArrayBuffer]),
          (e: unknown) => this.deps.post({ type: 'exportPcapng', req: msg.req, frames: 0, messages: 0, error: (e as Error).message ?? String(e) }),
        );
      case 'readReply': {
        const done = this.reads.get(msg.id);
        this.reads.delete(msg.id);
        done?.({ bytes: msg.bytes, error: msg.error });
        return;
      }
      case 'series':
        this.deps.post({ type: 'series', req: msg.req, gen: this.gen, ...this.series() });
        return;
      case 'complete':
        this.deps.post({ type: 'complete', req: msg.req, ...this.complete(msg.text, msg.cursor) });
        return;
    }
  }

  // ---- loading -------------------------------------------------------------------------------------

  async open(source: CaptureSource, sliceSize = DEFAULT_SLICE): Promise<void> {
    const id = ++this.loadId;
    this.pushWaiter?.(null);
    this.reset(source.name);
    this.total = source.kind === 'file' ? source.file.size : source.kind === 'push' ? source.size : 0;
    this.source = source;
    const session = this.deps.createSession({
      name: source.name,
      onRows: (rows) => this.onRows(rows),
      onAnswered: (protocol, id, status) => this.answered(protocol, id, status),
    });
    this.session = session;
    this.progress(true);
    const slice = Math.max(256, Math.min(sliceSize, 64 << 20));
    try {
      if (source.kind === 'file') {
        // The first slices are small, so that the first rows show after a few dozen milliseconds of parsing
        // (the engine is still cold then); they double up to the full slice size.
        for (let off = 0, size = Math.min(slice, FIRST_SLICE); off < source.file.size; off += size, size = Math.min(slice, size * 2)) {
          const buf = await source.file.slice(off, Math.min(off + size, source.file.size)).arrayBuffer();
          if (id !== this.loadId || this.cancelled) return;
          if (!this.feed(session, new Uint8Array(buf))) break;
          // Let cancel, filter and row requests in between slices.
          await yieldToEventLoop();
          if (id !== this.loadId || this.cancelled) return;
        }
      } else if (source.kind === 'url') {
        const res = await fetch(source.url);
        if (!res.ok || !res.body) throw new Error(`cannot read ${source.name}: HTTP ${res.status}`);
        this.total = Number(res.headers.get('content-length') ?? 0);
        const reader = res.body.getReader();
        while (true) {
          const { value, done } = await reader.read();
          if (id !== this.loadId || this.cancelled) {
            void reader.cancel();
            return;
          }
          if (done) break;
          if (!this.feed(session, value)) break;
        }
      } else {
        let offset = 0;
        while (true) {
          const next = await new Promise<{ bytes: Uint8Array; last: boolean } | null>((resolve) => {
            this.pushWaiter = resolve;
            this.deps.post({ type: 'pull', offset, length: slice });
          });
          this.pushWaiter = undefined;
          if (!next || id !== this.loadId || this.cancelled) return;
          offset += next.bytes.length;
          if (!this.feed(session, next.bytes) || next.last) break;
        }
      }
      if (id !== this.loadId) return;
      session.end();
    } catch (e) {
      if (id !== this.loadId) return;
      this.deps.post({ type: 'fatal', message: (e as Error).message });
    }
    if (id !== this.loadId) return;
    this.done = true;
    this.checkFatal(session);
    this.progress(true);
  }

  private feed(session: SessionLike, bytes: Uint8Array): boolean {
    session.push(bytes);
    if (this.checkFatal(session)) return false;
    this.progress(false);
    return true;
  }

  private checkFatal(session: SessionLike): boolean {
    const f = session.fatal;
    if (!f) return false;
    if (!this.fatalSent) {
      this.fatalSent = true;
      this.deps.post({ type: 'fatal', message: `${this.name}: ${f.message}` });
    }
    return true;
  }

  cancel(): void {
    if (this.done) return;
    this.cancelled = true;
    this.done = true;
    this.pushWaiter?.(null);
    this.progress(true);
  }

  private reset(name: string): void {
    this.name = name;
    this.done = false;
    this.cancelled = false;
    this.fatalSent = false;
    this.startTime = '';
    this.t0 = NaN;
    this.partner.clear();
    this.pending.clear();
    this.facets = emptyFacets();
    this.view = new GrowableInt32();
    this.scanned = 0;
    this.rebuilding = false;
    this.rel.length = 0;
  }

  private onRows(rows: MessageRow[]): void {
    for (const r of rows) {
      if (this.startTime === '') {
        this.startTime = r.time;
        this.t0 = isoToSeconds(r.time);
      }
      this.rel.push(isoToSeconds(r.time) - this.t0);
      this.link(r);
      bump(this.facets.protocols, r.protocol);
      bump(this.facets.pathways, r.pathway);
      for (const c of r.categories) bump(this.facets.categories, c);
      bump(this.facets.severities, r.severity === '' ? 'none' : r.severity);
      bump(this.facets.actors, r.from);
      bump(this.facets.actors, r.to);
      if (r.name !== '?' && (this.facets.names[r.name] !== undefined || Object.keys(this.facets.names).length < 500)) bump(this.facets.names, r.name);
    }
    if (this.rebuilding) return;
    const session = this.session!;
    for (let i = this.scanned; i < session.count; i++) if (this.matches(i)) this.view.push(i);
    this.scanned = session.count;
  }

  /**
   * Pairs a response (or error) with its request. OpenADR and IEEE 2030.5: by HTTP exchange (the record id).
   * Others: with the latest open request of the same protocol, correlation id (none for SLAC), message (its
   * name without the Req/Res, .REQ/.CNF suffix) and endpoints; for OCPP both endpoints, for the rest the
   * requester's only, as SDP and SLAC requests go to a multicast or broadcast address and are answered from
   * the responder's own.
   */
  private link(r: MessageRow): void {
    this.partner.set(r.seq, 0);
    if (r.kind !== 'request' && r.kind !== 'response' && r.kind !== 'error') return;
    if (HTTP_EXCHANGE.has(r.protocol)) {
      const key = `${r.protocol}\u0000${r.id}`;
      if (r.kind === 'request') {
        if (!this.pending.has(key)) this.pending.set(key, r.seq);
        return;
      }
      const req = this.pending.get(key);
      if (req !== undefined) {
        this.pending.delete(key);
        this.partner.set(req, r.seq);
        this.partner.set(r.seq, req);
      }
      return;
    }
    const ends = r.protocol !== 'ocpp' ? (r.kind === 'request' ? r.src : r.dst) : r.src < r.dst ? `${r.src}|${r.dst}` : `${r.dst}|${r.src}`;
    const base = r.kind === 'error' && r.protocol !== 'ocpp' ? '' : r.name.replace(/(\.REQ|\.CNF|\.RSP|Req|Res|Request|Response)$/, '');
    // Only some ids correlate one exchange; an ISO 15118 / DIN SessionID spans the session (and changes in
    // SessionSetupRes), so those protocols pair by message and connection (they strictly alternate).
    const id = CORRELATED.has(r.protocol) ? r.id : '';
    const key = `${r.protocol}\u0000${id}\u0000${base}\u0000${ends}`;
    if (r.kind === 'request') {
      this.pending.set(key, r.seq);
      if (r.protocol !== 'ocpp') this.pending.set(`${r.protocol}\u0000${id}\u0000\u0000${ends}`, r.seq);
    } else {
      const req = this.pending.get(key);
      if (req !== undefined && this.partner.get(req) === 0) {
        this.pending.delete(key);
        this.partner.set(req, r.seq);
        this.partner.set(r.seq, req);
      }
    }
  }

  /** A grid request answered by an HTTP response that is no message: no longer pending, not unanswered. */
  private answered(protocol: string, id: string, status: number): void {
    const key = `${protocol}\u0000${id}`;
    const req = this.pending.get(key);
    if (req === undefined) return;
    this.pending.delete(key);
    if (this.partner.get(req) === 0) this.partner.set(req, -Math.max(1, status));
  }

  private progress(force: boolean): void {
    const now = this.deps.now?.() ?? Date.now();
    if (!force && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    const s = this.session;
    const p: Progress = {
      name: this.name,
      bytesRead: s?.bytesRead ?? 0,
      total: this.total,
      count: s?.count ?? 0,
      frames: s?.frames ?? 0,
      viewCount: this.view.length,
      gen: this.gen,
      done: this.done,
      cancelled: this.cancelled,
      facets: this.facets,
      startTime: this.startTime,
    };
    this.deps.post({ type: 'progress', progress: p });
  }

  // ---- filtering -----------------------------------------------------------------------------------

  async setFilter(gen: number, text: string, quick: QuickFilters): Promise<void> {
    let compiled: Predicate | undefined;
    try {
      compiled = text.trim() === '' ? undefined : this.deps.compileFilter(text);
    } catch (e) {
      const se = this.deps.syntaxError(e);
      if (!se) throw e;
      this.deps.post({ type: 'filterError', gen, message: se.message, start: se.start, end: se.end });
      return;
    }
    this.gen = gen;
    this.filterText = text;
    this.quick = quick;
    const q = quickPredicate(quick);
    this.predicate = compiled && q ? (r) => q(r) && compiled(r) : compiled ?? q;
    this.view = new GrowableInt32();
    this.scanned = 0;
    const session = this.session;
    if (!session) {
      this.progress(true);
      return;
    }
    this.rebuilding = true;
    const view = this.view;
    while (this.scanned < session.count) {
      const end = Math.min(session.count, this.scanned + FILTER_CHUNK);
      for (let i = this.scanned; i < end; i++) if (this.matches(i)) view.push(i);
      this.scanned = end;
      if (this.scanned < session.count) {
        this.progress(false);
        await new Promise((r) => setTimeout(r, 0));
        if (this.gen !== gen || this.session !== session) return;
      }
    }
    this.rebuilding = false;
    this.progress(true);
  }

  private matches(index: number): boolean {
    const p = this.predicate;
    if (!p) return true;
    const session = this.session!;
    const row = session.row(index);
    const rec = Object.create(row) as MessageRecord;
    Object.defineProperty(rec, 'body', { get: () => session.detail(row.seq)?.body });
    try {
      return p(rec);
    } catch {
      return false;
    }
  }

  /** Completion at the cursor, and the syntax error of the whole text (null when it compiles). */
  complete(text: string, cursor: number): { completions: CompletionItem[]; error: FilterCheck | null } {
    const names = Object.keys(this.facets.names).sort();
    const extra: Record<string, string[]> = { name: names };
    for (const f of ['ocpp.action', 'openadr.message', 'ieee2030_5.resource', 'v2g.message', 'slac.message']) extra[f] = names;
    let completions: CompletionItem[] = [];
    try {
      completions = this.deps.completeFilter(text, cursor, extra).slice(0, 50);
    } catch {
      completions = [];
    }
    let error: FilterCheck | null = null;
    try {
      this.deps.compileFilter(text);
    } catch (e) {
      const se = this.deps.syntaxError(e);
      error = se ? { message: se.message, start: se.start, end: se.end } : { message: String((e as Error).message ?? e), start: 0, end: text.length };
    }
    return { completions, error };
  }

  /**
   * Plottable values of the messages in the view (bodies re-decoded; at most `limit` messages scanned).
   * Values of different conversations (two chargers) are separate series, named by the far endpoint.
   */
  series(limit = 100_000): { series: Series[]; scanned: number; truncated: boolean } {
    const s = this.session;
    const byKey = new Map<string, Series & { party: string; base: string }>();
    const n = Math.min(this.view.length, limit);
    if (s) {
      for (let i = 0; i < n; i++) {
        const idx = this.view.get(i);
        const row = s.row(idx);
        const body = s.detail(idx + 1)?.body;
        if (body === null || typeof body !== 'object') continue;
        const t = this.rel.get(idx);
        // The party: the endpoint on the device side (EVSE / EV) of the conversation, else the sender.
        const party = row.to === 'evse' || row.to === 'ev' ? row.dst : row.src;
        for (const smp of extractSamples(body)) {
          const key = `${smp.name}\u0000${smp.unit}\u0000${party}`;
          let ser = byKey.get(key);
          if (!ser) byKey.set(key, (ser = { name: smp.name, base: smp.name, unit: smp.unit, party, t: [], v: [], seq: [] }));
          ser.t.push(t);
          ser.v.push(smp.value);
          ser.seq.push(idx + 1);
        }
      }
    }
    const parties = new Map<string, Set<string>>();
    for (const ser of byKey.values()) {
      const k = `${ser.base}\u0000${ser.unit}`;
      if (!parties.has(k)) parties.set(k, new Set());
      parties.get(k)!.add(ser.party);
    }
    const series: Series[] = [...byKey.values()]
      .sort((a, b) => b.t.length - a.t.length)
      .slice(0, 24)
      .map(({ base, unit, party, t, v, seq }) => ({
        name: parties.get(`${base}\u0000${unit}`)!.size > 1 ? `${base} @ ${party}` : base, unit, t, v, seq,
      }));
    return { series, scanned: n, truncated: n < this.view.length };
  }

  // ---- queries -------------------------------------------------------------------------------------

  rows(start: number, end: number): ViewRow[] {
    const s = this.session;
    if (!s) return [];
    const out: ViewRow[] = [];
    const stop = Math.min(end, this.view.length);
    for (let i = Math.max(0, start); i < stop; i++) out.push(this.viewRow(this.view.get(i)));
    return out;
  }

  private viewRow(index: number): ViewRow {
    const r = this.session!.row(index);
    return {
      seq: r.seq, frame: r.frame, time: r.time, protocol: r.protocol, version: r.version, src: r.src, dst: r.dst,
      from: r.from, to: r.to, pathway: r.pathway, name: r.name, kind: r.kind, id: r.id, summary: r.summary,
      categories: r.categories, tags: r.tags, severity: r.severity, diagnostics: r.diagnostics,
      ...this.linkOf(r.seq), rel: this.rel.get(index),
    };
  }

  /** The partner of message `seq` and whether an HTTP response acknowledged it without a message. */
  private linkOf(seq: number): { partner: number; acknowledged: number } {
    const p = this.partner.get(seq);
    return p > 0 ? { partner: p, acknowledged: 0 } : { partner: 0, acknowledged: p < 0 ? -p : 0 };
  }

  /** View index of message `seq`, or -1 when the filter hides it. */
  locate(seq: number): number {
    const i = this.view.lowerBound(seq - 1);
    return i < this.view.length && this.view.get(i) === seq - 1 ? i : -1;
  }

  times(): Float64Array {
    const out = new Float64Array(this.view.length);
    for (let i = 0; i < out.length; i++) out[i] = this.rel.get(this.view.get(i));
    return out;
  }

  detail(seq: number): Detail | null {
    const d = this.session?.detail(seq);
    if (!d) return null;
    const { raw, evidence, ...rest } = d;
    const explained = evidence.map((e) => {
      const rule = this.deps.explain?.(e.rule);
      return { ...e, why: rule?.why ?? '', categories: rule?.categories ?? [], tags: rule?.tags ?? [] };
    });
    return { seq, record: { ...rest, evidence: explained }, raw: raw ? raw.slice() : undefined, ...this.linkOf(seq) };
  }

  private postDetail(seq: number, req: number): void {
    const detail = this.detail(seq);
    this.deps.post({ type: 'detail', req, detail }, detail?.raw ? [detail.raw.buffer as ArrayBuffer] : []);
  }

  exportView(format: 'ndjson' | 'csv'): { text: string; mime: string } {
    const s = this.session;
    const rows: MessageRow[] = [];
    const lines: string[] = [];
    if (s) {
      for (let i = 0; i < this.view.length; i++) {
        const idx = this.view.get(i);
        if (format === 'csv') rows.push(s.row(idx));
        else {
          const d = s.detail(idx + 1);
          if (d) lines.push(toNdjsonLine(d));
        }
      }
    }
    return format === 'csv'
      ? { text: toCsv(rows), mime: 'text/csv' }
      : { text: lines.join(''), mime: 'application/x-ndjson' };
  }

  /**
   * The frames of the messages in the view as a pcapng file, read again from the capture (a File's slices;
   * a URL fetched again; a 'push' source through 'read' requests to the UI thread).
   */
  async exportPcapng(): Promise<PcapngExport> {
    const s = this.session;
    const src = this.source;
    if (!s || !src) throw new Error('no capture is open');
    if (!s.exportPcapng) throw new Error('this engine cannot export frames');
    if (!this.done) throw new Error('the capture is still being read');
    if (this.cancelled) throw new Error('reading the capture was stopped; open it again to export');
    const seqs = new Int32Array(this.view.length);
    for (let i = 0; i < seqs.length; i++) seqs[i] = this.view.get(i) + 1;
    return s.exportPcapng(seqs, this.byteSource(src));
  }

  private byteSource(src: CaptureSource): ByteSource {
    switch (src.kind) {
      case 'file':
        return { read: async (offset, length) => new Uint8Array(await src.file.slice(offset, offset + length).arrayBuffer()) };
      case 'url':
        return {
          async *stream() {
            const res = await fetch(src.url);
            if (!res.ok || !res.body) throw new Error(`cannot read ${src.name} again: HTTP ${res.status}`);
            const reader = res.body.getReader();
            try {
              while (true) {
                const { value, done } = await reader.read();
                if (done) return;
                yield value;
              }
            } finally {
              void reader.cancel().catch(() => {});
            }
          },
        };
      case 'push':
        return { read: (offset, length) => this.readPushed(offset, Math.min(length, MAX_READ)) };
    }
  }

  private readPushed(offset: number, length: number): Promise<Uint8Array> {
    const id = ++this.readId;
    return new Promise((resolve, reject) => {
      this.reads.set(id, (r) => (r.bytes ? resolve(r.bytes) : reject(new Error(r.error ?? 'cannot read the capture again'))));
      this.deps.post({ type: 'read', id, offset, length });
    });
  }

  /** For tests: the current filter text and view length. */
  get state(): { gen: number; filter: string; quick: QuickFilters; view: number; count: number; done: boolean } {
    return { gen: this.gen, filter: this.filterText, quick: this.quick, view: this.view.length, count: this.session?.count ?? 0, done: this.done };
  }
}

/** Resolves after the event loop has run other tasks (a MessageChannel round trip: no timer clamping). */
function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

function quickPredicate(q: QuickFilters): Predicate | undefined {
  const tests: Predicate[] = [];
  if (q.protocols.length) tests.push((r) => q.protocols.includes(r.protocol));
  if (q.pathways.length) tests.push((r) => q.pathways.includes(r.pathway));
  if (q.categories.length) tests.push((r) => r.categories.some((c) => q.categories.includes(c)));
  if (q.severities.length) {
    tests.push((r) => {
      const sev = (r as unknown as MessageRow).severity ?? '';
      return q.severities.includes(sev === '' ? 'none' : sev);
    });
  }
  if (tests.length === 0) return undefined;
  return (r) => tests.every((t) => t(r));
}
