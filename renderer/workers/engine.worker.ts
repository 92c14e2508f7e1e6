// The engine worker: the only renderer file that loads parsers/ at run time. It wires the real engine
// (CaptureSession, the display-filter compiler) into EngineHost and relays messages to the UI thread.

import { CaptureSession } from '../../parsers/engine/session';
import { compileFilter, completeFilter, FilterSyntaxError } from '../../parsers/filter';
import { DEFAULT_RULES } from '../../parsers/annotate/rules';
import { EngineHost } from '../engine/engineHost';
import type { FromWorker, ToWorker } from '../engine/protocol';

/** The parts of DedicatedWorkerGlobalScope used here (the renderer project compiles with the DOM lib). */
interface WorkerScope {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const host = new EngineHost({
  createSession: ({ name, onRows, onAnswered }) => new CaptureSession({ name, onRows, onAnswered }),
  compileFilter,
  completeFilter,
  syntaxError: (e) => (e instanceof FilterSyntaxError ? { message: e.message, start: e.start, end: e.end } : undefined),
  post: (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer),
  explain: (id) => DEFAULT_RULES.find((r) => r.id === id),
  now: () => performance.now(),
});

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  Promise.resolve(host.handle(ev.data)).catch((e: unknown) => {
    scope.postMessage({ type: 'fatal', message: `engine: ${(e as Error).message ?? String(e)}` } satisfies FromWorker);
  });
};
