#!/usr/bin/env node
// Entry point of the vgi-inspect CLI: runs the bundle that `npm ci` (prepare) / `npm run build` makes.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/vgi-inspect.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('vgi-inspect: the CLI is not built yet (dist/vgi-inspect.mjs missing); run `npm run build`\n');
  process.exit(1);
}
// a closed pipe (`vgi-inspect … | head`) ends the command quietly, as Unix tools do
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
