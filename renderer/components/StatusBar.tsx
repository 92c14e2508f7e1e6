// The bottom line: how many messages are shown of how many, frames read, loading state, the last notice
// (announced to screen readers) and the keys.

import { useApp } from '../state/store';

export function StatusBar() {
  const p = useApp((s) => s.progress);
  const viewCount = useApp((s) => s.viewCount);
  const applied = useApp((s) => s.appliedFilter);
  const quick = useApp((s) => s.quick);
  const firstRowsBeforeEnd = useApp((s) => s.firstRowsBeforeEnd);
  const notice = useApp((s) => s.notice);
  const filtered = applied.trim() !== '' || Object.values(quick).some((v) => v.length > 0);
  return (
    <footer className="statusbar" aria-label="Status" data-testid="status" data-first-rows-before-end={firstRowsBeforeEnd === null ? '' : String(firstRowsBeforeEnd)}>
      {p ? (
        <>
          <span data-testid="status-count">
            {filtered ? `${viewCount.toLocaleString()} of ${p.count.toLocaleString()} messages` : `${p.count.toLocaleString()} messages`}
          </span>
          <span>{p.frames.toLocaleString()} frames</span>
          <span>{p.done ? (p.cancelled ? 'loading cancelled: showing what was read' : 'indexed') : 'indexing…'}</span>
          {p.done && p.count === 0 && !p.cancelled ? <span className="warn-text">no application messages were decoded from this capture</span> : null}
        </>
      ) : (
        <span>Ready</span>
      )}
      {/* Announced when it changes (the counts above change too often to be read out). */}
      <span className="notice" role="status" data-testid="notice">{notice}</span>
      <span className="spacer" />
      <span className="muted keys-hint">↑↓ move · Enter detail · R request/response · Esc back · Ctrl+F filter · Ctrl+O open</span>
    </footer>
  );
}
