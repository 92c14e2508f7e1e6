// One OCPP-J connection: decodes each WebSocket text message (rpcFrame.ts), names every response after the request
// it answers (pending CALLs tracked per direction by message id, OCPP-J 1.6 s4.1.3 / 2.0.1 Part 4 s4.1.3), checks
// actions against the version's table (actions.ts), validates payloads with the generated schema validators
// (validators.ts) and CALLERROR codes against the version's list (constants.ts). The version comes from the
// subprotocol, or from versionGuess.ts when the handshake was not seen.
// Diagnostic codes raised here (all 'ocpp.*'): malformed, too_large, too_deep, orphan_response, duplicate_id,
// unknown_action, wrong_direction, wrong_message_type, unsupported_message_type, schema, diagnostics_truncated,
// bad_error_code, pending_overflow, internal (a decoder bug caught at the boundary), unanswered (from end()).
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { OCPP_ACTIONS, OCPP_SEND_ONLY } from './actions';
import {
  LIMITS, MSG_CALL, MSG_CALLERROR, MSG_CALLRESULT, MSG_CALLRESULTERROR, MSG_SEND, OCPP_ERROR_CODES,
  OCPP_ERROR_CODE_VARIANTS,
} from './constants';
import { bodyOfFrame, messageTypeName, parseRpcFrame, payloadText } from './rpcFrame';
import type { RpcFrame } from './rpcFrame';
import { CallBook, Recent, type Call } from './callBook';
import { pushSchemaDiagnostics, quote } from './schemaDiagnostics';
import { ocppValidator, ocppValidators } from './validators';
import { VersionGuess } from './versionGuess';
import { OCPP_VERSIONS, ocppVersionFromSubprotocol } from './version';
import type { OcppVersion } from './version';

export interface OcppMessage {
  version: OcppVersion;
  versionSource: 'subprotocol' | 'heuristic';
  /** 2 CALL, 3 CALLRESULT, 4 CALLERROR, 5 CALLRESULTERROR (2.1), 6 SEND (2.1); 0 when not readable. */
  messageTypeId: number;
  kind: 'request' | 'response' | 'error' | 'notification';
  /** Message id ('' if missing). */
  id: string;
  /** CALL/SEND: its action; responses/errors: the action of the request they answer; '?' if unknown. */
  action: string;
  /** CALL/CALLRESULT/SEND: the payload; CALLERROR/CALLRESULTERROR: {errorCode, errorDescription, errorDetails};
   *  a malformed message: whatever could be parsed (the whole array), or the raw text when it is not JSON. */
  body: unknown;
  /** CALLRESULT/CALLERROR: frame of the CALL answered. CALLRESULTERROR: frame of the CALLRESULT it rejects. */
  requestAt?: number;
  diagnostics: Diagnostic[];
  /**
   * The body's JSON text exactly as it appears in the frame (CALL, CALLRESULT, SEND), when it holds no raw
   * line break: writers can copy it instead of serialising `body` again. JSON.parse(bodyJson) equals body.
   */
  bodyJson?: string;
}

export interface OcppConversation {
  /** fromChargingStation = the message was sent by the WebSocket client. frame = frame number of the message. */
  decode(text: string, fromChargingStation: boolean, frame: number): OcppMessage;
  /** Diagnostics about the connection as a whole once it is over (CALLs never answered, info). */
  end(): Diagnostic[];
}

export interface OcppConversationOptions {
  subprotocol?: string;
  /** Validate payloads against the schemas (default true). */
  validate?: boolean;
}

/** side 0 = charging station (WebSocket client), 1 = CSMS (server). */
type Side = 0 | 1;

const SIDE_NAME = ['the charging station', 'the CSMS'] as const;

class Conversation implements OcppConversation {
  private readonly fixed: OcppVersion | undefined;
  private readonly guess: VersionGuess | undefined;
  private readonly validate: boolean;
  /** CALLs sent by each side: pending, and the last ones answered. */
  private readonly calls: [CallBook, CallBook] = [
    new CallBook(LIMITS.maxPending, LIMITS.maxAnswered), new CallBook(LIMITS.maxPending, LIMITS.maxAnswered),
  ];
  private readonly sends: [Recent<Call>, Recent<Call>] = [new Recent(LIMITS.maxAnswered), new Recent(LIMITS.maxAnswered)];
  private orphanInferences = 0;
  private overflowReported = false;

  constructor(opts: OcppConversationOptions) {
    this.fixed = ocppVersionFromSubprotocol(opts.subprotocol);
    this.guess = this.fixed === undefined ? new VersionGuess() : undefined;
    this.validate = opts.validate !== false;
  }

  decode(text: string, fromChargingStation: boolean, frame: number): OcppMessage {
    const diagnostics: Diagnostic[] = [];
    let f: RpcFrame;
    let msg: OcppMessage;
    try {
      f = parseRpcFrame(typeof text === 'string' ? text : String(text), diagnostics);
      let version: OcppVersion;
      if (this.fixed !== undefined) version = this.fixed;
      else {
        this.guess!.observe(f.type, f.action, f.payload, f.wellFormed);
        version = this.guess!.version;
      }
      msg = {
        version,
        versionSource: this.fixed !== undefined ? 'subprotocol' : 'heuristic',
        messageTypeId: f.type,
        kind: 'request',
        id: f.id,
        action: '?',
        body: bodyOfFrame(f),
        bodyJson: f.wellFormed ? payloadText(text, f.type) : undefined,
        diagnostics,
      };
      const side: Side = fromChargingStation ? 0 : 1;
      switch (f.type) {
        case MSG_CALL:
        case MSG_SEND:
          this.onCall(f, msg, side, frame, text.length);
          break;
        case MSG_CALLRESULT:
        case MSG_CALLERROR:
          this.onResponse(f, msg, side, frame, text.length);
          break;
        case MSG_CALLRESULTERROR:
          this.onResultError(f, msg, side);
          break;
        default:
          break; // unreadable: parseRpcFrame already said why
      }
    } catch (e) {
      // Defensive: a bug here must not stop the capture.
      diagnostics.push(diag('error', 'ocpp.internal', `decoder error: ${e instanceof Error ? e.message : String(e)}`));
      msg = {
        version: this.fixed ?? this.guess?.version ?? '1.6',
        versionSource: this.fixed !== undefined ? 'subprotocol' : 'heuristic',
        messageTypeId: 0, kind: 'request', id: '', action: '?', body: text, diagnostics,
      };
    }
    return msg;
  }

  private onCall(f: RpcFrame, msg: OcppMessage, side: Side, frame: number, length: number): void {
    const isSend = f.type === MSG_SEND;
    const v = msg.version;
    const d = msg.diagnostics;
    msg.kind = isSend ? 'notification' : 'request';
    const action = f.action;
    if (action !== undefined) msg.action = action;
    if (isSend && v !== '2.1') {
      d.push(diag('warning', 'ocpp.unsupported_message_type', `SEND (MessageTypeId 6) exists only in OCPP 2.1, not ${v}`));
    }
    let known = false;
    if (action !== undefined) {
      const sender = OCPP_ACTIONS[v].get(action);
      if (sender === undefined) {
        const elsewhere = OCPP_VERSIONS.filter((x) => x !== v && OCPP_ACTIONS[x].has(action));
        d.push(diag('warning', 'ocpp.unknown_action', `${quote(action)} is not an OCPP ${v} action` +
          (elsewhere.length > 0 ? ` (it is one of OCPP ${elsewhere.join(', ')})` : '')));
      } else {
        known = true;
        const expected = sender === 'cs' ? 0 : sender === 'csms' ? 1 : side;
        if (expected !== side) {
          d.push(diag('warning', 'ocpp.wrong_direction', `${action} is sent by ${SIDE_NAME[expected]}, but this one came from ${SIDE_NAME[side]}`));
        }
        const sendOnly = OCPP_SEND_ONLY[v].has(action);
        if (sendOnly && !isSend) {
          d.push(diag('warning', 'ocpp.wrong_message_type', `${action} is sent as SEND (6), not as CALL (2)`));
        } else if (!sendOnly && isSend) {
          d.push(diag('warning', 'ocpp.wrong_message_type', `${action} is sent as CALL (2), not as SEND (6)`));
        }
      }
    }
    if (f.idUsable) {
      if (isSend) {
        this.sends[side].add({ action: action ?? '?', frame, id: f.id, answered: false, resultFrame: 0 });
      } else {
        const prev = this.calls[side].pending(f.id);
        if (prev !== undefined) {
          d.push(diag('warning', 'ocpp.duplicate_id', `MessageId ${quote(f.id)} is already used by the unanswered ${prev.action} CALL of frame ${prev.frame}`));
        }
        if (this.calls[side].addPending(action ?? '?', frame, f.id) && !this.overflowReported) {
          this.overflowReported = true;
          d.push(diag('info', 'ocpp.pending_overflow', `more than ${LIMITS.maxPending} CALLs from ${SIDE_NAME[side]} are unanswered; the oldest are forgotten`));
        }
      }
    }
    if (known && f.wellFormed) this.check(msg, action!, 'request', f.payload, length);
  }

  private onResponse(f: RpcFrame, msg: OcppMessage, side: Side, frame: number, length: number): void {
    const isError = f.type === MSG_CALLERROR;
    const d = msg.diagnostics;
    msg.kind = isError ? 'error' : 'response';
    const caller: Side = side === 0 ? 1 : 0;
    let call: Call | undefined = f.idUsable ? this.calls[caller].pending(f.id) : undefined;
    if (call !== undefined) {
      this.calls[caller].answer(call, frame);
      msg.action = call.action;
      msg.requestAt = call.frame;
    } else {
      const what = messageTypeName(f.type);
      const done = f.idUsable ? this.calls[caller].answered(f.id) : undefined;
      const sent = f.idUsable ? this.sends[caller].get(f.id) : undefined;
      if (done !== undefined) {
        call = done;
        d.push(diag('warning', 'ocpp.orphan_response', `${what} ${quote(f.id)} answers the ${done.action} CALL of frame ${done.frame}, which frame ${done.resultFrame} already answered`));
      } else if (sent !== undefined) {
        call = sent;
        d.push(diag('warning', 'ocpp.orphan_response', `${what} ${quote(f.id)} answers the SEND of frame ${sent.frame}; a SEND expects no response`));
      } else {
        const inferred = !isError && f.wellFormed ? this.inferAction(msg.version, caller, f.payload) : undefined;
        d.push(diag('warning', 'ocpp.orphan_response', `${what} ${quote(f.id)} from ${SIDE_NAME[side]} answers no pending CALL` +
          (inferred !== undefined ? `; its payload fits only the ${inferred} response` : '')));
        if (inferred !== undefined) msg.action = inferred;
      }
      if (call !== undefined) {
        msg.action = call.action;
        msg.requestAt = call.frame;
      }
    }
    if (isError) {
      if (typeof f.errorCode === 'string') this.checkErrorCode(msg, f.errorCode);
    } else if (f.wellFormed && msg.action !== '?' && OCPP_ACTIONS[msg.version].has(msg.action)) {
      this.check(msg, msg.action, 'response', f.payload, length);
    }
  }

  private onResultError(f: RpcFrame, msg: OcppMessage, side: Side): void {
    const d = msg.diagnostics;
    msg.kind = 'error';
    if (msg.version !== '2.1') {
      d.push(diag('warning', 'ocpp.unsupported_message_type', `CALLRESULTERROR (MessageTypeId 5) exists only in OCPP 2.1, not ${msg.version}`));
    }
    // The sender rejects the CALLRESULT that answered its own CALL.
    const done = f.idUsable ? this.calls[side].answered(f.id) : undefined;
    if (done !== undefined) {
      msg.action = done.action;
      msg.requestAt = done.resultFrame;
    } else {
      const call = f.idUsable ? this.calls[side].pending(f.id) : undefined;
      if (call !== undefined) msg.action = call.action;
      d.push(diag('warning', 'ocpp.orphan_response', `CALLRESULTERROR ${quote(f.id)} from ${SIDE_NAME[side]} rejects no CALLRESULT seen on this connection`));
    }
    if (typeof f.errorCode === 'string') this.checkErrorCode(msg, f.errorCode);
  }

  private check(msg: OcppMessage, action: string, half: 'request' | 'response', payload: unknown, length: number): void {
    if (!this.validate) return;
    const validate = ocppValidator(msg.version, action, half);
    if (validate === undefined) {
      msg.diagnostics.push(diag('warning', 'ocpp.wrong_message_type', `OCPP ${msg.version} defines no ${half} for ${action}`));
      return;
    }
    if (length > LIMITS.maxValidateChars) {
      msg.diagnostics.push(diag('warning', 'ocpp.too_large', `message of ${length} characters is over the ${LIMITS.maxValidateChars} validation limit; payload not validated`));
      return;
    }
    if (validate(payload)) return;
    const errors = validate.errors ?? [];
    const room = LIMITS.maxDiagnosticsPerMessage - msg.diagnostics.length;
    pushSchemaDiagnostics(msg.diagnostics, errors, payload, `${action} ${half}`, Math.max(1, room));
  }

  private checkErrorCode(msg: OcppMessage, code: string): void {
    const v = msg.version;
    if (OCPP_ERROR_CODES[v].has(code)) return;
    if (OCPP_ERROR_CODE_VARIANTS[v].has(code)) {
      msg.diagnostics.push(diag('info', 'ocpp.bad_error_code', `ErrorCode ${quote(code)} is not the OCPP ${v} spelling (another version's code)`));
    } else {
      msg.diagnostics.push(diag('warning', 'ocpp.bad_error_code', `ErrorCode ${quote(code)} is not an OCPP ${v} RPC error code`));
    }
  }

  /** The only action sent by `caller` whose response schema accepts `payload`, if exactly one does. */
  private inferAction(v: OcppVersion, caller: Side, payload: unknown): string | undefined {
    if (!this.validate || this.orphanInferences >= LIMITS.maxOrphanInference) return undefined;
    this.orphanInferences++;
    const role = caller === 0 ? 'cs' : 'csms';
    let found: string | undefined;
    for (const [action, pair] of ocppValidators(v)) {
      const sender = OCPP_ACTIONS[v].get(action);
      if (sender !== role && sender !== 'both') continue;
      if (pair.response !== undefined && pair.response(payload)) {
        if (found !== undefined) return undefined;
        found = action;
      }
    }
    return found;
  }

  end(): Diagnostic[] {
    const out: Diagnostic[] = [];
    let total = 0;
    for (const side of [0, 1] as const) {
      for (const c of this.calls[side].pendingCalls()) {
        total++;
        if (out.length < LIMITS.maxUnansweredListed) {
          out.push(diag('info', 'ocpp.unanswered', `${c.action} CALL ${quote(c.id)} of frame ${c.frame} from ${SIDE_NAME[side]} was never answered`));
        }
      }
    }
    if (total > out.length) out.push(diag('info', 'ocpp.unanswered', `${total - out.length} more unanswered CALL(s)`));
    return out;
  }
}

export function createOcppConversation(opts: OcppConversationOptions = {}): OcppConversation {
  return new Conversation(opts);
}
