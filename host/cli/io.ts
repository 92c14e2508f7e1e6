// The CLI's output channels, injectable so tests can run commands in-process. `out` returns false when
// the consumer is behind (a slow pipe); callers then await `drain()` so memory stays bounded.
import { once } from 'node:events';

export interface CliIo {
  out(s: string | Uint8Array): boolean;
  err(s: string): void;
  drain(): Promise<void>;
}

let behind = false;

export const processIo: CliIo = {
  out: (s) => {
    const ok = process.stdout.write(s);
    if (!ok) behind = true;
    return ok;
  },
  err: (s) => {
    process.stderr.write(s);
  },
  drain: async () => {
    if (!behind) return;
    behind = false;
    await once(process.stdout, 'drain');
  },
};

/** Collects output in memory (tests). */
export function memoryIo(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (s) => (out.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8')), true),
    err: (s) => void err.push(s),
    drain: async () => {},
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
