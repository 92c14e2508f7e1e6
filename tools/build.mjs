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

// The CLI loads each OCPP version's validators from their own file when first needed (see
// parsers/protocols/ocpp/validatorLoaders.ts): the bundles get a loader module that requires them.
const OCPP_VALIDATOR_FILES = { '1.6': 'ocpp16', '2.0.1': 'ocpp201', '2.1': 'ocpp21' };
const lazyOcppValidators = {
  name: 'lazy-ocpp-validators',
  setup(b) {
    b.onResolve({ filter: /\/validatorLoaders$/ }, (args) =>
      args.importer.includes('parsers/protocols/ocpp') ? { path: 'validatorLoaders', namespace: 'lazy-ocpp' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lazy-ocpp' }, () => ({
      loader: 'js',
      contents: 'export const OCPP_VALIDATOR_LOADERS = {\n'
        + Object.entries(OCPP_VALIDATOR_FILES).map(([v, f]) => `  '${v}': () => require('./ocpp-validators-${f}.cjs'),`).join('\n')
        + '\n};\n',
    }));
    b.onResolve({ filter: /^\.\/ocpp-validators-/ }, (args) => ({ path: args.path, external: true }));
  },
};
await build({
  entryPoints: Object.values(OCPP_VALIDATOR_FILES).map((f) => ({ in: root + `parsers/protocols/ocpp/generated/${f}.js`, out: `ocpp-validators-${f}` })),
  outdir: root + 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

await build({
  entryPoints: { 'vgi-inspect': root + 'host/cli/main.ts' },
  plugins: [lazyOcppValidators],
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
  plugins: [lazyOcppValidators],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
