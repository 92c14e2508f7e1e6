// The top bar: open a capture (file input, or the native dialog in Electron), recent files, the loading
// progress with Cancel, export, the lanes toggle and the theme switch.

import { useRef } from 'react';
import { cancelLoad, exportPcapng, exportView, openBlob, openElectronFile, setPrefs, toggleTheme, useApp } from '../state/store';
import { bridge } from '../platform/bridge';
import { exportLanesPng, exportLanesSvg } from '../lib/lanesSvg';

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

export function Toolbar() {
  const progress = useApp((s) => s.progress);
  const theme = useApp((s) => s.prefs.theme);
  const showLanes = useApp((s) => s.prefs.showLanes);
  const lanesShown = useApp((s) => s.prefs.showLanes && s.prefs.lowerTab === 'lanes');
  const recent = useApp((s) => s.recent);
  const fileRef = useRef<HTMLInputElement>(null);
  const b = bridge();

  const open = async () => {
    if (b) {
      const f = await b.openFileDialog();
      if (f) openElectronFile(f);
    } else fileRef.current?.click();
  };

  const loading = progress !== null && !progress.done;
  const pct = progress && progress.total > 0 ? Math.min(100, (progress.bytesRead / progress.total) * 100) : undefined;

  return (
    <header className="toolbar" role="banner">
      <div className="brand" aria-hidden="true">VGI Inspector</div>
      <button type="button" className="primary" onClick={() => void open()} title="Open a capture (Ctrl+O)" data-testid="open-button">
        Open capture…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".pcap,.pcapng,.cap,.gz,.pcap.gz,.pcapng.gz"
        className="visually-hidden"
        aria-label="Capture file"
        tabIndex={-1}
        data-testid="file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) openBlob(f, f.name);
          e.target.value = '';
        }}
      />
      {b && recent.length ? (
        <select
          aria-label="Recent captures"
          value=""
          onChange={(e) => {
            const f = recent.find((r) => r.path === e.target.value);
            if (f) openElectronFile(f);
          }}
        >
          <option value="">Recent…</option>
          {recent.map((r) => <option key={r.path} value={r.path}>{r.name}</option>)}
        </select>
      ) : null}
      <div className="capture-name" title={progress?.name}>{progress?.name ?? 'No capture open'}</div>
      {progress ? (
        <div className="progress-wrap" data-testid="progress" data-done={progress.done} data-cancelled={progress.cancelled}>
          <div
            className="progress"
            role="progressbar"
            aria-label="Reading the capture"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct !== undefined ? Math.round(pct) : undefined}
          >
            <div className={`progress-fill${loading ? ' running' : ''}${progress.cancelled ? ' cancelled' : ''}`} style={{ width: `${progress.done && !progress.cancelled ? 100 : pct ?? 30}%` }} />
          </div>
          <span className="progress-text">
            {loading
              ? `${bytes(progress.bytesRead)}${progress.total ? ` of ${bytes(progress.total)}` : ''} · ${progress.count.toLocaleString()} messages`
              : progress.cancelled
                ? `stopped at ${bytes(progress.bytesRead)}`
                : `${bytes(progress.bytesRead)} read`}
          </span>
          {loading ? (
            <button type="button" className="small" onClick={cancelLoad} data-testid="cancel-button">Cancel</button>
          ) : null}
        </div>
      ) : null}
      <div className="spacer" />
      <div className="toolbar-group" role="group" aria-label="Export">
        <button type="button" className="small" disabled={!progress} onClick={() => void exportView('ndjson')} title="Filtered messages as ndjson (same records as vgi-inspect decode)">Export ndjson</button>
        <button type="button" className="small" disabled={!progress} onClick={() => void exportView('csv')} title="Filtered messages as CSV">CSV</button>
        <button
          type="button"
          className="small"
          disabled={!progress || !progress.done || progress.cancelled}
          onClick={() => void exportPcapng()}
          title="The packets that carried the filtered messages, as a pcapng file Wireshark opens (read again from the capture)"
          data-testid="export-pcapng"
        >
          pcapng
        </button>
        <button type="button" className="small" disabled={!progress || !lanesShown} onClick={() => void exportLanesSvg()} title="The lanes in sight as SVG">Lanes SVG</button>
        <button type="button" className="small" disabled={!progress || !lanesShown} onClick={() => void exportLanesPng()} title="The lanes in sight as PNG">PNG</button>
      </div>
      <button type="button" className="small" aria-pressed={showLanes} onClick={() => setPrefs({ showLanes: !showLanes })} title="Show or hide the lanes and plots pane">
        Lanes &amp; plots
      </button>
      <button type="button" className="small" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-button">
        {theme === 'dark' ? '☀ Light' : '☾ Dark'}
      </button>
    </header>
  );
}
