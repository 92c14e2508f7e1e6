// A capture session: the engine's public API for the app (worker) and other hosts. Feed bytes
// incrementally; the summary pass keeps one small row per message (no decoded trees), raw payloads in an
// arena; `detail(seq)` rebuilds the full record (body re-decoded) on demand.

import type { Diagnostic } from '../core/diagnostics';
import type { FrameRef } from '../core/frame';
import type { ActorMap } from '../annotate/actors';
import type { Evidence } from '../annotate/annotate';
import type { AnnotationRule } from '../annotate/rules';
import { readPieces, writeExportedPcapng, type ByteSource, type Piece } from '../capture/extract';
import { ByteArena } from './arena';
import { decodeBody } from './bodyDecoders';
import { FrameIndex } from './frameIndex';
import type { FrameLoc } from './frameTrack';
import { createInspector, type Inspector, type RecordExtras } from './inspector';
import type { MessageRecord } from './record';
import { summarize } from './summary';

export type { ByteSource } from '../capture/extract';
export type { FrameLoc } from './frameTrack';

/** One row of the message list: the record without its body and evidence, plus a summary. */
export interface MessageRow extends Omit<MessageRecord, 'body' | 'evidence'> {
  summary: string;
  /** Worst severity among the diagnostics, '' when none. */
  severity: '' | 'info' | 'warning' | 'error';
}

interface StoredRow extends MessageRow {
  evidence: Evidence[];
  rawAt: number;
  rawLength: number;
  rawFormat?: string;
  /** Kept only when the message has no raw payload to re-decode from. */
  body?: unknown;
}

export interface SessionOptions {
  actors?: ActorMap;
  rules?: AnnotationRule[];
  name?: string;
  onRows?(rows: MessageRow[]): void;
  /**
   * A grid request (record `id` of `protocol`) was answered by an HTTP response that is no record, e.g.
   * OpenADR 2.0's empty 200 acknowledgement. Told after the onRows call that delivered the request.
   */
  onAnswered?(protocol: string, id: string, status: number): void;
  onDiagnostic?(d: Diagnostic, at?: FrameRef): void;
}

/** What exportPcapng wrote. */
export interface PcapngExport {
  bytes: Uint8Array;
  /** Packets written: the messages' frames, their connections' handshakes, compression history (exportPcapng). */
  frames: number;
  messages: number;
}

const SEVERITY_RANK = { '': 0, info: 1, warning: 2, error: 3 } as const;
const INTERN_LIMIT = 100_000;
const EMPTY: readonly never[] = Object.freeze([]);
function emptyOr<T>(v: T[]): T[] {
  return v.length === 0 ? (EMPTY as unknown as T[]) : v;
}

export class CaptureSession {
  private readonly rows: StoredRow[] = [];
  private readonly arena = new ByteArena();
  private readonly inspector: Inspector;
  private pendingRows: MessageRow[] = [];
  private pendingAnswers: Array<[protocol: string, id: string, status: number]> = [];
  private readonly frameIndex = new FrameIndex();
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();
  private readonly evidence = new Map<string, Evidence[]>();
  bytesRead = 0;

  constructor(private readonly opts: SessionOptions = {}) {
    this.inspector = createInspector({
      name: opts.name,
      actors: opts.actors,
      rules: opts.rules,
      onRecord: (r, extras) => this.add(r, extras),
      onDiagnostic: opts.onDiagnostic,
      trackFrames: true,
      onContainer: (kind, offset, length) => this.frameIndex.container(kind, offset, length),
      onAnswered: (protocol, id, status) => {
        this.pendingAnswers.push([protocol, id, status]);
      },
    });
  }

  /** 'pcap', 'pcapng', 'pcap.gz' or 'pcapng.gz' once known. */
  get format(): string | undefined {
    return this.inspector.format;
  }

  push(chunk: Uint8Array): void {
    this.bytesRead += chunk.length;
    this.inspector.push(chunk);
    this.flushRows();
  }

  end(): void {
    this.inspector.end();
    this.flushRows();
  }

  get fatal(): Diagnostic | undefined {
    return this.inspector.fatal;
  }

  get count(): number {
    return this.rows.length;
  }

  get frames(): number {
    return this.inspector.stats.frames;
  }

  row(index: number): MessageRow {
    return this.rows[index];
  }

  /** The full record of message `seq` (1-based), body re-decoded from its raw payload. */
  detail(seq: number): (MessageRecord & { summary: string; raw?: Uint8Array }) | undefined {
    const s = this.rows[seq - 1];
    if (!s) return undefined;
    const raw = s.rawLength >= 0 ? this.arena.get(s.rawAt, s.rawLength) : undefined;
    const body = s.body !== undefined ? s.body : decodeBody(s.rawFormat, raw);
    return {
      seq: s.seq, frame: s.frame, time: s.time, protocol: s.protocol, version: s.version, src: s.src, dst: s.dst,
      from: s.from, to: s.to, pathway: s.pathway, name: s.name, kind: s.kind, id: s.id, body,
      categories: s.categories, tags: s.tags, diagnostics: s.diagnostics, evidence: s.evidence, summary: s.summary, raw,
    };
  }

  /**
   * The frames that carried message `seq` and those its connection needs (a WebSocket handshake), as places
   * in the (inflated) capture stream, sorted, without repeats.
   */
  framesOf(seq: number): FrameLoc[] {
    const s = this.rows[seq - 1];
    if (!s) return [];
    return sortUnique(this.frameIndex.framesOf(seq, s.src, s.dst));
  }

  /**
   * A pcapng file of the frames behind the messages `seqs` (any order): framesOf each, and on WebSocket
   * directions compressed with context takeover the frames of the earlier messages too (they are needed to
   * inflate it: engine/frameIndex.ts). Read again from the original capture through `source`, with the
   * capture's sections and interfaces (capture/extract.ts).
   */
  async exportPcapng(seqs: Iterable<number>, source: ByteSource): Promise<PcapngExport> {
    const format = this.inspector.format;
    if (format === undefined) throw new Error('nothing was read from this capture');
    const { frames: locs, messages } = this.frameIndex.exportFrames(seqs, (seq) => this.rows[seq - 1]);
    const frames = sortUnique(locs);
    const pieces: Piece[] = [...this.frameIndex.blocks, ...frames.map((f): Piece => ({ kind: 'frame', offset: f.offset, length: f.length }))];
    pieces.sort((a, b) => a.offset - b.offset);
    const gzip = format.endsWith('.gz');
    const bytes = await readPieces(source, pieces, gzip);
    const base = gzip ? format.slice(0, -3) : format;
    return { bytes: writeExportedPcapng(base === 'pcap' ? 'pcap' : 'pcapng', pieces, bytes), frames: frames.length, messages };
  }

  private add(r: MessageRecord, extras: RecordExtras): void {
    const { raw, rawFormat } = extras;
    this.frameIndex.add(r.seq, extras.frames, extras.context, r.src, r.dst);
    let severity: MessageRow['severity'] = '';
    for (const d of r.diagnostics) if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[severity]) severity = d.severity;
    // Fields that repeat across messages (endpoints, actors, names, versions) share one string each, and
    // empty lists share one array: a million rows then cost their unique parts only (time, id, summary).
    const i = (v: string): string => this.intern(v);
    const row: StoredRow = {
      seq: r.seq, frame: r.frame, time: r.time, protocol: i(r.protocol), version: i(r.version), src: i(r.src), dst: i(r.dst),
      from: i(r.from), to: i(r.to), pathway: i(r.pathway), name: i(r.name), kind: r.kind, id: r.id, summary: summarize(r.body),
      categories: this.list(r.categories), tags: this.list(r.tags), severity, diagnostics: emptyOr(r.diagnostics), evidence: this.evidenceList(r.evidence),
      rawAt: raw ? this.arena.add(raw) : 0, rawLength: raw ? raw.length : -1, rawFormat: rawFormat === undefined ? undefined : i(rawFormat),
    };
    if (!raw || !rawFormat) row.body = r.body;
    this.rows.push(row);
    this.pendingRows.push(row);
  }

  private intern(v: string): string {
    const known = this.strings.get(v);
    if (known !== undefined) return known;
    // Bounded: past the limit, new values are kept as they are (correct, only less compact).
    if (this.strings.size < INTERN_LIMIT) this.strings.set(v, v);
    return v;
  }

  /** Lists of strings (categories, tags) shared by content, as the same few lists repeat on every message. */
  private list(v: string[]): string[] {
    if (v.length === 0) return EMPTY as unknown as string[];
    if (v.length > 8) return v;
    const key = v.join('\u0000');
    const known = this.lists.get(key);
    if (known !== undefined) return known;
    if (this.lists.size < INTERN_LIMIT) this.lists.set(key, v.map((x) => this.intern(x)));
    return this.lists.get(key) ?? v;
  }

  /** Evidence lists (a rule id and a field path each) shared by content, as they repeat like categories. */
  private evidenceList(v: Evidence[]): Evidence[] {
    if (v.length === 0) return EMPTY as unknown as Evidence[];
    if (v.length > 8) return v;
    let key = '';
    for (const e of v) key += `${e.rule}\u0000${e.field ?? '\u0001'}\u0000`;
    const known = this.evidence.get(key);
    if (known !== undefined) return known;
    if (this.evidence.size >= INTERN_LIMIT) return v;
    const shared = v.map((e): Evidence => (e.field === undefined ? { rule: this.intern(e.rule) } : { rule: this.intern(e.rule), field: this.intern(e.field) }));
    this.evidence.set(key, shared);
    return shared;
  }

  private flushRows(): void {
    if (this.pendingRows.length > 0) {
      const rows = this.pendingRows;
      this.pendingRows = [];
      this.opts.onRows?.(rows);
    }
    if (this.pendingAnswers.length > 0) {
      const answers = this.pendingAnswers;
      this.pendingAnswers = [];
      for (const [protocol, id, status] of answers) this.opts.onAnswered?.(protocol, id, status);
    }
  }
}

function sortUnique(locs: FrameLoc[]): FrameLoc[] {
  locs.sort((a, b) => a.offset - b.offset);
  const out: FrameLoc[] = [];
  for (const l of locs) if (out.length === 0 || out[out.length - 1].offset !== l.offset) out.push(l);
  return out;
}
