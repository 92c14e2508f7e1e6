// Guesses the OCPP version of a connection whose subprotocol was not captured, from the messages themselves:
//  - MessageTypeId 5 (CALLRESULTERROR) or 6 (SEND) exist only in 2.1;
//  - a CALL/SEND action narrows the candidates to the versions that define it (StartTransaction: 1.6;
//    TransactionEvent, NotifyReport: 2.x; AFRRSignal, NotifySettlement: 2.1);
//  - its payload narrows them further to the versions whose request schema it satisfies (a BootNotification with
//    chargePointVendor is 1.6, one with chargingStation.vendorName is 2.x).
// Evidence that would leave no candidate is ignored. The reported version is the first remaining candidate in the
// order 1.6, 2.0.1, 2.1 (2.0.1 is preferred to 2.1 until something only 2.1 accepts is seen). After
// LIMITS.maxHeuristicCalls CALLs the guess is frozen (no more trial validations).
import { OCPP_ACTIONS } from './actions';
import { LIMITS, MSG_CALL, MSG_CALLRESULTERROR, MSG_SEND } from './constants';
import { ocppValidator } from './validators';
import { OCPP_VERSIONS } from './version';
import type { OcppVersion } from './version';

export class VersionGuess {
  private candidates: OcppVersion[] = [...OCPP_VERSIONS];
  private calls = 0;
  private frozen = false;

  get version(): OcppVersion {
    return this.candidates[0];
  }

  get settled(): boolean {
    return this.frozen || this.candidates.length === 1;
  }

  private narrow(keep: (v: OcppVersion) => boolean): void {
    const next = this.candidates.filter(keep);
    if (next.length > 0) this.candidates = next;
  }

  /** Feeds one decoded frame; `payload` is only looked at for well-formed CALL/SEND frames. */
  observe(type: number, action: string | undefined, payload: unknown, wellFormed: boolean): void {
    if (this.settled) return;
    if (type === MSG_CALLRESULTERROR || type === MSG_SEND) {
      this.narrow((v) => v === '2.1');
      if (this.settled) return;
    }
    if ((type !== MSG_CALL && type !== MSG_SEND) || action === undefined) return;
    if (++this.calls > LIMITS.maxHeuristicCalls) {
      this.frozen = true;
      return;
    }
    this.narrow((v) => OCPP_ACTIONS[v].has(action));
    if (!wellFormed || this.candidates.length === 1) return;
    this.narrow((v) => {
      const validate = ocppValidator(v, action, 'request');
      return validate !== undefined && validate(payload);
    });
  }
}
