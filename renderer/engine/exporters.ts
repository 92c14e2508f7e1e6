// Export of the filtered messages: ndjson in the output contract's field order (the same records as
// `vgi-inspect decode`), and CSV (RFC 4180) of the list's columns.

import { RECORD_FIELDS, type MessageRecord } from '../../parsers/engine/record';
import type { MessageRow } from '../../parsers/engine/session';

export function toNdjsonLine(r: MessageRecord): string {
  const o: Record<string, unknown> = {};
  for (const k of RECORD_FIELDS) o[k] = r[k];
  return JSON.stringify(o) + '\n';
}

export const CSV_COLUMNS = ['seq', 'frame', 'time', 'protocol', 'version', 'src', 'dst', 'from', 'to', 'pathway', 'name',
  'kind', 'id', 'summary', 'categories', 'tags', 'severity', 'diagnostics'] as const;

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(rows: MessageRow[]): string {
  const out = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const cells = CSV_COLUMNS.map((c) => {
      switch (c) {
        case 'categories': return r.categories.join(' ');
        case 'tags': return r.tags.join(' ');
        case 'diagnostics': return r.diagnostics.map((d) => d.code).join(' ');
        default: return String(r[c]);
      }
    });
    out.push(cells.map(csvCell).join(','));
  }
  return out.join('\r\n') + '\r\n';
}
