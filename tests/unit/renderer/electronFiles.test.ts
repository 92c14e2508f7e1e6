// The Electron main process's file access (electron/main/files.ts): the renderer can read only files the
// user opened, in bounded slices equal to the file's bytes; recent files persist and skip vanished files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capturesInArgv, FileAccess } from '../../../electron/main/files';
import { MAX_SLICE } from '../../../electron/common/ipc';

describe('Electron file access', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vgi-files-'));
  const a = join(dir, 'a.pcapng');
  const b = join(dir, 'b.pcap');
  const bytes = new Uint8Array(5000).map((_, i) => (i * 7) & 0xff);
  writeFileSync(a, bytes);
  writeFileSync(b, 'pcap');

  it('reads only opened files, slice by slice, the same bytes as the file', () => {
    const fa = new FileAccess(join(dir, 'recent.json'));
    expect(() => fa.read(a, 0, 10)).toThrow(/not opened/);
    expect(fa.allow(a)).toEqual({ path: a, name: 'a.pcapng', size: 5000 });
    const parts: Uint8Array[] = [];
    for (let off = 0; off < 5000; off += 1234) parts.push(fa.read(a, off, 1234));
    expect(Buffer.concat(parts).equals(readFileSync(a))).toBe(true);
    expect(fa.read(a, 5000, 10).length).toBe(0);
    expect(() => fa.read(a, -1, 10)).toThrow(/bad range/);
    expect(fa.read(a, 0, MAX_SLICE * 4).length).toBe(5000);
    expect(fa.allow(join(dir, 'nope.pcap'))).toBeNull();
  });

  it('remembers recent files, newest first, across instances, dropping vanished ones', () => {
    const recent = join(dir, 'recent2.json');
    const fa = new FileAccess(recent);
    fa.allow(a);
    fa.allow(b);
    fa.allow(a);
    expect(new FileAccess(recent).recentFiles().map((f) => f.name)).toEqual(['a.pcapng', 'b.pcap']);
    rmSync(b);
    const again = new FileAccess(recent);
    expect(again.recentFiles().map((f) => f.name)).toEqual(['a.pcapng']);
    // Recent files may be read again without a dialog.
    expect(again.read(a, 0, 3)).toEqual(bytes.subarray(0, 3));
    writeFileSync(b, 'pcap');
  });

  it('finds captures on the command line, skipping switches and other files', () => {
    expect(capturesInArgv(['/usr/bin/electron', 'main.cjs', '--no-sandbox', a, join(dir, 'missing.pcapng'), b])).toEqual([a, b]);
  });
});
