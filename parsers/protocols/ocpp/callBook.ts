// Bookkeeping of the CALLs one side of an OCPP-J connection has sent (OCPP-J 1.6 §4.1.3, 2.0.1 Part 4 §4.1.3:
// a response carries the MessageId of the CALL it answers): the pending ones and the last answered ones,
// both bounded, in one Map by id so that answering a CALL is one lookup and no re-insert.

export interface Call {
  action: string;
  frame: number;
  id: string;
  answered: boolean;
  /** Frame of the CALLRESULT/CALLERROR that answered it (when `answered`). */
  resultFrame: number;
}

/**
 * Pending and answered CALLs by id. Each state has a ring of its entries that decides what to forget, so
 * the hot path never iterates the Map: a pending CALL is forgotten once `maxPending` newer CALLs were sent,
 * an answered one once `maxAnswered` newer answers came. A new CALL reusing an id replaces the old entry.
 */
export class CallBook {
  private readonly byId = new Map<string, Call>();
  private readonly pendingRing: (Call | undefined)[];
  private readonly answeredRing: (Call | undefined)[];
  private pendingPos = 0;
  private answeredPos = 0;

  constructor(private readonly maxPending: number, private readonly maxAnswered: number) {
    this.pendingRing = new Array<Call | undefined>(maxPending).fill(undefined);
    this.answeredRing = new Array<Call | undefined>(maxAnswered).fill(undefined);
  }

  pending(id: string): Call | undefined {
    const c = this.byId.get(id);
    return c !== undefined && !c.answered ? c : undefined;
  }

  answered(id: string): Call | undefined {
    const c = this.byId.get(id);
    return c !== undefined && c.answered ? c : undefined;
  }

  /** Records a CALL; returns true when this pushed out a pending CALL that was never answered. */
  addPending(action: string, frame: number, id: string): boolean {
    const old = this.pendingRing[this.pendingPos];
    let evicted = false;
    if (old !== undefined && !old.answered && this.byId.get(old.id) === old) {
      this.byId.delete(old.id);
      evicted = true;
    }
    const call: Call = { action, frame, id, answered: false, resultFrame: 0 };
    this.pendingRing[this.pendingPos] = call;
    this.pendingPos = (this.pendingPos + 1) % this.maxPending;
    this.byId.set(id, call);
    return evicted;
  }

  /** Marks a pending CALL answered by the response in `resultFrame`. */
  answer(call: Call, resultFrame: number): void {
    const old = this.answeredRing[this.answeredPos];
    if (old !== undefined && old.answered && this.byId.get(old.id) === old) this.byId.delete(old.id);
    call.answered = true;
    call.resultFrame = resultFrame;
    this.answeredRing[this.answeredPos] = call;
    this.answeredPos = (this.answeredPos + 1) % this.maxAnswered;
  }

  /** The CALLs still waiting for an answer, oldest first. */
  *pendingCalls(): IterableIterator<Call> {
    for (const c of this.byId.values()) if (!c.answered) yield c;
  }
}

/** Entries by id, bounded to the last `size` added (same ring idea, for SENDs). */
export class Recent<T extends { id: string }> {
  private readonly map = new Map<string, T>();
  private readonly ring: (T | undefined)[];
  private pos = 0;

  constructor(private readonly size: number) {
    this.ring = new Array<T | undefined>(size).fill(undefined);
  }

  get(id: string): T | undefined {
    return this.map.get(id);
  }

  add(entry: T): void {
    const old = this.ring[this.pos];
    if (old !== undefined && this.map.get(old.id) === old) this.map.delete(old.id);
    this.ring[this.pos] = entry;
    this.pos = (this.pos + 1) % this.size;
    this.map.set(entry.id, entry);
  }
}
