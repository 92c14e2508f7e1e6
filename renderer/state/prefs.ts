// Preferences remembered between runs (theme, layout): localStorage, validated on load.

export interface Prefs {
  theme: 'light' | 'dark';
  /** Width of the detail pane in pixels. */
  detailWidth: number;
  /** Height of the lanes pane in pixels (0: hidden). */
  lanesHeight: number;
  showLanes: boolean;
  /** Lanes: pixels per second in time mode; 0 means one step per message (sequence mode). */
  laneScale: number;
  detailTab: 'tree' | 'raw' | 'hex' | 'why';
  lowerTab: 'lanes' | 'plots';
}

const KEY = 'vgi-inspector.prefs.v1';

export function defaultPrefs(): Prefs {
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return { theme: dark ? 'dark' : 'light', detailWidth: 470, lanesHeight: 260, showLanes: true, laneScale: 0, detailTab: 'tree', lowerTab: 'lanes' };
}

export function loadPrefs(): Prefs {
  const d = defaultPrefs();
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return d;
    const p = JSON.parse(raw) as Partial<Prefs>;
    return {
      theme: p.theme === 'dark' || p.theme === 'light' ? p.theme : d.theme,
      detailWidth: clampNum(p.detailWidth, 280, 1400, d.detailWidth),
      lanesHeight: clampNum(p.lanesHeight, 120, 1200, d.lanesHeight),
      showLanes: typeof p.showLanes === 'boolean' ? p.showLanes : d.showLanes,
      laneScale: clampNum(p.laneScale, 0, 1e9, d.laneScale),
      detailTab: p.detailTab && ['tree', 'raw', 'hex', 'why'].includes(p.detailTab) ? p.detailTab : d.detailTab,
      lowerTab: p.lowerTab === 'plots' ? 'plots' : 'lanes',
    };
  } catch {
    return d;
  }
}

function clampNum(v: unknown, lo: number, hi: number, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(lo, Math.min(hi, v)) : dflt;
}

export function savePrefs(p: Prefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(p));
  } catch {
    // storage unavailable (private mode): preferences last for this run only
  }
}
