// Per-connection V2G session diagnostics (issue 3 item 3) for DIN SPEC 70121, ISO 15118-2 and ISO 15118-20:
// request/response pairing with the delay, sequence errors against the state machines of rules.ts, message
// timeouts, V2G_SECC_Sequence_Timeout, loop timeouts (cable check / pre-charge), FAILED response codes, and a
// SessionID that changes after SessionSetupRes assigned one. Stable codes:
//   v2g.sequence          a request not allowed after the previous one, a Res without its Req, a Res of another
//                         type, a new Req of a different type while the previous one awaits its Res
//   v2g.no_response       a request repeated before its response arrived
//   v2g.timeout           a response later than the message timeout of its request
//   v2g.sequence_timeout  a request later than V2G_SECC_Sequence_Timeout (60 s) after the previous response
//   v2g.loop_timeout      CableCheck / PreCharge loop longer than its EVCC loop timeout
//   v2g.response_failed   ResponseCode FAILED* (and Failed_NoNegotiation of the handshake)
//   v2g.session_id_changed SessionID differs from the one SessionSetupRes assigned

import { diag } from '../../core/diagnostics';
import type { FrameRef } from '../../core/frame';
import { isFailedResponseCode, kindOfName, requestNameOf, type MessageView } from './messages';
import { LOOP_TIMEOUTS, NEXT_REQUEST, SAP_TIMEOUT_MS, SEQUENCE_TIMEOUT_MS, knownRequest, messageTimeoutMs, type Family } from './rules';
import type { V2gMessage } from './types';

export function frameMs(at: FrameRef): number {
  return at.tsSec * 1000 + at.tsNsec / 1e6;
}

function roundMs(v: number): number {
  return Math.round(v * 1000) / 1000;
}

interface Pending {
  name: string;
  at: FrameRef;
}

export class V2gSessionTracker {
  private family: Family | undefined;
  private pending: Pending | undefined;
  /** Last request of the session (state machine position); '' before the first. */
  private lastRequest = '';
  private lastResponseAt: FrameRef | undefined;
  private sessionId: string | undefined;
  private sessionIdFrame = 0;
  private dc = false;
  private preChargeDone = false;
  private preChargeReported = false;
  private energyStarted = false;
  private loopName = '';
  private loopStart: FrameRef | undefined;
  private loopReported = false;
  private lastFailed = false;
  private requestsSeen = false;

  /** Sets the protocol family once the handshake (or inference) has chosen it. */
  setFamily(f: Family): void {
    this.family = f;
  }

  /** Adds session diagnostics and pairing to `m` (a decoded message with its view). */
  observe(m: V2gMessage, view: MessageView): void {
    const kind = kindOfName(view.name);
    if (m.protocol === 'apphandshake') {
      this.pair(m, view.name, kind, SAP_TIMEOUT_MS);
      if (view.responseCode !== undefined && isFailedResponseCode(view.responseCode)) {
        m.diagnostics.push(diag('error', 'v2g.response_failed', `${view.name} ResponseCode ${view.responseCode}`, `/${view.name}/ResponseCode`));
      }
      return;
    }
    const f = this.family;
    if (f === undefined) return;
    if (kind === 'request') this.request(m, view, f);
    else if (kind === 'response') this.response(m, view, f);
    this.checkSessionId(m, view, kind);
  }

  private pair(m: V2gMessage, name: string, kind: string, timeoutMs: number): void {
    if (kind === 'request') {
      if (this.pending !== undefined) {
        if (this.pending.name === name) {
          m.diagnostics.push(diag('warning', 'v2g.no_response', `${name} repeated; the previous one (frame ${this.pending.at.frame}) got no response`));
        } else {
          m.diagnostics.push(diag('error', 'v2g.sequence', `${name} sent while ${this.pending.name} (frame ${this.pending.at.frame}) still awaits its response`));
        }
      }
      this.pending = { name, at: m.at };
      this.requestsSeen = true;
      return;
    }
    if (kind !== 'response') return;
    const want = requestNameOf(name);
    const p = this.pending;
    if (p === undefined) {
      // Only judged once requests were seen: a capture that holds one direction only is not a sequence error.
      if (this.requestsSeen) m.diagnostics.push(diag('error', 'v2g.sequence', `${name} without a pending ${want}`));
      return;
    }
    if (p.name !== want) {
      m.diagnostics.push(diag('error', 'v2g.sequence', `${name} answers ${p.name} (frame ${p.at.frame}); expected ${p.name.slice(0, -3)}Res`));
    }
    m.pairedRequestFrame = p.at.frame;
    const delay = frameMs(m.at) - frameMs(p.at);
    m.delayMs = roundMs(delay);
    if (p.name === want && delay > timeoutMs) {
      m.diagnostics.push(diag('warning', 'v2g.timeout', `${name} came ${m.delayMs} ms after its request; the message timeout is ${timeoutMs} ms`));
    }
    this.pending = undefined;
    this.lastResponseAt = m.at;
  }

  private request(m: V2gMessage, view: MessageView, f: Family): void {
    const name = view.name;
    if (this.lastResponseAt !== undefined && this.pending === undefined) {
      const gap = frameMs(m.at) - frameMs(this.lastResponseAt);
      if (gap > SEQUENCE_TIMEOUT_MS) {
        m.diagnostics.push(diag('warning', 'v2g.sequence_timeout', `${name} came ${Math.round(gap)} ms after the previous response; V2G_SECC_Sequence_Timeout is ${SEQUENCE_TIMEOUT_MS} ms`));
      }
    }
    this.pair(m, name, 'request', 0);
    if (name === 'SessionSetupReq') {
      // A new session on this connection starts the state machine again.
      this.lastRequest = '';
      this.energyStarted = false;
      this.preChargeReported = false;
      this.dc = f === 'din';
    }
    if (knownRequest(f, name)) {
      const allowed = NEXT_REQUEST[f].get(this.lastRequest);
      const noPreCharge = this.dc && !this.energyStarted && this.isStartOfEnergy(f, name) && !this.preChargeDone;
      if (allowed !== undefined && !allowed.has(name) && !this.lastFailed) {
        const prev = this.lastRequest === '' ? 'the handshake' : this.lastRequest;
        m.diagnostics.push(diag('error', 'v2g.sequence', `${name} is not allowed after ${prev}; expected ${[...allowed].join(' or ') || 'the end of the session'}`));
        if (noPreCharge) this.preChargeReported = true;
      } else if (noPreCharge && !this.preChargeReported) {
        // One report per session: the messages that follow are consequences.
        this.preChargeReported = true;
        m.diagnostics.push(diag('error', 'v2g.sequence', `${name} before any ${f === 'iso20' ? 'DC_PreChargeReq' : 'PreChargeReq'} in a DC session`));
      }
      this.lastRequest = name;
    }
    this.trackEnergy(name, view);
    this.trackLoop(m, f, name);
  }


  private isStartOfEnergy(f: Family, name: string): boolean {
    if (f === 'iso20') return name === 'PowerDeliveryReq' || name === 'DC_ChargeLoopReq';
    return name === 'PowerDeliveryReq' || name === 'CurrentDemandReq';
  }

  private trackEnergy(name: string, view: MessageView): void {
    const msg = view.message;
    if (name === 'ChargeParameterDiscoveryReq' && msg && 'DC_EVChargeParameter' in msg) this.dc = true;
    if (name === 'DC_ChargeParameterDiscoveryReq') this.dc = true;
    if (name === 'PreChargeReq' || name === 'DC_PreChargeReq') this.preChargeDone = true;
    if (name === 'CurrentDemandReq' || name === 'ChargingStatusReq' || name.endsWith('_ChargeLoopReq')) this.energyStarted = true;
    if (name === 'SessionSetupReq') this.preChargeDone = false;
  }

  private trackLoop(m: V2gMessage, f: Family, name: string): void {
    const limit = LOOP_TIMEOUTS[f].get(name);
    if (name !== this.loopName) {
      this.loopName = name;
      this.loopStart = m.at;
      this.loopReported = false;
      return;
    }
    if (limit === undefined || this.loopStart === undefined || this.loopReported) return;
    const dur = frameMs(m.at) - frameMs(this.loopStart);
    if (dur > limit[0]) {
      this.loopReported = true;
      m.diagnostics.push(diag('warning', 'v2g.loop_timeout', `${name} loop running for ${Math.round(dur)} ms since frame ${this.loopStart.frame}; ${limit[1]} is ${limit[0]} ms`));
    }
  }

  private response(m: V2gMessage, view: MessageView, f: Family): void {
    const name = view.name;
    this.pair(m, name, 'response', messageTimeoutMs(f, requestNameOf(name)));
    this.lastFailed = false;
    if (view.responseCode !== undefined) {
      m.responseCode = view.responseCode;
      if (isFailedResponseCode(view.responseCode)) {
        this.lastFailed = true;
        m.diagnostics.push(diag('error', 'v2g.response_failed', `${name} ResponseCode ${view.responseCode}`, `${view.path}/ResponseCode`));
      }
    }
  }

  private checkSessionId(m: V2gMessage, view: MessageView, kind: string): void {
    const sid = view.sessionId;
    if (sid === undefined) return;
    if (view.name === 'SessionSetupReq') return; // the EV proposes an id (0 for a new session)
    if (view.name === 'SessionSetupRes') {
      // Assigns the id (a new SessionSetup on the same connection legitimately assigns a new one).
      this.sessionId = sid;
      this.sessionIdFrame = m.at.frame;
      return;
    }
    if (this.sessionId !== undefined && sid !== this.sessionId) {
      m.diagnostics.push(diag('error', 'v2g.session_id_changed',
        `SessionID ${sid} differs from ${this.sessionId} assigned by SessionSetupRes (frame ${this.sessionIdFrame})`,
        kind === 'request' || kind === 'response' ? `${view.path.startsWith('/V2G_Message') ? '/V2G_Message' : view.path}/Header/SessionID` : undefined));
    }
  }
}
