// Plots of values over time (power, current, voltage, SoC, limits, prices) found in the filtered messages,
// one chart per unit, drawn with uPlot. Clicking near a point selects the message it came from.

import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { engine, selectSeq, useApp } from '../state/store';
import type { Series } from '../engine/protocol';

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#65a30d', '#475569', '#ea580c'];

/** 7360 -> "7.36k", 0.25 -> "0.25": short axis labels. */
function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return String(Math.round(v));
  return String(+v.toFixed(3));
}

interface Group {
  unit: string;
  series: Series[];
}

export function Plots() {
  const gen = useApp((s) => s.gen);
  const done = useApp((s) => s.progress?.done ?? false);
  const count = useApp((s) => s.viewCount);
  const [data, setData] = useState<{ series: Series[]; truncated: boolean; scanned: number } | null>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void engine().series().then((r) => {
        if (live && r.gen === useApp.getState().gen) setData(r);
      });
    }, done ? 0 : 800);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [gen, done, count]);

  const groups = useMemo(() => {
    const m = new Map<string, Group>();
    for (const s of data?.series ?? []) {
      const unit = s.unit || '(no unit)';
      let g = m.get(unit);
      if (!g) m.set(unit, (g = { unit, series: [] }));
      if (g.series.length < PALETTE.length) g.series.push(s);
    }
    return [...m.values()];
  }, [data]);

  return (
    <section className="plots" aria-label="Plots of values over time" data-testid="plots">
      {data === null ? (
        <div className="empty-note">Reading values…</div>
      ) : groups.length === 0 ? (
        <div className="empty-note">No power, current, voltage, SoC, limit or price values in the messages shown.</div>
      ) : (
        <>
          {data.truncated ? <div className="muted small-label">values of the first {data.scanned.toLocaleString()} messages</div> : null}
          {groups.map((g) => <Chart key={g.unit} group={g} />)}
        </>
      )}
    </section>
  );
}

function Chart({ group }: { group: Group }) {
  const ref = useRef<HTMLDivElement>(null);
  const theme = useApp((s) => s.prefs.theme);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Merge the series' time axes into one (uPlot wants one x array; gaps are null).
    const xs = [...new Set(group.series.flatMap((s) => s.t))].sort((a, b) => a - b);
    const pos = new Map(xs.map((x, i) => [x, i]));
    const ys = group.series.map((s) => {
      const col: (number | null)[] = new Array(xs.length).fill(null);
      s.t.forEach((t, k) => (col[pos.get(t)!] = s.v[k]));
      return col;
    });
    const seqAt = group.series.map((s) => {
      const col: number[] = new Array(xs.length).fill(0);
      s.t.forEach((t, k) => (col[pos.get(t)!] = s.seq[k]));
      return col;
    });
    const axisColor = theme === 'dark' ? '#9aa6b2' : '#52606d';
    const gridColor = theme === 'dark' ? '#2c333c' : '#e4e7eb';
    const opts: uPlot.Options = {
      width: Math.max(300, el.clientWidth),
      height: 170,
      title: group.unit,
      scales: { x: { time: false } },
      axes: [
        { stroke: axisColor, grid: { stroke: gridColor }, label: 's since first message', labelSize: 14 },
        { stroke: axisColor, grid: { stroke: gridColor }, size: 56, values: (_u: uPlot, vals: number[]) => vals.map(compact) },
      ],
      series: [
        { label: 't (s)' },
        ...group.series.map((s, k) => ({
          label: s.name,
          stroke: PALETTE[k % PALETTE.length],
          width: 1.5,
          spanGaps: true,
          points: { show: true, size: 4 },
        })),
      ],
      cursor: { drag: { x: true, y: false } },
    };
    const plot = new uPlot(opts, [xs, ...ys] as uPlot.AlignedData, el);
    const onClick = () => {
      const idx = plot.cursor.idx;
      if (idx === null || idx === undefined) return;
      for (const col of seqAt) {
        if (col[idx]) {
          void selectSeq(col[idx]);
          return;
        }
      }
    };
    plot.over.addEventListener('click', onClick);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(300, el.clientWidth), height: 170 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [group, theme]);
  return <div ref={ref} className="chart" role="img" aria-label={`${group.series.map((s) => s.name).join(', ')} in ${group.unit} over time`} />;
}
