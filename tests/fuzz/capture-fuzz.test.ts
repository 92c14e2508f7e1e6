// Fuzz: real captures from ../shared, mutated (bit flips, byte runs, cuts, duplicated and shuffled blocks,
// corrupted length fields), fed through the whole engine in random slices for a fixed time budget. The
// engine must never throw, never hang (each input is bounded in time), and keep memory bounded.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createInspector } from '../../parsers/engine/inspector';
import { describeShared, sharedFiles } from '../support/shared';

const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 20_000);
const PER_INPUT_MS = 5_000;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  let b = src.slice();
  const ops = 1 + Math.floor(rand() * 6);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rand() * b.length);
    switch (Math.floor(rand() * 7)) {
      case 0: // bit flips
        for (let i = 0; i < 1 + rand() * 16; i++) b[Math.floor(rand() * b.length)] ^= 1 << Math.floor(rand() * 8);
        break;
      case 1: // a run of one byte value
        b.fill([0x00, 0xff, 0x7f, 0x80][Math.floor(rand() * 4)], at, at + Math.floor(rand() * 64));
        break;
      case 2: // cut
        b = b.subarray(0, at);
        break;
      case 3: { // duplicate a range
        const len = Math.floor(rand() * 4096);
        const out = new Uint8Array(b.length + len);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at, at + len), at);
        out.set(b.subarray(at), at + Math.min(len, b.length - at));
        b = out.subarray(0, b.length + Math.min(len, b.length - at));
        break;
      }
      case 4: // a 32-bit field set to a large or small value (lengths, counts)
        if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, [0xffffffff, 0x7ffffff0, 0, 1, 65535][Math.floor(rand() * 5)], rand() < 0.5);
        break;
      case 5: { // swap two ranges (reordering)
        const len = Math.floor(rand() * 512);
        const at2 = Math.floor(rand() * Math.max(1, b.length - len));
        if (at + len <= b.length && at2 + len <= b.length) {
          const tmp = b.slice(at, at + len);
          b.copyWithin(at, at2, at2 + len);
          b.set(tmp, at2);
        }
        break;
      }
      default: // random bytes
        for (let i = 0; i < rand() * 256 && at + i < b.length; i++) b[at + i] = Math.floor(rand() * 256);
    }
  }
  return b;
}

describeShared('fuzzing the engine with mutated real captures', () => {
  it(`survives mutated captures for ${BUDGET_MS} ms`, () => {
    const seeds = [
      ...sharedFiles('corpus/captures/ocpp', /\.pcapng$/),
      ...sharedFiles('corpus/captures/din70121/uhi22_pyPLC', /\.pcapng$/).slice(0, 2),
      ...sharedFiles('corpus/captures/slac/uhi22_pyPLC', /\.pcapng$/).slice(0, 2),
      ...sharedFiles('corpus/captures/din70121/uhi22_clara-logs', /\.pcap$/).slice(0, 1),
    ].map((f) => new Uint8Array(readFileSync(f)));
    expect(seeds.length).toBeGreaterThanOrEqual(4);
    const rand = rng(Number(process.env.FUZZ_SEED ?? 20261124));
    const heapBefore = process.memoryUsage().heapUsed;
    const start = Date.now();
    let inputs = 0;
    let records = 0;
    while (Date.now() - start < BUDGET_MS) {
      const input = mutate(seeds[inputs % seeds.length], rand);
      const t0 = Date.now();
      const inspector = createInspector({ onRecord: () => void records++, onDiagnostic: () => {} });
      let off = 0;
      while (off < input.length) {
        const n = 1 + Math.floor(rand() * 8192);
        inspector.push(input.subarray(off, off + n));
        off += n;
      }
      inspector.end();
      expect(Date.now() - t0, `input ${inputs} took too long`).toBeLessThan(PER_INPUT_MS);
      inputs++;
    }
    global.gc?.();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(`fuzz: ${inputs} mutated captures, ${records} records, heap growth ${heapGrowthMb.toFixed(1)} MB`);
    expect(inputs).toBeGreaterThan(20);
    expect(heapGrowthMb).toBeLessThan(300);
  }, BUDGET_MS + 60_000);
});
