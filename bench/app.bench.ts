// The desktop app's performance benchmark (issue 5): in Debian's Chromium, web mode (`vgi-inspect serve`),
// with a capture of one million OCPP messages (bench/gen/app-capture.ts), measures
//   (a) time from choosing the file (file input) to the first rendered message row, budget 1 s;
//   (b) frame times while scrolling the list with mouse-wheel events, budget p95 <= 16 ms, in two runs:
//       "jump", the whole list top to bottom in 600 wheel steps (at 1M messages 1,666 rows a step, as when
//       dragging the scroll bar: every step shows rows never seen), and "read", 200 steps of 100 px from
//       the middle (a mouse wheel turned at reading speed);
//   (c) the worker's JS heap after indexing (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage on the
//       worker's target) per message (the whole heap:
//       the worker only exists once a file is opened; the marginal figure between the two captures is printed too), budget 500 B.
// The baseline is the budget itself; the same figures for a 10,000-message capture are printed alongside.
//
// What a frame time is. Headless Chromium runs requestAnimationFrame at the display's 60 Hz whatever the
// flags (--disable-gpu-vsync and --disable-frame-rate-limit do not unthrottle it: an idle page measures
// rAF intervals of p50 17.5, p95 22.8 ms with them, 16.7 / 16.8 ms without), so rAF intervals are
// multiples of 16.7 ms and can never be under a 16 ms budget. The budget is checked against the main
// thread's work per frame instead, from a Chromium trace (categories toplevel and benchmark): for each
// frame (ProxyMain::BeginMainFrame), the time of every task the renderer's main thread ran since the
// previous frame was made (input, scroll handlers, messages from the worker, style, layout, paint), idle
// time excluded; the same in thread CPU time is printed (it leaves out time the thread waited for the
// CPU: the machine may be shared), and the rAF intervals with the share of frames later than 25 ms (one
// and a half intervals: a frame was missed).
// Env: VGI_BENCH_APP_MESSAGES (default 1000000), VGI_CHROMIUM (default /usr/bin/chromium).
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { generateAppCapture } from './gen/app-capture';
import { startServer } from '../host/serve/server';
// @ts-expect-error: a plain .mjs build script without type declarations
import { buildRenderer } from '../host/start/build.mjs';

const BUDGET = { firstRowMs: 1000, frameP95Ms: 16, bytesPerMessage: 500 };
const WHEEL_STEPS = 600;
/** The "read" run: wheel steps of READ_DELTA px, each followed by a 16 ms pause. */
const READ_STEPS = 200;
const READ_DELTA = 100;
/** Time between the page showing and the file being chosen. */
const SETTLE_MS = 2000;
const WHEEL_DELTA = 2400;

export interface Stat {
  p50: number;
  p95: number;
  max: number;
}

export interface FrameFigures {
  /** The renderer main thread's work per frame (wall time of its tasks, idle excluded), ms: the budget figure. */
  work: Stat;
  /** The same in thread CPU time. */
  cpu: Stat;
  /** rAF intervals; `dropped` is the share above 25 ms (one and a half 60 Hz intervals: a frame was missed). */
  raf: Stat & { dropped: number };
  count: number;
  steps: number;
}

export interface AppFigures {
  messages: number;
  firstRowMs: number;
  indexedMs: number;
  /** Scrolling through the whole list (reachedEnd: it got to the bottom). */
  jump: FrameFigures & { reachedEnd: boolean };
  /** Scrolling at reading speed. */
  read: FrameFigures;
  /** The engine worker's used JS heap after indexing and a full GC (it has no heap before a file is opened). */
  heap: { js: number; buffers: number; perMessage: number };
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function stat(xs: number[]): Stat {
  return { p50: pct(xs, 50), p95: pct(xs, 95), max: xs.length ? Math.max(...xs) : NaN };
}

interface TraceEvent { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } }

/**
 * Work per frame on the page's main thread, from a trace with the toplevel and benchmark categories: for
 * frame k, the tasks (ThreadControllerImpl::RunTask) that started after frame k-1 ended, up to the end of
 * frame k (ProxyMain::BeginMainFrame), in wall and in thread CPU time (ms).
 */
export function frameWork(traceJson: string): { wall: number[]; cpu: number[] } {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const ev = Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const threadName = new Map<string, string>();
  for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(key(e), e.args?.name ?? '');
  // The page's main thread: the renderer main thread that made the most frames.
  const framesOf = new Map<string, number>();
  for (const e of ev) {
    if (e.ph === 'X' && e.name === 'ProxyMain::BeginMainFrame' && threadName.get(key(e)) === 'CrRendererMain') framesOf.set(key(e), (framesOf.get(key(e)) ?? 0) + 1);
  }
  const main = [...framesOf].sort((a, b) => b[1] - a[1])[0]?.[0];
  const on = (name: string) => ev.filter((e) => e.ph === 'X' && e.name === name && key(e) === main).sort((a, b) => a.ts - b.ts);
  const tasks = on('ThreadControllerImpl::RunTask');
  const frames = on('ProxyMain::BeginMainFrame');
  const wall: number[] = [];
  const cpu: number[] = [];
  let t = 0;
  for (let k = 1; k < frames.length; k++) {
    const from = frames[k - 1].ts + (frames[k - 1].dur ?? 0);
    const to = frames[k].ts + (frames[k].dur ?? 0);
    while (t < tasks.length && tasks[t].ts < from) t++;
    let w = 0, c = 0;
    for (let j = t; j < tasks.length && tasks[j].ts < to; j++) {
      w += tasks[j].dur ?? 0;
      c += tasks[j].tdur ?? 0;
    }
    wall.push(w / 1000);
    cpu.push(c / 1000);
  }
  return { wall, cpu };
}

/** Turns the wheel `steps` times by `delta` px (16 ms apart) over the mouse position, tracing; the frame figures. */
async function scrollRun(browser: Browser, page: Page, steps: number, delta: number): Promise<FrameFigures> {
  // A string, not a function: tsx's keepNames would wrap the inner function in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => { last = t; requestAnimationFrame(tick); });
  })()`);
  await browser.startTracing(page, { categories: ['toplevel', 'benchmark'] });
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, delta);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const raf = (await page.evaluate('window.__stop = true, window.__frames')) as number[];
  const { wall, cpu } = frameWork((await browser.stopTracing()).toString('utf8'));
  return { work: stat(wall), cpu: stat(cpu), raf: { ...stat(raf), dropped: raf.filter((d) => d > 25).length / raf.length }, count: wall.length, steps };
}

/** The worker's used JS heap after a full GC, through a CDP session attached to the worker's target. */
async function workerHeap(cdp: CDPSession, sessionId: string): Promise<{ js: number; buffers: number }> {
  const send = <T>(method: string, params: object = {}): Promise<T> => {
    const id = ++msgId;
    const done = new Promise<T>((resolve, reject) => pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    void cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id, method, params }) } as never);
    return done;
  };
  await send('HeapProfiler.collectGarbage');
  await send('HeapProfiler.collectGarbage');
  // usedSize is the JS heap; ArrayBuffer contents (the raw payload arena, side tables) are outside it and
  // reported as backingStorageSize by recent Chromium: both count.
  const u = await send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage');
  return { js: u.usedSize, buffers: u.backingStorageSize ?? NaN };
}
let msgId = 0;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

/** Auto-attaches to the page's dedicated workers; resolves once attaching is armed, with the engine's session to come. */
async function attachWorker(page: Page): Promise<{ cdp: CDPSession; session: Promise<string> }> {
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Target.receivedMessageFromTarget' as never, ((e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message));
    else p.resolve(m.result);
  }) as never);
  // Auto-attach reports the page's existing dedicated workers (the engine) as attachedToTarget events.
  const attached = new Promise<string>((resolve) =>
    cdp.on('Target.attachedToTarget' as never, ((e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type === 'worker') resolve(e.sessionId);
    }) as never),
  );
  await cdp.send('Target.setAutoAttach' as never, { autoAttach: true, waitForDebuggerOnStart: false, flatten: false } as never);
  const session = Promise.race([attached, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no worker target')), 120_000))]);
  session.catch(() => {});
  return { cdp, session };
}

export async function measureApp(browser: Browser, url: string, file: string, messages: number): Promise<AppFigures> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(url);
    await page.getByTestId('welcome').waitFor();
    // The app starts its engine worker at load; attach to it (or to it as it appears).
    const { cdp, session } = await attachWorker(page);
    // A user takes a moment to pick a file: let the page and its worker finish loading first, as they would.
    await session;
    await page.waitForTimeout(SETTLE_MS);

    // Timed in the page: from the file input's change event to the first message row in the DOM (checked on
    // every DOM mutation, so the figure is not quantized by Playwright's polling; rows may be elements made
    // earlier and filled in, so attribute changes count too).
    await page.evaluate(`(() => {
      window.__t0 = 0; window.__t1 = 0;
      document.addEventListener('change', () => { if (!window.__t0) window.__t0 = performance.now(); }, true);
      const mo = new MutationObserver(() => {
        if (!window.__t1 && document.querySelector('[role=row][data-seq]')) { window.__t1 = performance.now(); mo.disconnect(); }
      });
      mo.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-seq'] });
    })()`);
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.locator('[role=row][data-seq]').first().waitFor({ state: 'visible', timeout: 60_000 });
    const firstRowMs = (await page.evaluate('window.__t1 - window.__t0')) as number;
    await page.locator('[data-testid=progress][data-done=true]').waitFor({ state: 'attached', timeout: 600_000 });
    const indexedMs = Date.now() - t0;
    const count = await page.getByTestId('status-count').textContent();
    if (!count?.replace(/[^\d]/g, '').startsWith(String(messages))) throw new Error(`status says "${count}", expected ${messages} messages`);
    const after = await workerHeap(cdp, await session);

    // Scroll from top to bottom with wheel steps, then at reading speed from the middle.
    const grid = page.getByRole('grid', { name: 'Messages' });
    const box = (await grid.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // The list's scroller: the element in the grid that scrolls (overflow auto or scroll), the tallest.
    await page.evaluate(`window.__scroller = () => {
      const grid = document.querySelector('[role=grid][aria-label=Messages]');
      return [grid, ...grid.querySelectorAll('*')]
        .filter((e) => /auto|scroll/.test(getComputedStyle(e).overflowY) && e.scrollHeight > e.clientHeight + 1)
        .sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
    }`);
    const scrollInfo = async () => (await page.evaluate(`(() => {
      const e = window.__scroller();
      return e ? { top: e.scrollTop, max: e.scrollHeight - e.clientHeight } : { top: 0, max: 0 };
    })()`)) as { top: number; max: number };
    // Wheel steps: each long enough that the list jumps across the whole capture in WHEEL_STEPS steps.
    const info0 = await scrollInfo();
    const delta = Math.max(WHEEL_DELTA, Math.ceil(info0.max / WHEEL_STEPS));
    // Only as many steps as reach the end (a short capture takes fewer), so idle frames at the bottom do not
    // flatter the figures.
    const steps = Math.min(WHEEL_STEPS, Math.ceil(info0.max / delta) + 2);
    const jump = await scrollRun(browser, page, steps, delta);
    const info1 = await scrollInfo();
    await page.evaluate(`window.__scroller().scrollTop = ${Math.floor(info0.max / 2)}`);
    await page.waitForTimeout(500);
    const read = await scrollRun(browser, page, READ_STEPS, READ_DELTA);
    await cdp.detach();
    return {
      messages,
      firstRowMs,
      indexedMs,
      jump: { ...jump, reachedEnd: info1.max > 0 && info1.top >= info1.max - 2 },
      read,
      heap: { ...after, perMessage: (after.js + (after.buffers || 0)) / messages },
    };
  } finally {
    await page.close();
  }
}

function report(f: AppFigures): void {
  const r = (v: number, b: number): string => `${(v / b).toFixed(2)}x budget`;
  const frames = (name: string, x: FrameFigures, extra = ''): void => {
    console.log(`  scroll ${name.padEnd(9)} main-thread work per frame p50 ${x.work.p50.toFixed(1)} ms, p95 ${x.work.p95.toFixed(1)} ms (budget ${BUDGET.frameP95Ms} ms, ${r(x.work.p95, BUDGET.frameP95Ms)}), max ${x.work.max.toFixed(1)} ms; `
      + `CPU p50 ${x.cpu.p50.toFixed(1)}, p95 ${x.cpu.p95.toFixed(1)} ms; n=${x.count} frames, ${x.steps} wheel steps${extra}`);
    console.log(`                   rAF intervals p50 ${x.raf.p50.toFixed(1)} ms, p95 ${x.raf.p95.toFixed(1)} ms, max ${x.raf.max.toFixed(1)} ms, ${(x.raf.dropped * 100).toFixed(1)}% > 25 ms`);
  };
  console.log(`app ${f.messages.toLocaleString('en')} messages:`);
  console.log(`  first row        ${f.firstRowMs.toFixed(0)} ms (budget ${BUDGET.firstRowMs} ms, ${r(f.firstRowMs, BUDGET.firstRowMs)}); fully indexed after ${(f.indexedMs / 1000).toFixed(1)} s`);
  frames('jump', f.jump, `; reached end: ${f.jump.reachedEnd}`);
  frames('read', f.read);
  console.log(`  worker heap      ${(f.heap.js / 1e6).toFixed(1)} MB JS + ${(f.heap.buffers / 1e6).toFixed(1)} MB buffers after indexing, ${f.heap.perMessage.toFixed(0)} B/message (budget ${BUDGET.bytesPerMessage} B, ${r(f.heap.perMessage, BUDGET.bytesPerMessage)})`);
}

export async function run(): Promise<void> {
  const big = Number(process.env.VGI_BENCH_APP_MESSAGES ?? 1_000_000);
  (buildRenderer as (o: { force?: boolean }) => boolean)({});
  const captures = [generateAppCapture({ messages: 10_000 }), generateAppCapture({ messages: big })];
  const server = await startServer({ port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.VGI_CHROMIUM ?? '/usr/bin/chromium',
    // No --disable-gpu-vsync / --disable-frame-rate-limit: they do not unthrottle headless rAF (see the top).
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const figs: AppFigures[] = [];
    for (const c of captures) {
      const f = await measureApp(browser, server.url, c.file, c.messages);
      report(f);
      figs.push(f);
    }
    const [small, large] = figs;
    if (large.messages > small.messages) {
      const marginal = (large.heap.perMessage * large.messages - small.heap.perMessage * small.messages) / (large.messages - small.messages);
      console.log(`  marginal heap between ${small.messages} and ${large.messages} messages: ${marginal.toFixed(0)} B/message (${(marginal / BUDGET.bytesPerMessage).toFixed(2)}x budget)`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1]?.endsWith('app.bench.ts')) {
  run().then(
    () => process.exit(0),
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
