// Build steps of the app, shared by `npm start` (start.mjs) and the e2e setup: the renderer with Vite
// (when dist/renderer is missing or older than its sources), the Electron main and preload bundles and
// the web-mode server with esbuild (fast; always rebuilt).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newest(p) : st.mtimeMs);
  }
  return t;
}

/** Builds dist/renderer when it is missing or stale; returns true when it built. */
export function buildRenderer({ force = false, quiet = false } = {}) {
  const index = join(root, 'dist/renderer/index.html');
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'parsers')), newest(join(root, 'electron/common')),
    statSync(join(root, 'vite.config.ts')).mtimeMs);
  if (!force && existsSync(index) && statSync(index).mtimeMs >= sources) return false;
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', quiet ? 'error' : 'warn'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  return true;
}

/** dist/electron/main.cjs and preload.cjs (CommonJS: a sandboxed preload cannot be an ES module). */
export async function buildElectron() {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'], logLevel: 'warning', sourcemap: 'linked' };
  await build({ ...common, entryPoints: [join(root, 'electron/main/main.ts')], outfile: join(root, 'dist/electron/main.cjs') });
  await build({ ...common, entryPoints: [join(root, 'electron/preload/preload.ts')], outfile: join(root, 'dist/electron/preload.cjs') });
  return join(root, 'dist/electron/main.cjs');
}

/** dist/serve/server.mjs: the web-mode server for start.mjs (the CLI bundles its own copy). */
export async function buildServer() {
  const out = join(root, 'dist/serve/server.mjs');
  await build({ entryPoints: [join(root, 'host/serve/server.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
  return out;
}
