// Link layers in front of IP (tcpdump.org LINKTYPE_* list): Ethernet II / 802.3 LLC-SNAP (1), Linux
// cooked capture v1 (113) and v2 (276), raw IP (101, and the DLT_RAW values 12 and 14), IPv4 (228),
// IPv6 (229), BSD loopback/NULL (0, address family in the capturing host's byte order: 2 = IPv4,
// 24/28/30 = IPv6) and OpenBSD LOOP (108, network byte order). 802.1Q, 802.1ad and QinQ (0x9100) tags
// are removed, stacked up to 8 deep. IPv4/IPv6 go to the IP layer; any other ethertype (notably 0x88E1
// HomePlug AV / Green PHY for SLAC) goes to TransportSink.l2. Joins the `ethertype` table.

import type { FrameRef } from '../../core/frame';
import type { CaptureFrame } from '../../core/pipeline';
import { UNKNOWN_MAC, formatMac } from './mac';

export { formatMac } from './mac';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_OLD = 0x9100;
export const ETHERTYPE_HOMEPLUG_AV = 0x88e1;
const MAX_VLAN_TAGS = 8;
const ARPHRD_NETLINK = 824;

export type L2Handler = (srcMac: string, dstMac: string, ethertype: number, payload: Uint8Array, at: FrameRef) => void;
export type LinkReport = (code: string, message: string, at: FrameRef) => void;

export class LinkDecoder {
  /** IP version of the packet found by the last decode() that returned >= 0. */
  ipVersion: 4 | 6 = 4;
  private readonly unknownTypes = new Set<number>();

  constructor(
    private readonly onL2: L2Handler,
    private readonly report: LinkReport,
  ) {}

  /** Offset of the IP header inside f.data (ipVersion set), or -1 when the frame carries no IP. */
  decode(f: CaptureFrame): number {
    const d = f.data;
    switch (f.linkType) {
      case 1:
        if (d.length < 14) return this.short(f, 'Ethernet', 14);
        return this.ether(f, 12, 14, 6, 0);
      case 113: {
        if (d.length < 16) return this.short(f, 'Linux cooked (SLL)', 16);
        if (((d[2] << 8) | d[3]) === ARPHRD_NETLINK) return -1;
        const halen = (d[4] << 8) | d[5];
        return this.ether(f, 14, 16, halen === 6 ? 6 : -1, -1);
      }
      case 276: {
        if (d.length < 20) return this.short(f, 'Linux cooked v2 (SLL2)', 20);
        if (((d[8] << 8) | d[9]) === ARPHRD_NETLINK) return -1;
        return this.ether(f, 0, 20, d[11] === 6 ? 12 : -1, -1);
      }
      case 101:
      case 12:
      case 14:
        return this.raw(f, 0);
      case 228:
        this.ipVersion = 4;
        return 0;
      case 229:
        this.ipVersion = 6;
        return 0;
      case 0: {
        if (d.length < 4) return this.short(f, 'BSD loopback', 4);
        let fam = (d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24)) >>> 0;
        if ((fam & 0xffff0000) !== 0) fam = ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0;
        return this.family(f, fam);
      }
      case 108: {
        if (d.length < 4) return this.short(f, 'OpenBSD loopback', 4);
        return this.family(f, ((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0);
      }
      default:
        if (!this.unknownTypes.has(f.linkType)) {
          this.unknownTypes.add(f.linkType);
          this.report('link.unsupported', `link type ${f.linkType} is not supported; its frames are skipped`, f);
        }
        return -1;
    }
  }

  private family(f: CaptureFrame, fam: number): number {
    if (fam === 2) {
      this.ipVersion = 4;
      return 4;
    }
    if (fam === 24 || fam === 28 || fam === 30) {
      this.ipVersion = 6;
      return 4;
    }
    void f;
    return -1;
  }

  private raw(f: CaptureFrame, off: number): number {
    if (f.data.length <= off) return -1;
    const v = f.data[off] >> 4;
    if (v === 4 || v === 6) {
      this.ipVersion = v;
      return off;
    }
    return -1;
  }

  private short(f: CaptureFrame, what: string, need: number): number {
    this.report('link.truncated', `${what} header needs ${need} bytes, frame has ${f.data.length}`, f);
    return -1;
  }

  /** Ethertype dispatch after a header; srcOff/dstOff locate MACs (-1: unknown). */
  private ether(f: CaptureFrame, typeOff: number, payloadOff: number, srcOff: number, dstOff: number): number {
    const d = f.data;
    const n = d.length;
    let type = (d[typeOff] << 8) | d[typeOff + 1];
    let p = payloadOff;
    let tags = 0;
    while (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
      if (p + 4 > n || ++tags > MAX_VLAN_TAGS) {
        this.report('link.bad_vlan', p + 4 > n ? 'VLAN tag cut short' : `more than ${MAX_VLAN_TAGS} stacked VLAN tags`, f);
        return -1;
      }
      type = (d[p + 2] << 8) | d[p + 3];
      p += 4;
    }
    if (type < 0x0600) {
      // 802.3 length field: only LLC/SNAP carries an ethertype.
      if (p + 8 <= n && d[p] === 0xaa && d[p + 1] === 0xaa && d[p + 2] === 0x03) {
        type = (d[p + 6] << 8) | d[p + 7];
        p += 8;
      } else return -1;
    }
    if (type === ETHERTYPE_IPV4) {
      this.ipVersion = 4;
      return p;
    }
    if (type === ETHERTYPE_IPV6) {
      this.ipVersion = 6;
      return p;
    }
    const src = srcOff >= 0 ? formatMac(d, srcOff) : UNKNOWN_MAC;
    const dst = dstOff >= 0 ? formatMac(d, dstOff) : UNKNOWN_MAC;
    this.onL2(src, dst, type, d.subarray(p), f);
    return -1;
  }
}
