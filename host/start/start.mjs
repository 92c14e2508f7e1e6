#!/usr/bin/env node
// `npm start [-- FILE] [--web] [--port N]`: the desktop app where Electron's binary is installed; where it
// is not and cannot be downloaded, the same UI in web mode on 127.0.0.1 (one line says so, one gives the URL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { buildElectron, buildRenderer, buildServer, root } from './build.mjs';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { web: { type: 'boolean', default: false }, port: { type: 'string' } },
});
// without a file, the bundled sample of the demand-response flow across protocols (samples/README.md)
const defaultSample = join(root, 'samples/demand-mitigation.pcapng');
const file = positionals[0] ? resolve(positionals[0]) : existsSync(defaultSample) ? defaultSample : undefined;
if (file && !existsSync(file)) {
  process.stderr.write(`vgi-inspector: cannot read ${positionals[0]}: no such file\n`);
  process.exit(2);
}

buildRenderer();

const electronDir = join(root, 'node_modules/electron');
function electronBinary() {
  const pathTxt = join(electronDir, 'path.txt');
  if (!existsSync(pathTxt)) return undefined;
  const bin = join(electronDir, 'dist', readFileSync(pathTxt, 'utf8').trim());
  return existsSync(bin) ? bin : undefined;
}

let bin = values.web ? undefined : electronBinary();
let why = values.web ? 'web mode asked for' : '';
if (!bin && !values.web) {
  if (!existsSync(join(electronDir, 'install.js'))) {
    why = 'the electron package is not installed';
  } else {
    const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 120_000 });
    bin = electronBinary();
    if (!bin) why = r.error ? `its download failed (${r.error.message})` : 'its download failed';
  }
}

if (bin) {
  const main = await buildElectron();
  const child = spawn(bin, [main, ...(file ? [file] : [])], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const server = await buildServer();
  const { startServer } = await import(pathToFileURL(server).href);
  const port = values.port !== undefined ? Number(values.port) : 4780;
  let running;
  try {
    running = await startServer({ port, file });
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || values.port !== undefined) throw e;
    running = await startServer({ port: 0, file });
  }
  if (!values.web) process.stdout.write(`vgi-inspector: the Electron binary is not available (${why}); serving the same app in web mode instead.\n`);
  process.stdout.write(`vgi-inspector: open ${running.url}${file ? ` (opens ${positionals[0] ?? 'samples/demand-mitigation.pcapng'})` : ''}; Ctrl+C stops\n`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
