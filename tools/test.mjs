// `npm test`: build, type-check, lint, the Vitest suite (unit, integration, corpus, fuzz) and the Playwright
// end-to-end suite in web mode. Every step runs even if an earlier one failed; the last line is the total,
// "N passed, N failed, N skipped" (a failed build, type-check or lint step counts as one failure).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'test-results');
mkdirSync(out, { recursive: true });
const bin = (name) => join(root, 'node_modules/.bin', name);
const total = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, cmd, args, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  process.stdout.write(`== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
  if (!ok) failedSteps.push(name);
  return ok;
}

function addCounts(file, name) {
  if (!existsSync(file)) {
    total.failed++;
    failedSteps.push(`${name} (no result file)`);
    return;
  }
  const c = JSON.parse(readFileSync(file, 'utf8'));
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
}

if (!step('build', process.execPath, [join(root, 'tools/build.mjs')])) total.failed++;
if (!step('type-check', bin('tsc'), ['-b'])) total.failed++;
if (!step('lint', bin('eslint'), ['.'])) total.failed++;

const vitestCounts = join(out, 'vitest-counts.json');
rmSync(vitestCounts, { force: true });
step('vitest', bin('vitest'), ['run'], { VGI_TEST_COUNTS: vitestCounts });
addCounts(vitestCounts, 'vitest');

const pwJson = join(out, 'playwright.json');
rmSync(pwJson, { force: true });
step('playwright (web mode, Chromium)', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
if (existsSync(pwJson)) {
  const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
  total.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  total.failed += s.unexpected ?? 0;
  total.skipped += s.skipped ?? 0;
} else {
  total.failed++;
  failedSteps.push('playwright (no result file)');
}

if (failedSteps.length) process.stdout.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(total.failed === 0 && failedSteps.length === 0 ? 0 : 1);
