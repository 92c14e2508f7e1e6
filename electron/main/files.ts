// Which files the renderer may read, and the recent-files list. The renderer names files by path, but can
// read only those the user opened (dialog, command line, drop, recent files, OS "open with"): a
// compromised page cannot read anything else. Node only; no electron import (tested under Node).

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, openSync, readSync, closeSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { OpenedFile } from '../common/ipc';
import { MAX_SLICE } from '../common/ipc';

export const CAPTURE_EXTENSIONS = ['pcap', 'pcapng', 'cap', 'gz'];
const MAX_RECENT = 10;

export function describeFile(path: string): OpenedFile | null {
  const full = resolve(path);
  const st = statSync(full, { throwIfNoEntry: false });
  if (!st || !st.isFile()) return null;
  return { path: full, name: basename(full), size: st.size };
}

/** Captures named on the command line (skipping Electron's and Chromium's own switches and the app path). */
export function capturesInArgv(argv: string[]): string[] {
  return argv.filter((a) => !a.startsWith('-') && /\.(pcapng|pcap|cap)(\.gz)?$/i.test(a) && existsSync(a));
}

export class FileAccess {
  private readonly allowed = new Map<string, OpenedFile>();
  private recent: OpenedFile[] = [];

  constructor(private readonly recentPath: string) {
    try {
      const list = JSON.parse(readFileSync(recentPath, 'utf8')) as unknown;
      if (Array.isArray(list)) {
        for (const p of list) {
          if (typeof p !== 'string') continue;
          const f = describeFile(p);
          if (f) this.recent.push(f);
        }
      }
    } catch {
      // no list yet
    }
    for (const f of this.recent) this.allowed.set(f.path, f);
  }

  /** Lets the renderer read `path` from now on; returns its description, or null when it is not a file. */
  allow(path: string, remember = true): OpenedFile | null {
    const f = describeFile(path);
    if (!f) return null;
    this.allowed.set(f.path, f);
    if (remember) {
      this.recent = [f, ...this.recent.filter((r) => r.path !== f.path)].slice(0, MAX_RECENT);
      try {
        mkdirSync(dirname(this.recentPath), { recursive: true });
        writeFileSync(this.recentPath, JSON.stringify(this.recent.map((r) => r.path), null, 1));
      } catch {
        // recent files are a comfort, not a requirement
      }
    }
    return f;
  }

  recentFiles(): OpenedFile[] {
    return this.recent.map((r) => describeFile(r.path)).filter((r): r is OpenedFile => r !== null);
  }

  /** Bytes [offset, offset + length) of an allowed file (fewer at its end). */
  read(path: string, offset: number, length: number): Uint8Array {
    if (typeof path !== 'string' || !this.allowed.has(resolve(path))) throw new Error('this file was not opened by the user');
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) throw new Error('bad range');
    const n = Math.min(length, MAX_SLICE);
    const buf = new Uint8Array(n);
    const fd = openSync(resolve(path), 'r');
    try {
      let got = 0;
      while (got < n) {
        const r = readSync(fd, buf, got, n - got, offset + got);
        if (r === 0) break;
        got += r;
      }
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }
}
