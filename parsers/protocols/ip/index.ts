// IPv4 (RFC 791: version, IHL >= 5, total length, fragments by flags/offset) and IPv6 (RFC 8200:
// fixed header, extension-header chain hop-by-hop 0, routing 43, fragment 44, destination options 60,
// AH 51 (RFC 4302), fragment reassembly) down to the transport protocol number and its bytes. Header
// checksums are not verified (checksum offload makes sent packets look wrong in captures, and Wireshark
// does not verify them by default). Ethernet padding beyond the IP length is dropped; a packet cut by
// the snapshot length is passed on with `claimedLen` > payload.length. Diagnostics: ip.bad_header,
// ip.bad_length, ip.truncated, ip.fragment. Joins the ethertype table (0x0800, 0x86DD) of link/.

import type { FrameRef } from '../../core/frame';
import type { Severity } from '../../core/diagnostics';
import type { CaptureFrame } from '../../core/pipeline';
import { addrKey } from './address';
import { FragmentTable } from './fragments';
import type { FragmentProblem } from './fragments';

export { AddressCache, addrKey, formatIP, formatIPv4, formatIPv6 } from './address';
export { MAX_DATAGRAM, MAX_PENDING, TIMEOUT_FRAMES } from './fragments';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
const MAX_EXT_HEADERS = 16;

export interface IpPacket {
  version: 4 | 6;
  /** Buffer holding the source address at srcOff and the destination at dstOff (4 or 16 bytes each). */
  addrBuf: Uint8Array;
  srcOff: number;
  dstOff: number;
  addrLen: 4 | 16;
  proto: number;
  /** Captured transport-layer bytes (a view; only valid during the frame). */
  payload: Uint8Array;
  /** Transport length announced by the IP header; larger than payload.length when the snaplen cut it. */
  claimedLen: number;
  /** True when the packet was rebuilt from fragments. */
  reassembled: boolean;
}

export type IpReport = (severity: Severity, code: string, message: string, at: FrameRef) => void;

interface FragMeta {
  addr: Uint8Array;
  proto: number;
  version: 4 | 6;
  at: FrameRef;
}

const PROBLEM_TEXT: Record<FragmentProblem, string> = {
  too_big: 'fragments reach beyond 65535 bytes; datagram dropped',
  too_many_parts: 'too many fragments; datagram dropped',
  timeout: 'datagram still incomplete long after its first fragment; dropped',
  evicted: 'too many datagrams waiting for fragments; the oldest was dropped',
  inconsistent: 'fragments disagree about the datagram length; datagram dropped',
};

export class IpLayer {
  private readonly pkt: IpPacket = {
    version: 4,
    addrBuf: new Uint8Array(0),
    srcOff: 0,
    dstOff: 0,
    addrLen: 4,
    proto: 0,
    payload: new Uint8Array(0),
    claimedLen: 0,
    reassembled: false,
  };
  private readonly frags: FragmentTable<FragMeta>;

  constructor(private readonly report: IpReport) {
    this.frags = new FragmentTable<FragMeta>((p, m) =>
      this.report('warning', 'ip.fragment', `IPv${m.version} reassembly: ${PROBLEM_TEXT[p]}`, m.at),
    );
  }

  /** Fragments waiting for completion (for tests and memory accounting). */
  get pendingFragments(): number {
    return this.frags.size;
  }

  parse(f: CaptureFrame, off: number, version: 4 | 6): IpPacket | undefined {
    return version === 4 ? this.v4(f, off) : this.v6(f, off);
  }

  private cut(f: CaptureFrame): boolean {
    return f.origLen > f.data.length;
  }

  private v4(f: CaptureFrame, off: number): IpPacket | undefined {
    const d = f.data;
    const avail = d.length - off;
    if (avail < 20) {
      if (this.cut(f)) this.report('warning', 'ip.truncated', `IPv4 header cut by the snapshot length (${avail} bytes captured)`, f);
      else this.report('error', 'ip.bad_header', `IPv4 packet of ${avail} bytes is shorter than a header`, f);
      return undefined;
    }
    const v = d[off] >> 4;
    if (v !== 4) {
      this.report('error', 'ip.bad_header', `IPv4 header with version ${v}`, f);
      return undefined;
    }
    const ihl = (d[off] & 15) * 4;
    if (ihl < 20) {
      this.report('error', 'ip.bad_header', `IPv4 header length ${ihl} is below 20 (IHL ${ihl / 4})`, f);
      return undefined;
    }
    let total = (d[off + 2] << 8) | d[off + 3];
    if (total === 0) total = avail; // TSO: length left at zero by the capturing host
    if (total < ihl) {
      this.report('error', 'ip.bad_length', `IPv4 total length ${total} is below the header length ${ihl}`, f);
      return undefined;
    }
    if (ihl > avail) {
      if (this.cut(f)) this.report('warning', 'ip.truncated', `IPv4 options cut by the snapshot length`, f);
      else this.report('error', 'ip.bad_header', `IPv4 header length ${ihl} exceeds the ${avail} bytes present`, f);
      return undefined;
    }
    let end = off + total;
    if (end > d.length) {
      if (!this.cut(f)) {
        // Not a snaplen cut: the length field is wrong; believe the bytes that are there.
        this.report('warning', 'ip.bad_length', `IPv4 total length ${total} exceeds the ${avail} bytes present`, f);
        total = avail;
      }
      end = d.length;
    }
    const proto = d[off + 9];
    const ff = (d[off + 6] << 8) | d[off + 7];
    const more = (ff & 0x2000) !== 0;
    const fragOff = (ff & 0x1fff) * 8;
    const pkt = this.pkt;
    if (more || fragOff !== 0) {
      if (end - off < total) {
        this.report('warning', 'ip.fragment', 'IPv4 fragment cut by the snapshot length; its datagram cannot be reassembled', f);
        return undefined;
      }
      const key = addrKey(d, off + 12, 8) + String.fromCharCode(proto, (d[off + 4] << 8) | d[off + 5]);
      const done = this.frags.add(key, fragOff, d.subarray(off + ihl, end), more, f.frame, () => ({ addr: d.slice(off + 12, off + 20), proto, version: 4, at: f }), fragOff === 0);
      if (done === undefined) return undefined;
      pkt.version = 4;
      pkt.addrBuf = done.meta.addr;
      pkt.srcOff = 0;
      pkt.dstOff = 4;
      pkt.addrLen = 4;
      pkt.proto = proto;
      pkt.payload = done.data;
      pkt.claimedLen = done.data.length;
      pkt.reassembled = true;
      return pkt;
    }
    pkt.version = 4;
    pkt.addrBuf = d;
    pkt.srcOff = off + 12;
    pkt.dstOff = off + 16;
    pkt.addrLen = 4;
    pkt.proto = proto;
    pkt.payload = d.subarray(off + ihl, end);
    pkt.claimedLen = total - ihl;
    pkt.reassembled = false;
    return pkt;
  }

  private v6(f: CaptureFrame, off: number): IpPacket | undefined {
    const d = f.data;
    const avail = d.length - off;
    if (avail < 40) {
      if (this.cut(f)) this.report('warning', 'ip.truncated', `IPv6 header cut by the snapshot length (${avail} bytes captured)`, f);
      else this.report('error', 'ip.bad_header', `IPv6 packet of ${avail} bytes is shorter than a header`, f);
      return undefined;
    }
    const v = d[off] >> 4;
    if (v !== 6) {
      this.report('error', 'ip.bad_header', `IPv6 header with version ${v}`, f);
      return undefined;
    }
    const plen = (d[off + 4] << 8) | d[off + 5];
    let claimedEnd = off + 40 + plen;
    if (plen === 0) claimedEnd = d.length; // jumbogram or TSO
    if (claimedEnd > d.length && !this.cut(f)) {
      this.report('warning', 'ip.bad_length', `IPv6 payload length ${plen} exceeds the ${avail - 40} bytes present`, f);
      claimedEnd = d.length;
    }
    let end = claimedEnd;
    if (end > d.length) end = d.length;
    let buf = d;
    let nh = d[off + 6];
    let p = off + 40;
    let addrBuf = d;
    let srcOff = off + 8;
    let reassembled = false;
    for (let i = 0; i < MAX_EXT_HEADERS; i++) {
      if (nh === 0 || nh === 43 || nh === 60 || nh === 51) {
        if (p + 2 > end) return this.extCut(f, claimedEnd, end);
        const len = nh === 51 ? (buf[p + 1] + 2) * 4 : (buf[p + 1] + 1) * 8;
        if (p + len > end) return this.extCut(f, claimedEnd, end);
        nh = buf[p];
        p += len;
        continue;
      }
      if (nh === 44) {
        if (p + 8 > end) return this.extCut(f, claimedEnd, end);
        const next = buf[p];
        const om = (buf[p + 2] << 8) | buf[p + 3];
        const fragOff = om & 0xfff8;
        const more = (om & 1) !== 0;
        if (!more && fragOff === 0) {
          // Atomic fragment (RFC 6946): nothing to reassemble.
          nh = next;
          p += 8;
          continue;
        }
        if (reassembled) {
          this.report('warning', 'ip.fragment', 'IPv6 fragment header inside a reassembled datagram; ignored', f);
          return undefined;
        }
        if (end < claimedEnd) {
          this.report('warning', 'ip.fragment', 'IPv6 fragment cut by the snapshot length; its datagram cannot be reassembled', f);
          return undefined;
        }
        const id = ((buf[p + 4] << 24) | (buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]) >>> 0;
        const key = addrKey(d, off + 8, 32) + String.fromCharCode(id >>> 16, id & 0xffff);
        const done = this.frags.add(key, fragOff, buf.subarray(p + 8, end), more, f.frame, () => ({ addr: d.slice(off + 8, off + 40), proto: next, version: 6, at: f }), fragOff === 0);
        if (done === undefined) return undefined;
        buf = done.data;
        addrBuf = done.meta.addr;
        srcOff = 0;
        nh = done.meta.proto;
        p = 0;
        end = claimedEnd = buf.length;
        reassembled = true;
        continue;
      }
      break;
    }
    const pkt = this.pkt;
    pkt.version = 6;
    pkt.addrBuf = addrBuf;
    pkt.srcOff = srcOff;
    pkt.dstOff = srcOff + 16;
    pkt.addrLen = 16;
    pkt.proto = nh;
    pkt.payload = buf.subarray(p, end);
    pkt.claimedLen = claimedEnd - p;
    pkt.reassembled = reassembled;
    return pkt;
  }

  private extCut(f: CaptureFrame, claimedEnd: number, end: number): undefined {
    if (end < claimedEnd) this.report('warning', 'ip.truncated', 'IPv6 extension headers cut by the snapshot length', f);
    else this.report('error', 'ip.bad_header', 'IPv6 extension header runs past the end of the packet', f);
    return undefined;
  }
}
