// Fuzz (issue 3): V2GTP byte streams made from the reference vectors, then mutated (header fields, lengths,
// payload bits, cuts, splices), fed to a V2G connection in random slices. Never a throw, never a hang, and
// every mutated message that cannot be decoded comes out as a record with a diagnostic.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { createV2gConnection, type V2gMessage } from '../../parsers/protocols/iso15118';
import { describeShared, sharedFiles } from '../support/shared';
import { encodeV2gtp as v2gtp } from '../../parsers/protocols/v2gtp';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 4294967296);
}

const at = (frame: number) => ({ frame, tsSec: 1_700_000_000 + frame, tsNsec: 0, tsDigits: 6 });

describeShared('V2GTP fuzzing', () => {
  it('mutated V2GTP streams from the reference vectors', () => {
    const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
    const load = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { exi_hex: string });
    const apphand = load(sharedFiles('vectors/exi', /^apphand\.jsonl$/)[0]).map((v) => hex(v.exi_hex));
    const din = load(sharedFiles('vectors/exi', /^din\.jsonl$/)[0]).map((v) => hex(v.exi_hex));
    const rand = rng(15118);
    const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 8000);
    const start = Date.now();
    let streams = 0;
    let undecoded = 0;
    while (Date.now() - start < budgetMs) {
      // a plausible EV-side stream: handshake request, then DIN requests
      const parts = [v2gtp(0x8001, apphand[streams % apphand.length])];
      for (let i = 0; i < 6; i++) parts.push(v2gtp(0x8001, din[Math.floor(rand() * din.length)]));
      let bytes = new Uint8Array(Buffer.concat(parts));
      for (let k = 0; k < 1 + rand() * 5; k++) {
        const p = Math.floor(rand() * bytes.length);
        const op = Math.floor(rand() * 4);
        if (op === 0) bytes[p] ^= 1 << Math.floor(rand() * 8);
        else if (op === 1 && p + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(p, [0xffffffff, 0x7fffffff, 0, 9][Math.floor(rand() * 4)]);
        else if (op === 2) bytes = bytes.subarray(0, p);
        else bytes = new Uint8Array(Buffer.concat([bytes.subarray(0, p), bytes.subarray(Math.floor(rand() * bytes.length))]));
      }
      const out: V2gMessage[] = [];
      const conn = createV2gConnection({ emit: (m) => out.push(m) });
      const t0 = Date.now();
      for (let off = 0, frame = 1; off < bytes.length; frame++) {
        const n = 1 + Math.floor(rand() * 300);
        conn.push(0, bytes.subarray(off, off + n), at(frame));
        off += n;
      }
      conn.end(0, at(10_000));
      expect(Date.now() - t0).toBeLessThan(2000);
      for (const m of out) {
        if (m.name === '?') {
          undecoded++;
          expect(m.diagnostics.length, JSON.stringify(m.body).slice(0, 200)).toBeGreaterThan(0);
        }
      }
      streams++;
    }
    console.log(`v2gtp fuzz: ${streams} mutated streams, ${undecoded} undecodable messages, all with diagnostics`);
    expect(streams).toBeGreaterThan(50);
    expect(undecoded).toBeGreaterThan(0);
  }, 60_000);
});
