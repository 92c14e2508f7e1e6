// Link types, VLAN tags, non-IP frames, IPv4/IPv6 fragments and extension headers, malformed headers.
// Truth: the bytes the generators wrote (payloads, MACs, ports), and tshark for checksums/fields.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PcapngWriter,
  TcpFlow,
  ascii,
  concat,
  dissect,
  ethIp,
  ethernet,
  hasTshark,
  ip4,
  ip6,
  ipv4,
  ipv4Fragments,
  ipv6,
  ipv6Fragments,
  nullLoopback,
  sll,
  sll2,
  streamHex,
  tcp,
  toHex,
  tsharkFields,
  udp,
  writePcap,
  writeTemp,
} from '../../fixtures/capture';

const A4 = ip4('10.0.0.1');
const B4 = ip4('10.0.0.2');
const A6 = ip6('2001:db8::1');
const B6 = ip6('2001:db8:0:0:1::2');

function pcapOf(frames: Uint8Array[], linkType = 1): Uint8Array {
  return writePcap(
    frames.map((data, i) => ({ tsSec: 1_700_000_000, tsFrac: i * 1000, data })),
    { linkType },
  );
}

/** One TCP exchange plus a UDP datagram, as IP packets. */
function traffic(v6: boolean): { packets: Uint8Array[]; req: Uint8Array; resp: Uint8Array; dgram: Uint8Array } {
  const f = new TcpFlow({ ip: v6 ? A6 : A4, port: 40000 }, { ip: v6 ? B6 : B4, port: 80 });
  const req = ascii('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const resp = ascii('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  const dgram = ascii('sdp request');
  const u = udp(v6 ? A6 : A4, v6 ? B6 : B4, 50000, 15118, dgram);
  const packets = [...f.handshake(), f.send(0, req), f.send(1, resp), v6 ? ipv6(A6, B6, 17, u) : ipv4(A4, B4, 17, u), f.fin(0), f.fin(1)];
  return { packets, req, resp, dgram };
}

function expectTraffic(bytes: Uint8Array, v6: boolean): void {
  const { req, resp, dgram } = traffic(v6);
  const res = dissect(bytes);
  expect(res.diags).toEqual([]);
  expect(res.streams).toHaveLength(1);
  expect(streamHex(res.streams[0], 0)).toBe(toHex(req));
  expect(streamHex(res.streams[0], 1)).toBe(toHex(resp));
  expect(res.udp).toEqual([{ src: v6 ? '[2001:db8::1]:50000' : '10.0.0.1:50000', dst: v6 ? '[2001:db8::1:0:0:2]:15118' : '10.0.0.2:15118', hex: toHex(dgram), at: 6 }]);
}

describe('link types', () => {
  for (const v6 of [false, true]) {
    const ip = v6 ? 'IPv6' : 'IPv4';
    const et = v6 ? 0x86dd : 0x0800;
    const { packets } = traffic(v6);
    it(`${ip} over Ethernet, 802.1Q, stacked 802.1ad+802.1Q, SLL, SLL2, raw (101/12/14), ${v6 ? 229 : 228}, BSD loopback both orders`, () => {
      expectTraffic(pcapOf(packets.map((p) => ethIp(p))), v6);
      expectTraffic(pcapOf(packets.map((p) => ethIp(p, { vlans: [[0x8100, 10]] }))), v6);
      expectTraffic(pcapOf(packets.map((p) => ethIp(p, { vlans: [[0x88a8, 100], [0x8100, 10]] }))), v6);
      expectTraffic(pcapOf(packets.map((p) => sll(et, p)), 113), v6);
      expectTraffic(pcapOf(packets.map((p) => sll2(et, p)), 276), v6);
      for (const lt of [101, 12, 14]) expectTraffic(pcapOf(packets, lt), v6);
      expectTraffic(pcapOf(packets, v6 ? 229 : 228), v6);
      for (const fam of v6 ? [24, 28, 30] : [2]) {
        expectTraffic(pcapOf(packets.map((p) => nullLoopback(fam, p, 'le')), 0), v6);
        expectTraffic(pcapOf(packets.map((p) => nullLoopback(fam, p, 'be')), 0), v6);
      }
    });
  }

  it('pcapng with two sections of different byte order and link types per interface', () => {
    const { packets, req, resp } = traffic(false);
    const w = new PcapngWriter().section('be').idb({ linkType: 1 }).idb({ linkType: 113 });
    packets.slice(0, 4).forEach((p, i) => w.epb({ iface: i % 2, ts: BigInt(i), data: i % 2 ? sll(0x0800, p) : ethIp(p) }));
    w.section('le').idb({ linkType: 276 });
    packets.slice(4).forEach((p, i) => w.epb({ ts: BigInt(10 + i), data: sll2(0x0800, p) }));
    const res = dissect(w.build());
    expect(streamHex(res.streams[0], 0)).toBe(toHex(req));
    expect(streamHex(res.streams[0], 1)).toBe(toHex(resp));
    expect(res.streams[0].closes.map((c) => c.dir)).toEqual([0, 1]);
  });

  it('non-IP ethertypes (HomePlug AV 0x88E1) go to l2 with MACs, VLAN tags removed; SLL has no destination MAC', () => {
    const mme = Uint8Array.from([0x01, 0x64, 0x60, 0x00, 0x00, 0xaa, 0xbb]);
    const frames = [
      ethernet(0x88e1, mme, { src: '00:01:87:0a:BC:de', dst: 'ff:ff:ff:ff:ff:ff' }),
      ethernet(0x88e1, mme, { src: '00:01:87:0a:bc:de', dst: '00:b0:52:00:00:01', vlans: [[0x8100, 5]] }),
    ];
    const res = dissect(pcapOf(frames));
    expect(res.l2).toEqual([
      { src: '00:01:87:0a:bc:de', dst: 'ff:ff:ff:ff:ff:ff', ethertype: 0x88e1, hex: toHex(mme), at: 1 },
      { src: '00:01:87:0a:bc:de', dst: '00:b0:52:00:00:01', ethertype: 0x88e1, hex: toHex(mme), at: 2 },
    ]);
    if (hasTshark()) {
      const t = tsharkFields(writeTemp('hp.pcap', pcapOf(frames)), ['eth.src', 'eth.dst', 'eth.type']);
      expect(t.map(([s, d]) => [s, d])).toEqual(res.l2.map((l) => [l.src, l.dst]));
    }
    const viaSll = dissect(pcapOf([sll(0x88e1, mme, '00:01:87:0a:bc:de')], 113));
    expect(viaSll.l2).toEqual([{ src: '00:01:87:0a:bc:de', dst: '00:00:00:00:00:00', ethertype: 0x88e1, hex: toHex(mme), at: 1 }]);
  });

  it('an unsupported link type is reported once per link type, not per frame', () => {
    const res = dissect(pcapOf(new Array(20).fill(new Uint8Array(30)), 147));
    expect(res.diags.map((d) => d.d.code)).toEqual(['link.unsupported']);
    expect(res.diags[0].d.message).toContain('147');
  });
});

describe('IP fragments', () => {
  it('IPv4: fragments out of order, duplicated and overlapping reassemble to the datagram in the last fragment\'s frame', () => {
    const payload = new Uint8Array(4000).map((_, i) => (i * 13) & 0xff);
    const seg = udp(A4, B4, 1234, 15118, payload);
    const frags = ipv4Fragments(A4, B4, 17, seg, 1480);
    expect(frags).toHaveLength(3);
    const res = dissect(pcapOf([frags[2], frags[0], frags[0], frags[1]].map((p) => ethIp(p))));
    expect(res.udp).toEqual([{ src: '10.0.0.1:1234', dst: '10.0.0.2:15118', hex: toHex(payload), at: 4 }]);
    expect(res.diags).toEqual([]);
    if (hasTshark()) {
      // tshark reassembles the same datagram in the same frame, with a good UDP checksum.
      const file = writeTemp('frag4.pcap', pcapOf([frags[2], frags[0], frags[0], frags[1]].map((p) => ethIp(p))));
      const t = tsharkFields(file, ['frame.number', 'udp.checksum.status', 'udp.length'], 'udp', ['-o', 'udp.check_checksum:TRUE']);
      expect(t).toEqual([['4', '1', String(8 + payload.length)]]);
    }
  });

  it('IPv4: TCP segments inside fragments reach the stream', () => {
    const f = new TcpFlow({ ip: A4, port: 40001 }, { ip: B4, port: 9000 });
    const hs = f.handshake();
    const data = new Uint8Array(3000).map((_, i) => i & 0xff);
    const whole = f.send(0, data);
    const seg = whole.subarray(20);
    const frags = ipv4Fragments(A4, B4, 6, seg, 1000, 99);
    const res = dissect(pcapOf([...hs, ...frags.reverse()].map((p) => ethIp(p))));
    expect(streamHex(res.streams[0], 0)).toBe(toHex(data));
  });

  it('IPv6: extension headers before and inside the fragmentable part; fragments reassembled', () => {
    const payload = new Uint8Array(3000).map((_, i) => (i * 7) & 0xff);
    const u = udp(A6, B6, 5000, 15118, payload);
    // Destination options inside the fragmentable part, then UDP.
    const dstOpts = new Uint8Array(8);
    dstOpts[0] = 17;
    dstOpts[1] = 0;
    const frags = ipv6Fragments(A6, B6, 60, concat([dstOpts, u]), 1232);
    const res = dissect(pcapOf([frags[1], frags[2], frags[0]].map((p) => ethIp(p))));
    expect(res.udp).toEqual([{ src: '[2001:db8::1]:5000', dst: '[2001:db8::1:0:0:2]:15118', hex: toHex(payload), at: 3 }]);
    // Hop-by-hop + routing + destination options in front of an unfragmented datagram.
    const plain = ipv6(A6, B6, 17, udp(A6, B6, 1, 2, ascii('x')), [{ type: 0 }, { type: 43 }, { type: 60 }]);
    expect(dissect(pcapOf([ethIp(plain)])).udp.map((x) => x.hex)).toEqual([toHex(ascii('x'))]);
  });

  it('bounded: a datagram beyond 65535 bytes is dropped with ip.fragment; never-completed ones are evicted', () => {
    const big = ipv4(A4, B4, 17, new Uint8Array(1000), { id: 5, fragOffset: 65000, moreFragments: false });
    const r1 = dissect(pcapOf([ethIp(big)]));
    expect(r1.diags.map((d) => d.d.code)).toEqual(['ip.fragment']);
    const many: Uint8Array[] = [];
    for (let id = 0; id < 300; id++) many.push(ethIp(ipv4(A4, B4, 17, new Uint8Array(16), { id, fragOffset: 0, moreFragments: true })));
    const r2 = dissect(pcapOf(many));
    expect(r2.udp).toEqual([]);
    expect(r2.diags.map((d) => d.d.code)).toEqual(new Array(44).fill('ip.fragment'));
  });
});

describe('fragment timeout', () => {
  it('a datagram whose last fragment comes more than 4096 frames after its first is dropped', () => {
    const payload = new Uint8Array(2000).fill(3);
    const frags = ipv4Fragments(A4, B4, 17, udp(A4, B4, 7, 8, payload), 1000, 42);
    const filler = ethIp(ipv4(B4, A4, 17, udp(B4, A4, 9, 9, ascii('f'))));
    const frames = [ethIp(frags[0]), ...new Array(4400).fill(filler), ethIp(frags[1]), ethIp(frags[2])];
    const res = dissect(pcapOf(frames));
    expect(res.diags.map((d) => d.d.code)).toEqual(['ip.fragment']);
    expect(res.diags[0].d.message).toContain('incomplete');
    expect(res.udp.filter((u) => u.src === '10.0.0.1:7')).toEqual([]);
  });
});

describe('malformed headers are diagnostics, never exceptions', () => {
  it('bad IHL, bad total length, bad TCP data offset, bad UDP length, snaplen cuts', () => {
    const seg = tcp(A4, B4, 1, 80, ascii('data'), { seq: 1, flags: 0x18 });
    const badIhl = ipv4(A4, B4, 6, seg, { ihl: 3 });
    const badLen = ipv4(A4, B4, 6, seg, { totalLength: 500 });
    const badOff = ipv4(A4, B4, 6, tcp(A4, B4, 1, 80, ascii('data'), { seq: 1, flags: 0x18, dataOffset: 2 }));
    const u = udp(A4, B4, 1, 2, ascii('abc'));
    u[4] = 0;
    u[5] = 4;
    const badUdp = ipv4(A4, B4, 17, u);
    const res = dissect(pcapOf([badIhl, badLen, badOff, badUdp].map((p) => ethIp(p))));
    expect(res.diags.map((d) => [d.d.code, d.at])).toEqual([
      ['ip.bad_header', 1],
      ['ip.bad_length', 2],
      ['tcp.bad_header', 3],
      ['udp.bad_length', 4],
    ]);
    // A frame cut by the snaplen: the captured part of the segment is delivered, the rest is a gap later.
    const f = new TcpFlow({ ip: A4, port: 40000 }, { ip: B4, port: 80 });
    const hs = f.handshake();
    const full = ethIp(f.send(0, new Uint8Array(500).fill(0x61)));
    const next = ethIp(f.send(0, ascii('bbbb')));
    const cut = writePcap([
      ...hs.map((p, i) => ({ tsSec: 1, tsFrac: i, data: ethIp(p) })),
      { tsSec: 2, tsFrac: 0, data: full.subarray(0, 100), origLen: full.length },
      { tsSec: 2, tsFrac: 1, data: ethIp(f.ack(1)) },
      { tsSec: 2, tsFrac: 2, data: next },
    ]);
    const r = dissect(cut);
    expect(r.diags.map((d) => d.d.code)).toEqual(['tcp.truncated', 'tcp.gap']);
    expect(r.streams[0].gaps).toEqual([{ dir: 0, missing: 500 - (100 - 54), at: 6 }]);
    expect(Buffer.from(concat(r.streams[0].bytes[0])).toString()).toBe('a'.repeat(46) + 'bbbb');
  });

  it('each diagnostic code is reported at most 50 times, then once as suppressed', () => {
    const bad = ethIp(ipv4(A4, B4, 6, new Uint8Array(20), { ihl: 2 }));
    const res = dissect(pcapOf(new Array(200).fill(bad)));
    expect(res.diags).toHaveLength(51);
    expect(res.diags[50].d.severity).toBe('info');
  });

  it('property: random frames on every link type never throw', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 12, 14, 101, 108, 113, 228, 229, 276), fc.array(fc.uint8Array({ maxLength: 120 }), { maxLength: 30 }), (lt, frames) => {
        const res = dissect(pcapOf(frames, lt));
        expect(res.read.frames).toHaveLength(frames.length);
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('property: random mutations of a valid exchange never throw', () => {
    const { packets } = traffic(true);
    const base = packets.map((p) => ethIp(p));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length - 1), fc.nat(200), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }), (muts) => {
        const frames = base.map((b) => b.slice());
        for (const [fi, pos, v] of muts) if (pos < frames[fi].length) frames[fi][pos] = v;
        dissect(pcapOf(frames));
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('chunking', () => {
  it('one byte per push gives the same transport events as one push', () => {
    const { packets } = traffic(false);
    const f = new TcpFlow({ ip: A4, port: 40002 }, { ip: B4, port: 443 });
    const more = [...f.handshake(), ...f.sendSegments(0, new Uint8Array(5000).fill(7), 1000).reverse()];
    const bytes = pcapOf([...packets, ...more].map((p) => ethIp(p)));
    const whole = dissect(bytes);
    const bytewise = dissect(bytes, {}, 1);
    expect(bytewise.events).toEqual(whole.events);
    expect(bytewise.streams.map((s) => [streamHex(s, 0), streamHex(s, 1), s.dataFrames])).toEqual(whole.streams.map((s) => [streamHex(s, 0), streamHex(s, 1), s.dataFrames]));
  });
});
