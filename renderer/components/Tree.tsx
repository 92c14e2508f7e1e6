// The decoded tree of a message body: field names and values, expandable; hovering a field shows its name
// in the filter language (body.<path>), clicking selects it (highlighted in the payload and the hex view).

import { useState, type ReactNode } from 'react';
import { pointer } from '../lib/jsonPositions';

export interface TreeProps {
  body: unknown;
  selected: string | null;
  onSelect(ptr: string): void;
}

const AUTO_OPEN_DEPTH = 3;
const MAX_CHILDREN = 500;

function filterName(path: (string | number)[]): string {
  return 'body.' + path.filter((p) => typeof p === 'string').join('.');
}

function scalar(v: unknown): ReactNode {
  if (typeof v === 'string') return <span className="v-str">"{v}"</span>;
  if (typeof v === 'number') return <span className="v-num">{String(v)}</span>;
  if (typeof v === 'boolean') return <span className="v-bool">{String(v)}</span>;
  if (v === null) return <span className="v-null">null</span>;
  return <span className="v-null">{String(v)}</span>;
}

function Node({ name, value, path, depth, selected, onSelect }: {
  name: string; value: unknown; path: (string | number)[]; depth: number; selected: string | null; onSelect(p: string): void;
}) {
  const [open, setOpen] = useState(depth < AUTO_OPEN_DEPTH);
  const ptr = pointer(path);
  const isObj = value !== null && typeof value === 'object';
  const entries: [string | number, unknown][] = !isObj
    ? []
    : Array.isArray(value)
      ? value.map((v, i) => [i, v] as [number, unknown])
      : Object.entries(value as Record<string, unknown>);
  const label = (
    <span
      className={`tree-label${selected === ptr ? ' tree-selected' : ''}`}
      title={path.length ? `${filterName(path)} (filter field)` : 'body'}
      onClick={() => onSelect(ptr)}
    >
      <span className="tree-key">{name}</span>
      {isObj ? (
        <span className="muted">{Array.isArray(value) ? ` [${entries.length}]` : entries.length ? '' : ' {}'}</span>
      ) : (
        <>: {scalar(value)}</>
      )}
    </span>
  );
  if (!isObj || entries.length === 0) {
    return (
      <li role="treeitem" aria-selected={selected === ptr} className="tree-leaf">
        {label}
      </li>
    );
  }
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={selected === ptr}>
      <button type="button" className="twisty" aria-label={open ? `collapse ${name}` : `expand ${name}`} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {label}
      {open ? (
        <ul role="group">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <Node key={String(k)} name={typeof k === 'number' ? `[${k}]` : k} value={v} path={[...path, k]} depth={depth + 1} selected={selected} onSelect={onSelect} />
          ))}
          {entries.length > MAX_CHILDREN ? <li className="muted">… {entries.length - MAX_CHILDREN} more</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

export function Tree({ body, selected, onSelect }: TreeProps) {
  if (body === undefined) return <div className="empty-note">No decoded body.</div>;
  if (body === null || typeof body !== 'object') {
    return <div className="tree-scalar">{scalar(body)}</div>;
  }
  const entries = Array.isArray(body) ? body.map((v, i) => [i, v] as [number, unknown]) : Object.entries(body as Record<string, unknown>);
  if (entries.length === 0) return <div className="empty-note">Empty body {'{}'}</div>;
  return (
    <ul className="tree" role="tree" aria-label="Decoded fields">
      {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
        <Node key={String(k)} name={typeof k === 'number' ? `[${k}]` : k} value={v} path={[k]} depth={0} selected={selected} onSelect={onSelect} />
      ))}
    </ul>
  );
}
