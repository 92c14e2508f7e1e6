// The link/network/transport stage: capture frames in, TransportSink events out. Wires link/ (Ethernet,
// SLL, SLL2, raw, loopback, VLAN), ip/ (IPv4, IPv6, fragments), udp/ and tcp/ (connections and stream
// reassembly). Never throws: malformed headers become diagnostics with stable codes (link.*, ip.*,
// udp.*, tcp.*), each code reported at most DIAG_LIMIT times and then once more as suppressed.

import type { Severity } from '../../core/diagnostics';
import type { Endpoint } from '../../core/endpoint';
import type { FrameRef } from '../../core/frame';
import type { CaptureFrame, TcpConnection, TransportSink } from '../../core/pipeline';
import { LinkDecoder } from '../link';
import { AddressCache, IPPROTO_TCP, IPPROTO_UDP, IpLayer, addrKey } from '../ip';
import type { IpPacket } from '../ip';
import { TcpTracker, parseTcpHeader } from '../tcp';
import type { TcpHeader, TcpTrackerOptions } from '../tcp';
import { decodeUdp } from '../udp';
import type { UdpDatagram } from '../udp';

export { formatIPv4, formatIPv6 } from '../ip';
export { formatMac } from '../link';
export { looksLikeServer, serverPortRank } from '../tcp';

export const DIAG_LIMIT = 50;

export interface TransportDissectorOptions extends TcpTrackerOptions {
  /** Per-code cap on diagnostics (default DIAG_LIMIT). */
  diagnosticLimit?: number;
}

export interface TransportDissector {
  frame(f: CaptureFrame): void;
  /** Closes all open connections (holes become gaps, then tcpClose) at `last`. */
  end(last: FrameRef): void;
  /** Connections seen so far. */
  readonly tcpConnections: number;
}

class Dissector implements TransportDissector {
  private readonly link: LinkDecoder;
  private readonly ip: IpLayer;
  private readonly tcp: TcpTracker;
  private readonly addrs = new AddressCache();
  private readonly th: TcpHeader = { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, hdrLen: 0 };
  private readonly ud: UdpDatagram = { srcPort: 0, dstPort: 0, payload: new Uint8Array(0) };
  private readonly counts = new Map<string, number>();
  private readonly limit: number;
  private ended = false;

  constructor(
    private readonly sink: TransportSink,
    opts: TransportDissectorOptions,
  ) {
    this.limit = opts.diagnosticLimit ?? DIAG_LIMIT;
    this.link = new LinkDecoder(
      (src, dst, type, payload, at) => this.sink.l2(src, dst, type, payload, at),
      (code, message, at) => this.report('warning', code, message, at),
    );
    this.ip = new IpLayer((severity, code, message, at) => this.report(severity, code, message, at));
    this.tcp = new TcpTracker(
      {
        open: (c, at) => this.sink.tcpOpen(c, at),
        data: (c, dir, data, at, origin) => this.sink.tcpData(c, dir, data, at, origin),
        gap: (c, dir, missing, at) => {
          this.report('warning', 'tcp.gap', `TCP stream ${c.id} ${dir === 0 ? 'client->server' : 'server->client'}: ${missing} bytes missing from the capture`, at);
          this.sink.tcpGap(c, dir, missing, at);
        },
        close: (c, dir, at) => this.sink.tcpClose(c, dir, at),
      },
      this.addrs,
      opts,
    );
  }

  get tcpConnections(): number {
    return this.tcp.count;
  }

  frame(f: CaptureFrame): void {
    if (this.ended) return;
    this.tcp.frameSeen(f);
    const off = this.link.decode(f);
    if (off < 0) return;
    const p = this.ip.parse(f, off, this.link.ipVersion);
    if (p === undefined) return;
    if (p.proto === IPPROTO_TCP) this.tcpSegment(f, p);
    else if (p.proto === IPPROTO_UDP) this.udp(f, p);
  }

  end(last: FrameRef): void {
    if (this.ended) return;
    this.ended = true;
    this.tcp.end(last);
  }

  private tcpSegment(f: CaptureFrame, p: IpPacket): void {
    const b = p.payload;
    const err = parseTcpHeader(b, this.th);
    if (err !== undefined) {
      const cut = p.claimedLen > b.length && b.length < 20 + (b.length >= 13 ? (b[12] >> 4) * 4 : 0);
      if (cut) this.report('warning', 'tcp.truncated', 'TCP header cut by the snapshot length', f);
      else this.report('error', 'tcp.bad_header', err, f);
      return;
    }
    const h = this.th;
    const payload = b.subarray(h.hdrLen);
    if (p.claimedLen > b.length) {
      this.report('warning', 'tcp.truncated', `TCP segment cut by the snapshot length: ${p.claimedLen - b.length} of ${p.claimedLen - h.hdrLen} payload bytes not captured`, f);
    }
    this.tcp.segment(p, h, payload, f);
  }

  private udp(f: CaptureFrame, p: IpPacket): void {
    const u = this.ud;
    const problem = decodeUdp(p.payload, p.claimedLen, u);
    if (problem !== undefined) {
      this.report(problem[0] === 'udp.truncated' ? 'warning' : 'error', problem[0], problem[1], f);
      if (problem[0] !== 'udp.bad_length' || p.payload.length < 8) return;
    }
    const b = p.addrBuf;
    const src: Endpoint = { ip: this.addrs.get(addrKey(b, p.srcOff, p.addrLen), b, p.srcOff, p.addrLen), port: u.srcPort };
    const dst: Endpoint = { ip: this.addrs.get(addrKey(b, p.dstOff, p.addrLen), b, p.dstOff, p.addrLen), port: u.dstPort };
    this.sink.udp(src, dst, u.payload, f);
  }

  private report(severity: Severity, code: string, message: string, at: FrameRef): void {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n <= this.limit) this.sink.diagnostic({ severity, code, message }, at);
    else if (n === this.limit + 1) {
      this.sink.diagnostic({ severity: 'info', code, message: `further ${code} diagnostics are not reported` }, at);
    }
  }
}

/** The transport stage: feed it capture frames; it calls the TransportSink. */
export function createTransportDissector(sink: TransportSink, opts: TransportDissectorOptions = {}): TransportDissector {
  return new Dissector(sink, opts);
}

export type { TcpConnection };
