// V2GTP framing (ISO 15118-2 §7.8.3: 01 FE, payload type, uint32 length) and SDP (§7.10.1 Tables 14-16),
// on hand-built byte sequences whose expected results follow from those tables.
import { describe, expect, it } from 'vitest';
import type { FrameRef } from '../../../parsers/core/frame';
import { V2gtpStream, looksLikeV2gtp, type V2gtpFrame, type V2gtpProblem } from '../../../parsers/protocols/v2gtp';
import { decodeSdp } from '../../../parsers/protocols/sdp';
import { createV2gConnectionWith, type V2gMessage } from '../../../parsers/protocols/iso15118';

const at = (frame: number): FrameRef => ({ frame, tsSec: 1, tsNsec: 0, tsDigits: 6 });

function msg(pt: number, payload: number[]): number[] {
  const n = payload.length;
  return [0x01, 0xfe, pt >> 8, pt & 0xff, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff, ...payload];
}

function collect(): { s: V2gtpStream; msgs: { pt: number; payload: number[]; frame: number }[]; problems: V2gtpProblem[] } {
  const msgs: { pt: number; payload: number[]; frame: number }[] = [];
  const problems: V2gtpProblem[] = [];
  const s = new V2gtpStream({ message: (m: V2gtpFrame) => msgs.push({ pt: m.payloadType, payload: [...m.payload], frame: m.at.frame }), problem: (p) => problems.push(p) });
  return { s, msgs, problems };
}

describe('V2GTP framing', () => {
  const a = msg(0x8001, [0x80, 0x9a, 0x02, 0x00]);
  const b = msg(0x8001, Array.from({ length: 300 }, (_, i) => i & 0xff));
  const c = msg(0x8004, [0x80, 0x01]);

  it('cuts several messages out of one segment', () => {
    const { s, msgs, problems } = collect();
    s.push(Uint8Array.from([...a, ...b, ...c]), at(5));
    expect(msgs.map((m) => [m.pt, m.payload.length, m.frame])).toEqual([[0x8001, 4, 5], [0x8001, 300, 5], [0x8004, 2, 5]]);
    expect(problems).toEqual([]);
  });

  it('joins a message split at every possible position, byte by byte too', () => {
    const all = [...a, ...b, ...c];
    for (const cut of [1, 3, 8, 9, 12, 100, 311]) {
      const { s, msgs } = collect();
      s.push(Uint8Array.from(all.slice(0, cut)), at(1));
      s.push(Uint8Array.from(all.slice(cut)), at(2));
      expect(msgs.map((m) => m.payload), `cut ${cut}`).toEqual([a.slice(8), b.slice(8), c.slice(8)]);
    }
    const { s, msgs } = collect();
    all.forEach((x, i) => s.push(Uint8Array.of(x), at(i + 1)));
    expect(msgs.map((m) => m.frame)).toEqual([a.length, a.length + b.length, all.length]);
  });

  it('resynchronises after bytes that are not V2GTP, and after an oversized length', () => {
    const { s, msgs, problems } = collect();
    s.push(Uint8Array.from([0x02, 0x03, 0x04, ...a]), at(1));
    expect(problems.map((p) => [p.diagnostic.code, p.skipped])).toEqual([['v2gtp.bad_version', 3]]);
    expect(msgs.length).toBe(1);
    // Length 0x00040015 (262165) > 64 KiB: reported with its payload type, stream continues at the next header.
    s.push(Uint8Array.from([0x01, 0xfe, 0x80, 0x01, 0x00, 0x04, 0x00, 0x15, 0x80, 0x9a, ...c]), at(2));
    expect(problems[1].diagnostic.code).toBe('v2gtp.bad_length');
    expect(problems[1].payloadType).toBe(0x8001);
    expect(msgs.map((m) => m.pt)).toEqual([0x8001, 0x8004]);
  });

  it('does not let a wrong length swallow the next segment that starts with a header', () => {
    const { s, msgs, problems } = collect();
    s.push(Uint8Array.from(msg(0x8001, [0x80, 1, 2]).map((v, i) => (i === 7 ? 40 : v))), at(1)); // claims 40 bytes, has 3
    s.push(Uint8Array.from(c), at(2));
    expect(problems.map((p) => [p.diagnostic.code, p.at.frame])).toEqual([['v2gtp.bad_length', 2]]);
    expect(msgs.map((m) => [m.pt, m.frame])).toEqual([[0x8004, 2]]);
  });

  it('drops a message interrupted by a capture gap and reports a truncated one at the end', () => {
    const { s, msgs, problems } = collect();
    s.push(Uint8Array.from(b.slice(0, 50)), at(1));
    s.gap(100, at(2));
    s.push(Uint8Array.from([...a, ...c.slice(0, 5)]), at(3));
    s.end(at(4));
    expect(msgs.map((m) => m.frame)).toEqual([3]);
    expect(problems.map((p) => p.diagnostic.code)).toEqual(['v2gtp.gap', 'v2gtp.truncated']);
  });

  it('recognises V2GTP connections by 01 FE and a known payload type', () => {
    expect(looksLikeV2gtp(Uint8Array.from(a))).toBe(true);
    expect(looksLikeV2gtp(Uint8Array.from([0x01, 0xfe, 0x4c, 0x41, 0, 0, 0, 1]))).toBe(false);
    expect(looksLikeV2gtp(Uint8Array.from([0x16, 0x03, 0x03, 0x00]))).toBe(false);
    expect(looksLikeV2gtp(Uint8Array.from([0x01, 0xfe, 0x80, 0x01, 0x01, 0, 0, 0]))).toBe(false);
  });

  it('emits one "?" record per message when no EXI decoder is configured', () => {
    const out: V2gMessage[] = [];
    const conn = createV2gConnectionWith({ emit: (m) => out.push(m) });
    conn.push(0, Uint8Array.from([...a, ...msg(0x4c41, [1, 2])]), at(1));
    expect(out.map((m) => [m.name, m.payloadType, m.diagnostics.map((d) => d.code).join()])).toEqual([
      ['?', 0x8001, 'v2g.no_schema'],
      ['?', 0x4c41, 'v2gtp.unknown_payload_type'],
    ]);
  });
});

describe('SDP', () => {
  it('decodes SECCDiscoveryReq and SECCDiscoveryRes (ISO 15118-2 Tables 15 and 16)', () => {
    const req = decodeSdp(Uint8Array.from(msg(0x9000, [0x10, 0x00])));
    expect(req).toMatchObject({ name: 'SECCDiscoveryReq', payloadType: 0x9000, body: { Security: 'none', TransportProtocol: 'TCP' }, diagnostics: [] });
    const addr = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x66, 0x4d, 0x70, 0xff, 0xfe, 0x01, 0x03, 0xbf];
    const res = decodeSdp(Uint8Array.from(msg(0x9001, [...addr, 0xd7, 0x4e, 0x00, 0x00])));
    expect(res.body).toEqual({ SECCIPAddress: 'fe80::664d:70ff:fe01:3bf', SECCPort: 55118, Security: 'TLS', TransportProtocol: 'TCP' });
    expect(res.announce).toEqual({ ip: 'fe80::664d:70ff:fe01:3bf', port: 55118, tls: true, transport: 'TCP' });
  });

  it('reports bad headers, lengths and values without throwing', () => {
    expect(decodeSdp(Uint8Array.of(1, 0xfe)).diagnostics[0].code).toBe('sdp.truncated');
    expect(decodeSdp(Uint8Array.from(msg(0x9000, [0x10, 0x00])).map((v, i) => (i === 1 ? 0xff : v))).diagnostics[0].code).toBe('v2gtp.bad_version');
    expect(decodeSdp(Uint8Array.from(msg(0x9001, [1, 2, 3]))).diagnostics.map((d) => d.code)).toEqual(['sdp.truncated']);
    expect(decodeSdp(Uint8Array.from(msg(0x9000, [0x20, 0x00]))).diagnostics.map((d) => d.code)).toEqual(['sdp.bad_value']);
    const short = Uint8Array.from(msg(0x9000, [0x10, 0x00])).subarray(0, 9);
    expect(decodeSdp(short).diagnostics.map((d) => d.code)).toContain('v2gtp.length_mismatch');
    expect(decodeSdp(Uint8Array.from(msg(0x8001, [0x80]))).diagnostics[0].code).toBe('sdp.unknown_payload_type');
  });
});
