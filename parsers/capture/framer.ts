// Incremental unit framer shared by the pcap and pcapng readers: cuts a byte stream that arrives in
// chunks of any size (down to one byte) into length-prefixed units (a pcap header or record, a pcapng
// block). A unit lying entirely inside one pushed chunk is handed over as a view of that chunk (no copy);
// only a unit that spans chunks is assembled in an internal buffer, which grows with the bytes actually
// received (never to a size announced by the input) and is reused for the next spanning unit.

/** What a concrete format tells the framer about the unit starting at `off`. */
export interface UnitParser {
  /**
   * Length of the unit starting at buf[off] given `avail` (>= 1) bytes there:
   *  > 0  the unit's total length (it may be larger than `avail`);
   *  < 0  `-k`: at least k (> avail) bytes are needed to tell the length;
   *  0    stop reading (the parser has reported why).
   */
  measure(buf: Uint8Array, off: number, avail: number, streamOffset: number): number;
  /** A complete unit; `buf` is only valid during the call. Returns false to stop reading. */
  unit(buf: Uint8Array, off: number, len: number, streamOffset: number): boolean;
}

const EMPTY = new Uint8Array(0);
const KEEP_CAPACITY = 1 << 20;

export class Framer {
  private acc: Uint8Array = EMPTY;
  private accLen = 0;
  /** Stream offset of the first byte not yet consumed (the start of `acc` when it holds bytes). */
  offset = 0;
  stopped = false;

  constructor(private readonly parser: UnitParser) {}

  /** Bytes held for an incomplete unit. */
  get pending(): number {
    return this.accLen;
  }

  /** The bytes of the incomplete unit (for diagnostics at end of input). */
  pendingView(): Uint8Array {
    return this.acc.subarray(0, this.accLen);
  }

  stop(): void {
    this.stopped = true;
    this.acc = EMPTY;
    this.accLen = 0;
  }

  push(chunk: Uint8Array): void {
    if (this.stopped) return;
    let pos = 0;
    const n = chunk.length;
    if (this.accLen > 0) {
      // Complete the unit that spans chunks, first its header, then its body.
      for (;;) {
        const m = this.parser.measure(this.acc, 0, this.accLen, this.offset);
        if (this.stopped) return;
        if (m === 0) {
          this.stop();
          return;
        }
        const target = m > 0 ? m : -m;
        const take = Math.min(target - this.accLen, n - pos);
        if (take > 0) {
          this.append(chunk, pos, take);
          pos += take;
        }
        if (this.accLen < target) return;
        if (m > 0) {
          const at = this.offset;
          this.offset += m;
          this.accLen = 0;
          const go = this.parser.unit(this.acc, 0, m, at);
          if (this.acc.length > KEEP_CAPACITY) this.acc = EMPTY;
          if (!go) this.stop();
          if (this.stopped) return;
          break;
        }
      }
    }
    while (pos < n) {
      const avail = n - pos;
      const m = this.parser.measure(chunk, pos, avail, this.offset);
      if (this.stopped) return;
      if (m === 0) {
        this.stop();
        return;
      }
      if (m < 0 || m > avail) break;
      const at = this.offset;
      this.offset += m;
      if (!this.parser.unit(chunk, pos, m, at)) this.stop();
      pos += m;
      if (this.stopped) return;
    }
    if (pos < n) this.append(chunk, pos, n - pos);
  }

  private append(src: Uint8Array, from: number, count: number): void {
    const need = this.accLen + count;
    if (need > this.acc.length) {
      let cap = Math.max(256, this.acc.length * 2);
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.acc.subarray(0, this.accLen));
      this.acc = next;
    }
    this.acc.set(src.subarray(from, from + count), this.accLen);
    this.accLen = need;
  }
}
