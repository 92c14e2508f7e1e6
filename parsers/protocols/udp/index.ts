// UDP (RFC 768): ports, length field checked against the IP payload; payload handed on as a view.
// The checksum is not verified (offload). Joins the IP protocol table (17); the `udp.port` table
// (15118 -> SDP) is the application layers' business. Diagnostics: udp.bad_length, udp.truncated.

export interface UdpDatagram {
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
}

/**
 * Decodes the UDP header in `b` (the captured IP payload; `claimedLen` is the IP layer's length).
 * Returns a problem description as [code, message] or fills `out`.
 */
export function decodeUdp(b: Uint8Array, claimedLen: number, out: UdpDatagram): [string, string] | undefined {
  if (b.length < 8) {
    return claimedLen >= 8 ? ['udp.truncated', 'UDP header cut by the snapshot length'] : ['udp.bad_length', `UDP datagram of ${b.length} bytes is shorter than its header`];
  }
  const len = (b[4] << 8) | b[5];
  out.srcPort = (b[0] << 8) | b[1];
  out.dstPort = (b[2] << 8) | b[3];
  if (len < 8 && len !== 0) return ['udp.bad_length', `UDP length field ${len} is below 8`];
  // len 0 is used for jumbograms (RFC 2675) and by some TSO captures: take what the IP layer says.
  const effective = len === 0 ? claimedLen : len;
  if (effective > claimedLen) {
    out.payload = b.subarray(8);
    return ['udp.bad_length', `UDP length field ${len} exceeds the ${claimedLen} bytes of the IP payload`];
  }
  out.payload = b.subarray(8, Math.min(effective, b.length));
  return undefined;
}
