// Classic libpcap files: the 24-byte global header (magic a1b2c3d4 = microseconds, a1b23c4d =
// nanoseconds, a1b2cd34 = Kuznetzov's modified format with 24-byte record headers; either byte order),
// then records of a 16-byte header (ts_sec, ts_frac, incl_len, orig_len) and incl_len bytes.
// Reference: draft-ietf-opsawg-pcap sections 4-5; libpcap LT_LINKTYPE() masks the FCS bits of the
// link-type field. A record length beyond the sanity limit (a corrupt or hostile file) is a diagnostic
// that stops this file: everything before it is kept and the claimed size is never allocated.

import type { CaptureFrame } from '../core/pipeline';
import type { ReaderContext } from './context';
import type { UnitParser } from './framer';

/** Wireshark's maximum snapshot length for ordinary link types. */
export const PCAP_DEFAULT_MAX_RECORD = 262144;
/** Absolute ceiling even when the header announces a larger snaplen. */
export const PCAP_HARD_MAX_RECORD = 64 * 1024 * 1024;

export function isPcapMagic(m: number): boolean {
  return (
    m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1 || m === 0xa1b2cd34 || m === 0x34cdb2a1
  );
}

export class PcapParser implements UnitParser {
  private headerDone = false;
  private le = true;
  private nano = false;
  private recHdr = 16;
  private linkType = 1;
  private maxRecord = PCAP_DEFAULT_MAX_RECORD;
  snaplen = 0;

  constructor(private readonly ctx: ReaderContext) {}

  measure(buf: Uint8Array, off: number, avail: number, streamOffset: number): number {
    if (!this.headerDone) return avail >= 4 ? 24 : -4;
    if (avail < this.recHdr) return -this.recHdr;
    const caplen = this.u32(buf, off + 8);
    if (caplen > this.maxRecord) {
      this.ctx.report(
        'error',
        'capture.bad_record_length',
        `pcap record at byte offset ${streamOffset} claims ${caplen} captured bytes (limit ${this.maxRecord}); the rest of the file is not read`,
      );
      return 0;
    }
    return this.recHdr + caplen;
  }

  unit(buf: Uint8Array, off: number, _len: number, streamOffset: number): boolean {
    if (!this.headerDone) {
      this.header(buf, off);
      this.ctx.sink.container?.('pcap-header', streamOffset, 24);
      return true;
    }
    const tsSec = this.u32(buf, off);
    let frac = this.u32(buf, off + 4);
    const caplen = this.u32(buf, off + 8);
    const origLen = this.u32(buf, off + 12);
    let sec = tsSec;
    const unit = this.nano ? 1_000_000_000 : 1_000_000;
    if (frac >= unit) {
      sec += Math.floor(frac / unit);
      frac %= unit;
    }
    const ctx = this.ctx;
    const f: CaptureFrame = {
      frame: ++ctx.frames,
      tsSec: sec,
      tsNsec: this.nano ? frac : frac * 1000,
      tsDigits: this.nano ? 9 : 6,
      linkType: this.linkType,
      data: buf.subarray(off + this.recHdr, off + this.recHdr + caplen),
      origLen: origLen < caplen ? caplen : origLen,
      interfaceId: 0,
      fileOffset: streamOffset,
      fileLength: this.recHdr + caplen,
    };
    ctx.emit(f);
    return true;
  }

  private header(buf: Uint8Array, off: number): void {
    const m = ((buf[off] << 24) | (buf[off + 1] << 16) | (buf[off + 2] << 8) | buf[off + 3]) >>> 0;
    this.le = m === 0xd4c3b2a1 || m === 0x4d3cb2a1 || m === 0x34cdb2a1;
    this.nano = m === 0xa1b23c4d || m === 0x4d3cb2a1;
    this.recHdr = m === 0xa1b2cd34 || m === 0x34cdb2a1 ? 24 : 16;
    this.snaplen = this.u32(buf, off + 16);
    this.linkType = this.u32(buf, off + 20) & 0x03ffffff;
    this.maxRecord = Math.min(PCAP_HARD_MAX_RECORD, Math.max(PCAP_DEFAULT_MAX_RECORD, this.snaplen));
    this.headerDone = true;
  }

  private u32(b: Uint8Array, o: number): number {
    return this.le
      ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
      : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }
}
