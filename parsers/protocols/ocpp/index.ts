// OCPP-J (OCPP 1.6, 2.0.1, 2.1 over WebSocket) decoder: public surface of parsers/protocols/ocpp.
// Joins the `ws.protocol` table (subprotocols 'ocpp1.6', 'ocpp2.0.1', 'ocpp2.1', also 'ocpp2.0', 'ocpp1.6j') and
// the WebSocket text heuristic (looksLikeOcpp) when the handshake was not captured.
export type { OcppVersion } from './version';
export { ocppVersionFromSubprotocol, OCPP_VERSIONS } from './version';
export type { OcppMessage, OcppConversation, OcppConversationOptions } from './conversation';
export { createOcppConversation } from './conversation';
export { looksLikeOcpp, ocppBodyFromText } from './rpcFrame';
export type { OcppSender } from './actions';
export { OCPP_ACTIONS, OCPP_SEND_ONLY, actionSender } from './actions';
export { OCPP_ERROR_CODES } from './constants';
export { SCHEMA_ACTIONS, ocppValidator } from './validators';
export type { OcppHalf } from './validators';
