// The decoded tree of a message body: field names and values, expandable; hovering a field shows its name
// in the filter language (body.<path>), clicking selects it (highlighted in the payload and the hex view).
// Keyboard (WAI-ARIA tree: one tab stop): ↑/↓ move between visible fields, → expands or goes to the first
// child, ← collapses or goes to the parent, Home/End, Enter or Space selects.

import { useState, type KeyboardEvent, type ReactNode } from 'react';
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

function Node({ name, value, path, depth, selected, onSelect, current }: {
  name: string; value: unknown; path: (string | number)[]; depth: number; selected: string | null; onSelect(p: string): void; current: string | null;
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
  const item = { 'data-ptr': ptr, tabIndex: current === ptr ? 0 : -1, 'aria-selected': selected === ptr };
  if (!isObj || entries.length === 0) {
    return (
      <li role="treeitem" className="tree-leaf" {...item}>
        {label}
      </li>
    );
  }
  return (
    <li role="treeitem" aria-expanded={open} {...item} data-open={open} onKeyDown={(e) => {
      if (e.target !== e.currentTarget) return;
      if ((e.key === 'ArrowRight' && !open) || (e.key === 'ArrowLeft' && open)) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(!open);
      }
    }}>
      <button type="button" className="twisty" tabIndex={-1} aria-hidden="true" onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {label}
      {open ? (
        <ul role="group">
          {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
            <Node key={String(k)} name={typeof k === 'number' ? `[${k}]` : k} value={v} path={[...path, k]} depth={depth + 1} selected={selected} onSelect={onSelect} current={current} />
          ))}
          {entries.length > MAX_CHILDREN ? <li className="muted">… {entries.length - MAX_CHILDREN} more</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

/** Moves the focus between the visible tree items (the arrow keys that do not open or close a branch). */
function onTreeKey(e: KeyboardEvent<HTMLUListElement>, onSelect: (ptr: string) => void): void {
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[role=treeitem]'));
  const cur = (e.target as HTMLElement).closest<HTMLElement>('[role=treeitem]');
  const k = cur ? items.indexOf(cur) : -1;
  let next: HTMLElement | undefined;
  switch (e.key) {
    case 'ArrowDown': next = items[k + 1]; break;
    case 'ArrowUp': next = items[k - 1]; break;
    case 'Home': next = items[0]; break;
    case 'End': next = items[items.length - 1]; break;
    case 'ArrowRight':
      // An open branch: to its first child.
      if (cur?.dataset.open === 'true') next = cur.querySelector<HTMLElement>('[role=treeitem]') ?? undefined;
      break;
    case 'ArrowLeft':
      next = cur?.parentElement?.closest<HTMLElement>('[role=treeitem]') ?? undefined;
      break;
    case 'Enter':
    case ' ':
      if (cur?.dataset.ptr !== undefined) {
        e.preventDefault();
        onSelect(cur.dataset.ptr);
      }
      return;
    default: return;
  }
  e.preventDefault();
  next?.focus();
}

export function Tree({ body, selected, onSelect }: TreeProps) {
  // The item that is the tree's tab stop (the last one focused; the first at the start).
  const [current, setCurrent] = useState<string | null>(null);
  if (body === undefined) return <div className="empty-note">No decoded body.</div>;
  if (body === null || typeof body !== 'object') {
    return <div className="tree-scalar">{scalar(body)}</div>;
  }
  const entries = Array.isArray(body) ? body.map((v, i) => [i, v] as [number, unknown]) : Object.entries(body as Record<string, unknown>);
  if (entries.length === 0) return <div className="empty-note">Empty body {'{}'}</div>;
  const first = pointer([entries[0][0]]);
  return (
    <ul
      className="tree"
      role="tree"
      aria-label="Decoded fields"
      onKeyDown={(e) => onTreeKey(e, onSelect)}
      onFocus={(e) => {
        const ptr = (e.target as HTMLElement).dataset.ptr;
        if (ptr !== undefined && ptr !== current) setCurrent(ptr);
      }}
    >
      {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
        <Node key={String(k)} name={typeof k === 'number' ? `[${k}]` : k} value={v} path={[k]} depth={0} selected={selected} onSelect={onSelect} current={current ?? first} />
      ))}
    </ul>
  );
}
