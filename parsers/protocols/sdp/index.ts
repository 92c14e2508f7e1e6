// SDP (SECC Discovery Protocol, ISO 15118-2 §7.10.1, DIN SPEC 70121, ISO 15118-20 §7.10): public surface of
// parsers/protocols/sdp. Joins the `udp.port` table (15118).
export {
  SDP_PORT,
  SDP_SECURITY_NONE,
  SDP_SECURITY_TLS,
  SDP_TRANSPORT_TCP,
  SDP_TRANSPORT_UDP,
  decodeSdp,
  sdpSecurityName,
  sdpTransportName,
} from './decode';
export type { SdpAnnounce, SdpBody, SdpMessage, SdpSecurity, SdpTransport } from './decode';
