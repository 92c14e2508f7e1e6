// Bounds-checked little-endian field reader for HomePlug MME bodies. A read past the end records the first
// missing field (for one 'homeplug.truncated' diagnostic) and returns undefined; it never throws.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(b: Uint8Array, from = 0, to = b.length): string {
  let s = '';
  for (let i = from; i < to; i++) s += HEX[b[i]];
  return s;
}

export function mac(b: Uint8Array, o: number): string {
  return `${HEX[b[o]]}:${HEX[b[o + 1]]}:${HEX[b[o + 2]]}:${HEX[b[o + 3]]}:${HEX[b[o + 4]]}:${HEX[b[o + 5]]}`;
}

export class FieldReader {
  o: number;
  /** Name of the first field that did not fit, if any. */
  missing: string | undefined;

  constructor(readonly b: Uint8Array, start = 0) {
    this.o = start;
  }

  get remaining(): number {
    return Math.max(0, this.b.length - this.o);
  }

  private need(n: number, name: string): boolean {
    if (this.o + n <= this.b.length) return true;
    if (this.missing === undefined) this.missing = name;
    this.o = this.b.length;
    return false;
  }

  u8(name: string): number | undefined {
    if (!this.need(1, name)) return undefined;
    return this.b[this.o++];
  }

  u16le(name: string): number | undefined {
    if (!this.need(2, name)) return undefined;
    const v = this.b[this.o] | (this.b[this.o + 1] << 8);
    this.o += 2;
    return v;
  }

  u32le(name: string): number | undefined {
    if (!this.need(4, name)) return undefined;
    const b = this.b;
    const v = (b[this.o] | (b[this.o + 1] << 8) | (b[this.o + 2] << 16) | (b[this.o + 3] << 24)) >>> 0;
    this.o += 4;
    return v;
  }

  /** n bytes as lowercase hex. */
  hex(n: number, name: string): string | undefined {
    if (!this.need(n, name)) return undefined;
    const s = hex(this.b, this.o, this.o + n);
    this.o += n;
    return s;
  }

  mac(name: string): string | undefined {
    if (!this.need(6, name)) return undefined;
    const s = mac(this.b, this.o);
    this.o += 6;
    return s;
  }

  bytes(n: number, name: string): Uint8Array | undefined {
    if (!this.need(n, name)) return undefined;
    const v = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return v;
  }

  skip(n: number, name: string): boolean {
    return this.need(n, name) ? ((this.o += n), true) : false;
  }

  rest(): Uint8Array {
    const v = this.b.subarray(Math.min(this.o, this.b.length));
    this.o = this.b.length;
    return v;
  }
}
