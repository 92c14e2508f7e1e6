// SDP (SECC Discovery Protocol) over UDP port 15118: ISO 15118-2:2014 §7.10.1 (Tables 14-16), DIN SPEC 70121
// §8.7.3, ISO 15118-20 §7.10. A V2GTP datagram (8-byte header, payload type 0x9000 request / 0x9001
// response) whose payload is: request = Security (1) + TransportProtocol (1); response = SECC IPv6 address
// (16) + SECC port (2, big-endian) + Security (1) + TransportProtocol (1). Security 0x00 = TLS, 0x10 = no
// TLS; transport 0x00 = TCP, 0x10 = UDP. Joins the `udp.port` table (15118). The response announces the
// TCP/TLS endpoint of the V2G session that follows (`announce`).

import { diag, type Diagnostic } from '../../core/diagnostics';
import { formatIPv6 } from '../ip';
import {
  PT_SDP_REQUEST,
  PT_SDP_REQUEST_EMSP,
  PT_SDP_REQUEST_WIRELESS,
  PT_SDP_RESPONSE,
  PT_SDP_RESPONSE_EMSP,
  PT_SDP_RESPONSE_WIRELESS,
  V2GTP_HEADER_LENGTH,
  V2GTP_INVERSE_VERSION,
  V2GTP_VERSION,
  payloadTypeHex,
  readV2gtpHeader,
} from '../v2gtp';

export const SDP_PORT = 15118;
export const SDP_SECURITY_TLS = 0x00;
export const SDP_SECURITY_NONE = 0x10;
export const SDP_TRANSPORT_TCP = 0x00;
export const SDP_TRANSPORT_UDP = 0x10;

export type SdpSecurity = 'TLS' | 'none' | string;
export type SdpTransport = 'TCP' | 'UDP' | string;

export interface SdpBody {
  Security?: SdpSecurity;
  TransportProtocol?: SdpTransport;
  /** Responses only: RFC 5952 text of the SECC's IPv6 address. */
  SECCIPAddress?: string;
  SECCPort?: number;
}

/** Where the V2G session announced by a response will be (the engine expects that TCP connection). */
export interface SdpAnnounce {
  ip: string;
  port: number;
  tls: boolean;
  transport: SdpTransport;
}

export interface SdpMessage {
  /** 'SECCDiscoveryReq' | 'SECCDiscoveryRes' (also for the wireless / EMSP variants), '?' when unreadable. */
  name: string;
  /** docs/output-contract.md lists SDP among the one-way messages. */
  kind: 'notification';
  payloadType: number | undefined;
  body: SdpBody;
  announce?: SdpAnnounce;
  diagnostics: Diagnostic[];
}

export function sdpSecurityName(v: number): SdpSecurity {
  return v === SDP_SECURITY_TLS ? 'TLS' : v === SDP_SECURITY_NONE ? 'none' : '0x' + v.toString(16).padStart(2, '0');
}

export function sdpTransportName(v: number): SdpTransport {
  return v === SDP_TRANSPORT_TCP ? 'TCP' : v === SDP_TRANSPORT_UDP ? 'UDP' : '0x' + v.toString(16).padStart(2, '0');
}

function checkCodes(sec: number, tp: number, ds: Diagnostic[]): void {
  if (sec !== SDP_SECURITY_TLS && sec !== SDP_SECURITY_NONE) {
    ds.push(diag('warning', 'sdp.bad_value', `Security 0x${sec.toString(16).padStart(2, '0')} is neither 0x00 (TLS) nor 0x10 (no TLS)`, '/Security'));
  }
  if (tp !== SDP_TRANSPORT_TCP && tp !== SDP_TRANSPORT_UDP) {
    ds.push(diag('warning', 'sdp.bad_value', `TransportProtocol 0x${tp.toString(16).padStart(2, '0')} is neither 0x00 (TCP) nor 0x10 (UDP)`, '/TransportProtocol'));
  }
}

/** Decodes one UDP payload of port 15118. Never throws. */
export function decodeSdp(payload: Uint8Array): SdpMessage {
  const ds: Diagnostic[] = [];
  const out: SdpMessage = { name: '?', kind: 'notification', payloadType: undefined, body: {}, diagnostics: ds };
  const h = readV2gtpHeader(payload, 0);
  if (h === undefined) {
    ds.push(diag('error', 'sdp.truncated', `datagram of ${payload.length} bytes is shorter than the 8-byte V2GTP header`));
    return out;
  }
  out.payloadType = h.payloadType;
  if (h.version !== V2GTP_VERSION || h.inverseVersion !== V2GTP_INVERSE_VERSION) {
    ds.push(diag('error', 'v2gtp.bad_version', `V2GTP version 0x${h.version.toString(16).padStart(2, '0')} / inverse 0x${h.inverseVersion.toString(16).padStart(2, '0')} (expected 0x01 / 0xfe)`));
  }
  const avail = payload.length - V2GTP_HEADER_LENGTH;
  if (h.payloadLength !== avail) {
    ds.push(diag(h.payloadLength > avail ? 'error' : 'warning', 'v2gtp.length_mismatch',
      `V2GTP header announces ${h.payloadLength} payload bytes, the datagram carries ${avail}`));
  }
  const p = payload.subarray(V2GTP_HEADER_LENGTH, V2GTP_HEADER_LENGTH + Math.min(avail, h.payloadLength));
  const pt = h.payloadType;
  const isReq = pt === PT_SDP_REQUEST || pt === PT_SDP_REQUEST_WIRELESS || pt === PT_SDP_REQUEST_EMSP;
  const isRes = pt === PT_SDP_RESPONSE || pt === PT_SDP_RESPONSE_WIRELESS || pt === PT_SDP_RESPONSE_EMSP;
  if (!isReq && !isRes) {
    ds.push(diag('error', 'sdp.unknown_payload_type', `payload type ${payloadTypeHex(pt)} is not an SDP message (0x9000 / 0x9001)`));
    return out;
  }
  if (pt !== PT_SDP_REQUEST && pt !== PT_SDP_RESPONSE) {
    ds.push(diag('info', 'sdp.variant', `payload type ${payloadTypeHex(pt)}: ${pt <= PT_SDP_RESPONSE_WIRELESS ? 'wireless' : 'EMSP'} SDP variant, decoded with the wired layout`));
  }
  if (isReq) {
    out.name = 'SECCDiscoveryReq';
    if (p.length < 2) {
      ds.push(diag('error', 'sdp.truncated', `SECCDiscoveryReq payload has ${p.length} bytes, 2 expected`));
      if (p.length >= 1) out.body.Security = sdpSecurityName(p[0]);
      return out;
    }
    out.body.Security = sdpSecurityName(p[0]);
    out.body.TransportProtocol = sdpTransportName(p[1]);
    checkCodes(p[0], p[1], ds);
    if (p.length > 2 && pt === PT_SDP_REQUEST) ds.push(diag('warning', 'sdp.trailing', `${p.length - 2} extra bytes after the SECCDiscoveryReq fields`));
    return out;
  }
  out.name = 'SECCDiscoveryRes';
  if (p.length < 20) {
    ds.push(diag('error', 'sdp.truncated', `SECCDiscoveryRes payload has ${p.length} bytes, 20 expected`));
    if (p.length >= 16) out.body.SECCIPAddress = formatIPv6(p, 0);
    if (p.length >= 18) out.body.SECCPort = (p[16] << 8) | p[17];
    return out;
  }
  const ip = formatIPv6(p, 0);
  const port = (p[16] << 8) | p[17];
  out.body = { SECCIPAddress: ip, SECCPort: port, Security: sdpSecurityName(p[18]), TransportProtocol: sdpTransportName(p[19]) };
  checkCodes(p[18], p[19], ds);
  if (port === 0) ds.push(diag('warning', 'sdp.bad_value', 'SECC port 0', '/SECCPort'));
  if (p.length > 20 && pt === PT_SDP_RESPONSE) ds.push(diag('warning', 'sdp.trailing', `${p.length - 20} extra bytes after the SECCDiscoveryRes fields`));
  out.announce = { ip, port, tls: p[18] === SDP_SECURITY_TLS, transport: sdpTransportName(p[19]) };
  return out;
}
