// Lanes: a sequence diagram of the filtered messages, one column per actor (Utility, NSP, BMS, EVSE, EV,
// Customer), each message an arrow from its sender to its receiver. Sequence mode gives each message one
// step; time mode places it at its capture time (zoom with the buttons or Ctrl+wheel). Only the arrows in
// sight are drawn, so it scales with the list. Clicking an arrow selects the message; from the keyboard the
// lanes are a list box (↑/↓, PageUp/PageDown, Home/End move the selection, Enter opens the detail, R goes
// to the linked request or response).

import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type WheelEvent } from 'react';
import { cachedRow, engine, ensureRows, focusDetail, followLink, selectIndex, selectSeq, setPrefs, useApp } from '../state/store';
import { navigationTarget } from '../lib/keys';
import { ACTORS, ACTOR_HINT, actorLabel, kindLabel, protocolClass } from '../lib/labels';
import { formatRelative } from '../lib/time';
import type { ViewRow } from '../engine/protocol';

const GUTTER = 84;
const TOP_PAD = 22;
const MIN_STEP = 18;
const MIN_GAP = 20;
const MAX_STEP = 64;

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function Lanes({ tabs }: { tabs?: ReactNode }) {
  const viewCount = useApp((s) => s.viewCount);
  const gen = useApp((s) => s.gen);
  // Pages of rows arriving redraw the lanes only while rows in sight are missing.
  const wantsRows = useRef(true);
  useApp((s) => (wantsRows.current ? s.rowsTick : -1));
  const selectedSeq = useApp((s) => s.selectedSeq);
  const selectedIndex = useApp((s) => s.selectedIndex);
  const actorsSeen = useApp((s) => s.progress?.facets.actors);
  const done = useApp((s) => s.progress?.done ?? false);
  const laneScale = useApp((s) => s.prefs.laneScale);
  const [step, setStep] = useState(26);
  const scrollRef = useRef<HTMLDivElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 600, h: 240 });
  const [scrollTop, setScrollTop] = useState(0);
  const [times, setTimes] = useState<Float64Array | null>(null);
  const timeMode = laneScale > 0;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Time mode needs every message's time: fetched when the view changes (and again when loading ends).
  useEffect(() => {
    if (!timeMode) return;
    let live = true;
    const t = setTimeout(() => {
      void engine().times(gen).then((r) => {
        if (live && r.gen === useApp.getState().gen) setTimes(r.times);
      });
    }, done ? 0 : 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [timeMode, gen, done, viewCount]);

  const width = Math.max(size.w, 420);
  const colX = useMemo(() => {
    const usable = width - GUTTER - 100;
    const gap = usable / (ACTORS.length - 1);
    const m = new Map<string, number>();
    ACTORS.forEach((a, k) => m.set(a, GUTTER + 40 + k * gap));
    return m;
  }, [width]);

  // Time mode: y follows capture time, but two arrows keep at least MIN_GAP apart (a burst stacks up
  // instead of overprinting), so y is monotone and mostly proportional to time.
  const ys = useMemo(() => {
    if (!timeMode || !times) return null;
    const out = new Float64Array(times.length);
    let prev = -Infinity;
    for (let i = 0; i < times.length; i++) {
      const y = Math.max(TOP_PAD + (times[i] - times[0]) * laneScale, prev + MIN_GAP);
      out[i] = y;
      prev = y;
    }
    return out;
  }, [timeMode, times, laneScale]);
  const tCount = ys ? Math.min(ys.length, viewCount) : 0;
  const span = times && times.length ? times[times.length - 1] - times[0] : 0;
  const yOf = (index: number): number => (ys && index < tCount ? ys[index] : TOP_PAD + index * step);
  const height = ys ? (tCount ? ys[tCount - 1] : 0) + TOP_PAD * 2 : TOP_PAD * 2 + viewCount * step;

  // Visible index range.
  let first = 0, last = 0;
  if (ys && tCount) {
    const visible = ys.subarray(0, tCount);
    first = Math.max(0, lowerBound(visible, scrollTop - 30));
    last = Math.min(tCount, lowerBound(visible, scrollTop + size.h + 30) + 1);
    if (last - first > 3000) last = first + 3000;
  } else if (!timeMode) {
    first = Math.max(0, Math.floor((scrollTop - TOP_PAD) / step) - 5);
    last = Math.min(viewCount, Math.ceil((scrollTop + size.h) / step) + 5);
  }

  const arrows: { index: number; row: ViewRow }[] = [];
  for (let i = first; i < last; i++) {
    const row = cachedRow(i);
    if (row) arrows.push({ index: i, row });
  }
  wantsRows.current = arrows.length < last - first;

  useEffect(() => {
    if (last > first) ensureRows(first, last);
  }, [first, last, gen, viewCount, arrows.length]);

  // Keep the selected message in sight.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex === null) return;
    const y = yOf(selectedIndex);
    if (y < el.scrollTop + 10 || y > el.scrollTop + el.clientHeight - 20) el.scrollTop = Math.max(0, y - el.clientHeight / 2);
  }, [selectedIndex, gen]);

  const zoom = (factor: number) => {
    if (timeMode) {
      const minScale = Math.max(1e-6, (size.h - 40) / Math.max(span, 1e-3) / 4);
      setPrefs({ laneScale: Math.min(1e7, Math.max(minScale, laneScale * factor)) });
    } else {
      setStep(Math.round(Math.min(MAX_STEP, Math.max(MIN_STEP, step * factor))));
    }
  };
  const setMode = (time: boolean) => {
    if (!time) return setPrefs({ laneScale: 0 });
    // Fit the capture into about five screens.
    // Fit the whole capture into about three screens (then zoom).
    setPrefs({ laneScale: span > 0 ? Math.max(1e-6, (size.h * 3) / span) : 20 });
  };
  // Keyboard (the lanes are one tab stop, a list box whose active option is the selected message): the same
  // keys as the list.
  const pageRows = Math.max(1, timeMode ? last - first - 2 : Math.floor(size.h / step) - 1);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || viewCount === 0) return;
    const next = navigationTarget(e.key, selectedIndex ?? first - 1, pageRows, viewCount);
    if (next !== undefined) {
      e.preventDefault();
      selectIndex(next);
      return;
    }
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        focusDetail();
        return;
      case 'r':
      case 'R':
        e.preventDefault();
        followLink();
        return;
    }
  };
  const active = selectedIndex !== null && arrows.some((a) => a.index === selectedIndex) ? `lane-${selectedIndex}` : undefined;

  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    zoom(e.deltaY < 0 ? 1.25 : 0.8);
  };

  return (
    <section className="lanes lower-pane" aria-label="Lanes: messages between actors" data-testid="lanes">
      <div className="lanes-caption">
        {tabs ?? <span className="pane-caption">Lanes</span>}
        <span className="muted small-label">{timeMode ? 'time runs downwards (Ctrl+wheel zooms); bursts are stacked' : 'one step per message'}</span>
        <div className="lanes-tools" role="toolbar" aria-label="Lanes zoom">
          <button type="button" className={`small${!timeMode ? ' active' : ''}`} aria-pressed={!timeMode} onClick={() => setMode(false)} title="One step per message">Sequence</button>
          <button type="button" className={`small${timeMode ? ' active' : ''}`} aria-pressed={timeMode} onClick={() => setMode(true)} title="Vertical position is capture time">Time</button>
          <button type="button" className="small" onClick={() => zoom(0.5)} aria-label="Zoom out">−</button>
          <button type="button" className="small" onClick={() => zoom(2)} aria-label="Zoom in">+</button>
        </div>
      </div>
      <div className="lanes-body" role={tabs ? 'tabpanel' : undefined} id={tabs ? 'lower-panel-lanes' : undefined} aria-labelledby={tabs ? 'lower-tab-lanes' : undefined}>
      <div className="lanes-bar" ref={barRef} aria-hidden="true">
        <div className="lanes-actors" style={{ width }}>
          {ACTORS.map((a) => (
            <div
              key={a}
              className={`lane-head${actorsSeen && actorsSeen[a] ? '' : ' idle'}`}
              style={{ left: colX.get(a)! - 50 }}
              title={ACTOR_HINT[a]}
            >
              {actorLabel(a)}
            </div>
          ))}
        </div>
      </div>
      <div
        className="lanes-scroll"
        ref={scrollRef}
        role={viewCount > 0 ? 'listbox' : undefined}
        aria-label={viewCount > 0 ? `Messages as arrows between actors (${viewCount})` : undefined}
        aria-activedescendant={active}
        tabIndex={viewCount > 0 ? 0 : undefined}
        onKeyDown={onKey}
        onScroll={(e) => {
          setScrollTop(e.currentTarget.scrollTop);
          if (barRef.current) barRef.current.scrollLeft = e.currentTarget.scrollLeft;
        }}
        onWheel={onWheel}
        data-testid="lanes-list"
      >
        {viewCount === 0 ? (
          <div className="empty-note">No messages to draw.</div>
        ) : (
          <svg width={width} height={height} className="lanes-svg" role="none">
            {ACTORS.map((a) => (
              <line key={a} x1={colX.get(a)} x2={colX.get(a)} y1={0} y2={height} className={`lifeline${actorsSeen && actorsSeen[a] ? '' : ' idle'}`} aria-hidden="true" />
            ))}
            {arrows.map(({ index, row }) => (
              <Arrow key={row.seq} row={row} y={yOf(index)} colX={colX} selected={row.seq === selectedSeq} index={index} />
            ))}
          </svg>
        )}
      </div>
      </div>
    </section>
  );
}

const Arrow = memo(function Arrow({ row, y, colX, selected, index }: { row: ViewRow; y: number; colX: Map<string, number>; selected: boolean; index: number }) {
  const x1 = colX.get(row.from);
  const x2 = colX.get(row.to);
  const label = `${row.name}${row.kind === 'request' || row.kind === 'notification' ? '' : ` (${kindLabel(row.protocol, row.kind)})`}`;
  const when = formatRelative(row.rel);
  // The arrow's name (and tooltip) is its <title>.
  const aria = `#${row.seq} ${label}: ${actorLabel(row.from)} → ${actorLabel(row.to)}, at ${when} s`;
  const common = {
    className: `arrow ${protocolClass(row.protocol)} kind-${row.kind}${selected ? ' selected' : ''}${row.severity ? ` sev-${row.severity}` : ''}`,
    role: 'option',
    id: `lane-${index}`,
    'aria-selected': selected,
    'data-testid': 'lane-arrow',
    'data-seq': row.seq,
    'data-from': row.from,
    'data-to': row.to,
    'data-index': index,
    onClick: () => void selectSeq(row.seq, index),
  };
  const time = <text x={6} y={y + 4} className="lane-time">{when}</text>;
  if (x1 === undefined || x2 === undefined || x1 === x2) {
    // Unknown actor or a message to itself: a small loop on the known side.
    const x = x1 ?? x2 ?? GUTTER + 10;
    return (
      <g {...common}>
        <title>{aria}</title>
        {time}
        <rect x={x - 4} y={y - 10} width={200} height={16} className="hit" />
        <path d={`M ${x} ${y - 4} h 26 v 8 h -20`} className="arrow-line" />
        <path d={`M ${x} ${y + 4} l 8 -4 v 8 z`} className="arrow-head" />
        <text x={x + 32} y={y + 4} className="arrow-label">{label}</text>
      </g>
    );
  }
  const left = Math.min(x1, x2);
  const mid = (x1 + x2) / 2;
  const dir = x2 > x1 ? 1 : -1;
  return (
    <g {...common}>
      <title>{aria}</title>
      {time}
      <rect x={left} y={y - 14} width={Math.abs(x2 - x1)} height={18} className="hit" />
      <line x1={x1} y1={y} x2={x2 - dir * 8} y2={y} className="arrow-line" />
      <path d={`M ${x2} ${y} l ${-dir * 9} -4.5 v 9 z`} className="arrow-head" />
      <text x={mid} y={y - 4} textAnchor="middle" className="arrow-label">{label}</text>
    </g>
  );
});
