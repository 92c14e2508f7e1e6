// tshark as the independent cross-check of our decoders (Debian's tshark 4.x).
import { execFileSync, spawnSync } from 'node:child_process';

export const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs tshark with the given arguments and returns its stdout lines (stderr's "running as root" noise dropped). */
export function tshark(args: string[]): string[] {
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l.length > 0);
}

/** `-T fields` output as arrays of columns. */
export function tsharkFields(file: string, filter: string, fields: string[]): string[][] {
  const args = ['-r', file, '-Y', filter, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a'];
  for (const f of fields) args.push('-e', f);
  return tshark(args).map((l) => l.split('\t'));
}
