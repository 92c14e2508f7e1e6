// Generated pcap and pcapng files in every variant the reader supports, checked against tshark
// (frame count, timestamps, captured lengths, comments) and against the values written.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  PcapngWriter,
  ascii,
  concat,
  ethIp,
  hasTshark,
  ip4,
  ipv4,
  readCapture,
  toHex,
  parseEpoch,
  toUnits,
  tsharkFields,
  udp,
  writePcap,
  writeTemp,
} from '../../fixtures/capture';

function packet(n: number, len = 40): Uint8Array {
  const body = new Uint8Array(len).map((_, i) => (i * 7 + n) & 0xff);
  return ethIp(ipv4(ip4('10.0.0.1'), ip4('10.0.0.2'), 17, udp(ip4('10.0.0.1'), ip4('10.0.0.2'), 1000 + n, 2000, body)));
}

const tshark = hasTshark();

function expectSameAsTshark(name: string, bytes: Uint8Array): void {
  const ours = readCapture(bytes);
  expect(ours.fatal).toBeUndefined();
  expect(ours.diags).toEqual([]);
  if (!tshark) return;
  const file = writeTemp(name, bytes);
  // Records that are not packets (custom blocks) take a frame number but produce no frame.
  const numbers = new Set(ours.frames.map((f) => f.frame));
  const theirs = tsharkFields(file, ['frame.number', 'frame.time_epoch', 'frame.cap_len', 'frame.len'], undefined, ['--disable-protocol', 'ALL', '--enable-protocol', 'frame']);
  expect(theirs.length).toBe(ours.frames[ours.frames.length - 1].frame);
  const kept = theirs.filter(([n]) => numbers.has(Number(n)));
  expect(ours.frames.map((f) => [f.frame, f.tsSec, f.tsNsec, f.hex.length / 2, f.origLen])).toEqual(
    kept.map(([n, t, c, l]) => [Number(n), parseEpoch(t).sec, parseEpoch(t).nsec, Number(c), Number(l)]),
  );
}

describe('pcap variants', () => {
  const records = [
    { tsSec: 1700000000, tsFrac: 123456, data: packet(1) },
    { tsSec: 1700000001, tsFrac: 999999, data: packet(2, 100) },
    { tsSec: 1700000002, tsFrac: 0, data: packet(3, 10) },
  ];
  for (const order of ['le', 'be'] as const) {
    it(`microsecond pcap, ${order}: values as written, same as tshark`, () => {
      const bytes = writePcap(records, { order });
      const r = readCapture(bytes);
      expect(r.format).toBe('pcap');
      expect(r.frames.map((f) => [f.frame, f.tsSec, f.tsNsec, f.tsDigits, f.linkType, f.hex])).toEqual(
        records.map((x, i) => [i + 1, x.tsSec, x.tsFrac * 1000, 6, 1, toHex(x.data)]),
      );
      expect(r.frames.map((f) => f.fileOffset)).toEqual([24, 24 + 16 + records[0].data.length, 24 + 32 + records[0].data.length + records[1].data.length]);
      expectSameAsTshark(`micro-${order}.pcap`, bytes);
    });
    it(`nanosecond pcap, ${order}: 9 digits, same as tshark`, () => {
      const nano = records.map((x, i) => ({ ...x, tsFrac: [123456789, 999999999, 1][i] }));
      const bytes = writePcap(nano, { order, nano: true });
      const r = readCapture(bytes);
      expect(r.frames.map((f) => [f.tsSec, f.tsNsec, f.tsDigits])).toEqual(nano.map((x) => [x.tsSec, x.tsFrac, 9]));
      expectSameAsTshark(`nano-${order}.pcap`, bytes);
    });
  }
  it('records cut by the snaplen keep their original length', () => {
    const full = packet(9, 200);
    const bytes = writePcap([{ tsSec: 1, tsFrac: 2, data: full.subarray(0, 64), origLen: full.length }], { snaplen: 64 });
    const r = readCapture(bytes);
    expect(r.frames[0].origLen).toBe(full.length);
    expect(r.frames[0].hex).toBe(toHex(full.subarray(0, 64)));
    expectSameAsTshark('snaplen.pcap', bytes);
  });
  it('link type field: FCS bits are masked (LT_LINKTYPE)', () => {
    const bytes = writePcap([{ tsSec: 1, tsFrac: 0, data: packet(1) }], { linkType: 0x10000000 | 113 });
    expect(readCapture(bytes).frames[0].linkType).toBe(113);
  });
});

describe('pcapng variants', () => {
  it('both byte orders, several sections (interfaces reset), tsresol 10^-n and 2^-n, tsoffset, comments', () => {
    const w = new PcapngWriter();
    w.section('le').idb({ tsresol: 9 }).idb({ linkType: 1, tsresol: 3, tsoffset: 1000n });
    w.epb({ iface: 0, ts: toUnits(1700000000, 123456789, 9), data: packet(1), comments: ['first', 'zweiter Kommentar ü'] });
    w.epb({ iface: 1, ts: 5_005n, data: packet(2) });
    w.section('be').idb({ tsresol: 0x80 | 20 }).idb({ tsresol: 6, tsoffset: -10n });
    w.epb({ iface: 0, ts: 123456789012345n, data: packet(3) });
    w.epb({ iface: 1, ts: toUnits(1700000005, 250000000, 6), data: packet(4) });
    w.section('le').idb({});
    w.epb({ iface: 0, ts: 0x0005_0000_0000_0001n, data: packet(5) });
    const bytes = w.build();
    const r = readCapture(bytes);
    expect(r.format).toBe('pcapng');
    // Hand-computed: 5005 ms + 1000 s; 123456789012345 / 2^20 s; 0x0005_0000_0000_0001 us.
    expect(r.frames.map((f) => [f.frame, f.tsSec, f.tsNsec, f.tsDigits, f.interfaceId])).toEqual([
      [1, 1700000000, 123456789, 9, 0],
      [2, 1005, 5_000_000, 3, 1],
      [3, 117737568, 867058753, 9, 0],
      [4, 1699999995, 250_000_000, 6, 1],
      [5, Math.floor(0x0005_0000_0000_0001 / 1e6), (0x0005_0000_0000_0001 % 1e6) * 1000, 6, 0],
    ]);
    expect(r.frames[0].comment).toBe('first\nzweiter Kommentar ü');
    expect(r.frames[1].comment).toBeUndefined();
    expectSameAsTshark('sections.pcapng', bytes);
    if (tshark) {
      const comments = tsharkFields(writeTemp('sections.pcapng', bytes), ['frame.comment']);
      expect(comments[0][0]).toBe('first,zweiter Kommentar ü');
    }
  });

  it('SPB uses IDB 0 snaplen, obsolete PB, ISB/NRB/unknown blocks skipped, custom block numbered, DSB key log', () => {
    const keylog = 'CLIENT_RANDOM 0102 0304\nSERVER_HANDSHAKE_TRAFFIC_SECRET aa bb\n';
    const w = new PcapngWriter();
    w.section('be').idb({ snaplen: 50, tsresol: 6 }).idb({ linkType: 101 });
    w.nrb([10, 0, 0, 1], 'evse.local');
    w.dsb(keylog);
    w.dsb('ignored secrets', 0x57474b4c);
    w.spb(packet(1, 100));
    w.raw(0x0bad, new Uint8Array([0, 0, 0x7e, 0x9f, 1, 2, 3, 4]));
    w.raw(0x12345678, new Uint8Array(12));
    w.pb({ iface: 0, ts: 77n, data: packet(2) });
    w.isb(0, 99n, 3n);
    w.epb({ iface: 1, ts: 100n, data: ipv4(ip4('1.1.1.1'), ip4('2.2.2.2'), 17, udp(ip4('1.1.1.1'), ip4('2.2.2.2'), 1, 2, ascii('x'))) });
    const bytes = w.build();
    const r = readCapture(bytes);
    expect(r.keylogs).toEqual([keylog]);
    // The custom block 0x0BAD is record 2 (as in Wireshark); the unknown block 0x12345678 is nothing.
    expect(r.frames.map((f) => [f.frame, f.hex.length / 2, f.origLen, f.linkType])).toEqual([
      [1, 50, packet(1, 100).length, 1],
      [3, packet(2).length, packet(2).length, 1],
      [4, 29, 29, 101],
    ]);
    expect(r.frames[0].hex).toBe(toHex(packet(1, 100).subarray(0, 50)));
    expectSameAsTshark('blocks.pcapng', bytes);
  });
});

describe('gzip-compressed captures', () => {
  const inner = new PcapngWriter()
    .section('le')
    .idb({ tsresol: 9 })
    .epb({ ts: 1_700_000_000_000_000_001n, data: packet(1) })
    .epb({ ts: 1_700_000_000_500_000_000n, data: packet(2, 3000) })
    .build();
  const plain = readCapture(inner);

  it('gzip of a pcapng reads as pcapng.gz with the same frames, in any chunking', () => {
    const gz = new Uint8Array(gzipSync(inner));
    for (const chunk of [gz.length, 1, 3, 1000]) {
      const r = readCapture(gz, chunk);
      expect(r.format).toBe('pcapng.gz');
      expect(r.diags).toEqual([]);
      expect(r.frames).toEqual(plain.frames);
    }
  });

  it('gzip of a pcap reads as pcap.gz', () => {
    const pcap = writePcap([{ tsSec: 5, tsFrac: 6, data: packet(7) }]);
    const r = readCapture(new Uint8Array(gzipSync(pcap)));
    expect(r.format).toBe('pcap.gz');
    expect(r.frames.map((f) => [f.tsSec, f.tsNsec, f.hex])).toEqual([[5, 6000, toHex(packet(7))]]);
  });

  it('concatenated gzip members are followed, also when a member ends exactly at a chunk boundary', () => {
    const cut = 100;
    const a = new Uint8Array(gzipSync(inner.subarray(0, cut)));
    const b = new Uint8Array(gzipSync(inner.subarray(cut)));
    const both = concat([a, b]);
    expect(readCapture(both).frames).toEqual(plain.frames);
    expect(readCapture(both, [a.length]).frames).toEqual(plain.frames);
  });
});
