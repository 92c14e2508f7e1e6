// OCPP-J RPC framework constants: message type ids, CALLERROR error codes per version, and decoder limits.
// Sources: OCPP-J 1.6 section 4.1.3 (message types) and 4.2.3 table "Valid Error Codes"; OCPP 2.0.1 Part 4 sections
// 4.1.3 and 4.3 "RPC Framework Error Codes"; OCPP 2.1 Part 4 section 4.2 (adds CALLRESULTERROR 5 and SEND 6).

export const MSG_CALL = 2;
export const MSG_CALLRESULT = 3;
export const MSG_CALLERROR = 4;
export const MSG_CALLRESULTERROR = 5;
export const MSG_SEND = 6;

import type { OcppVersion } from './version';

/** Error codes the 1.6 specification lists (its own spellings: FormationViolation, OccurenceConstraintViolation). */
const V16_ERRORS = [
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
  'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError',
];
/** 2.0.1 and 2.1 (Part 4 section 4.3). */
const V2_ERRORS = [
  'FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented', 'NotSupported',
  'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError', 'RpcFrameworkError',
  'SecurityError', 'TypeConstraintViolation',
];

export const OCPP_ERROR_CODES: Readonly<Record<OcppVersion, ReadonlySet<string>>> = {
  '1.6': new Set(V16_ERRORS),
  '2.0.1': new Set(V2_ERRORS),
  '2.1': new Set(V2_ERRORS),
};

/** Spellings from the other generation that implementations use widely (e.g. ocpp-rpc sends
 *  'OccurenceConstraintViolation' and 'FormatViolation' on every version): reported at 'info', not 'warning'. */
export const OCPP_ERROR_CODE_VARIANTS: Readonly<Record<OcppVersion, ReadonlySet<string>>> = {
  '1.6': new Set(['FormatViolation', 'OccurrenceConstraintViolation', 'RpcFrameworkError', 'MessageTypeNotSupported']),
  '2.0.1': new Set(['FormationViolation', 'OccurenceConstraintViolation']),
  '2.1': new Set(['FormationViolation', 'OccurenceConstraintViolation']),
};

/** Limits (hitting one is a diagnostic). */
export const LIMITS = {
  /** Messages longer than this are not parsed at all. */
  maxParseChars: 16 * 1024 * 1024,
  /** JSON nesting deeper than this is not parsed (JSON.stringify and tree views downstream recurse). */
  maxDepth: 64,
  /** Payloads of messages longer than this are not schema-validated (allErrors validation is linear in errors). */
  maxValidateChars: 1024 * 1024,
  /** Message id length allowed by the specs (1.6 section 4.1.4, 2.0.1 Part 4 section 4.1.4). */
  maxMessageIdChars: 36,
  /** Diagnostics reported per message (schema errors beyond are counted in one summary). */
  maxDiagnosticsPerMessage: 16,
  /** CALLs tracked per direction: a CALL is forgotten (its answer becomes an orphan) after this many newer ones. */
  maxPending: 1024,
  /** Answered CALLs remembered per direction (to name late duplicate answers and 2.1 CALLRESULTERRORs). */
  maxAnswered: 64,
  /** Orphan responses whose action is inferred by trying response schemas (costly), per conversation. */
  maxOrphanInference: 256,
  /** CALLs examined by the version heuristic before it settles on its best guess. */
  maxHeuristicCalls: 64,
  /** Unanswered CALLs listed one by one by end(). */
  maxUnansweredListed: 20,
  /** Characters of an offending value quoted in a message. */
  maxQuotedChars: 40,
} as const;
