// Append-only typed arrays that grow by doubling: per-message side tables of a few bytes a message and no
// objects (the app's worker, the export's frame index), so a million messages stay within the memory budget.

type NumberArray = Int32Array | Uint32Array | Float64Array;

class Growable<A extends NumberArray> {
  protected buf: A;
  length = 0;

  constructor(private readonly make: (n: number) => A) {
    this.buf = make(1024);
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow(this.buf.length * 2);
    this.buf[this.length++] = v;
  }

  get(i: number): number {
    return this.buf[i];
  }

  /** Sets index `i`, growing (and extending `length`) as needed. */
  set(i: number, v: number): void {
    if (i >= this.buf.length) this.grow(Math.max(this.buf.length * 2, i + 1));
    this.buf[i] = v;
    if (i >= this.length) this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  /** First index whose value is >= v (values ascending). */
  lowerBound(v: number): number {
    let lo = 0, hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.buf[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private grow(size: number): void {
    const next = this.make(size);
    next.set(this.buf);
    this.buf = next;
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}

export class GrowableUint32 extends Growable<Uint32Array> {
  constructor() {
    super((n) => new Uint32Array(n));
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}
