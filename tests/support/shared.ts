// Access to ../shared (the corpus, vectors and expected decodes that sit next to the project).
// Tests that need it use `describeShared`, which skips with a stated reason when it is absent.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe } from 'vitest';

export const sharedDir = resolve(__dirname, '../../../shared');
export const hasShared = existsSync(join(sharedDir, 'corpus'));

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

/** describe() when ../shared is present; otherwise a skipped suite whose name says why. */
export function describeShared(name: string, fn: () => void): void {
  if (hasShared) describe(name, fn);
  else describe.skip(`${name} [skipped: ../shared not found at ${sharedDir}]`, fn);
}

/** All files under a ../shared subfolder (recursively) whose names match `pattern`. */
export function sharedFiles(subdir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (pattern.test(name)) out.push(p);
    }
  };
  walk(sharedPath(subdir));
  return out;
}
