// The filter bar: the display-filter language (parsers/filter, run in the worker) with completion at the
// cursor and the syntax error underlined where it is. Enter applies; Escape closes the completion list.

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { applyFilter, engine, setFilterText, useApp } from '../state/store';
import type { CompletionItem, FilterCheck } from '../engine/protocol';

export function FilterBar() {
  const text = useApp((s) => s.filterText);
  const applied = useApp((s) => s.appliedFilter);
  const applyError = useApp((s) => s.filterError);
  const [check, setCheck] = useState<FilterCheck | null>(null);
  const [items, setItems] = useState<CompletionItem[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [navigated, setNavigated] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);
  /** The text the completion items were computed for (they arrive from the worker after the keystroke). */
  const itemsFor = useRef('');
  /** The text for which the user closed the list (Escape, Enter): a late answer for it must not reopen it. */
  const closedFor = useRef<string | null>(null);

  const refresh = (value: string, cursor: number, show: boolean) => {
    const my = ++seq.current;
    void engine().complete(value, cursor).then((r) => {
      if (my !== seq.current) return;
      itemsFor.current = value;
      setCheck(r.error);
      setItems(r.completions);
      setActive(0);
      setNavigated(false);
      setOpen(show && r.completions.length > 0 && closedFor.current !== value);
    });
  };

  useEffect(() => {
    const onFocus = () => inputRef.current?.focus();
    window.addEventListener('vgi:focus-filter', onFocus);
    return () => window.removeEventListener('vgi:focus-filter', onFocus);
  }, []);

  const accept = (c: CompletionItem) => {
    const next = text.slice(0, c.from) + c.label + ' ' + text.slice(c.to).replace(/^ /, '');
    setFilterText(next);
    setOpen(false);
    const cursor = c.from + c.label.length + 1;
    requestAnimationFrame(() => {
      inputRef.current?.setSelectionRange(cursor, cursor);
      // After a value the next thing is an operator (&&, ||): no list to get in the way of Enter.
      refresh(next, cursor, !c.label.startsWith('"'));
    });
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (open && items.length) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((active + 1) % items.length);
        setNavigated(true);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((active - 1 + items.length) % items.length);
        setNavigated(true);
        return;
      }
      const cur = items[active];
      // Tab always takes the suggestion; Enter takes it only when the user picked one or is typing a word
      // (otherwise Enter applies the filter as typed).
      // Items computed for an older text (Enter typed before they caught up) say nothing about this word.
      const typing = itemsFor.current === text && cur.to > cur.from && text.slice(cur.from, cur.to) !== cur.label;
      if (e.key === 'Tab' || (e.key === 'Enter' && (navigated || typing))) {
        e.preventDefault();
        accept(cur);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        closedFor.current = text;
        setOpen(false);
        return;
      }
    }
    if (e.key === 'Enter') {
      e.preventDefault();
      closedFor.current = text;
      setOpen(false);
      applyFilter(text);
    } else if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      closedFor.current = null; // asked for explicitly
      refresh(text, e.currentTarget.selectionStart ?? text.length, true);
    }
  };

  const error = applyError ?? check;
  const dirty = text !== applied;
  const state = text.trim() === '' ? 'empty' : error ? 'bad' : 'good';
  const caret = items[0]?.from ?? 0;

  return (
    <div className="filterbar" role="search" aria-label="Filter messages">
      <label htmlFor="filter-input" className="filter-label">Filter</label>
      <div className={`filter-field ${state}`}>
        <div className="filter-mirror" aria-hidden="true">
          {error ? (
            <>
              {text.slice(0, error.start)}
              <span className="squiggle">{text.slice(error.start, Math.max(error.end, error.start + 1)) || ' '}</span>
            </>
          ) : null}
        </div>
        <input
          id="filter-input"
          ref={inputRef}
          className="filter-input"
          type="text"
          spellCheck={false}
          autoComplete="off"
          placeholder='e.g. ocpp.action == "SetChargingProfile" && pathway == "nsp-evse"   (Ctrl+Space: suggestions)'
          value={text}
          role="combobox"
          aria-expanded={open}
          aria-controls="filter-completions"
          aria-autocomplete="list"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'filter-error' : undefined}
          aria-activedescendant={open ? `completion-${active}` : undefined}
          data-testid="filter-input"
          onChange={(e) => {
            setFilterText(e.target.value);
            refresh(e.target.value, e.target.selectionStart ?? e.target.value.length, true);
          }}
          onKeyDown={onKey}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
        />
        {open ? (
          <ul id="filter-completions" role="listbox" className="completions" style={{ left: `calc(${caret}ch + 8px)` }} aria-label="Suggestions">
            {items.map((c, k) => (
              <li
                key={`${c.label}-${k}`}
                id={`completion-${k}`}
                role="option"
                aria-selected={k === active}
                className={k === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(c);
                }}
              >
                <span className="c-label">{c.label}</span>
                <span className="c-detail">{c.detail}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" onClick={() => applyFilter(text)} className={dirty ? 'primary' : ''} disabled={state === 'bad'} data-testid="filter-apply">
        Apply
      </button>
      <button type="button" onClick={() => { setFilterText(''); setCheck(null); applyFilter(''); }} disabled={text === '' && applied === ''}>
        Clear
      </button>
      <div id="filter-error" className="filter-error" role={error ? 'alert' : undefined} data-testid="filter-error">
        {error ? `${error.message} (at ${error.start + 1})` : null}
      </div>
    </div>
  );
}
