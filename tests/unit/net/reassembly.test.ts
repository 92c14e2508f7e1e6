// TCP reassembly on generated captures: the truth is the application bytes the generator cut into
// segments (and, where tshark follows the same way, tshark's follow,tcp,raw of the generated file).
import { describe, expect, it } from 'vitest';
import {
  ACK,
  TcpFlow,
  ascii,
  concat,
  dissect,
  ethIp,
  hasTshark,
  ip4,
  ip6,
  ipv4,
  streamHex,
  toHex,
  tsharkFollow,
  udp,
  writePcap,
  writeTemp,
} from '../../fixtures/capture';
import type { DissectResult } from '../../fixtures/capture';

/** A pcap (Ethernet) of IP packets, one every 10 ms. */
function capture(packets: Uint8Array[]): Uint8Array {
  return writePcap(packets.map((p, i) => ({ tsSec: 1_700_000_000 + Math.floor(i / 100), tsFrac: (i % 100) * 10_000, data: ethIp(p) })));
}

function text(n: number, seed: number): Uint8Array {
  return new Uint8Array(n).map((_, i) => 32 + ((i * 31 + seed * 7) % 90));
}

const client = { ip: ip4('192.168.1.10'), port: 51000 };
const server = { ip: ip4('192.168.1.20'), port: 8080 };

function expectTsharkFollowsSame(name: string, bytes: Uint8Array, res: DissectResult): void {
  if (!hasTshark()) return;
  const file = writeTemp(name, bytes);
  const ids = res.streams.map((s) => s.conn.id);
  const t = tsharkFollow(file, ids);
  for (const s of res.streams) {
    const f = t.get(s.conn.id)!;
    const c0 = `${s.conn.client.ip}:${s.conn.client.port}` === f.node0 || `[${s.conn.client.ip}]:${s.conn.client.port}` === f.node0 ? 0 : 1;
    expect(streamHex(s, 0)).toBe(f.hex[c0]);
    expect(streamHex(s, 1)).toBe(f.hex[1 - c0]);
  }
}

describe('TCP reassembly', () => {
  it('in-order exchange with handshake and FIN: bytes, roles, open before data, one close per direction', () => {
    const f = new TcpFlow(client, server);
    const req = text(3000, 1);
    const resp = text(5000, 2);
    const pkts = [...f.handshake(), ...f.sendSegments(0, req, 1000), f.ack(1), ...f.sendSegments(1, resp, 1460), f.ack(0), f.fin(0), f.fin(1), f.ack(0)];
    const bytes = capture(pkts);
    const res = dissect(bytes);
    expect(res.streams).toHaveLength(1);
    const s = res.streams[0];
    expect(s.conn).toMatchObject({ id: 0, client: { ip: '192.168.1.10', port: 51000 }, server: { ip: '192.168.1.20', port: 8080 }, handshakeSeen: true });
    expect(streamHex(s, 0)).toBe(toHex(req));
    expect(streamHex(s, 1)).toBe(toHex(resp));
    expect(s.gaps).toEqual([]);
    expect(s.closes).toEqual([
      { dir: 0, at: 13 },
      { dir: 1, at: 14 },
    ]);
    expect(res.events[0]).toBe('open 0');
    // Each segment is delivered in its own frame (4..6 client, 8..11 server).
    expect(s.dataFrames).toEqual([
      [4, 5, 6],
      [8, 9, 10, 11],
    ]);
    expectTsharkFollowsSame('inorder.pcap', bytes, res);
  });

  it('reordered segments are buffered; data completes in the frame that fills the hole', () => {
    const f = new TcpFlow(client, server);
    const req = text(4000, 3);
    const hs = f.handshake();
    const segs = f.sendSegments(0, req, 1000); // 4 segments
    const pkts = [...hs, segs[0], segs[2], segs[3], segs[1], f.ack(1)];
    const bytes = capture(pkts);
    const res = dissect(bytes);
    const s = res.streams[0];
    expect(streamHex(s, 0)).toBe(toHex(req));
    // Frame 4 delivers segment 0; frame 7 (segment 1) completes segments 1, 2 and 3.
    expect(s.dataFrames[0]).toEqual([4, 7, 7, 7]);
    expect(s.gaps).toEqual([]);
    expectTsharkFollowsSame('reorder.pcap', bytes, res);
  });

  it('retransmissions and overlaps are de-duplicated; on conflicting overlap the first copy wins', () => {
    const f = new TcpFlow(client, server, 100, 900);
    const req = text(3000, 4);
    const hs = f.handshake();
    const base = f.seq[0];
    const segs = f.sendSegments(0, req, 1000);
    const conflicting = req.slice(500, 1500).map((b) => b ^ 0xff);
    const pkts = [
      ...hs,
      segs[0],
      segs[0], // exact retransmission
      f.at(0, base + 500, conflicting), // overlaps delivered bytes 500..999 and new bytes 1000..1499 (wins: first copy of 1000..1499)
      segs[1], // repeats 1000..1999: its 1000..1499 part is dropped
      segs[2],
      segs[2],
    ];
    const res = dissect(capture(pkts));
    const s = res.streams[0];
    const expected = concat([req.subarray(0, 1000), conflicting.subarray(500), req.subarray(1500)]);
    expect(streamHex(s, 0)).toBe(toHex(expected));
    expect(s.gaps).toEqual([]);
  });

  it('a first copy buffered out of order also wins over later overlapping copies', () => {
    const f = new TcpFlow(client, server);
    const hs = f.handshake();
    const base = f.seq[0];
    const a = ascii('AAAAAAAAAA'); // 0..9
    const b = ascii('BBBBBBBBBB'); // 10..19, buffered first
    const c = ascii('cccccccccccccccccccc'); // 5..24, arrives later: only 20..24 are new
    const pkts = [...hs, f.at(0, base + 10, b), f.at(0, base + 5, c), f.at(0, base, a)];
    const res = dissect(capture(pkts));
    expect(Buffer.from(concat(res.streams[0].bytes[0])).toString()).toBe('AAAAAAAAAABBBBBBBBBBccccc');
  });

  it('a lost segment acknowledged by the receiver: gap of exactly its size at once, later data still delivered', () => {
    const f = new TcpFlow(client, server);
    const req = text(5000, 5);
    const hs = f.handshake();
    const segs = f.sendSegments(0, req, 1000);
    const pkts = [...hs, segs[0], segs[2], segs[3], f.ack(1), segs[4]];
    const res = dissect(capture(pkts));
    const s = res.streams[0];
    expect(s.gaps).toEqual([{ dir: 0, missing: 1000, at: 5 }]);
    expect(streamHex(s, 0)).toBe(toHex(concat([req.subarray(0, 1000), req.subarray(2000)])));
    // Bytes after the gap count as complete in their own frames; the gap is decided at the ACK (frame 7).
    expect(s.dataFrames[0]).toEqual([4, 5, 6, 8]);
    expect(res.events.indexOf('gap 0 0')).toBeLessThan(res.events.lastIndexOf('data 0 0'));
    expect(res.diags.map((d) => d.d.code)).toEqual(['tcp.gap']);
  });

  it('a hole in a one-sided capture becomes a gap after the stall window, or at the end', () => {
    const f = new TcpFlow(client, server);
    const hs = f.handshake();
    const segs = f.sendSegments(0, text(40 * 100, 6), 100); // 40 segments
    const onlyClient = [hs[0], hs[2], ...segs.filter((_, i) => i !== 1)];
    const res = dissect(capture(onlyClient));
    const s = res.streams[0];
    expect(s.gaps).toEqual([{ dir: 0, missing: 100, at: 4 }]);
    expect(concat(s.bytes[0]).length).toBe(3900);
    // Decided after 32 further segments, without waiting for the end of the capture.
    const gapEvent = res.events.indexOf('gap 0 0');
    expect(res.events.slice(gapEvent).filter((e) => e === 'data 0 0').length).toBeGreaterThan(1);
    expect(res.events.slice(gapEvent + 1).some((e) => e.startsWith('close'))).toBe(true);

    // Few segments after the hole: resolved at end().
    const short = [hs[0], hs[2], segs[0], segs[2], segs[3]];
    const r2 = dissect(capture(short));
    expect(r2.streams[0].gaps).toEqual([{ dir: 0, missing: 100, at: 4 }]);
    expect(concat(r2.streams[0].bytes[0]).length).toBe(300);
  });

  it('a silent peer and 10 s of capture time without the missing bytes: gap declared while traffic goes on', () => {
    const f = new TcpFlow(client, server);
    const hs = f.handshake();
    const segs = f.sendSegments(0, text(400, 11), 100);
    const other = ipv4(ip4('10.9.9.1'), ip4('10.9.9.2'), 17, udp(ip4('10.9.9.1'), ip4('10.9.9.2'), 1, 2, ascii('tick')));
    const recs = [hs[0], hs[2], segs[0], segs[2], segs[3]].map((p, i) => ({ tsSec: 1000, tsFrac: i, data: ethIp(p) }));
    for (let t = 1; t <= 12; t++) recs.push({ tsSec: 1000 + t, tsFrac: 0, data: ethIp(other) });
    const res = dissect(writePcap(recs));
    expect(res.streams[0].gaps).toEqual([{ dir: 0, missing: 100, at: 4 }]);
    const gapAt = res.events.indexOf('gap 0 0');
    // Declared as frame 16 arrives (10 s after the hole appeared at 1000 s), before the capture ended.
    expect(res.events.indexOf('udp 15')).toBeLessThan(gapAt);
    expect(res.events.indexOf('udp 16')).toBeGreaterThan(gapAt);
  });

  it('sequence numbers wrapping around 2^32', () => {
    const f = new TcpFlow(client, server, 0xffff_fc00, 0xffff_ffff);
    const req = text(4096, 7);
    const resp = text(3000, 8);
    const hs = f.handshake();
    const c = f.sendSegments(0, req, 512);
    const sv = f.sendSegments(1, resp, 700);
    const pkts = [...hs, c[0], c[2], c[1], ...c.slice(3), ...sv.reverse(), f.fin(0), f.fin(1)];
    const bytes = capture(pkts);
    const res = dissect(bytes);
    const s = res.streams[0];
    expect(streamHex(s, 0)).toBe(toHex(req));
    expect(streamHex(s, 1)).toBe(toHex(resp));
    expect(s.gaps).toEqual([]);
    expect(s.closes.map((x) => x.dir)).toEqual([0, 1]);
    expectTsharkFollowsSame('wrap.pcap', bytes, res);
  });

  it('connection ids follow first appearance; SYN with a new ISN on a closed 4-tuple is a new connection', () => {
    const other = { ip: ip4('192.168.1.30'), port: 443 };
    const a = new TcpFlow(client, server, 1000);
    const b = new TcpFlow({ ip: client.ip, port: 51001 }, other, 2000);
    const a2 = new TcpFlow(client, server, 777_777);
    const pkts = [
      ...a.handshake(),
      ...b.handshake(),
      a.send(0, ascii('first')),
      b.send(0, ascii('second')),
      a.fin(0),
      a.fin(1),
      a.ack(0),
      ...a2.handshake(),
      a2.send(0, ascii('third')),
    ];
    const bytes = capture(pkts);
    const res = dissect(bytes);
    expect(res.streams.map((s) => [s.conn.id, Buffer.from(concat(s.bytes[0])).toString()])).toEqual([
      [0, 'first'],
      [1, 'second'],
      [2, 'third'],
    ]);
    if (hasTshark()) {
      const t = tsharkFollow(writeTemp('reuse.pcap', bytes), [0, 1, 2]);
      expect([0, 1, 2].map((i) => Buffer.from(t.get(i)!.hex[0], 'hex').toString())).toEqual(['first', 'second', 'third']);
    }
  });

  it('RST closes both directions; buffered data after a hole is flushed behind a gap', () => {
    const f = new TcpFlow(client, server);
    const hs = f.handshake();
    const segs = f.sendSegments(0, text(300, 9), 100);
    const res = dissect(capture([...hs, segs[0], segs[2], f.rst(1)]));
    const s = res.streams[0];
    expect(s.gaps).toEqual([{ dir: 0, missing: 100, at: 5 }]);
    expect(s.closes).toEqual([
      { dir: 1, at: 6 },
      { dir: 0, at: 6 },
    ]);
  });

  it('end() closes open connections at the last frame', () => {
    const f = new TcpFlow(client, server);
    const res = dissect(capture([...f.handshake(), f.send(0, ascii('hello'))]));
    expect(res.streams[0].closes).toEqual([
      { dir: 0, at: 4 },
      { dir: 1, at: 4 },
    ]);
  });

  it('without a handshake: SYN/ACK sender is the server; otherwise the listening-looking port', () => {
    const f = new TcpFlow(client, server);
    const [, synAck, ack] = f.handshake();
    const r1 = dissect(capture([synAck, ack, f.send(0, ascii('x'))]));
    expect(r1.streams[0].conn).toMatchObject({ client: { port: 51000 }, server: { port: 8080 }, handshakeSeen: true });

    const cases: Array<[number, number, number]> = [
      // [first sender's port, receiver's port, expected server port]
      [443, 50123, 443],
      [50123, 9001, 9001],
      [59220, 50000, 50000],
      [15118, 40000, 15118],
      [3000, 40000, 3000],
    ];
    for (const [p1, p2, srv] of cases) {
      const g = new TcpFlow({ ip: ip4('10.1.1.1'), port: p1 }, { ip: ip4('10.1.1.2'), port: p2 });
      const r = dissect(capture([g.send(0, ascii('mid-stream'))]));
      expect(r.streams[0].conn.server.port).toBe(srv);
      expect(r.streams[0].conn.handshakeSeen).toBe(false);
      const dir = r.streams[0].conn.client.port === p1 ? 0 : 1;
      expect(Buffer.from(concat(r.streams[0].bytes[dir])).toString()).toBe('mid-stream');
    }
    // An isServer hint (e.g. from an SDP response) overrides the port heuristic.
    const g = new TcpFlow({ ip: ip4('10.1.1.1'), port: 443 }, { ip: ip4('10.1.1.2'), port: 61000 });
    const r = dissect(capture([g.send(0, ascii('x'))]), { isServer: (ip, port) => ip === '10.1.1.2' && port === 61000 });
    expect(r.streams[0].conn.server).toEqual({ ip: '10.1.1.2', port: 61000 });
  });

  it('IPv6 connection; delivered views are only valid during the call (consumers copy)', () => {
    const f = new TcpFlow({ ip: ip6('fe80::c690:83f3:fbcb:980e'), port: 53753 }, { ip: ip6('fe80::a446:26ff:feae:c923'), port: 51110 });
    const req = text(2000, 10);
    const bytes = capture([...f.handshake(), ...f.sendSegments(0, req, 700), f.send(1, ascii('ok'))]);
    const res = dissect(bytes);
    expect(res.streams[0].conn.client).toEqual({ ip: 'fe80::c690:83f3:fbcb:980e', port: 53753 });
    expect(streamHex(res.streams[0], 0)).toBe(toHex(req));
    expectTsharkFollowsSame('v6.pcap', bytes, res);
  });

  it('out-of-order buffer is bounded: beyond 8 MiB waiting bytes a gap is declared', () => {
    const f = new TcpFlow(client, server);
    const hs = f.handshake();
    const base = f.seq[0];
    const chunk = new Uint8Array(60000).fill(0x41);
    const pkts = [...hs];
    // A hole of 1 byte, then 150 segments of 60 kB (9 MB) that all wait behind it; the peer keeps
    // acknowledging the hole start (a retransmission is expected), so only the limit resolves it.
    for (let i = 0; i < 150; i++) {
      pkts.push(f.at(0, base + 1 + i * 60000, chunk));
      if (i % 10 === 0) pkts.push(f.ack(1, base));
    }
    const res = dissect(writePcap(pkts.map((p, i) => ({ tsSec: 1_700_000_000, tsFrac: i, data: ethIp(p) }))));
    const s = res.streams[0];
    expect(s.gaps[0]).toMatchObject({ dir: 0, missing: 1 });
    expect(concat(s.bytes[0]).length).toBe(150 * 60000);
    // The gap came before the end of the capture (limit reached), not at end().
    expect(res.events.indexOf('gap 0 0')).toBeLessThan(res.events.length - 2);
  });
});

describe('ACK flag handling', () => {
  it('pure ACKs carry no data and do not disturb the stream', () => {
    const f = new TcpFlow(client, server);
    const pkts = [...f.handshake(), f.ack(0), f.ack(1), f.send(0, ascii('abc'), ACK), f.ack(1), f.ack(1)];
    const res = dissect(capture(pkts));
    expect(Buffer.from(concat(res.streams[0].bytes[0])).toString()).toBe('abc');
    expect(res.streams[0].bytes[1]).toEqual([]);
  });
});
