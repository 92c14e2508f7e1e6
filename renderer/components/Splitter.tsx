// A pane splitter (the WAI-ARIA window splitter pattern): a focusable separator whose value is the size in
// pixels of the pane it sizes (the detail pane's width, the lower pane's height). Dragged with the pointer,
// or from the keyboard: the arrows move it by 16 px (64 px with Shift), Home and End give the pane its
// smallest and largest size. The pane lies right of a vertical splitter and below a horizontal one, so
// ← and ↑ make it larger.

import { useEffect, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';

export const SPLITTER_STEP = 16;
export const SPLITTER_BIG_STEP = 64;

interface Props {
  orientation: 'vertical' | 'horizontal';
  /** Names the two panes, e.g. "Resize message list and detail". */
  label: string;
  /** The size of the pane the splitter sizes, in pixels. */
  value: number;
  /** The smallest and largest size, from the window's size (read again on each change). */
  limits: () => { min: number; max: number };
  onChange: (size: number) => void;
  testId?: string;
}

/** Re-renders when the window is resized (the splitters' limits depend on its size). */
function useWindowSize(): void {
  const [, set] = useState(0);
  useEffect(() => {
    const on = () => set((n) => n + 1);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
}

export function Splitter({ orientation, label, value, limits, onChange, testId }: Props) {
  useWindowSize();
  const { min, max } = limits();
  const now = Math.max(min, Math.min(max, value));
  const clamp = (v: number) => {
    const l = limits();
    return Math.round(Math.max(l.min, Math.min(l.max, v)));
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.focus({ preventScroll: true });
    const x0 = e.clientX, y0 = e.clientY, start = now;
    const move = (ev: PointerEvent) => onChange(clamp(orientation === 'vertical' ? start - (ev.clientX - x0) : start - (ev.clientY - y0)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = e.shiftKey ? SPLITTER_BIG_STEP : SPLITTER_STEP;
    const [grow, shrink] = orientation === 'vertical' ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    let next: number;
    if (e.key === grow) next = now + step;
    else if (e.key === shrink) next = now - step;
    else if (e.key === 'Home') next = min;
    else if (e.key === 'End') next = max;
    else return;
    e.preventDefault();
    const v = clamp(next);
    if (v !== value) onChange(v);
  };

  return (
    <div
      className={`splitter ${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={now}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuetext={`${now} pixels`}
      tabIndex={0}
      data-testid={testId}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
