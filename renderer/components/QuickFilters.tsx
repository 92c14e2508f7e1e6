// Quick filters: toggle chips for the protocols, pathways, categories and severities present in the capture
// (with counts). They combine with the filter bar (AND between groups, OR within a group).

import { clearQuick, toggleQuick, useApp } from '../state/store';
import type { QuickFilters as Q } from '../engine/protocol';
import { protocolClass, protocolLabel } from '../lib/labels';

const GROUPS: { key: keyof Q; facet: 'protocols' | 'pathways' | 'categories' | 'severities'; label: string }[] = [
  { key: 'protocols', facet: 'protocols', label: 'Protocol' },
  { key: 'pathways', facet: 'pathways', label: 'Pathway' },
  { key: 'categories', facet: 'categories', label: 'Category' },
  { key: 'severities', facet: 'severities', label: 'Severity' },
];

export function QuickFilters() {
  const facets = useApp((s) => s.progress?.facets);
  const quick = useApp((s) => s.quick);
  const any = GROUPS.some((g) => quick[g.key].length > 0);
  if (!facets) return null;
  return (
    <div className="quick" role="toolbar" aria-label="Quick filters">
      {GROUPS.map((g) => {
        const values = Object.entries(facets[g.facet]).sort((a, b) => b[1] - a[1]);
        if (values.length === 0) return null;
        return (
          <div className="quick-group" key={g.key} role="group" aria-label={g.label}>
            <span className="quick-label">{g.label}</span>
            {values.map(([v, n]) => {
              const on = quick[g.key].includes(v);
              return (
                <button
                  key={v}
                  type="button"
                  aria-pressed={on}
                  className={`qchip${on ? ' on' : ''}${g.key === 'protocols' ? ` ${protocolClass(v)}` : ''}${g.key === 'severities' ? ` sev-${v}` : ''}`}
                  onClick={() => toggleQuick(g.key, v)}
                  data-testid={`quick-${g.key}-${v}`}
                >
                  {g.key === 'protocols' ? <span className="proto-dot" aria-hidden="true" /> : null}
                  {g.key === 'protocols' ? protocolLabel(v) : v}
                  <span className="count">{n}</span>
                </button>
              );
            })}
          </div>
        );
      })}
      {any ? <button type="button" className="small" onClick={clearQuick}>Reset quick filters</button> : null}
    </div>
  );
}
