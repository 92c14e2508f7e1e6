// The message list's rows, drawn without React: a fixed set of slot elements (role row, ten gridcells each)
// made once; the row of index i is drawn in slot i mod N, so scrolling rewrites the text of the slots whose
// row changed and moves them (`top`), and never creates, removes or reorders elements. Only what differs
// from what a slot shows is written (a DOM write invalidates style or layout even when the value is the
// same). Tooltips are filled in when the pointer reaches a cell, not for every row drawn.

import type { ViewRow } from '../engine/protocol';
import { actorLabel, kindLabel, protocolClass, protocolLabel } from '../lib/labels';
import { formatRelative } from '../lib/time';

export const CELL_IDS = ['seq', 'time', 'protocol', 'pathway', 'fromto', 'name', 'link', 'summary', 'categories', 'diagnostics'] as const;

interface Slot {
  el: HTMLDivElement;
  cells: HTMLDivElement[];
  /** Text nodes and inner spans that change from row to row. */
  seq: Text;
  time: Text;
  proto: Text;
  version: HTMLSpanElement;
  pathway: Text;
  fromto: Text;
  kind: HTMLSpanElement;
  name: Text;
  link: HTMLSpanElement;
  summary: Text;
  chips: HTMLSpanElement[];
  diag: HTMLSpanElement;
  index: number;
  row: ViewRow | undefined | null;
  /** Only the leading cells are filled (drawn while scrolling fast). */
  partial: boolean;
  cls: string;
  top: number;
}

export interface DrawState {
  /** Rows [start, end) are drawn. */
  start: number;
  end: number;
  /** Row i sits at (i - base) * rowH in the block. */
  base: number;
  rowH: number;
  selectedSeq: number | null;
  selectedIndex: number | null;
  partner: number;
}

function text(parent: HTMLElement, value = ''): Text {
  const t = document.createTextNode(value);
  parent.append(t);
  return t;
}

function span(parent: HTMLElement, className: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = className;
  parent.append(s);
  return s;
}

function setText(t: Text, v: string): void {
  if (t.data !== v) t.data = v;
}

function setSpan(s: HTMLSpanElement, className: string, v: string): void {
  if (s.className !== className) s.className = className;
  if (s.textContent !== v) s.textContent = v;
}

function setAttr(el: Element, name: string, v: string): void {
  if (el.getAttribute(name) !== v) el.setAttribute(name, v);
}

export class RowSlots {
  private slots: Slot[] = [];

  constructor(private readonly block: HTMLElement) {}

  /** The row drawn by a slot element (for events delegated to the block). */
  rowOf(el: Element | null): { index: number; row: ViewRow | undefined } | null {
    const rowEl = el?.closest('[role=row]');
    const slot = this.slots.find((s) => s.el === rowEl);
    return slot && slot.index >= 0 ? { index: slot.index, row: slot.row ?? undefined } : null;
  }

  private makeSlot(): Slot {
    const el = document.createElement('div');
    el.setAttribute('role', 'row');
    const cells = CELL_IDS.map((id) => {
      const c = document.createElement('div');
      c.setAttribute('role', 'gridcell');
      c.className = `cell c-${id}`;
      el.append(c);
      return c;
    });
    const [cSeq, cTime, cProto, cPath, cFromTo, cName, cLink, cSummary, , cDiag] = cells;
    const seq = text(cSeq);
    const time = text(cTime);
    const proto = text(cProto);
    const version = span(cProto, 'muted');
    const pathway = text(cPath);
    const fromto = text(cFromTo);
    const kind = span(cName, 'kind');
    const name = text(cName);
    const link = span(cLink, '');
    const summary = text(cSummary);
    const diag = span(cDiag, 'sev');
    this.block.append(el);
    return { el, cells, seq, time, proto, version, pathway, fromto, kind, name, link, summary, chips: [], diag, index: -1, row: null, partial: false, cls: '', top: NaN };
  }

  /**
   * Draws rows [start, end) with `rowAt`; `count` is the number of slots (at least end - start). With
   * `fast` (the list moves more than a screenful a frame, so that each row is in sight for one frame),
   * rows newly drawn get their leading cells only (number, time, protocol, name; the others are hidden,
   * class `partial`); the next draw that is not fast completes them. Returns the number of rows drawn
   * as loading (not in the cache).
   */
  draw(count: number, st: DrawState, rowAt: (i: number) => ViewRow | undefined, fast = false): number {
    let missing = 0;
    while (this.slots.length < count) this.slots.push(this.makeSlot());
    while (this.slots.length > count) this.slots.pop()!.el.remove();
    const n = this.slots.length;
    for (let s = 0; s < n; s++) {
      const slot = this.slots[s];
      const i = st.start + ((((s - st.start) % n) + n) % n);
      if (i >= st.end) {
        if (slot.index !== -1) {
          slot.index = -1;
          slot.row = null;
          slot.el.hidden = true;
          slot.el.removeAttribute('id');
        }
        continue;
      }
      const row = rowAt(i);
      if (!row) missing++;
      if (slot.index !== i || slot.row !== row) this.fill(slot, i, row, fast);
      else if (slot.partial && !fast && row) this.fillRest(slot, row);
      const top = (i - st.base) * st.rowH;
      if (slot.top !== top) {
        slot.top = top;
        slot.el.style.top = `${top}px`;
      }
      const selected = row ? row.seq === st.selectedSeq : i === st.selectedIndex;
      const linked = !!row && st.partner !== 0 && row.seq === st.partner;
      const cls = `row ${row ? protocolClass(row.protocol) : 'loading'}${selected ? ' selected' : ''}${linked ? ' linked' : ''}${row?.severity ? ` sev-${row.severity}` : ''}${slot.partial ? ' partial' : ''}`;
      if (slot.cls !== cls) {
        slot.cls = cls;
        slot.el.className = cls;
        setAttr(slot.el, 'aria-selected', String(selected));
      }
    }
    return missing;
  }

  private fill(slot: Slot, i: number, row: ViewRow | undefined, fast: boolean): void {
    const first = slot.index === -1;
    slot.index = i;
    slot.row = row;
    const el = slot.el;
    if (first) el.hidden = false;
    if (el.id !== `row-${i}`) el.id = `row-${i}`;
    setAttr(el, 'aria-rowindex', String(i + 2));
    // Tooltips belong to the previous row: dropped, filled again on pointerover.
    for (const c of slot.cells) if (c.title) c.removeAttribute('title');
    if (!row) {
      el.removeAttribute('data-seq');
      el.removeAttribute('data-kind');
      setText(slot.seq, '…');
      for (const t of [slot.time, slot.proto, slot.pathway, slot.fromto, slot.name, slot.summary]) setText(t, '');
      for (const s of [slot.version, slot.kind, slot.link, slot.diag]) setSpan(s, s.className, '');
      this.chips(slot, []);
      slot.partial = false;
      return;
    }
    setAttr(el, 'data-seq', String(row.seq));
    setAttr(el, 'data-kind', row.kind);
    setText(slot.seq, String(row.seq));
    setText(slot.time, formatRelative(row.rel));
    setText(slot.proto, protocolLabel(row.protocol));
    setSpan(slot.version, 'muted', row.version && !row.version.startsWith('urn:') ? ` ${row.version}` : '');
    setSpan(slot.kind, `kind kind-${row.kind}`, kindLabel(row.protocol, row.kind));
    setText(slot.name, ` ${row.name}`);
    // Fast: the other cells keep the previous row's text, hidden (see draw), so that they need no layout.
    if (fast) slot.partial = true;
    else this.fillRest(slot, row);
  }

  private fillRest(slot: Slot, row: ViewRow): void {
    slot.partial = false;
    setText(slot.pathway, row.pathway);
    setText(slot.fromto, `${actorLabel(row.from)} → ${actorLabel(row.to)}`);
    if (row.partner) setSpan(slot.link, 'link-btn', `${row.kind === 'request' ? '→' : '←'} #${row.partner}`);
    // a request answered by an HTTP response that is no message (OpenADR's empty 200) is not unanswered
    else setSpan(slot.link, 'muted', row.kind !== 'request' ? '' : row.acknowledged ? `HTTP ${row.acknowledged}` : 'unanswered');
    setText(slot.summary, row.summary);
    this.chips(slot, [...row.categories.map((c) => [`chip cat-${c}`, c]), ...row.tags.map((t) => ['chip tag', t])]);
    setSpan(slot.diag, `sev sev-${row.severity}`, row.diagnostics.length ? `${row.diagnostics.length} ${row.diagnostics[0].code}` : '');
  }

  private chips(slot: Slot, chips: string[][]): void {
    const cell = slot.cells[8];
    while (slot.chips.length < chips.length) slot.chips.push(span(cell, 'chip'));
    while (slot.chips.length > chips.length) slot.chips.pop()!.remove();
    chips.forEach(([cls, label], k) => setSpan(slot.chips[k], cls, label));
  }

  /** The tooltip of a cell, made when the pointer reaches it. */
  static title(row: ViewRow, cell: number): string {
    switch (CELL_IDS[cell]) {
      case 'time': return row.time;
      case 'protocol': return `${protocolLabel(row.protocol)} ${row.version}`;
      case 'fromto': return `${row.src} → ${row.dst}`;
      case 'name': return `${row.name} (${kindLabel(row.protocol, row.kind)})`;
      case 'link': return row.partner ? `${row.kind === 'request' ? 'answered by' : 'answers'} #${row.partner} (R)` : row.kind === 'request' ? 'no response in the capture' : '';
      case 'summary': return row.summary;
      case 'categories': return [...row.categories, ...row.tags].join(', ');
      case 'diagnostics': return row.diagnostics.map((d) => `${d.severity}: ${d.message}`).join('\n');
      default: return '';
    }
  }

  /** Sets the tooltip of the cell under `target` (pointerover). */
  hover(target: Element | null): void {
    const cell = target?.closest('[role=gridcell]') as HTMLElement | null;
    if (!cell || cell.title) return;
    const hit = this.rowOf(cell);
    if (!hit?.row) return;
    const k = Array.prototype.indexOf.call(cell.parentElement!.children, cell) as number;
    const t = RowSlots.title(hit.row, k);
    if (t) cell.title = t;
  }
}
