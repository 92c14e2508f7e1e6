// Hostile and broken inputs: the reader never throws, keeps memory bounded, keeps every frame before
// the damage, and says what is wrong with a stable code. Frame counts of damaged files are compared
// with tshark's where tshark reads them.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PcapngWriter, ascii, concat, ethIp, hasTshark, ip4, ipv4, pcapHeader, readCapture, udp, writePcap, writeTemp, tsharkFrames } from '../../fixtures/capture';
import { createCaptureReader } from '../../../parsers/capture';

function packet(n: number, len = 60): Uint8Array {
  const body = new Uint8Array(len).map((_, i) => (i + n) & 0xff);
  return ethIp(ipv4(ip4('10.0.0.1'), ip4('10.0.0.2'), 17, udp(ip4('10.0.0.1'), ip4('10.0.0.2'), 1000, 2000, body)));
}

function pcapng(n: number, order: 'le' | 'be' = 'le'): { bytes: Uint8Array; blockOffsets: number[] } {
  const w = new PcapngWriter().section(order).idb({ tsresol: 6 });
  const blockOffsets: number[] = [];
  let len = w.build().length;
  for (let i = 0; i < n; i++) {
    blockOffsets.push(len);
    w.epb({ ts: BigInt(1_700_000_000_000_000 + i * 1000), data: packet(i) });
    len = w.build().length;
  }
  return { bytes: w.build(), blockOffsets };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(n: number, seed: number): Uint8Array {
  const r = mulberry32(seed);
  return new Uint8Array(n).map(() => Math.floor(r() * 256));
}

function tsharkCount(name: string, bytes: Uint8Array): number | undefined {
  // tshark exits non-zero on damaged files but still prints the frames it read.
  if (!hasTshark()) return undefined;
  const file = writeTemp(name, bytes);
  try {
    return tsharkFrames(file).length;
  } catch (e) {
    const out = String((e as { stdout?: string }).stdout ?? '');
    return out.split('\n').filter((l) => l !== '').length;
  }
}

function codes(r: ReturnType<typeof readCapture>): string[] {
  return r.diags.map((d) => d.d.code);
}

describe('not a capture', () => {
  it('empty input: fatal capture.empty "empty file"', () => {
    const r = readCapture(new Uint8Array(0));
    expect(r.fatal).toEqual({ severity: 'error', code: 'capture.empty', message: 'empty file' });
    expect(r.frames).toEqual([]);
    expect(r.format).toBeUndefined();
  });

  it('an HTML file: fatal capture.bad_magic with the magic as written', () => {
    const text = ascii('<!DOCTYPE html>\n<html><body>not a capture</body></html>\n');
    for (const chunk of [text.length, 1, 3]) {
      const r = readCapture(text, chunk);
      expect(r.fatal).toEqual({ severity: 'error', code: 'capture.bad_magic', message: 'not a pcap or pcapng file (magic 0x3c21444f)' });
      expect(r.diags).toEqual([]);
      expect(r.frames).toEqual([]);
    }
  });

  it('fewer than four bytes: fatal capture.bad_magic naming the bytes', () => {
    const r = readCapture(Uint8Array.of(0xd4, 0xc3));
    expect(r.fatal?.code).toBe('capture.bad_magic');
    expect(r.fatal?.message).toContain('0xd4c3');
  });

  it('pcapng type with an invalid byte-order magic: fatal', () => {
    const bytes = pcapng(2).bytes.slice();
    bytes[8] = 0x11;
    const r = readCapture(bytes);
    expect(r.fatal?.code).toBe('capture.bad_magic');
    expect(r.frames).toEqual([]);
  });

  it('gzip of a text file: fatal, naming the inner magic', () => {
    const r = readCapture(new Uint8Array(gzipSync(ascii('hello world'))));
    expect(r.fatal).toEqual({ severity: 'error', code: 'capture.bad_magic', message: 'not a pcap or pcapng file (magic 0x68656c6c) inside gzip' });
  });
});

describe('damaged captures keep the frames before the damage', () => {
  it('pcapng cut in the middle of a block: capture.truncated (error) with the offset; same frames as tshark', () => {
    const { bytes, blockOffsets } = pcapng(6, 'be');
    const cut = blockOffsets[4] + 20;
    const part = bytes.subarray(0, cut);
    for (const chunk of [part.length, 1, 7]) {
      const r = readCapture(part, chunk);
      expect(r.fatal).toBeUndefined();
      expect(r.frames.map((f) => f.frame)).toEqual([1, 2, 3, 4]);
      expect(r.diags).toHaveLength(1);
      expect(r.diags[0].d.code).toBe('capture.truncated');
      expect(r.diags[0].d.severity).toBe('error');
      expect(r.diags[0].d.message).toContain(`byte offset ${blockOffsets[4]}`);
      expect(r.diags[0].at).toBe(4);
    }
    const t = tsharkCount('cut.pcapng', part);
    if (t !== undefined) expect(t).toBe(4);
  });

  it('pcap cut inside its file header: capture.truncated', () => {
    const r = readCapture(pcapHeader().subarray(0, 10));
    expect(r.fatal).toBeUndefined();
    expect(codes(r)).toEqual(['capture.truncated']);
  });

  it('pcap record with a corrupt length: capture.bad_record_length, earlier frames kept; tshark agrees', () => {
    // (Wireshark guesses among pcap variants from the first records, so the damage sits later.)
    const recs = [0, 1, 2, 3, 4, 5].map((i) => ({ tsSec: 100 + i, tsFrac: 0, data: packet(i) }));
    const bytes = writePcap(recs);
    const rec3 = 24 + 3 * (16 + recs[0].data.length);
    const dv = new DataView(bytes.buffer);
    dv.setUint32(rec3 + 8, 300_000, true);
    const r = readCapture(bytes);
    expect(r.frames.map((f) => f.frame)).toEqual([1, 2, 3]);
    expect(codes(r)).toEqual(['capture.bad_record_length']);
    expect(r.diags[0].d.message).toContain(`byte offset ${rec3}`);
    const t = tsharkCount('badlen.pcap', bytes);
    if (t !== undefined) expect(t).toBe(3);
  });

  it('a 2 GB record or block length is refused without allocating it', () => {
    const recs = [0, 1].map((i) => ({ tsSec: 100 + i, tsFrac: 0, data: packet(i) }));
    const pcap = writePcap(recs);
    new DataView(pcap.buffer).setUint32(24 + 16 + recs[0].data.length + 8, 0x8000_0000, true);
    const { bytes: ng, blockOffsets } = pcapng(3);
    const ng2 = ng.slice();
    new DataView(ng2.buffer).setUint32(blockOffsets[1] + 4, 0x7fff_fffc, true);
    const before = process.memoryUsage().arrayBuffers;
    const a = readCapture(pcap, 1);
    const b = readCapture(ng2);
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
    expect(a.frames).toHaveLength(1);
    expect(codes(a)).toEqual(['capture.bad_record_length']);
    expect(b.frames).toHaveLength(1);
    expect(codes(b)).toEqual(['capture.bad_block']);
  });

  it('pcapng trailing length that does not match: capture.bad_block; tshark agrees on the frames kept', () => {
    const { bytes, blockOffsets } = pcapng(4);
    const bad = bytes.slice();
    const len = new DataView(bad.buffer).getUint32(blockOffsets[2] + 4, true);
    new DataView(bad.buffer).setUint32(blockOffsets[2] + len - 4, len + 4, true);
    const r = readCapture(bad);
    expect(r.frames.map((f) => f.frame)).toEqual([1, 2]);
    expect(codes(r)).toEqual(['capture.bad_block']);
    const t = tsharkCount('trail.pcapng', bad);
    if (t !== undefined) expect(t).toBe(2);
  });

  it('random bytes after a valid header: diagnostics, no exception, bounded memory', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const junk = randomBytes(200_000, seed);
      for (const head of [pcapHeader(), new PcapngWriter().section('le').idb({}).build()]) {
        const bytes = concat([head, junk]);
        const whole = readCapture(bytes);
        expect(whole.fatal).toBeUndefined();
        expect(whole.diags.length).toBeGreaterThan(0);
        const chunked = readCapture(bytes, 4099);
        expect(chunked.frames).toEqual(whole.frames);
        expect(codes(chunked)).toEqual(codes(whole));
      }
    }
  });

  it('property: any bytes after a valid header, in any chunking, never throw and read the same', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 3000 }), fc.array(fc.nat({ max: 3100 }), { maxLength: 8 }), (ng, junk, cuts) => {
        const head = ng ? pcapng(2).bytes : writePcap([{ tsSec: 1, tsFrac: 2, data: packet(1) }]);
        const bytes = concat([head, junk]);
        const whole = readCapture(bytes);
        const pieces = readCapture(bytes, cuts.map((c) => c % (bytes.length + 1)));
        expect(pieces.frames).toEqual(whole.frames);
        expect(pieces.diags).toEqual(whole.diags);
        expect(whole.frames.length).toBeGreaterThanOrEqual(ng ? 2 : 1);
        whole.frames.forEach((f, i) => i > 0 && expect(f.frame).toBeGreaterThan(whole.frames[i - 1].frame));
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('gzip damage', () => {
  const { bytes } = pcapng(50);
  const gz = new Uint8Array(gzipSync(bytes));
  const all = readCapture(bytes).frames;

  it('gzip cut short: capture.gzip_truncated, the frames inflated before it kept', () => {
    const r = readCapture(gz.subarray(0, Math.floor(gz.length * 0.6)));
    expect(r.fatal).toBeUndefined();
    expect(r.format).toBe('pcapng.gz');
    expect(codes(r)).toContain('capture.gzip_truncated');
    expect(r.frames.length).toBeGreaterThan(0);
    expect(r.frames.length).toBeLessThan(all.length);
    expect(r.frames).toEqual(all.slice(0, r.frames.length));
  });

  it('corrupt deflate data: capture.gzip_error, no exception', () => {
    const bad = gz.slice();
    const from = Math.floor(gz.length / 2);
    for (let i = from; i < from + 40; i++) bad[i] ^= 0x5a;
    const r = readCapture(bad);
    expect(r.fatal).toBeUndefined();
    expect(codes(r)).toContain('capture.gzip_error');
  });
});

describe('the reader object', () => {
  it('push after end() and a second end() are ignored; fatal and format are exposed', () => {
    const seen: number[] = [];
    const reader = createCaptureReader({ frame: (f) => seen.push(f.frame), diagnostic: () => undefined });
    const { bytes } = pcapng(2);
    reader.push(bytes);
    reader.end();
    reader.push(bytes);
    reader.end();
    expect(seen).toEqual([1, 2]);
    expect(reader.format).toBe('pcapng');
    expect(reader.fatal).toBeUndefined();
  });

  it('diagnostics carry the name given to the reader', () => {
    const msgs: string[] = [];
    const reader = createCaptureReader({ frame: () => undefined, diagnostic: (d) => msgs.push(d.message) }, { name: 'cut.pcapng' });
    reader.push(pcapng(2).bytes.subarray(0, 70));
    reader.end();
    expect(msgs).toHaveLength(1);
    expect(msgs[0].startsWith('cut.pcapng: ')).toBe(true);
  });
});
