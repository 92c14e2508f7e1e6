// The contract's error behaviour of `vgi-inspect decode`: unreadable or non-capture inputs exit 2 with one
// line naming the file and the reason; a capture cut off mid-way decodes what comes before the cut,
// reports the cut, and exits 0; usage errors exit 1.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, decodeRecords } from '../support/cli';
import { describeShared, sharedPath } from '../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'vgi-bad-'));
const file = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

describe('decode: inputs that are not captures', () => {
  it('an empty file', async () => {
    const p = file('empty.pcap', '');
    const r = await runCli(['decode', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`vgi-inspect: ${p}: empty file\n`);
    expect(r.stdout).toBe('');
  });
  it('a text file, with its magic in the message', async () => {
    const p = file('page.html', '<!DOCTYPE html><html></html>\n');
    const r = await runCli(['decode', p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`vgi-inspect: ${p}: not a pcap or pcapng file (magic 0x3c21444f)\n`);
  });
  it('a missing file and a directory', async () => {
    expect((await runCli(['decode', join(dir, 'nope.pcap')])).stderr).toMatch(/nope\.pcap: no such file\n$/);
    const r = await runCli(['decode', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is a directory/);
  });
  it('usage errors exit 1', async () => {
    expect((await runCli(['decode'])).status).toBe(1);
    expect((await runCli(['decode', 'x.pcap', '--format', 'xml'])).status).toBe(1);
    expect((await runCli(['frobnicate'])).status).toBe(1);
    const bad = await runCli(['decode', 'x.pcap', '--filter', 'ocpp.actoin == 1']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('unknown field "ocpp.actoin"');
    expect(bad.stderr).toContain('^^^^^^^^^^^');
  });
});

describeShared('decode: damaged real captures', () => {
  const original = sharedPath('corpus/captures/ocpp/michael0710_CheckOCPP/capt.pcapng');

  it('a truncated pcapng decodes what precedes the cut and reports the cut', async () => {
    const bytes = readFileSync(original);
    const { records: all } = await decodeRecords(original);
    const cut = file('cut.pcapng', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const { records, run } = await decodeRecords(cut);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^vgi-inspect: ${cut}: error: .*\\[capture\\.truncated\\]\\n$`));
    expect(records.length).toBeGreaterThan(5);
    expect(records.length).toBeLessThan(all.length);
    expect(records).toEqual(all.slice(0, records.length));
  });

  it('a corrupt block length and a 2 GB length field stop the file cleanly, keeping what came before', async () => {
    const bytes = new Uint8Array(readFileSync(original));
    const { records: all } = await decodeRecords(original);
    // find the block that carries frame 100 and break its length field
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    let off = 0;
    let frame = 0;
    while (off < bytes.length) {
      const type = view.getUint32(off, true);
      const len = view.getUint32(off + 4, true);
      if (type === 6 && ++frame === 100) break;
      off += len;
    }
    for (const bogus of [0x7fff_fff0, 13]) {
      const broken = bytes.slice();
      new DataView(broken.buffer).setUint32(off + 4, bogus, true);
      const p = file(`len-${bogus}.pcapng`, broken);
      const started = Date.now();
      const { records, run } = await decodeRecords(p);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/error: .*block/i);
      expect(records).toEqual(all.filter((r) => r.frame < 100));
    }
  });

  it('random bytes after a valid header', async () => {
    const bytes = readFileSync(original);
    const shbLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
    const junk = new Uint8Array(1 << 20);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const p = file('junk.pcapng', Buffer.concat([bytes.subarray(0, shbLen), junk]));
    const { records, run } = await decodeRecords(p);
    expect(run.status).toBe(0);
    expect(records).toEqual([]);
    expect(run.stderr).toMatch(/^vgi-inspect: .*junk\.pcapng: error: /);
  });

  it('gzip of a capture decodes like the capture', async () => {
    const { records: all } = await decodeRecords(original);
    const p = file('capt.pcapng.gz', gzipSync(readFileSync(original)));
    const { records, run } = await decodeRecords(p);
    expect(run.status).toBe(0);
    expect(records).toEqual(all);
  });
});
