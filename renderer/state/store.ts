// The app's state (zustand) and the actions that talk to the engine worker. Rows live in the worker; the
// UI keeps a cache of the row windows it has asked for, keyed by position in the filtered view.

import { create } from 'zustand';
import { EngineClient } from '../engine/client';
import type { CaptureSource, Detail, Progress, QuickFilters, ViewRow } from '../engine/protocol';
import { bridge, readInitialWebCapture } from '../platform/bridge';
import type { OpenedFile } from '../../electron/common/ipc';
import { loadPrefs, savePrefs, type Prefs } from './prefs';

export type Theme = 'light' | 'dark';

export interface FilterError {
  message: string;
  start: number;
  end: number;
}

export interface AppState {
  prefs: Prefs;
  progress: Progress | null;
  fatal: string | null;
  /** True when rows were shown before the whole file was read (null before the first rows). */
  firstRowsBeforeEnd: boolean | null;
  filterText: string;
  appliedFilter: string;
  filterError: FilterError | null;
  quick: QuickFilters;
  gen: number;
  viewCount: number;
  rowsTick: number;
  selectedSeq: number | null;
  selectedIndex: number | null;
  detail: Detail | null;
  partnerDetail: Detail | null;
  recent: OpenedFile[];
  notice: string | null;
}

/** Rows asked of the worker at a time. */
const PAGE = 64;
/** Pages kept in the UI's row cache (least recently used dropped first): a million-row view stays in the worker. */
const MAX_PAGES = 160;
const EMPTY_QUICK: QuickFilters = { protocols: [], pathways: [], categories: [], severities: [] };

export const useApp = create<AppState>(() => ({
  prefs: loadPrefs(),
  progress: null,
  fatal: null,
  firstRowsBeforeEnd: null,
  filterText: '',
  appliedFilter: '',
  filterError: null,
  quick: EMPTY_QUICK,
  gen: 1,
  viewCount: 0,
  rowsTick: 0,
  selectedSeq: null,
  selectedIndex: null,
  detail: null,
  partnerDetail: null,
  recent: [],
  notice: null,
}));

// ---- row cache -------------------------------------------------------------------------------------

const rowCache = new Map<number, ViewRow>();
/** Pages with rows in the cache, least recently used first. */
const pageLru = new Map<number, true>();
const pagesInFlight = new Set<number>();
let cacheGen = 1;

export function cachedRow(index: number): ViewRow | undefined {
  return rowCache.get(index);
}

function resetCache(gen: number): void {
  rowCache.clear();
  pageLru.clear();
  pagesInFlight.clear();
  cacheGen = gen;
}

function touchPage(page: number): void {
  pageLru.delete(page);
  pageLru.set(page, true);
}

function storeRows(start: number, rows: ViewRow[]): void {
  rows.forEach((r, k) => rowCache.set(start + k, r));
  for (let p = Math.floor(start / PAGE); p * PAGE < start + rows.length; p++) touchPage(p);
  while (pageLru.size > MAX_PAGES) {
    const old = pageLru.keys().next().value as number;
    pageLru.delete(old);
    for (let i = old * PAGE; i < (old + 1) * PAGE; i++) rowCache.delete(i);
  }
}

/** Makes sure rows [start, end) of the current view are cached or on their way. */
export function ensureRows(start: number, end: number): void {
  const { gen, viewCount } = useApp.getState();
  const last = Math.min(end, viewCount);
  for (let page = Math.floor(Math.max(0, start) / PAGE); page * PAGE < last; page++) {
    if (pagesInFlight.has(page)) continue;
    let missing = false;
    for (let i = page * PAGE; i < Math.min((page + 1) * PAGE, viewCount); i++) {
      if (!rowCache.has(i)) {
        missing = true;
        break;
      }
    }
    if (!missing) {
      touchPage(page);
      continue;
    }
    pagesInFlight.add(page);
    void engine().rows(gen, page * PAGE, (page + 1) * PAGE).then((res) => {
      if (res.gen !== cacheGen) return;
      pagesInFlight.delete(page);
      storeRows(res.start, res.rows);
      useApp.setState((s) => ({ rowsTick: s.rowsTick + 1 }));
    });
  }
}

/** Rows [start, end) of the view, fetched if needed (for lanes, which want a block at once). */
export async function fetchRows(start: number, end: number): Promise<ViewRow[]> {
  const { gen } = useApp.getState();
  const res = await engine().rows(gen, start, end);
  if (res.gen === cacheGen) storeRows(res.start, res.rows);
  return res.rows;
}

// ---- engine ------------------------------------------------------------------------------------------

let client: EngineClient | undefined;
let pushFile: OpenedFile | undefined;
let sliceOverride: number | undefined;

export function engine(): EngineClient {
  if (!client) {
    client = new EngineClient({
      onProgress: (p) => {
        const s = useApp.getState();
        const patch: Partial<AppState> = { progress: p };
        if (p.gen > s.gen) {
          // The worker accepted a new filter: switch to its view.
          const pf = pendingFilters.get(p.gen);
          for (const g of pendingFilters.keys()) if (g <= p.gen) pendingFilters.delete(g);
          resetCache(p.gen);
          Object.assign(patch, { gen: p.gen, selectedIndex: null }, pf ? { appliedFilter: pf.text, quick: pf.quick } : {});
          const sel = s.selectedSeq;
          if (sel !== null) {
            void engine().locate(sel, p.gen).then((i) => {
              if (useApp.getState().gen === p.gen) useApp.setState({ selectedIndex: i >= 0 ? i : null });
            });
          }
        }
        if (p.gen >= s.gen) patch.viewCount = p.viewCount;
        if (s.firstRowsBeforeEnd === null && p.count > 0) patch.firstRowsBeforeEnd = !p.done;
        useApp.setState(patch);
      },
      onFatal: (message) => useApp.setState({ fatal: message }),
      onFilterError: (gen, message, start, end) => {
        pendingFilters.delete(gen);
        if (gen > useApp.getState().gen) useApp.setState({ filterError: { message, start, end } });
      },
      onRead: (id, offset, length) => {
        const f = pushFile;
        const b = bridge();
        if (!f || !b) {
          engine().readReply(id, undefined, 'the capture file is no longer open');
          return;
        }
        void b.readFileSlice(f.path, offset, length).then(
          (bytes) => engine().readReply(id, bytes),
          (e: unknown) => engine().readReply(id, undefined, `${f.name}: ${(e as Error).message}`),
        );
      },
      onPull: (offset, length) => {
        const f = pushFile;
        const b = bridge();
        if (!f || !b) return;
        void b.readFileSlice(f.path, offset, length).then(
          (bytes) => engine().chunk(bytes, offset + bytes.length >= f.size || bytes.length === 0),
          (e: unknown) => useApp.setState({ fatal: `${f.name}: ${(e as Error).message}` }),
        );
      },
    });
  }
  return client;
}

export function setSliceSize(n: number | undefined): void {
  sliceOverride = n;
}

function startOpen(source: CaptureSource): void {
  const s = useApp.getState();
  const gen = nextGen();
  resetCache(gen);
  useApp.setState({
    progress: null, fatal: null, firstRowsBeforeEnd: null, viewCount: 0, selectedSeq: null, selectedIndex: null,
    detail: null, partnerDetail: null, gen, notice: null,
  });
  engine().open(source, sliceOverride);
  // Apply the current filter to the new capture under the new generation.
  engine().filter(gen, s.appliedFilter, s.quick);
}

export function openBlob(file: Blob, name: string): void {
  pushFile = undefined;
  startOpen({ kind: 'file', file, name });
}

export function openUrl(url: string, name: string): void {
  pushFile = undefined;
  startOpen({ kind: 'url', url, name });
}

export function openElectronFile(f: OpenedFile): void {
  pushFile = f;
  startOpen({ kind: 'push', name: f.name, size: f.size });
  void bridge()?.recentFiles().then((recent) => useApp.setState({ recent }));
}

export function cancelLoad(): void {
  engine().cancel();
}

export async function openInitialCapture(): Promise<void> {
  const b = bridge();
  if (b) {
    const f = await b.initialFile();
    useApp.setState({ recent: await b.recentFiles() });
    if (f) openElectronFile(f);
    return;
  }
  const initial = await readInitialWebCapture();
  // Absolute: the worker would resolve a relative URL against its own script's address.
  if (initial) openUrl(new URL(initial.url, location.href).href, initial.name);
}

// ---- filter ------------------------------------------------------------------------------------------

export function setFilterText(text: string): void {
  useApp.setState({ filterText: text });
}

const pendingFilters = new Map<number, { text: string; quick: QuickFilters }>();
let lastGenSent = 1;

function nextGen(): number {
  lastGenSent = Math.max(lastGenSent, useApp.getState().gen) + 1;
  return lastGenSent;
}

/** Sends a filter to the worker; the view switches when the worker accepts it (or filterError is set). */
export function applyFilter(text = useApp.getState().filterText, quick = useApp.getState().quick): void {
  const gen = nextGen();
  pendingFilters.set(gen, { text, quick });
  useApp.setState({ filterError: null });
  engine().filter(gen, text, quick);
}

export function toggleQuick(kind: keyof QuickFilters, value: string): void {
  const q = useApp.getState().quick;
  const list = q[kind].includes(value) ? q[kind].filter((v) => v !== value) : [...q[kind], value];
  const quick = { ...q, [kind]: list };
  useApp.setState({ quick });
  applyFilter(useApp.getState().appliedFilter, quick);
}

export function clearQuick(): void {
  useApp.setState({ quick: EMPTY_QUICK });
  applyFilter(useApp.getState().appliedFilter, EMPTY_QUICK);
}

// ---- selection ---------------------------------------------------------------------------------------

let detailReq = 0;

export async function selectSeq(seq: number, index?: number): Promise<void> {
  const gen = useApp.getState().gen;
  useApp.setState({ selectedSeq: seq, selectedIndex: index ?? null });
  const req = ++detailReq;
  const [detail, idx] = await Promise.all([engine().detail(seq), index === undefined ? engine().locate(seq, gen) : Promise.resolve(index)]);
  if (req !== detailReq) return;
  const partnerDetail = detail && detail.partner ? await engine().detail(detail.partner) : null;
  if (req !== detailReq) return;
  useApp.setState({ detail, partnerDetail, selectedIndex: idx >= 0 ? idx : null });
}

export function selectIndex(index: number): void {
  const { viewCount } = useApp.getState();
  if (viewCount === 0) return;
  const i = Math.max(0, Math.min(viewCount - 1, index));
  const row = rowCache.get(i);
  if (row) {
    void selectSeq(row.seq, i);
    return;
  }
  void fetchRows(i, i + 1).then((rows) => {
    if (rows[0]) void selectSeq(rows[0].seq, i);
  });
}

/** Selects the request or response linked to the selected message (the R key). */
export function followLink(): void {
  const s = useApp.getState();
  if (s.selectedSeq === null) return;
  const fromDetail = s.detail && s.detail.seq === s.selectedSeq ? s.detail.partner : 0;
  const fromRow = s.selectedIndex !== null ? rowCache.get(s.selectedIndex)?.partner ?? 0 : 0;
  const partner = fromDetail || fromRow;
  if (partner) void selectSeq(partner);
  else notify('this message has no linked request or response in the capture');
}

/** Moves the keyboard focus to the detail pane (Enter in the list or the lanes). */
export function focusDetail(): void {
  window.dispatchEvent(new Event('vgi:focus-detail'));
}

// ---- preferences -------------------------------------------------------------------------------------

export function setPrefs(patch: Partial<Prefs>): void {
  const prefs = { ...useApp.getState().prefs, ...patch };
  savePrefs(prefs);
  useApp.setState({ prefs });
}

export function toggleTheme(): void {
  setPrefs({ theme: useApp.getState().prefs.theme === 'dark' ? 'light' : 'dark' });
}

export function notify(notice: string | null): void {
  useApp.setState({ notice });
}

export async function exportView(format: 'ndjson' | 'csv'): Promise<void> {
  const { text, mime } = await engine().exportView(format);
  const base = (useApp.getState().progress?.name ?? 'capture').replace(/\.(pcapng|pcap|gz)$/gi, '');
  await saveText(`${base}.${format === 'csv' ? 'csv' : 'ndjson'}`, text, mime);
}

/** The frames of the filtered messages as pcapng, re-read from the capture file (Wireshark opens it). */
export async function exportPcapng(): Promise<void> {
  const base = (useApp.getState().progress?.name ?? 'capture').replace(/\.(pcapng|pcap|cap|gz)$/gi, '');
  notify('exporting the frames of the filtered messages…');
  try {
    const { bytes, frames, messages } = await engine().exportPcapng();
    notify(`${frames} frames of ${messages} messages exported`);
    await saveBytes(`${base}-filtered.pcapng`, bytes, 'application/x-pcapng');
  } catch (e) {
    notify(`pcapng export failed: ${(e as Error).message}`);
  }
}

export function saveText(name: string, text: string, mime: string): Promise<void> {
  return saveBytes(name, text, mime);
}

export async function saveBytes(name: string, data: string | Uint8Array, mime: string): Promise<void> {
  const b = bridge();
  if (b) {
    if (await b.saveFile(name, data)) notify(`saved ${name}`);
    return;
  }
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
