// `vgi-inspect serve [--port N] [FILE]`: the app as a web page on 127.0.0.1 (machines without Electron),
// opened on FILE when given. Runs until interrupted.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { startServer } from '../serve/server';
import type { CliIo } from './io';

export async function runServe(opts: { port: number; file?: string }, io: CliIo): Promise<number> {
  let file: string | undefined;
  if (opts.file !== undefined) {
    file = resolve(opts.file);
    if (!existsSync(file) || !statSync(file).isFile()) {
      io.err(`vgi-inspect: ${opts.file}: no such file\n`);
      return 2;
    }
  }
  let running;
  try {
    running = await startServer({ port: opts.port, file });
  } catch (e) {
    io.err(`vgi-inspect: cannot serve: ${(e as Error).message}\n`);
    return 2;
  }
  io.out(`VGI Inspector (web mode) at ${running.url}${file ? ` showing ${file}` : ''}\n`);
  await new Promise<void>((done) => {
    const stop = () => void running.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
