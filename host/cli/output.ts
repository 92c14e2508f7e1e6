// Record writers of `vgi-inspect decode`: ndjson (one record a line), json (one array), table (for people).

import type { MessageRecord } from '../../parsers/engine/record';
import { emitRecord, recordToJson, type PieceSink } from './recordJson';

export type OutputFormat = 'ndjson' | 'json' | 'table';

export interface RecordWriter {
  /** `bodyJson`: the body's JSON text when the decoder kept it verbatim (written instead of re-serialising). */
  write(r: MessageRecord, bodyJson?: string): void;
  end(): void;
}

/**
 * Encodes output straight into a 1 MiB buffer (no string joins, one UTF-8 pass) and hands it to `out`
 * when full: the writer is on the hot path of decoding a large capture.
 */
const utf8 = new TextEncoder();

export class ChunkedOut implements PieceSink {
  static readonly SIZE = 1 << 20;
  private buf = Buffer.allocUnsafe(ChunkedOut.SIZE);
  private used = 0;
  constructor(private readonly out: (s: string | Uint8Array) => unknown) {}
  add(s: string): void {
    if (s.length * 3 > ChunkedOut.SIZE - this.used) {
      this.flush();
      if (s.length * 3 > ChunkedOut.SIZE) {
        this.out(s);
        return;
      }
    }
    // encodeInto is several times faster than Buffer#write(s, offset, 'utf8') for this pattern
    this.used += utf8.encodeInto(s, this.buf.subarray(this.used)).written;
  }
  /** Bytes already encoded (copied). */
  bytes(b: Uint8Array): void {
    if (b.length > ChunkedOut.SIZE - this.used) {
      this.flush();
      if (b.length > ChunkedOut.SIZE) {
        this.out(b.slice());
        return;
      }
    }
    this.buf.set(b, this.used);
    this.used += b.length;
  }
  /** PieceSink: each piece is encoded in place. */
  text(s: string): void {
    this.add(s);
  }
  flush(): void {
    if (this.used === 0) return;
    this.out(this.buf.subarray(0, this.used));
    // the consumer may keep the bytes (an asynchronous stream): never reuse a handed-out buffer
    this.buf = Buffer.allocUnsafe(ChunkedOut.SIZE);
    this.used = 0;
  }
}

export function createWriter(format: OutputFormat, out: (s: string | Uint8Array) => unknown): RecordWriter {
  const buf = new ChunkedOut(out);
  switch (format) {
    case 'ndjson':
      return {
        write(r, bodyJson) {
          emitRecord(r, bodyJson, buf, true);
        },
        end: () => buf.flush(),
      };
    case 'json': {
      let first = true;
      return {
        write(r, bodyJson) {
          buf.add((first ? '[\n' : ',\n') + recordToJson(r, bodyJson));
          first = false;
        },
        end() {
          buf.add(first ? '[]\n' : '\n]\n');
          buf.flush();
        },
      };
    }
    case 'table':
      return tableWriter(buf);
  }
}

const COLUMNS: { title: string; width: number; get(r: MessageRecord): string }[] = [
  { title: 'seq', width: 6, get: (r) => String(r.seq) },
  { title: 'frame', width: 7, get: (r) => String(r.frame) },
  { title: 'time', width: 27, get: (r) => r.time },
  { title: 'protocol', width: 12, get: (r) => r.protocol + (r.version ? ' ' + r.version : '') },
  { title: 'from→to', width: 14, get: (r) => `${r.from}→${r.to}` },
  { title: 'kind', width: 12, get: (r) => r.kind },
  { title: 'name', width: 30, get: (r) => r.name },
  { title: 'id', width: 14, get: (r) => r.id },
  { title: 'diagnostics', width: 0, get: (r) => r.diagnostics.map((d) => `${d.severity}:${d.code}`).join(' ') },
];

function tableWriter(buf: ChunkedOut): RecordWriter {
  const line = (cells: string[]): string =>
    cells.map((c, i) => (COLUMNS[i].width ? fit(c, COLUMNS[i].width) : c)).join(' ').trimEnd() + '\n';
  buf.add(line(COLUMNS.map((c) => c.title)));
  return {
    write: (r) => buf.add(line(COLUMNS.map((c) => c.get(r)))),
    end: () => buf.flush(),
  };
}

function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, width - 1) + '…' : s.padEnd(width);
}
