// The detail of the selected message: what it is (header), what it is linked to (its request or response),
// its diagnostics, the decoded tree, and below it the payload in Monaco, the hex bytes, why each annotation
// was given, and a side-by-side comparison with the linked or pinned message.

import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { followLink, selectSeq, setPrefs, useApp } from '../state/store';
import { focusList, onTabListKey, typingIn } from '../lib/keys';
import type { Detail } from '../engine/protocol';
import { actorLabel, kindLabel, protocolClass, protocolLabel } from '../lib/labels';
import { presentPayload } from '../lib/payload';
import { isoToSeconds } from '../lib/time';
import { Tree } from './Tree';
import { HexView } from './HexView';
import type { Prefs } from '../state/prefs';

const MonacoPane = lazy(() => import('./MonacoPane'));
const MonacoDiff = lazy(() => import('./MonacoPane').then((m) => ({ default: m.MonacoDiff })));

type Tab = 'payload' | 'hex' | 'why' | 'compare';

const TAB_LABEL: Record<Tab, string> = { payload: 'Payload', hex: 'Hex', why: 'Why', compare: 'Compare' };
const TABS = Object.keys(TAB_LABEL) as Tab[];

export function DetailPane() {
  const detail = useApp((s) => s.detail);
  const partner = useApp((s) => s.partnerDetail);
  const theme = useApp((s) => s.prefs.theme);
  const prefTab = useApp((s) => s.prefs.detailTab);
  const [tab, setTab] = useState<Tab>(prefTab === 'hex' || prefTab === 'why' ? prefTab : 'payload');
  const [field, setField] = useState<string | null>(null);
  const [pinned, setPinned] = useState<Detail | null>(null);

  const sectionRef = useRef<HTMLElement>(null);

  useEffect(() => setField(null), [detail?.seq]);

  // Enter in the list or the lanes brings the focus here; Escape takes it back to the list; R follows the link.
  useEffect(() => {
    const focus = () => sectionRef.current?.focus();
    window.addEventListener('vgi:focus-detail', focus);
    return () => window.removeEventListener('vgi:focus-detail', focus);
  }, []);
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      focusList();
    } else if ((e.key === 'r' || e.key === 'R') && !typingIn(e.target)) {
      e.preventDefault();
      followLink();
    }
  };

  const payload = useMemo(
    () => (detail ? presentPayload(detail.record.body, detail.raw, detail.record.protocol) : null),
    [detail],
  );

  if (!detail || !payload) {
    return (
      <section className="detail" aria-label="Message detail" ref={sectionRef} tabIndex={-1} onKeyDown={onKey}>
        <div className="empty-note big">Select a message to see its decoded fields, payload and bytes.</div>
      </section>
    );
  }
  const r = detail.record;
  const textSpan = field !== null ? payload.textSpans.get(field) ?? null : null;
  const rawSpan = field !== null ? payload.rawSpans.get(field) ?? null : null;
  const chooseTab = (t: Tab) => {
    setTab(t);
    if (t !== 'compare') setPrefs({ detailTab: (t === 'payload' ? 'raw' : t) as Prefs['detailTab'] });
  };

  return (
    <section className="detail" aria-label="Message detail" data-testid="detail" data-seq={r.seq} ref={sectionRef} tabIndex={-1} onKeyDown={onKey}>
      <header className={`detail-head ${protocolClass(r.protocol)}`}>
        <div className="detail-title">
          <span className="proto-dot" aria-hidden="true" />
          <h2 className="detail-name">#{r.seq} {r.name}</h2>
          <span className={`kind kind-${r.kind}`}>{kindLabel(r.protocol, r.kind)}</span>
          <button type="button" className="small" onClick={() => setPinned(pinned?.seq === r.seq ? null : detail)} title="Keep this message for the side-by-side view">
            {pinned?.seq === r.seq ? 'Unpin' : 'Pin'}
          </button>
        </div>
        <dl className="facts">
          <dt>Protocol</dt><dd title="protocol, version">{protocolLabel(r.protocol)} {r.version}</dd>
          <dt>From → To</dt><dd title="from, to">{actorLabel(r.from)} → {actorLabel(r.to)} <span className="muted">({r.pathway})</span></dd>
          <dt>Endpoints</dt><dd title="src, dst">{r.src} → {r.dst}</dd>
          <dt>Time</dt><dd title="time">{r.time} <span className="muted">frame {r.frame}</span></dd>
          {r.id ? <><dt>Id</dt><dd title="id">{r.id}</dd></> : null}
          {r.categories.length || r.tags.length ? (
            <>
              <dt>Use cases</dt>
              <dd>
                {r.categories.map((c) => <span key={c} className={`chip cat-${c}`}>{c}</span>)}
                {r.tags.map((t) => <span key={t} className="chip tag">{t}</span>)}
              </dd>
            </>
          ) : null}
        </dl>
        <Linked detail={detail} partner={partner} />
      </header>
      {r.diagnostics.length ? (
        <ul className="diagnostics" aria-label="Diagnostics">
          {r.diagnostics.map((d, k) => (
            <li key={k} className={`sev-${d.severity}`}>
              <span className={`sev sev-${d.severity}`}>{d.severity}</span> <code>{d.code}</code> {d.message}
              {d.path ? <span className="muted"> at {d.path}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="detail-split">
        <div className="detail-tree" role="region" aria-label="Decoded fields">
          <div className="pane-caption">Decoded fields <span className="muted">(hover: filter name; click: show in payload and bytes)</span></div>
          <Tree key={r.seq} body={r.body} selected={field} onSelect={(p) => setField(p === field ? null : p)} />
        </div>
        <div className="detail-tabs">
          <div className="tabs">
            <div role="tablist" aria-label="Payload views" className="tablist" onKeyDown={(e) => onTabListKey(e, TABS, tab, chooseTab)}>
              {TABS.map((t) => (
                <button
                  key={t}
                  role="tab"
                  type="button"
                  id={`detail-tab-${t}`}
                  aria-selected={tab === t}
                  aria-controls="detail-tabpanel"
                  tabIndex={tab === t ? 0 : -1}
                  className={tab === t ? 'active' : ''}
                  onClick={() => chooseTab(t)}
                >
                  {TAB_LABEL[t]}
                </button>
              ))}
            </div>
            <span className="tab-caption muted">{tab === 'payload' ? payload.caption : tab === 'hex' ? `${detail.raw?.length ?? 0} bytes` : ''}</span>
          </div>
          <div className="tab-body" role="tabpanel" id="detail-tabpanel" aria-labelledby={`detail-tab-${tab}`} tabIndex={0} data-testid="detail-tabpanel">
            {tab === 'payload' ? (
              <Suspense fallback={<div className="empty-note">Loading editor…</div>}>
                <MonacoPane text={payload.text} language={payload.language} theme={theme} highlight={textSpan} label={`Payload of message ${r.seq}`} />
              </Suspense>
            ) : tab === 'hex' ? (
              <HexView bytes={detail.raw} highlight={rawSpan} />
            ) : tab === 'why' ? (
              <Why detail={detail} />
            ) : (
              <Compare left={pinned && pinned.seq !== r.seq ? pinned : partner} right={detail} theme={theme} />
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

function Linked({ detail, partner }: { detail: Detail; partner: Detail | null }) {
  const r = detail.record;
  if (!detail.partner) {
    if (r.kind === 'request' && detail.acknowledged) {
      return <div className="linked-note muted" data-testid="linked">Answered by an HTTP {detail.acknowledged} response that carries no message (an acknowledgement).</div>;
    }
    if (r.kind === 'request') return <div className="linked-note muted">No response to this request in the capture.</div>;
    if (r.kind === 'response' || r.kind === 'error') return <div className="linked-note muted">The request of this response is not in the capture.</div>;
    return null;
  }
  const p = partner?.record;
  const dt = p ? isoToSeconds(p.time) - isoToSeconds(r.time) : NaN;
  const verb = r.kind === 'request' ? 'Answered by' : 'Answers';
  return (
    <div className="linked-note" data-testid="linked">
      {verb}{' '}
      <button type="button" className="link-btn" onClick={() => void selectSeq(detail.partner)} data-testid="linked-button">
        #{detail.partner} {p ? `${kindLabel(p.protocol, p.kind)} ${p.name}` : ''}
      </button>
      {Number.isFinite(dt) ? <span className="muted"> ({Math.abs(dt * 1000).toFixed(1)} ms {dt >= 0 ? 'later' : 'earlier'})</span> : null}
    </div>
  );
}

function Why({ detail }: { detail: Detail }) {
  const ev = detail.record.evidence;
  if (ev.length === 0) {
    return <div className="empty-note">No use-case rule matched this message, so it has no category or tag.</div>;
  }
  return (
    <table className="why">
      <thead>
        <tr><th scope="col">Gives</th><th scope="col">Why</th><th scope="col">Matched field</th><th scope="col">Rule</th></tr>
      </thead>
      <tbody>
        {ev.map((e, k) => (
          <tr key={k}>
            <td>
              {e.categories.map((c) => <span key={c} className={`chip cat-${c}`}>{c}</span>)}
              {e.tags.map((t) => <span key={t} className="chip tag">{t}</span>)}
            </td>
            <td>{e.why || <span className="muted">(rule not in the default set)</span>}</td>
            <td>{e.field ? <code>{e.field}</code> : <span className="muted">message name</span>}</td>
            <td><code>{e.rule}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Compare({ left, right, theme }: { left: Detail | null; right: Detail; theme: 'light' | 'dark' }) {
  const [diffOnly, setDiffOnly] = useState(true);
  if (!left) {
    return <div className="empty-note">Pin a message (button in the header), then select another to see both side by side. A request and its response are compared without pinning.</div>;
  }
  const a = presentPayload(left.record.body, left.raw, left.record.protocol);
  const b = presentPayload(right.record.body, right.raw, right.record.protocol);
  const sameKind = left.record.protocol === right.record.protocol && left.record.name === right.record.name && left.record.kind === right.record.kind;
  const title = (d: Detail) => `#${d.record.seq} ${kindLabel(d.record.protocol, d.record.kind)} ${d.record.name}`;
  return (
    <div className="compare">
      <div className="compare-head">
        <span>{title(left)}</span>
        <span>{title(right)}</span>
        {sameKind ? (
          <label className="small-label"><input type="checkbox" checked={diffOnly} onChange={(e) => setDiffOnly(e.target.checked)} /> diff</label>
        ) : null}
      </div>
      <Suspense fallback={<div className="empty-note">Loading editor…</div>}>
        {sameKind && diffOnly ? (
          <MonacoDiff left={a.text} right={b.text} language={a.language} theme={theme} />
        ) : (
          <div className="compare-panes">
            <MonacoPane text={a.text} language={a.language} theme={theme} highlight={null} label={`Payload of message ${left.record.seq}`} />
            <MonacoPane text={b.text} language={b.language} theme={theme} highlight={null} label={`Payload of message ${right.record.seq}`} />
          </div>
        )}
      </Suspense>
    </div>
  );
}
