// Bit-packed EXI stream I/O (W3C EXI 1.0, 7.1.9 n-bit unsigned integers, 7.1.6 unsigned integers,
// bit-packed alignment): a reader over a Uint8Array view and a growable writer. Errors are thrown as
// ExiError and turned into results at the API boundary (parsers/exi/index.ts).

/** Thrown inside the codec and turned into a result at the API boundary. Not an Error subclass on
 * purpose: damaged input is common in captures and capturing a stack trace per failure is costly. */
export class ExiError {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly bitOffset: number,
  ) {}
}

export class BitReader {
  buf: Uint8Array;
  pos = 0;
  end: number;

  constructor(buf: Uint8Array, startBit = 0) {
    this.buf = buf;
    this.pos = startBit;
    this.end = buf.length * 8;
  }

  fail(code: string, message: string): never {
    throw new ExiError(code, message, this.pos);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /** n-bit unsigned integer, n <= 24. */
  bits(n: number): number {
    const pos = this.pos;
    if (pos + n > this.end) this.fail('exi.truncated', `stream ends inside a ${n}-bit field`);
    const buf = this.buf;
    const i = pos >>> 3;
    const off = pos & 7;
    if (off + n <= 24 && i + 2 < buf.length) {
      this.pos = pos + n;
      const win = (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
      return (win >>> (24 - off - n)) & ((1 << n) - 1);
    }
    let v = 0;
    let p = pos;
    let k = n;
    while (k > 0) {
      const o = p & 7;
      const avail = 8 - o;
      const b = buf[p >>> 3];
      if (k >= avail) {
        v = (v << avail) | (b & (0xff >>> o));
        p += avail;
        k -= avail;
      } else {
        v = (v << k) | ((b >>> (avail - k)) & ((1 << k) - 1));
        p += k;
        k = 0;
      }
    }
    this.pos = p;
    return v;
  }

  bit(): number {
    const pos = this.pos;
    if (pos >= this.end) this.fail('exi.truncated', 'stream ends inside a 1-bit field');
    this.pos = pos + 1;
    return (this.buf[pos >>> 3] >>> (7 - (pos & 7))) & 1;
  }

  byte(): number {
    const pos = this.pos;
    if (pos + 8 > this.end) this.fail('exi.truncated', 'stream ends inside an octet');
    this.pos = pos + 8;
    const off = pos & 7;
    const i = pos >>> 3;
    if (off === 0) return this.buf[i];
    return ((this.buf[i] << off) | (this.buf[i + 1] >>> (8 - off))) & 0xff;
  }

  /** Unsigned integer (7.1.6) known to fit a small count/length; fails above `max`. */
  uintSmall(max: number, what: string): number {
    let v = 0;
    let mult = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      v += (b & 127) * mult;
      if ((b & 128) === 0) {
        if (v > max) this.fail('exi.limit', `${what} ${v} exceeds the limit ${max}`);
        return v;
      }
      mult *= 128;
    }
    return this.fail('exi.limit', `${what} exceeds the limit ${max}`);
  }

  /** Unsigned integer of any size: a number up to 2^53-1, else a bigint. At most 64 octets. */
  uintValue(): number | bigint {
    let v = 0;
    let mult = 1;
    for (let i = 0; i < 7; i++) {
      const b = this.byte();
      v += (b & 127) * mult;
      if ((b & 128) === 0) return v;
      mult *= 128;
    }
    let big = BigInt(v);
    let shift = 49n;
    for (let i = 7; i < 64; i++) {
      const b = this.byte();
      big |= BigInt(b & 127) << shift;
      shift += 7n;
      if ((b & 128) === 0) return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    return this.fail('exi.limit', 'unsigned integer longer than 64 octets');
  }
}

export class BitWriter {
  buf = new Uint8Array(256);
  /** Bit position. */
  pos = 0;

  private ensure(bits: number): void {
    const need = (this.pos + bits + 7) >>> 3;
    if (need > this.buf.length) {
      let n = this.buf.length * 2;
      while (n < need) n *= 2;
      const nb = new Uint8Array(n);
      nb.set(this.buf);
      this.buf = nb;
    }
  }

  /** Writes the n low bits of v (n <= 24), most significant first. */
  bits(v: number, n: number): void {
    if (n === 0) return;
    this.ensure(n);
    let pos = this.pos;
    const buf = this.buf;
    while (n > 0) {
      const off = pos & 7;
      const avail = 8 - off;
      const take = n < avail ? n : avail;
      const chunk = (v >>> (n - take)) & ((1 << take) - 1);
      buf[pos >>> 3] |= chunk << (avail - take);
      pos += take;
      n -= take;
    }
    this.pos = pos;
  }

  byte(v: number): void {
    this.bits(v & 0xff, 8);
  }

  /** Unsigned integer (7.1.6) from a non-negative safe integer or bigint. */
  uint(v: number | bigint): void {
    if (typeof v === 'number') {
      while (v >= 128) {
        this.byte((v % 128) | 128);
        v = Math.floor(v / 128);
      }
      this.byte(v);
      return;
    }
    while (v >= 128n) {
      this.byte(Number(v & 127n) | 128);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  finish(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >>> 3);
  }
}
