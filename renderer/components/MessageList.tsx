// The message list: a virtualized grid (role grid/row/gridcell, aria-rowcount and aria-rowindex) over the
// filtered view held by the worker. Rows are fetched in pages as they scroll into sight; a request and its
// response are linked (the "link" column jumps to the partner; the partner of the selected row is
// highlighted).
//
// Scrolling is kept cheap (bench/app.bench.ts, one million rows): rows have a fixed height and are drawn
// into a fixed set of slot elements by listRows.ts, outside React, straight from the scroll handler (so
// the new rows are laid out in the frame that shows the new position); the row of index i goes to slot
// i mod N, so a row scrolled out of sight hands its element to the row scrolling in and no element is
// created, removed or moved (aria-owns gives the accessibility tree the rows' order). Rows are contained
// (`contain: strict`), cells have fixed widths (CSS variables computed from the list's width), a page of
// rows arriving from the worker rewrites only the slots it fills, and the page where the next scroll will
// likely land is asked for before it is needed. When the list moves more than a screenful a frame (the
// scroll bar dragged), rows get their leading cells only until it settles. The scroll handler reads only
// scrollTop; the viewport's size comes from a ResizeObserver.
//
// Keyboard (the grid is one tab stop; the selected row is its active descendant): ↑/↓, PageUp/PageDown,
// Home/End move the selection and keep it in sight; Enter opens the detail pane; R selects the linked
// request or response.

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent } from 'react';
import { cachedRow, ensureRows, focusDetail, followLink, selectIndex, selectSeq, useApp } from '../state/store';
import { navigationTarget } from '../lib/keys';
import { RowSlots } from './listRows';

export const ROW_H = 24;
/** Rows drawn beyond each edge of the viewport (cheap scrolling matters more than never showing a blank row). */
const OVERSCAN = 3;
/** Time without scrolling after which rows drawn during fast scrolling are completed. */
const SETTLE_MS = 60;
/** The scroll height is capped (Blink's layout units end near 33.5 M px); beyond, scroll positions are scaled. */
const MAX_SCROLL_PX = 30_000_000;
/** Row positions are relative to a block of this many rows, so that they stay small numbers when scaled. */
const BLOCK = 1 << 16;

interface Column {
  id: string;
  label: string;
  /** Fixed width, or the minimum of a flexible column. */
  min: number;
  /** Share of the free width (like the fr unit of CSS grid); 0 for a fixed column. */
  fr: number;
}

const COLUMNS: Column[] = [
  { id: 'seq', label: '#', min: 40, fr: 0 },
  { id: 'time', label: 'Time (s)', min: 84, fr: 0 },
  { id: 'protocol', label: 'Protocol', min: 120, fr: 0 },
  { id: 'pathway', label: 'Pathway', min: 76, fr: 0 },
  { id: 'fromto', label: 'From → To', min: 100, fr: 0 },
  { id: 'name', label: 'Name', min: 180, fr: 1.3 },
  { id: 'link', label: 'Link', min: 48, fr: 0 },
  { id: 'summary', label: 'Summary', min: 110, fr: 2 },
  { id: 'categories', label: 'Categories', min: 90, fr: 0.9 },
  { id: 'diagnostics', label: 'Diagnostics', min: 72, fr: 0.7 },
];

/** Width of `n` characters of the 12 px monospace font, with the cell's padding. */
const monoWidth = (n: number): number => Math.ceil(14 + 7.3 * n);

/**
 * Column widths for a list `width` px wide, as CSS grid's minmax(min, fr) would give them; the number and
 * link columns are as wide as message numbers of `digits` digits need (the arrow glyph of the link column
 * comes from a wider fallback font).
 */
export function columnWidths(width: number, digits = 3): number[] {
  const w = COLUMNS.map((c) => (c.id === 'seq' ? Math.max(40, monoWidth(digits)) : c.id === 'link' ? Math.max(c.min, monoWidth(digits + 5)) : c.min));
  const mins = [...w];
  let flex = COLUMNS.map((c, k) => (c.fr > 0 ? k : -1)).filter((k) => k >= 0);
  // A flexible column whose share would fall below its minimum keeps its minimum; share out the rest.
  for (;;) {
    const fixed = COLUMNS.reduce((a, c, k) => a + (flex.includes(k) ? 0 : w[k]), 0);
    const frs = flex.reduce((a, k) => a + COLUMNS[k].fr, 0);
    const unit = frs > 0 ? Math.max(0, width - fixed) / frs : 0;
    const below = flex.filter((k) => unit * COLUMNS[k].fr < mins[k]);
    if (below.length === 0) {
      for (const k of flex) w[k] = Math.floor(unit * COLUMNS[k].fr);
      return w;
    }
    flex = flex.filter((k) => !below.includes(k));
    for (const k of below) w[k] = mins[k];
  }
}

/** Where the list is scrolled to: the first row in sight and the offset of the row block (see BLOCK). */
interface Pos {
  first: number;
  /** Translation of the row block, px. */
  offset: number;
  base: number;
}

/** The scroll geometry for `count` rows in a viewport `viewH` px high. */
function geometry(count: number, viewH: number) {
  const contentPx = count * ROW_H;
  const scrollPx = Math.min(contentPx, MAX_SCROLL_PX);
  // content offset = scrollTop * k (k = 1 unless scaled)
  const k = contentPx > scrollPx && scrollPx > viewH ? (contentPx - viewH) / (scrollPx - viewH) : 1;
  return { scrollPx, k };
}

function posAt(scrollTop: number, count: number, viewH: number): Pos {
  const { k } = geometry(count, viewH);
  const content = scrollTop * k;
  const first = Math.max(0, Math.min(count - 1, Math.floor(content / ROW_H)));
  const base = first - (first % BLOCK);
  // Row i sits at scrollTop + (i * ROW_H - content) = offset + (i - base) * ROW_H.
  return { first, base, offset: Math.round(scrollTop - content + base * ROW_H) };
}

export function MessageList() {
  const viewCount = useApp((s) => s.viewCount);
  const gen = useApp((s) => s.gen);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const selectedSeq = useApp((s) => s.selectedSeq);
  const partner = useApp((s) => s.detail?.partner ?? 0);
  /** The grid: the scrolling element. */
  const bodyRef = useRef<HTMLDivElement>(null);
  const gridRef = bodyRef;
  const rowsRef = useRef<HTMLDivElement>(null);
  const blockRef = useRef<HTMLDivElement>(null);
  const slotsRef = useRef<RowSlots | null>(null);
  const [view, setView] = useState({ w: 1000, h: 480 });
  const pos = useRef<Pos>({ first: 0, base: 0, offset: 0 });
  /** What the rows show besides the scroll position (kept for draws made from the scroll handler). */
  const state = useRef({ viewCount, gen, selectedSeq, selectedIndex, partner, viewH: view.h });
  state.current = { viewCount, gen, selectedSeq, selectedIndex, partner, viewH: view.h };
  /** Rows moved by the last scroll (prefetching goes that far again in that direction). */
  const velocity = useRef(0);
  const drawn = useRef({ start: -1, end: -1, gen: -1, owns: '' });
  const settle = useRef<ReturnType<typeof setTimeout>>(undefined);
  const jumped = useRef(false);

  const bodyH = Math.max(ROW_H, view.h - ROW_H);

  // The viewport's size: observed, never read while scrolling.
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      setView((v) => (v.w === r.width && v.h === r.height ? v : { w: r.width, h: r.height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  /** Draws the rows for the current scroll position and state; asks for the rows in and ahead of sight. */
  const draw = useCallback(function draw(): void {
    const block = blockRef.current;
    if (!block) return;
    const slots = (slotsRef.current ??= new RowSlots(block));
    const st = state.current;
    const h = Math.max(ROW_H, st.viewH - ROW_H);
    const inSight = Math.ceil(h / ROW_H) + 1;
    const p = pos.current;
    // Fast scrolling (more than a screenful a frame: a row is in sight for one frame): no rows beyond the
    // edges, and new rows get their leading cells only until the list settles.
    const fast = Math.abs(velocity.current) >= inSight;
    const over = fast ? 0 : OVERSCAN;
    const start = Math.max(0, p.first - over);
    const end = Math.min(st.viewCount, p.first + inSight + over);
    block.style.top = `${p.offset}px`;
    const missing = slots.draw(inSight + 2 * OVERSCAN, {
      start, end, base: p.base, rowH: ROW_H, selectedSeq: st.selectedSeq, selectedIndex: st.selectedIndex, partner: st.partner,
    }, cachedRow, fast);
    if (fast) {
      clearTimeout(settle.current);
      settle.current = setTimeout(() => {
        velocity.current = 0;
        draw();
      }, SETTLE_MS);
    }
    // The accessibility tree follows the rows' order, not the slots'.
    const d = drawn.current;
    const moved = d.start !== start || d.end !== end || d.gen !== st.gen;
    if (moved) {
      d.start = start;
      d.end = end;
      d.gen = st.gen;
      const ids = [];
      for (let i = start; i < end; i++) ids.push(`row-${i}`);
      const owns = ids.join(' ');
      if (owns !== d.owns) {
        d.owns = owns;
        if (owns) rowsRef.current?.setAttribute('aria-owns', owns);
        else rowsRef.current?.removeAttribute('aria-owns');
      }
    }
    if (moved || missing > 0) {
      if (end > start) {
        ensureRows(start, end);
        // Where the next scroll will likely land: as far again as the last one went, at least a screenful.
        const v = velocity.current;
        const ahead = Math.sign(v) * Math.max(Math.abs(v), inSight);
        if (ahead !== 0) ensureRows(Math.max(0, start + ahead - OVERSCAN), Math.min(st.viewCount, end + ahead + OVERSCAN));
      }
    }
    const sel = st.selectedIndex;
    const active = sel !== null && sel >= start && sel < end ? `row-${sel}` : null;
    const grid = gridRef.current;
    if (grid && grid.getAttribute('aria-activedescendant') !== active) {
      if (active) grid.setAttribute('aria-activedescendant', active);
      else grid.removeAttribute('aria-activedescendant');
    }
  }, []);

  const sync = useCallback((scrollTop: number) => {
    const st = state.current;
    const next = posAt(scrollTop, st.viewCount, Math.max(ROW_H, st.viewH - ROW_H));
    const cur = pos.current;
    if (next.first === cur.first && next.offset === cur.offset) return false;
    // A jump made to show the selection is not fast scrolling: its rows are drawn whole.
    velocity.current = jumped.current ? 0 : next.first - cur.first;
    jumped.current = false;
    pos.current = next;
    return true;
  }, []);

  // Scrolling draws directly, in the frame that shows the new position; React is not involved.
  useEffect(() => {
    const el = bodyRef.current;
    if (!el) return;
    const onScroll = () => {
      if (sync(el.scrollTop)) draw();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, [sync, draw]);

  // A page of rows arrived: drawn without rendering (only the slots it fills change).
  useEffect(() => useApp.subscribe((s, prev) => {
    if (s.rowsTick !== prev.rowsTick) draw();
  }), [draw]);
  useEffect(() => () => clearTimeout(settle.current), []);

  // Anything else that changes the rows (the selection, the view, the size).
  useLayoutEffect(() => {
    const el = bodyRef.current;
    if (el) sync(el.scrollTop);
    draw();
  }, [viewCount, gen, selectedIndex, selectedSeq, partner, view.h, sync, draw]);

  // Keep the selected row in sight (keyboard moves, selection from the lanes or the plots, a new filter).
  useEffect(() => {
    const el = bodyRef.current;
    if (!el || selectedIndex === null) return;
    const h = Math.max(ROW_H, state.current.viewH - ROW_H);
    const { k } = geometry(state.current.viewCount, h);
    const p = pos.current;
    const rowTop = p.offset + (selectedIndex - p.base) * ROW_H; // in the rows' coordinates
    const top = el.scrollTop;
    if (rowTop >= top && rowTop + ROW_H <= top + h) return;
    // Above: align to the top; below: to the bottom (as scrollIntoView 'nearest' would).
    const content = selectedIndex * ROW_H;
    const target = rowTop < top ? content : content - h + ROW_H;
    jumped.current = true;
    el.scrollTop = Math.max(0, target / k);
  }, [selectedIndex, gen]);

  const pageRows = Math.max(1, Math.floor(bodyH / ROW_H) - 1);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const next = navigationTarget(e.key, selectedIndex ?? -1, pageRows, viewCount);
    if (next !== undefined) {
      e.preventDefault();
      if (viewCount > 0) selectIndex(next);
      return;
    }
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        if (selectedIndex === null && viewCount > 0) selectIndex(pos.current.first);
        focusDetail();
        return;
      case 'r':
      case 'R':
        e.preventDefault();
        followLink();
        return;
    }
  };

  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const target = e.target as Element;
    const hit = slotsRef.current?.rowOf(target);
    if (!hit?.row) return;
    if (target.closest('.link-btn') && hit.row.partner) void selectSeq(hit.row.partner);
    else void selectSeq(hit.row.seq, hit.index);
  };

  const digits = String(Math.max(1, viewCount)).length;
  const widths = columnWidths(view.w, digits);
  const vars: Record<string, string> = {};
  COLUMNS.forEach((c, k) => { vars[`--w-${c.id}`] = `${widths[k]}px`; });
  const rowW = widths.reduce((a, b) => a + b, 0);
  const { scrollPx } = geometry(viewCount, bodyH);

  // The scroller is the grid (one tab stop that scrolls); its wrapper draws the focus ring over the rows.
  return (
    <div className="grid" style={vars as CSSProperties}>
      <div
        ref={gridRef}
        className="grid-body"
        role="grid"
        aria-label="Messages"
        aria-rowcount={viewCount + 1}
        aria-colcount={COLUMNS.length}
        aria-multiselectable={false}
        aria-describedby="grid-keys"
        tabIndex={0}
        onKeyDown={onKey}
        data-testid="message-list"
      >
        <div className="grid-head" role="rowgroup" style={{ width: rowW }}>
          <div className="grid-head-row" role="row" aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <div key={c.id} role="columnheader" className={`cell c-${c.id}`}>{c.label}</div>
            ))}
          </div>
        </div>
        <div className="grid-rows" role="rowgroup" ref={rowsRef} style={{ height: scrollPx, width: rowW }}>
          <div className="grid-block" ref={blockRef} onMouseDown={onMouseDown} onMouseOver={(e) => slotsRef.current?.hover(e.target as Element)} />
        </div>
      </div>
      <span id="grid-keys" className="visually-hidden">
        Arrow keys, Page Up, Page Down, Home and End move the selection; Enter opens the detail; R goes to the linked request or response.
      </span>
    </div>
  );
}
