// A capture session: the engine's public API for the app (worker) and other hosts. Feed bytes
// incrementally; the summary pass keeps one small row per message (no decoded trees), raw payloads in an
// arena; `detail(seq)` rebuilds the full record (body re-decoded) on demand.

import type { Diagnostic } from '../core/diagnostics';
import type { FrameRef } from '../core/frame';
import type { ActorMap } from '../annotate/actors';
import type { Evidence } from '../annotate/annotate';
import type { AnnotationRule } from '../annotate/rules';
import { ByteArena } from './arena';
import { decodeBody } from './bodyDecoders';
import { createInspector, type Inspector } from './inspector';
import type { MessageRecord } from './record';
import { summarize } from './summary';

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
  onDiagnostic?(d: Diagnostic, at?: FrameRef): void;
}

const SEVERITY_RANK = { '': 0, info: 1, warning: 2, error: 3 } as const;

export class CaptureSession {
  private readonly rows: StoredRow[] = [];
  private readonly arena = new ByteArena();
  private readonly inspector: Inspector;
  private pendingRows: MessageRow[] = [];
  bytesRead = 0;

  constructor(private readonly opts: SessionOptions = {}) {
    this.inspector = createInspector({
      name: opts.name,
      actors: opts.actors,
      rules: opts.rules,
      onRecord: (r, extras) => this.add(r, extras.raw, extras.rawFormat),
      onDiagnostic: opts.onDiagnostic,
    });
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

  private add(r: MessageRecord, raw: Uint8Array | undefined, rawFormat: string | undefined): void {
    let severity: MessageRow['severity'] = '';
    for (const d of r.diagnostics) if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[severity]) severity = d.severity;
    const row: StoredRow = {
      seq: r.seq, frame: r.frame, time: r.time, protocol: r.protocol, version: r.version, src: r.src, dst: r.dst,
      from: r.from, to: r.to, pathway: r.pathway, name: r.name, kind: r.kind, id: r.id, summary: summarize(r.body),
      categories: r.categories, tags: r.tags, severity, diagnostics: r.diagnostics, evidence: r.evidence,
      rawAt: raw ? this.arena.add(raw) : 0, rawLength: raw ? raw.length : -1, rawFormat,
    };
    if (!raw || !rawFormat) row.body = r.body;
    this.rows.push(row);
    this.pendingRows.push(row);
  }

  private flushRows(): void {
    if (this.pendingRows.length === 0) return;
    const rows = this.pendingRows;
    this.pendingRows = [];
    this.opts.onRows?.(rows);
  }
}
