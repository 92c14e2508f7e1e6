// The app's layout: toolbar, filter bar, quick filters; the message list with the lanes below it on the
// left, the detail pane on the right (both splits resizable with the pointer or the keyboard,
// components/Splitter.tsx, and remembered); the status bar. Also the global keys, drag and drop, the
// capture given at start, and the Electron menu commands.

import { useEffect, useRef } from 'react';
import { Toolbar } from './components/Toolbar';
import { FilterBar } from './components/FilterBar';
import { QuickFilters } from './components/QuickFilters';
import { MessageList } from './components/MessageList';
import { DetailPane } from './components/DetailPane';
import { Lanes } from './components/Lanes';
import { Plots } from './components/Plots';
import { StatusBar } from './components/StatusBar';
import { Splitter } from './components/Splitter';
import { cancelLoad, engine, exportPcapng, exportView, openBlob, openElectronFile, openInitialCapture, setPrefs, setSliceSize, toggleTheme, useApp } from './state/store';
import { bridge } from './platform/bridge';
import { exportLanesSvg } from './lib/lanesSvg';
import { onTabListKey } from './lib/keys';

export function App() {
  const theme = useApp((s) => s.prefs.theme);
  const detailWidth = useApp((s) => s.prefs.detailWidth);
  const lanesHeight = useApp((s) => s.prefs.lanesHeight);
  const showLanes = useApp((s) => s.prefs.showLanes);
  const lowerTab = useApp((s) => s.prefs.lowerTab);
  const fatal = useApp((s) => s.fatal);
  const hasCapture = useApp((s) => s.progress !== null);
  const started = useRef(false);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const slice = Number(new URLSearchParams(location.search).get('slice'));
    if (slice > 0) setSliceSize(slice);
    void openInitialCapture();
    // Start the engine worker now (loading and compiling its ~3 MB of code takes about a second), so that
    // a file picked later shows its first rows without waiting for it.
    engine();
    // Warm Monaco up while the user picks a file, so the first detail shows without waiting for it.
    const warm = setTimeout(() => void import('./components/MonacoPane'), 300);
    const b = bridge();
    if (!b) return () => clearTimeout(warm);
    const offOpen = b.onOpenFile((f) => openElectronFile(f));
    const offCmd = b.onCommand((c) => {
      switch (c) {
        case 'export-ndjson': void exportView('ndjson'); break;
        case 'export-csv': void exportView('csv'); break;
        case 'export-pcapng': void exportPcapng(); break;
        case 'export-svg': void exportLanesSvg(); break;
        case 'focus-filter': window.dispatchEvent(new Event('vgi:focus-filter')); break;
        case 'toggle-theme': toggleTheme(); break;
        case 'toggle-lanes': setPrefs({ showLanes: !useApp.getState().prefs.showLanes }); break;
        case 'cancel-load': cancelLoad(); break;
      }
    });
    return () => {
      clearTimeout(warm);
      offOpen();
      offCmd();
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        window.dispatchEvent(new Event('vgi:focus-filter'));
      } else if (mod && e.key.toLowerCase() === 'o' && !bridge()) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid=file-input]')?.click();
      } else if (e.key === 'Escape' && useApp.getState().progress?.done === false) {
        cancelLoad();
      }
    };
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        document.body.classList.add('dropping');
      }
    };
    const onDragLeave = () => document.body.classList.remove('dropping');
    const onDrop = (e: DragEvent) => {
      document.body.classList.remove('dropping');
      const f = e.dataTransfer?.files[0];
      if (!f) return;
      e.preventDefault();
      const b = bridge();
      if (b) void b.noteDropped(f);
      openBlob(f, f.name);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  return (
    <div className="app">
      <Toolbar />
      <FilterBar />
      <QuickFilters />
      {fatal ? <div className="banner error" role="alert" data-testid="fatal">{fatal}</div> : null}
      {/* Source order is the tab order: list, its splitter with the detail, the detail, the splitter above
          the lower pane, the lower pane (the grid areas place them). */}
      <main
        className="main"
        style={{
          gridTemplateColumns: `minmax(360px, 1fr) 6px ${detailWidth}px`,
          gridTemplateRows: showLanes ? `minmax(120px, 1fr) 6px ${lanesHeight}px` : '1fr',
          gridTemplateAreas: showLanes ? '"list vsplit detail" "hsplit vsplit detail" "lower vsplit detail"' : '"list vsplit detail"',
        }}
      >
        <section className="list-pane" aria-label="Message list">
          {hasCapture ? <MessageList /> : <Welcome />}
        </section>
        <Splitter orientation="vertical" label="Resize message list and detail" testId="split-detail" value={detailWidth} limits={detailLimits} onChange={(w) => setPrefs({ detailWidth: w })} />
        <DetailPane />
        {showLanes ? (
          <>
            <Splitter orientation="horizontal" label={`Resize message list and ${lowerTab === 'plots' ? 'plots' : 'lanes'}`} testId="split-lower" value={lanesHeight} limits={lowerLimits} onChange={(h) => setPrefs({ lanesHeight: h })} />
            <LowerPane />
          </>
        ) : null}
      </main>
      <StatusBar />
    </div>
  );
}

/** The detail pane's width: at least 300 px, leaving the list 360 px. */
const detailLimits = () => ({ min: 300, max: Math.max(300, window.innerWidth - 360) });
/** The lower pane's height: at least 120 px, leaving 260 px above it. */
const lowerLimits = () => ({ min: 120, max: Math.max(120, window.innerHeight - 260) });

const LOWER_TABS = ['lanes', 'plots'] as const;

function LowerPane() {
  const tab = useApp((s) => s.prefs.lowerTab);
  const tabs = (
    <div role="tablist" aria-label="Lower pane" className="lower-tabs" onKeyDown={(e) => onTabListKey(e, LOWER_TABS, tab, (t) => setPrefs({ lowerTab: t }))}>
      {LOWER_TABS.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={`lower-tab-${t}`}
          aria-selected={tab === t}
          aria-controls={`lower-panel-${t}`}
          tabIndex={tab === t ? 0 : -1}
          className={tab === t ? 'active' : ''}
          onClick={() => setPrefs({ lowerTab: t })}
        >
          {t === 'lanes' ? 'Lanes' : 'Plots'}
        </button>
      ))}
    </div>
  );
  if (tab === 'lanes') return <Lanes tabs={tabs} />;
  return (
    <section className="lanes lower-pane" aria-label="Plots">
      <div className="lanes-caption">{tabs}</div>
      <div className="lanes-scroll" role="tabpanel" id="lower-panel-plots" aria-labelledby="lower-tab-plots" tabIndex={0}><Plots /></div>
    </section>
  );
}

function Welcome() {
  return (
    <div className="welcome" data-testid="welcome">
      <h1>Open a capture</h1>
      <p>pcap or pcapng (also gzip-compressed) with OCPP, OpenADR, IEEE 2030.5, ISO 15118 / DIN 70121 or SLAC traffic.</p>
      <p>Use <strong>Open capture…</strong>, press <kbd>Ctrl</kbd>+<kbd>O</kbd>, or drop a file anywhere on this window.</p>
      <p className="muted">The capture is read here, in this window; nothing is uploaded.</p>
    </div>
  );
}
