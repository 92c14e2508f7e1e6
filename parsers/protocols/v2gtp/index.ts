// V2GTP (ISO 15118-2 §7.8.3, ISO 15118-20 §7.8.3, DIN SPEC 70121 §8.7.3): public surface of
// parsers/protocols/v2gtp. Joins the `tcp` heuristic table (looksLikeV2gtp) and owns the
// `v2gtp.payload_type` table consumed by sdp/ and iso15118/.
export {
  V2GTP_HEADER_LENGTH,
  V2GTP_MAX_PAYLOAD,
  V2GTP_VERSION,
  V2GTP_INVERSE_VERSION,
  PAYLOAD_TYPE_NAMES,
  PT_EXI,
  PT_ISO20_COMMON,
  PT_ISO20_AC,
  PT_ISO20_DC,
  PT_ISO20_ACDP,
  PT_ISO20_WPT,
  PT_ISO20_SCHEDULE_RENEGOTIATION,
  PT_ISO20_METERING_CONFIRMATION,
  PT_ISO20_ACDP_SYSTEM_STATUS,
  PT_ISO20_PARKING_STATUS,
  PT_SDP_REQUEST,
  PT_SDP_RESPONSE,
  PT_SDP_REQUEST_WIRELESS,
  PT_SDP_RESPONSE_WIRELESS,
  PT_SDP_REQUEST_EMSP,
  PT_SDP_RESPONSE_EMSP,
  checkV2gtpHeader,
  encodeV2gtp,
  isExiPayloadType,
  isKnownPayloadType,
  looksLikeV2gtp,
  payloadTypeHex,
  readV2gtpHeader,
} from './header';
export type { V2gtpHeader } from './header';
export { V2gtpStream } from './framing';
export type { V2gtpFrame, V2gtpProblem, V2gtpStreamSink } from './framing';
