// The two-thread decode path (the bundled CLI on large inputs) prints exactly what the single-thread path
// prints: same records, same order, same numbering, every format, with filters and several files.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasShared, sharedFiles } from '../support/shared';

const bin = resolve(__dirname, '../../bin/vgi-inspect.mjs');
const built = existsSync(resolve(__dirname, '../../dist/decode-worker.cjs'));

function run(threads: 1 | 2, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, 'decode', ...args], {
    encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, VGI_THREADS: String(threads) },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const reason = !built ? 'dist/ not built (npm run build)' : !hasShared ? '../shared not found' : '';
describe.skipIf(reason !== '')(`two-thread decode equals one-thread decode${reason ? ` [skipped: ${reason}]` : ''}`, () => {
  const ocpp = sharedFiles('corpus/captures/ocpp', /\.pcapng$/);
  const mixed = [...ocpp, ...sharedFiles('corpus/captures/din70121/dspace-group_dsV2Gshark', /\.pcapng$/)];

  for (const [name, args] of [
    ['ndjson, several files of several protocols', mixed],
    ['json format', ['--format', 'json', ...ocpp]],
    ['table format', ['--format', 'table', ...ocpp]],
    ['a filter', ['--filter', 'ocpp.action == "Heartbeat" || slac', ...mixed]],
  ] as [string, string[]][]) {
    it(name, () => {
      const one = run(1, args);
      const two = run(2, args);
      expect(two.status).toBe(one.status);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout.length).toBeGreaterThan(100);
      expect(two.stdout).toBe(one.stdout);
    });
  }
});
