// Record writers of `vgi-inspect decode`: ndjson (one record a line), json (one array), table (for people).

import type { MessageRecord } from '../../parsers/engine/record';

export type OutputFormat = 'ndjson' | 'json' | 'table';

export interface RecordWriter {
  write(r: MessageRecord): void;
  end(): void;
}

/** Buffers output and hands it to `out` in large pieces (one write per ~256 KiB). */
export class ChunkedOut {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly out: (s: string) => void, private readonly threshold = 256 * 1024) {}
  add(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= this.threshold) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    this.out(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export function createWriter(format: OutputFormat, out: (s: string) => void): RecordWriter {
  const buf = new ChunkedOut(out);
  switch (format) {
    case 'ndjson':
      return { write: (r) => buf.add(JSON.stringify(r) + '\n'), end: () => buf.flush() };
    case 'json': {
      let first = true;
      return {
        write(r) {
          buf.add((first ? '[\n' : ',\n') + JSON.stringify(r));
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
