// Writes pcapng files (IETF draft-ietf-opsawg-pcapng §4): Section Header Blocks (either byte order, with
// shb_comment / shb_hardware / shb_os / shb_userappl), Interface Description Blocks (link type, snaplen,
// if_name, if_description, if_tsresol, if_tsoffset), Enhanced Packet Blocks (64-bit timestamps in the
// interface's units, captured and original length, opt_comment) and Decryption Secrets Blocks (TLS key log).
// Used by the sample generator and the app's "export filtered pcapng"; the reader side is pcapng.ts.
// Plain bytes only: no Node APIs, runs in a worker.

export type ByteOrder = 'le' | 'be';

/** Append-only byte buffer with an explicit byte order (grows by doubling). */
export class ByteBuilder {
  private buf = new Uint8Array(256);
  private len = 0;

  constructor(public order: ByteOrder = 'be') {}

  get length(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    if (this.order === 'le') {
      this.buf[this.len++] = v & 0xff;
      this.buf[this.len++] = (v >>> 8) & 0xff;
    } else {
      this.buf[this.len++] = (v >>> 8) & 0xff;
      this.buf[this.len++] = v & 0xff;
    }
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    if (this.order === 'le') {
      this.buf[this.len++] = v & 0xff;
      this.buf[this.len++] = (v >>> 8) & 0xff;
      this.buf[this.len++] = (v >>> 16) & 0xff;
      this.buf[this.len++] = (v >>> 24) & 0xff;
    } else {
      this.buf[this.len++] = (v >>> 24) & 0xff;
      this.buf[this.len++] = (v >>> 16) & 0xff;
      this.buf[this.len++] = (v >>> 8) & 0xff;
      this.buf[this.len++] = v & 0xff;
    }
    return this;
  }

  /** 64-bit value given as a bigint (two's complement for negatives). */
  u64(v: bigint): this {
    const x = BigInt.asUintN(64, v);
    const hi = Number(x >> 32n);
    const lo = Number(x & 0xffffffffn);
    return this.order === 'le' ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }

  bytes(b: Uint8Array | readonly number[]): this {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  /** Zero bytes up to a multiple of `n`. */
  pad(n: number): this {
    while (this.len % n !== 0) this.u8(0);
    return this;
  }

  /** Overwrites a 32-bit value at `at` (in this builder's byte order). */
  setU32(at: number, v: number): this {
    const b = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    if (this.order === 'le') b.reverse();
    for (let i = 0; i < 4; i++) this.buf[at + i] = b[i];
    return this;
  }

  build(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---------- pcapng ----------

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_EPB = 0x00000006;
export const BT_DSB = 0x0000000a;
/** Decryption Secrets Block type of a TLS key log (NSS key log format). */
export const SECRETS_TLS_KEYLOG = 0x544c534b;

export interface SectionOptions {
  comment?: string;
  /** shb_hardware */
  hardware?: string;
  /** shb_os */
  os?: string;
  /** shb_userappl */
  userAppl?: string;
}

export interface IdbOptions {
  /** LINKTYPE_* (1 = Ethernet). */
  linkType?: number;
  /** 0 = no limit. */
  snaplen?: number;
  /** Raw if_tsresol byte (6 = microseconds, 9 = nanoseconds, 0x80|n = 2^-n). Omitted -> no option (µs). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: bigint;
  name?: string;
  description?: string;
  comment?: string;
}

export interface EpbOptions {
  iface?: number;
  /** Timestamp in units of the interface's resolution (see toUnits). */
  ts: bigint;
  /** Captured bytes (the caller truncates to the snaplen). */
  data: Uint8Array;
  /** Length on the wire; defaults to data.length. */
  origLen?: number;
  comments?: string[];
}

const enc = new TextEncoder();

/** Units per second of an if_tsresol byte (absent: 6, microseconds). */
export function unitsPerSecond(tsresol: number | undefined): bigint {
  const r = tsresol ?? 6;
  return r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
}

/** Converts seconds + nanoseconds to interface units (rounded down for coarser or binary resolutions). */
export function toUnits(sec: number, nsec: number, tsresol: number | undefined): bigint {
  const u = unitsPerSecond(tsresol);
  return BigInt(sec) * u + (BigInt(nsec) * u) / 1_000_000_000n;
}

type Opt = [code: number, value: Uint8Array];

/**
 * Builds a pcapng byte stream block by block. A file starts with section(); interfaces are numbered in the
 * order idb() declares them within the section. Blocks are kept as parts and joined by build().
 */
export class PcapngWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  protected order: ByteOrder = 'le';
  protected readonly ifaceRes: number[] = [];
  protected readonly ifaceSnap: number[] = [];

  /** Starts a section (SHB) in the given byte order; the interface list starts empty. */
  section(order: ByteOrder = 'le', options?: string | SectionOptions): this {
    const o: SectionOptions = typeof options === 'string' ? { comment: options } : (options ?? {});
    this.order = order;
    this.ifaceRes.length = 0;
    this.ifaceSnap.length = 0;
    const body = this.builder();
    body.u32(0x1a2b3c4d).u16(1).u16(0).u64(-1n);
    const opts: Opt[] = [];
    if (o.comment !== undefined) opts.push([1, enc.encode(o.comment)]);
    if (o.hardware !== undefined) opts.push([2, enc.encode(o.hardware)]);
    if (o.os !== undefined) opts.push([3, enc.encode(o.os)]);
    if (o.userAppl !== undefined) opts.push([4, enc.encode(o.userAppl)]);
    this.options(body, opts);
    return this.block(BT_SHB, body.build());
  }

  /** Declares an interface; returns this (its number is the count of idb() calls before it in the section). */
  idb(o: IdbOptions = {}): this {
    const body = this.builder();
    body.u16(o.linkType ?? 1).u16(0).u32(o.snaplen ?? 0);
    const opts: Opt[] = [];
    if (o.comment !== undefined) opts.push([1, enc.encode(o.comment)]);
    if (o.name !== undefined) opts.push([2, enc.encode(o.name)]);
    if (o.description !== undefined) opts.push([3, enc.encode(o.description)]);
    if (o.tsresol !== undefined) opts.push([9, Uint8Array.of(o.tsresol)]);
    if (o.tsoffset !== undefined) opts.push([14, this.builder().u64(o.tsoffset).build()]);
    this.options(body, opts);
    this.ifaceRes.push(o.tsresol ?? 6);
    this.ifaceSnap.push(o.snaplen ?? 0);
    return this.block(BT_IDB, body.build());
  }

  /** Number of interfaces declared in the current section. */
  get interfaces(): number {
    return this.ifaceRes.length;
  }

  /** Resolution byte of interface `i` of the current section. */
  tsresolOf(i: number): number {
    return this.ifaceRes[i];
  }

  /** Timestamp of `sec` + `nsec` in the units of interface `i`. */
  unitsOf(i: number, sec: number, nsec: number): bigint {
    return toUnits(sec, nsec, this.ifaceRes[i]);
  }

  epb(o: EpbOptions): this {
    const body = this.builder();
    const ts = BigInt.asUintN(64, o.ts);
    body
      .u32(o.iface ?? 0)
      .u32(Number(ts >> 32n))
      .u32(Number(ts & 0xffffffffn))
      .u32(o.data.length)
      .u32(o.origLen ?? o.data.length)
      .bytes(o.data)
      .pad(4);
    this.options(body, (o.comments ?? []).map((c): Opt => [1, enc.encode(c)]));
    return this.block(BT_EPB, body.build());
  }

  /** Decryption Secrets Block; a TLS key log by default. */
  dsb(text: string, secretsType = SECRETS_TLS_KEYLOG): this {
    const data = enc.encode(text);
    const body = this.builder();
    body.u32(secretsType).u32(data.length).bytes(data).pad(4);
    return this.block(BT_DSB, body.build());
  }

  /** Bytes written so far. */
  get byteLength(): number {
    return this.size;
  }

  build(): Uint8Array {
    return concat(this.parts);
  }

  protected builder(): ByteBuilder {
    return new ByteBuilder(this.order);
  }

  /** Options list (code, length, value padded to 4) closed by opt_endofopt; nothing when empty. */
  protected options(w: ByteBuilder, opts: readonly Opt[]): void {
    if (opts.length === 0) return;
    for (const [code, value] of opts) w.u16(code).u16(value.length).bytes(value).pad(4);
    w.u16(0).u16(0);
  }

  /** Appends a block: type, total length, body padded to 4, total length again. */
  protected block(type: number, body: Uint8Array): this {
    const padded = (body.length + 3) & ~3;
    const total = 12 + padded;
    const w = this.builder();
    w.u32(type).u32(total).bytes(body).pad(4).u32(total);
    const b = w.build();
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
}
