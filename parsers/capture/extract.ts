// Writing some frames of a capture out again as pcapng (the app's "export filtered pcapng"): the frames are
// re-read from the original file by their place in the capture stream (offset and length of each pcapng
// block or pcap record, kept while the file was first read), never from memory.
// - pcapng input: the section headers, interface descriptions and decryption secrets are copied as they
//   are, then the selected packet blocks, all in their original order and byte order: interface numbers,
//   link types, timestamp resolutions and offsets, comments and per-packet options stay what they were
//   (each section header's length field becomes -1, "not given", as the section is now shorter).
// - pcap input: one section, one interface with the file's link type and snapshot length (if_tsresol 9
//   for nanosecond files), and one Enhanced Packet Block per record with the same timestamp and lengths.
// - gzip input: offsets are in the inflated stream, so the file is inflated again from its start (only
//   up to the last needed byte).
// A block that does not look like what was read the first time (the file changed) is an error.

import type { ContainerBlockKind } from '../core/pipeline';
import { ReaderContext } from './context';
import { GzipStage, type ByteStage } from './gzip';
import { isPcapMagic } from './pcap';
import { PCAPNG_SHB } from './pcapng';
import { PcapngWriter, concat, toUnits } from './writer';

/** Where the original file's bytes come from (the app: a File, a URL, or the Electron main process). */
export interface ByteSource {
  /** Bytes [offset, offset + length) of the file as stored (fewer only at its end). Random access. */
  read?(offset: number, length: number): Promise<Uint8Array>;
  /** The file from its start, in chunks (used for gzip input, and when `read` is absent). */
  stream?(): AsyncIterable<Uint8Array>;
}

export interface Piece {
  kind: 'frame' | ContainerBlockKind;
  /** Offset in the (inflated) capture stream. */
  offset: number;
  length: number;
}

/** Reads above this gap are not merged into one read. */
const MERGE_GAP = 64 << 10;
const MAX_READ = 8 << 20;
const STREAM_CHUNK = 1 << 20;

/** Bytes of each piece (pieces sorted by offset, not overlapping), from a file that is or is not gzip. */
export async function readPieces(source: ByteSource, pieces: readonly Piece[], gzip: boolean): Promise<Uint8Array[]> {
  const out = pieces.map((p) => new Uint8Array(p.length));
  if (pieces.length === 0) return out;
  if (!gzip && source.read) {
    const read = source.read.bind(source);
    for (let i = 0; i < pieces.length;) {
      // one read for neighbouring pieces
      let j = i + 1;
      const start = pieces[i].offset;
      let end = start + pieces[i].length;
      while (j < pieces.length && pieces[j].offset - end <= MERGE_GAP && pieces[j].offset + pieces[j].length - start <= MAX_READ) {
        end = Math.max(end, pieces[j].offset + pieces[j].length);
        j++;
      }
      const bytes = await read(start, end - start);
      for (let k = i; k < j; k++) {
        const a = pieces[k].offset - start;
        if (a + pieces[k].length > bytes.length) throw new Error(`the capture is shorter than when it was read (${start + bytes.length} bytes)`);
        out[k].set(bytes.subarray(a, a + pieces[k].length));
      }
      i = j;
    }
    return out;
  }
  const collector = new Collector(pieces, out);
  let failure: string | undefined;
  const ctx = new ReaderContext({ frame() {}, diagnostic: (d) => (failure ??= d.message) }, undefined);
  const stage: ByteStage = gzip ? new GzipStage(ctx, collector) : collector;
  const chunks = source.stream ? source.stream() : readSequentially(source);
  for await (const chunk of chunks) {
    stage.push(chunk);
    if (collector.done || failure) break;
  }
  if (!collector.done) {
    if (!failure) stage.end();
    throw new Error(failure ?? `the capture is shorter than when it was read (${collector.position} bytes)`);
  }
  return out;
}

async function* readSequentially(source: ByteSource): AsyncIterable<Uint8Array> {
  for (let off = 0; ; ) {
    const b = await source.read!(off, STREAM_CHUNK);
    if (b.length === 0) return;
    yield b;
    off += b.length;
  }
}

/** Copies the pieces out of a stream that passes by in chunks. */
class Collector implements ByteStage {
  position = 0;
  private next = 0;

  constructor(private readonly pieces: readonly Piece[], private readonly out: Uint8Array[]) {}

  get done(): boolean {
    return this.next >= this.pieces.length;
  }

  push(chunk: Uint8Array): void {
    const from = this.position;
    const to = from + chunk.length;
    this.position = to;
    for (let i = this.next; i < this.pieces.length; i++) {
      const p = this.pieces[i];
      if (p.offset >= to) break;
      const a = Math.max(p.offset, from);
      const b = Math.min(p.offset + p.length, to);
      if (b > a) this.out[i].set(chunk.subarray(a - from, b - from), a - p.offset);
      if (p.offset + p.length <= to && i === this.next) this.next++;
    }
  }

  end(): void {}
}

function u32(b: Uint8Array, o: number, le: boolean): number {
  return le
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function changed(p: Piece): Error {
  return new Error(`the capture changed since it was read: no ${p.kind === 'frame' ? 'packet' : p.kind} at byte offset ${p.offset}`);
}

/**
 * A pcapng file of the given pieces of a capture: its container blocks (`pcap-header`, or `shb`, `idb`,
 * `dsb`) and frames, sorted by offset, with their bytes as read by readPieces.
 */
export function writeExportedPcapng(format: 'pcap' | 'pcapng', pieces: readonly Piece[], bytes: readonly Uint8Array[]): Uint8Array {
  return format === 'pcapng' ? copyPcapng(pieces, bytes) : pcapToPcapng(pieces, bytes);
}

function copyPcapng(pieces: readonly Piece[], bytes: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let le = true;
  let inSection = false;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    const b = bytes[i];
    if (b.length < 12) throw changed(p);
    if (p.kind === 'shb') {
      if (u32(b, 0, true) !== PCAPNG_SHB || b.length < 28) throw changed(p);
      le = b[8] === 0x4d;
      if (u32(b, 8, le) !== 0x1a2b3c4d) throw changed(p);
      const copy = b.slice();
      copy.fill(0xff, 16, 24); // section length: not given
      parts.push(copy);
      inSection = true;
      continue;
    }
    const type = u32(b, 0, le);
    const ok = inSection && u32(b, 4, le) === p.length && u32(b, p.length - 4, le) === p.length
      && (p.kind === 'idb' ? type === 1 : p.kind === 'dsb' ? type === 0x0a : p.kind === 'frame' ? type === 6 || type === 3 || type === 2 : false);
    if (!ok) throw changed(p);
    parts.push(b);
  }
  return concat(parts);
}

function pcapToPcapng(pieces: readonly Piece[], bytes: readonly Uint8Array[]): Uint8Array {
  const hi = pieces.findIndex((p) => p.kind === 'pcap-header');
  if (hi < 0) throw new Error('pcap file header not known');
  const h = bytes[hi];
  const magic = h.length >= 24 ? u32(h, 0, false) : 0;
  if (!isPcapMagic(magic)) throw changed(pieces[hi]);
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1 || magic === 0x34cdb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const recHdr = magic === 0xa1b2cd34 || magic === 0x34cdb2a1 ? 24 : 16;
  const snaplen = u32(h, 16, le);
  const linkType = u32(h, 20, le) & 0x03ffffff;
  const w = new PcapngWriter().section('le', { userAppl: 'VGI Inspector (export of a pcap file)' });
  w.idb({ linkType: linkType & 0xffff, snaplen, tsresol: nano ? 9 : undefined });
  const unit = nano ? 1_000_000_000 : 1_000_000;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    if (p.kind !== 'frame') continue;
    const b = bytes[i];
    const caplen = b.length >= recHdr ? u32(b, 8, le) : -1;
    if (caplen !== p.length - recHdr) throw changed(p);
    let sec = u32(b, 0, le);
    let frac = u32(b, 4, le);
    if (frac >= unit) {
      sec += Math.floor(frac / unit);
      frac %= unit;
    }
    const origLen = u32(b, 12, le);
    w.epb({
      ts: toUnits(sec, nano ? frac : frac * 1000, nano ? 9 : undefined),
      data: b.subarray(recHdr),
      origLen: origLen < caplen ? caplen : origLen,
    });
  }
  return w.build();
}
