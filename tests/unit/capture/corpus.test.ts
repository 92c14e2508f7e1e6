// Every corpus capture is read with the same frame count and timestamps as tshark, whole and in odd
// chunk sizes, without any container diagnostic.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { capinfosCounts, hasTshark, mergecapConcat, readCapture, tsharkFrames } from '../../fixtures/capture';
import type { TsharkFrame } from '../../fixtures/capture';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';

const files = sharedFiles('corpus/captures', /\.(pcap|pcapng)$/);

describeShared('corpus captures read like tshark reads them', () => {
  // One tshark run over all files concatenated by mergecap (tshark's start-up dominates otherwise);
  // capinfos gives each file's own frame count, so the slices are attributed to the right file.
  const expected = new Map<string, TsharkFrame[]>();
  beforeAll(() => {
    if (!hasTshark()) return;
    const counts = capinfosCounts(files);
    const all = tsharkFrames(mergecapConcat(files));
    let o = 0;
    for (const f of files) {
      const n = counts.get(f) ?? 0;
      expected.set(f, all.slice(o, o + n).map((x, i) => ({ ...x, frame: i + 1 })));
      o += n;
    }
    expect(o).toBe(all.length);
  });

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  for (const file of files) {
    const name = relative(sharedPath('corpus/captures'), file);
    it.skipIf(!hasTshark())(`${name}: frame numbers and timestamps equal tshark's`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const ours = readCapture(bytes);
      expect(ours.fatal).toBeUndefined();
      expect(ours.diags).toEqual([]);
      expect(ours.format).toBe(file.endsWith('.pcapng') ? 'pcapng' : 'pcap');
      const theirs = expected.get(file)!;
      expect(ours.frames.length).toBe(theirs.length);
      const mismatches = ours.frames.filter((f, i) => f.frame !== theirs[i].frame || f.tsSec !== theirs[i].sec || f.tsNsec !== theirs[i].nsec);
      expect(mismatches.slice(0, 3)).toEqual([]);
      // Odd chunk sizes give the very same frames (same bytes, offsets, times).
      const chunked = readCapture(bytes, 4093);
      expect(chunked.frames).toEqual(ours.frames);
    });
  }
});

describeShared('byte-at-a-time reading of corpus captures', () => {
  const small = files.filter((f) => /capt_error\.pcapng$|TaycanLeftside|2024-01-30_clara/.test(f));
  it('has the small captures', () => {
    expect(small.length).toBe(3);
  });
  for (const file of small) {
    it(`${relative(sharedPath('corpus/captures'), file)}: one byte per push gives the same frames`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = readCapture(bytes);
      const bytewise = readCapture(bytes, 1);
      expect(whole.frames.length).toBeGreaterThan(0);
      expect(bytewise.frames).toEqual(whole.frames);
      expect(bytewise.diags).toEqual([]);
    });
  }
});
