// The message list: a virtualized grid (role grid/row/gridcell) over the filtered view held by the worker.
// Rows are fetched in pages as they scroll into sight; a request and its response are linked (the "link"
// column jumps to the partner; the partner of the selected row is highlighted).

import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { cachedRow, ensureRows, selectIndex, selectSeq, useApp } from '../state/store';
import type { ViewRow } from '../engine/protocol';
import { actorLabel, kindLabel, protocolClass, protocolLabel } from '../lib/labels';
import { formatRelative } from '../lib/time';

const ROW_H = 24;
const HEAD_H = 24;

const COLUMNS = [
  { id: 'seq', label: '#', width: '48px' },
  { id: 'time', label: 'Time (s)', width: '84px' },
  { id: 'protocol', label: 'Protocol', width: '112px' },
  { id: 'pathway', label: 'Pathway', width: '74px' },
  { id: 'fromto', label: 'From → To', width: '100px' },
  { id: 'name', label: 'Name', width: 'minmax(190px, 1.3fr)' },
  { id: 'link', label: 'Link', width: '58px' },
  { id: 'summary', label: 'Summary', width: 'minmax(120px, 2fr)' },
  { id: 'categories', label: 'Categories', width: 'minmax(90px, 0.9fr)' },
  { id: 'diagnostics', label: 'Diagnostics', width: 'minmax(76px, 0.7fr)' },
] as const;

export const GRID_TEMPLATE = COLUMNS.map((c) => c.width).join(' ');

export function MessageList() {
  const viewCount = useApp((s) => s.viewCount);
  useApp((s) => s.rowsTick);
  const gen = useApp((s) => s.gen);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const selectedSeq = useApp((s) => s.selectedSeq);
  const partner = useApp((s) => s.detail?.partner ?? 0);
  const parentRef = useRef<HTMLDivElement>(null);

  const virt = useVirtualizer({
    count: viewCount,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_H,
    overscan: 20,
    scrollMargin: HEAD_H,
    scrollPaddingStart: HEAD_H,
  });
  const items = virt.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.length ? items[items.length - 1].index + 1 : 0;

  useEffect(() => {
    if (last > first) ensureRows(first, last);
  }, [first, last, gen, viewCount]);

  useEffect(() => {
    if (selectedIndex !== null) virt.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virt]);

  const pageRows = Math.max(1, Math.floor((parentRef.current?.clientHeight ?? 400) / ROW_H) - 1);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const cur = selectedIndex ?? -1;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown': next = cur + 1; break;
      case 'ArrowUp': next = Math.max(0, cur - 1); break;
      case 'PageDown': next = cur + pageRows; break;
      case 'PageUp': next = Math.max(0, cur - pageRows); break;
      case 'Home': next = 0; break;
      case 'End': next = viewCount - 1; break;
      case 'r':
      case 'R':
        if (partner) {
          e.preventDefault();
          void selectSeq(partner);
        }
        return;
      default: return;
    }
    e.preventDefault();
    if (next !== null && viewCount > 0) selectIndex(Math.min(next, viewCount - 1));
  };

  return (
    <div
      className="grid"
      role="grid"
      aria-label="Messages"
      aria-rowcount={viewCount + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selectedIndex !== null ? `row-${selectedIndex}` : undefined}
      tabIndex={0}
      onKeyDown={onKey}
      data-testid="message-list"
    >
      <div className="grid-body" ref={parentRef}>
        <div className="grid-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: GRID_TEMPLATE }}>
          {COLUMNS.map((c) => (
            <div key={c.id} role="columnheader" className={`cell c-${c.id}`}>{c.label}</div>
          ))}
        </div>
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const row = cachedRow(it.index);
            return (
              <Row
                key={it.key}
                index={it.index}
                top={it.start - HEAD_H}
                row={row}
                selected={row !== undefined && row.seq === selectedSeq}
                linked={row !== undefined && partner !== 0 && row.seq === partner}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function Row({ index, top, row, selected, linked }: { index: number; top: number; row: ViewRow | undefined; selected: boolean; linked: boolean }) {
  const style = { transform: `translateY(${top}px)`, gridTemplateColumns: GRID_TEMPLATE };
  if (!row) {
    return (
      <div className="row loading" role="row" aria-rowindex={index + 2} style={style}>
        <div role="gridcell" className="cell">…</div>
      </div>
    );
  }
  const sev = row.severity;
  return (
    <div
      id={`row-${index}`}
      className={`row ${protocolClass(row.protocol)}${selected ? ' selected' : ''}${linked ? ' linked' : ''}${sev ? ` sev-${sev}` : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-seq={row.seq}
      data-kind={row.kind}
      style={style}
      onMouseDown={() => void selectSeq(row.seq, index)}
    >
      <div role="gridcell" className="cell c-seq">{row.seq}</div>
      <div role="gridcell" className="cell c-time" title={row.time}>{formatRelative(row.rel)}</div>
      <div role="gridcell" className="cell c-protocol" title={`${protocolLabel(row.protocol)} ${row.version}`}>
        <span className="proto-dot" aria-hidden="true" />
        {protocolLabel(row.protocol)}
        {row.version && !row.version.startsWith('urn:') ? <span className="muted"> {row.version}</span> : null}
      </div>
      <div role="gridcell" className="cell c-pathway">{row.pathway}</div>
      <div role="gridcell" className="cell c-fromto" title={`${row.src} → ${row.dst}`}>
        {actorLabel(row.from)} → {actorLabel(row.to)}
      </div>
      <div role="gridcell" className="cell c-name" title={`${row.name} (${kindLabel(row.protocol, row.kind)})`}>
        <span className={`kind kind-${row.kind}`}>{kindLabel(row.protocol, row.kind)}</span> {row.name}
      </div>
      <div role="gridcell" className="cell c-link">
        {row.partner ? (
          <button
            type="button"
            className="link-btn"
            tabIndex={-1}
            title={row.kind === 'request' ? `answered by #${row.partner}` : `answers #${row.partner}`}
            onMouseDown={(e) => {
              e.stopPropagation();
              void selectSeq(row.partner);
            }}
          >
            {row.kind === 'request' ? '→' : '←'} #{row.partner}
          </button>
        ) : row.kind === 'request' ? <span className="muted" title="no response in the capture">unanswered</span> : null}
      </div>
      <div role="gridcell" className="cell c-summary" title={row.summary}>{row.summary}</div>
      <div role="gridcell" className="cell c-categories" title={[...row.categories, ...row.tags].join(', ')}>
        {row.categories.map((c) => <span key={c} className={`chip cat-${c}`}>{c}</span>)}
        {row.tags.map((t) => <span key={t} className="chip tag">{t}</span>)}
      </div>
      <div role="gridcell" className="cell c-diagnostics" title={row.diagnostics.map((d) => `${d.severity}: ${d.message}`).join('\n')}>
        {row.diagnostics.length ? <span className={`sev sev-${sev}`}>{row.diagnostics.length} {row.diagnostics[0].code}</span> : null}
      </div>
    </div>
  );
}
