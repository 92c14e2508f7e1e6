// Build step run by `npm ci` (prepare), `npm test` and `npm run bench`: generates the code that is
// derived from installed packages (OCPP validators), builds the app's web page (dist/renderer) when stale,
// then bundles the CLI into dist/.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const generators = ['tools/gen-ocpp-validators.mjs'];
for (const g of generators) {
  if (existsSync(root + g)) {
    const mod = await import(new URL('../' + g, import.meta.url).href);
    await mod.generate();
  }
}

// the app's web page, for `vgi-inspect serve` and `npm start` (skipped when up to date)
if (!process.env.VGI_SKIP_RENDERER) {
  const { buildRenderer } = await import(new URL('../host/start/build.mjs', import.meta.url).href);
  buildRenderer({ quiet: true });
}

await build({
  entryPoints: { 'vgi-inspect': root + 'host/cli/main.ts' },
  outdir: root + 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
// The CLI's decoder thread as CommonJS: a worker starts about 50-100 ms sooner without the ESM loader.
await build({
  entryPoints: [root + 'host/cli/parallel/decodeWorker.ts'],
  outfile: root + 'dist/decode-worker.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
