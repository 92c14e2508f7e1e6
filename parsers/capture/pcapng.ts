// pcapng (draft-ietf-opsawg-pcapng): Section Header Block (either byte order, several sections, each
// resetting the interface table), Interface Description Block (linktype, snaplen, if_tsresol 10^-n or
// 2^-n, if_tsoffset), Enhanced Packet Block (+ opt_comment), Simple Packet Block (length bounded by
// IDB 0's snaplen), the obsolete Packet Block, Decryption Secrets Block (TLS key log, secrets type
// 0x544c534b -> sink.keylog). ISB, NRB and unknown blocks are skipped; custom blocks (0xBAD,
// 0x40000BAD), systemd journal (9) and sysdig event blocks take a frame number, as in Wireshark. Every block's leading and
// trailing lengths must agree and stay under a size limit; a violation is a diagnostic that stops this
// file (frames before it are kept).

import type { CaptureFrame } from '../core/pipeline';
import type { ReaderContext } from './context';
import type { UnitParser } from './framer';
import { utf8 } from './text';
import { DEFAULT_RESOLUTION, convertTs, tsResolution } from './timestamps';
import type { TsResolution } from './timestamps';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;
const BT_DSB = 0x0a;
const SECRETS_TLS_KEYLOG = 0x544c534b;
/** Largest block accepted; Wireshark uses 16 MiB for packet blocks, we allow any block up to this. */
export const PCAPNG_MAX_BLOCK = 256 * 1024 * 1024;
const MAX_INTERFACES = 65536;

interface Iface {
  linkType: number;
  snaplen: number;
  res: TsResolution;
}

export class PcapngParser implements UnitParser {
  private le = true;
  private inSection = false;
  private ifaces: Iface[] = [];
  private readonly ts = { sec: 0, nsec: 0 };
  /** Set when the very first block is not a valid SHB: the input is not pcapng at all. */
  notPcapng: string | undefined;

  constructor(private readonly ctx: ReaderContext) {}

  measure(buf: Uint8Array, off: number, avail: number, streamOffset: number): number {
    if (avail < 8) return -8;
    const type = this.u32(buf, off, this.le);
    let le = this.le;
    if (type === PCAPNG_SHB) {
      if (avail < 12) return -12;
      const b0 = buf[off + 8];
      const bom = ((b0 << 24) | (buf[off + 9] << 16) | (buf[off + 10] << 8) | buf[off + 11]) >>> 0;
      if (bom === 0x4d3c2b1a) le = true;
      else if (bom === 0x1a2b3c4d) le = false;
      else {
        const msg = `pcapng section header at byte offset ${streamOffset} has an invalid byte-order magic 0x${bom.toString(16).padStart(8, '0')}`;
        if (!this.inSection) this.notPcapng = msg;
        else this.ctx.report('error', 'capture.bad_block', msg + '; the rest of the file is not read');
        return 0;
      }
    } else if (!this.inSection) {
      this.ctx.report('error', 'capture.bad_block', `pcapng block at byte offset ${streamOffset} precedes any section header`);
      return 0;
    }
    const len = this.u32(buf, off + 4, le);
    const min = type === PCAPNG_SHB ? 28 : 12;
    if (len < min || len % 4 !== 0 || len > PCAPNG_MAX_BLOCK) {
      const why = len > PCAPNG_MAX_BLOCK ? `exceeds the limit of ${PCAPNG_MAX_BLOCK}` : len % 4 !== 0 ? 'is not a multiple of 4' : `is below the minimum of ${min}`;
      const msg = `pcapng block of type 0x${type.toString(16)} at byte offset ${streamOffset} has length ${len}, which ${why}`;
      if (type === PCAPNG_SHB && !this.inSection) this.notPcapng = msg;
      else this.ctx.report('error', 'capture.bad_block', msg + '; the rest of the file is not read');
      return 0;
    }
    return len;
  }

  unit(buf: Uint8Array, off: number, len: number, streamOffset: number): boolean {
    this.stopRequested = false;
    this.block(buf, off, len, streamOffset);
    return !this.stopRequested;
  }

  private block(buf: Uint8Array, off: number, len: number, streamOffset: number): void {
    let type = this.u32(buf, off, this.le);
    if (type === PCAPNG_SHB) {
      this.le = buf[off + 8] === 0x4d;
      type = PCAPNG_SHB;
    }
    const trailing = this.u32(buf, off + len - 4, this.le);
    if (trailing !== len) {
      this.fail(`pcapng block of type 0x${type.toString(16)} at byte offset ${streamOffset} has length ${len} but trailing length ${trailing}`);
      return;
    }
    switch (type) {
      case PCAPNG_SHB:
        this.inSection = true;
        this.ifaces = [];
        this.ctx.sink.container?.('shb', streamOffset, len);
        return;
      case BT_IDB:
        this.idb(buf, off, len, streamOffset);
        if (!this.stopRequested) this.ctx.sink.container?.('idb', streamOffset, len);
        return;
      case BT_EPB:
        this.packet(buf, off, len, streamOffset, false);
        return;
      case BT_PB:
        this.packet(buf, off, len, streamOffset, true);
        return;
      case BT_SPB:
        this.spb(buf, off, len, streamOffset);
        return;
      case BT_DSB:
        this.dsb(buf, off, len, streamOffset);
        this.ctx.sink.container?.('dsb', streamOffset, len);
        return;
      case 0x0bad:
      case 0x40000bad:
      case 0x09:
      case 0x204:
      case 0x216:
      case 0x221:
        // Custom blocks, systemd journal entries and sysdig events are records to Wireshark: they
        // take a frame number (so later numbers match tshark's) but carry no packet for us.
        this.ctx.frames++;
        return;
      default:
        // ISB (5), NRB (4) and unknown blocks: nothing we need.
        return;
    }
  }

  private fail(msg: string): void {
    this.ctx.report('error', 'capture.bad_block', msg + '; the rest of the file is not read');
    this.stopRequested = true;
  }

  /** Set by unit() when the rest of the file must not be read; the reader stops its framer. */
  stopRequested = false;

  private idb(buf: Uint8Array, off: number, len: number, streamOffset: number): void {
    if (len < 20) {
      this.fail(`pcapng interface description block at byte offset ${streamOffset} is too short (${len} bytes)`);
      return;
    }
    if (this.ifaces.length >= MAX_INTERFACES) {
      this.fail(`more than ${MAX_INTERFACES} interfaces in one pcapng section`);
      return;
    }
    const linkType = this.u16(buf, off + 8);
    const snaplen = this.u32(buf, off + 12, this.le);
    let tsresol = 6;
    let offsetSec = 0;
    const end = off + len - 4;
    let p = off + 16;
    while (p + 4 <= end) {
      const code = this.u16(buf, p);
      const olen = this.u16(buf, p + 2);
      const v = p + 4;
      if (code === 0 || v + olen > end) break;
      if (code === 9 && olen >= 1) tsresol = buf[v];
      else if (code === 14 && olen >= 8) {
        const a = this.u32(buf, v, this.le);
        const b = this.u32(buf, v + 4, this.le);
        const hi = this.le ? b | 0 : a | 0;
        const lo = this.le ? a : b;
        offsetSec = hi * 4294967296 + lo;
      }
      p = v + ((olen + 3) & ~3);
    }
    const res = tsresol === 6 && offsetSec === 0 ? DEFAULT_RESOLUTION : tsResolution(tsresol, offsetSec);
    this.ifaces.push({ linkType, snaplen, res });
  }

  private packet(buf: Uint8Array, off: number, len: number, streamOffset: number, obsolete: boolean): void {
    const ifId = obsolete ? this.u16(buf, off + 8) : this.u32(buf, off + 8, this.le);
    const caplen = this.u32(buf, off + 20, this.le);
    const origLen = this.u32(buf, off + 24, this.le);
    const padded = (caplen + 3) & ~3;
    if (len < 32 || 28 + padded + 4 > len || caplen > len) {
      this.fail(`pcapng packet block at byte offset ${streamOffset} is too short (${len} bytes) for its ${caplen} captured bytes`);
      return;
    }
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      this.fail(`pcapng packet block at byte offset ${streamOffset} names interface ${ifId}, but the section has ${this.ifaces.length}`);
      return;
    }
    const ts = this.ts;
    convertTs(this.u32(buf, off + 12, this.le), this.u32(buf, off + 16, this.le), iface.res, ts);
    let comment: string | undefined;
    const optStart = off + 28 + padded;
    const end = off + len - 4;
    if (optStart + 4 <= end) comment = this.comments(buf, optStart, end);
    const ctx = this.ctx;
    const f: CaptureFrame = {
      frame: ++ctx.frames,
      tsSec: ts.sec,
      tsNsec: ts.nsec,
      tsDigits: iface.res.digits,
      linkType: iface.linkType,
      data: buf.subarray(off + 28, off + 28 + caplen),
      origLen: origLen < caplen ? caplen : origLen,
      interfaceId: ifId,
      fileOffset: streamOffset,
      fileLength: len,
    };
    if (comment !== undefined) f.comment = comment;
    ctx.emit(f);
  }

  private spb(buf: Uint8Array, off: number, len: number, streamOffset: number): void {
    const iface = this.ifaces[0];
    if (iface === undefined) {
      this.fail(`pcapng simple packet block at byte offset ${streamOffset} but the section has no interface`);
      return;
    }
    const origLen = this.u32(buf, off + 8, this.le);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snaplen !== 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    const ctx = this.ctx;
    ctx.emit({
      frame: ++ctx.frames,
      tsSec: 0,
      tsNsec: 0,
      tsDigits: iface.res.digits,
      linkType: iface.linkType,
      data: buf.subarray(off + 12, off + 12 + caplen),
      origLen: origLen < caplen ? caplen : origLen,
      interfaceId: 0,
      fileOffset: streamOffset,
      fileLength: len,
    });
  }

  private dsb(buf: Uint8Array, off: number, len: number, streamOffset: number): void {
    const secretsType = this.u32(buf, off + 8, this.le);
    const slen = this.u32(buf, off + 12, this.le);
    if (len < 20 || 16 + slen + 4 > len) {
      this.ctx.report('warning', 'capture.bad_block', `pcapng decryption secrets block at byte offset ${streamOffset} is too short for its ${slen} bytes of secrets; ignored`);
      return;
    }
    if (secretsType === SECRETS_TLS_KEYLOG) {
      this.ctx.sink.keylog?.(utf8(buf.subarray(off + 16, off + 16 + slen)));
    }
  }

  /** All opt_comment values of an option list, joined by newlines. */
  private comments(buf: Uint8Array, p: number, end: number): string | undefined {
    let out: string | undefined;
    let guard = 0;
    while (p + 4 <= end && guard++ < 4096) {
      const code = this.u16(buf, p);
      const olen = this.u16(buf, p + 2);
      const v = p + 4;
      if (code === 0 || v + olen > end) break;
      if (code === 1) {
        const s = utf8(buf.subarray(v, v + olen));
        out = out === undefined ? s : out + '\n' + s;
      }
      p = v + ((olen + 3) & ~3);
    }
    return out;
  }

  private u16(b: Uint8Array, o: number): number {
    return this.le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
  }

  private u32(b: Uint8Array, o: number, le: boolean): number {
    return le
      ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
      : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  }
}
