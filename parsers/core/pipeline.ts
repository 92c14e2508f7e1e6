// The interfaces between layers. Each layer is push-driven and synchronous: the layer below calls the
// sink of the layer above. Byte arrays handed to a sink are views that are only valid during the call;
// a consumer that keeps bytes past the call must copy them.

import type { Diagnostic } from './diagnostics';
import type { Direction, Endpoint } from './endpoint';
import type { FrameRef } from './frame';

// ---------- capture/ -> link/network layer ----------

export interface CaptureFrame extends FrameRef {
  /** LINKTYPE_* value of the frame's interface (1 Ethernet, 113 SLL, 276 SLL2, 101 raw, 228 IPv4, 229 IPv6, 0 BSD loopback). */
  linkType: number;
  /** Captured bytes. */
  data: Uint8Array;
  /** Length of the packet on the wire (>= data.length when the snaplen cut it). */
  origLen: number;
  /** pcapng interface id (0 for pcap). */
  interfaceId: number;
  /** Byte offset of the frame's block/record in the (decompressed) capture stream. */
  fileOffset: number;
  /** Length in bytes of that block (pcapng) or record header and data (pcap): the frame as stored. */
  fileLength?: number;
  comment?: string;
}

/**
 * Container blocks that frames depend on: the pcap file header, pcapng section headers, interface
 * descriptions and decryption secrets. Hosts that write the frames out again (export of a filtered
 * pcapng) keep their places in the (decompressed) capture stream.
 */
export type ContainerBlockKind = 'pcap-header' | 'shb' | 'idb' | 'dsb';

export interface CaptureSink {
  frame(f: CaptureFrame): void;
  /** A container block at `fileOffset` of `length` bytes (optional: most consumers need only frames). */
  container?(kind: ContainerBlockKind, fileOffset: number, length: number): void;
  /** TLS key log text found in a pcapng Decryption Secrets Block (NSS key log format). */
  keylog?(text: string): void;
  /** Problems in the capture container; `at` is the last good frame when known. */
  diagnostic(d: Diagnostic, at?: FrameRef): void;
}

export interface CaptureReader {
  push(chunk: Uint8Array): void;
  end(): void;
  /** Set when the input is not a capture at all (bad magic, empty): nothing was or will be decoded. */
  readonly fatal: Diagnostic | undefined;
  /** 'pcap' | 'pcapng' | 'pcap.gz' | 'pcapng.gz' once known. */
  readonly format: string | undefined;
}

// ---------- link/network/transport layer -> application layers ----------

export interface TcpConnection {
  /** 0-based index in order of first appearance (Wireshark's tcp.stream). */
  id: number;
  /** The side that opened the connection (sent SYN); when the handshake was not captured, a heuristic choice. */
  client: Endpoint;
  server: Endpoint;
  handshakeSeen: boolean;
  /** Free slot for the application layer bound to this connection. */
  app?: unknown;
}

export interface TransportSink {
  tcpOpen(conn: TcpConnection, at: FrameRef): void;
  /**
   * In-order, de-duplicated stream bytes of one direction. `at`: the frame in which they became contiguous;
   * `origin`: the frame they were captured in, when that is an earlier one (they waited behind a hole).
   */
  tcpData(conn: TcpConnection, dir: Direction, data: Uint8Array, at: FrameRef, origin?: FrameRef): void;
  /** Bytes that were never captured in one direction; decoding should resynchronise after it. */
  tcpGap(conn: TcpConnection, dir: Direction, missingBytes: number, at: FrameRef): void;
  /** FIN/RST seen in `dir`, or the capture ended (`at` = last frame). */
  tcpClose(conn: TcpConnection, dir: Direction, at: FrameRef): void;
  udp(src: Endpoint, dst: Endpoint, payload: Uint8Array, at: FrameRef): void;
  /** Non-IP layer-2 payloads (e.g. ethertype 0x88E1 HomePlug AV / Green PHY), VLAN tags already removed. */
  l2(srcMac: string, dstMac: string, ethertype: number, payload: Uint8Array, at: FrameRef): void;
  diagnostic(d: Diagnostic, at: FrameRef): void;
}
