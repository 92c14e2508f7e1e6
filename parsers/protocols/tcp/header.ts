// TCP header (RFC 9293 section 3.1): ports, sequence and acknowledgment numbers, data offset, flags.
// Options are skipped; the checksum is not verified (offload).

export const TH_FIN = 0x01;
export const TH_SYN = 0x02;
export const TH_RST = 0x04;
export const TH_PSH = 0x08;
export const TH_ACK = 0x10;

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  hdrLen: number;
}

/** Fills `out` from b; returns an error message when the header is unusable. */
export function parseTcpHeader(b: Uint8Array, out: TcpHeader): string | undefined {
  if (b.length < 20) return `TCP segment of ${b.length} bytes is shorter than a header`;
  const hdrLen = (b[12] >> 4) * 4;
  if (hdrLen < 20) return `TCP data offset ${hdrLen / 4} is below 5`;
  if (hdrLen > b.length) return `TCP header length ${hdrLen} exceeds the ${b.length} bytes present`;
  out.srcPort = (b[0] << 8) | b[1];
  out.dstPort = (b[2] << 8) | b[3];
  out.seq = ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0;
  out.ack = ((b[8] << 24) | (b[9] << 16) | (b[10] << 8) | b[11]) >>> 0;
  out.flags = b[13];
  out.hdrLen = hdrLen;
  return undefined;
}
