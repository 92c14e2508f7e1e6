// Schema-informed EXI 1.0 decoder (bit-packed, strict = false, default options): walks the generated
// grammar tables (grammarDef.ts) and builds the JSON form of the message (see README.md for the
// conventions). Spec: W3C EXI 1.0 2nd ed. 5 (header), 6 (event codes), 7.1 (datatypes), 7.3 (string
// tables: local and global value hits are accepted), 8.5 (schema-informed document / fragment grammars).
import { BitReader, ExiError } from './bits';
import { readHeader, unsupportedOption, type ExiOptions } from './header';
import * as G from './grammarDef';
import type { Grammar } from './grammarDef';

// Module-local copies of the table constants: the hot loops then read plain locals, not module bindings.
const CNT_SET = G.CNT_SET;
const DT_B64 = G.DT_B64;
const DT_BOOLEAN = G.DT_BOOLEAN;
const DT_ENUM = G.DT_ENUM;
const DT_HEX = G.DT_HEX;
const DT_INT = G.DT_INT;
const DT_LIST = G.DT_LIST;
const DT_NBIT = G.DT_NBIT;
const DT_STRING = G.DT_STRING;
const DT_UINT = G.DT_UINT;
const P_AT = G.P_AT;
const P_CH = G.P_CH;
const P_CHU = G.P_CHU;
const P_EE = G.P_EE;
const P_SE = G.P_SE;
const P_SEW = G.P_SEW;
const USE_SIMPLE = G.USE_SIMPLE;
const bitsFor = G.bitsFor;


const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

/** Limits that keep hostile input bounded. */
export const LIMITS = { depth: 48, listItems: 65536, stringChars: 1 << 20, binaryBytes: 1 << 22 };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const LATIN1 = new TextDecoder('latin1');
let scratchBuf = new Uint8Array(4096);
function scratch(n: number): Uint8Array {
  if (scratchBuf.length < n) scratchBuf = new Uint8Array(Math.max(n, scratchBuf.length * 2));
  return scratchBuf;
}
const HEXC = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  const h = (i < 16 ? '0' : '') + i.toString(16);
  HEXC[2 * i] = h.charCodeAt(0);
  HEXC[2 * i + 1] = h.charCodeAt(1);
}
/** Binary value of len octets as lowercase hex, built in one buffer. */
function hexRun(r: BitReader, len: number): string {
  const out = scratch(2 * len);
  const b = r.buf;
  if ((r.pos & 7) === 0) {
    let j = r.pos >>> 3;
    for (let i = 0; i < len; i++, j++) {
      const v = b[j] << 1;
      out[2 * i] = HEXC[v];
      out[2 * i + 1] = HEXC[v + 1];
    }
    r.pos += len * 8;
  } else {
    for (let i = 0; i < len; i++) {
      const v = r.byte() << 1;
      out[2 * i] = HEXC[v];
      out[2 * i + 1] = HEXC[v + 1];
    }
  }
  return LATIN1.decode(out.subarray(0, 2 * len));
}

type Obj = Record<string, unknown>;

export class Decoder {
  private r: BitReader;
  private global: string[] | null = null;
  private local: (string[] | undefined)[] | null = null;
  /** The header's options document, when the stream had one. */
  options: ExiOptions | undefined = undefined;

  constructor(
    private g: Grammar,
    bytes: Uint8Array,
  ) {
    this.r = new BitReader(bytes);
  }

  /** Reuses this decoder for another stream (no allocation per message on the hot path). */
  reset(g: Grammar, bytes: Uint8Array): void {
    this.g = g;
    const r = this.r;
    r.buf = bytes;
    r.pos = 0;
    r.end = bytes.length * 8;
    this.global = null;
    this.local = null;
    this.options = undefined;
  }

  /** Bit position in the stream (after a document: its end, before the padding). */
  position(): number {
    return this.r.pos;
  }

  /** EXI header (5), options document included; options that change the body's encoding are refused. */
  private header(fragment: boolean): void {
    const o = readHeader(this.r);
    this.options = o;
    if (o === undefined) return;
    const bad = unsupportedOption(o, fragment);
    if (bad !== undefined) this.r.fail('exi.unsupported_options', `EXI option not supported: ${bad} (only the default options)`);
  }

  document(): Obj {
    this.header(false);
    const r = this.r;
    const doc = this.g.doc;
    const n = doc.length;
    const code = r.bits(bitsFor(n + 1));
    if (code >= n) r.fail('exi.unsupported_event', 'SE(*) at document level is not supported');
    const u = doc[code];
    const out: Obj = {};
    out[this.g.useName[u]] = this.element(u, 0);
    return out; // DocEnd: ED has a 0-bit event code
  }

  fragment(): Obj {
    this.header(true);
    const r = this.r;
    const frag = this.g.frag;
    const n = frag.length;
    const w = bitsFor(n + 2);
    const out: Obj = {};
    for (let i = 0; ; i++) {
      if (i > 4096) r.fail('exi.limit', 'too many fragment elements');
      const code = r.bits(w);
      if (code === n + 1) return out; // ED
      if (code === n) r.fail('exi.unsupported_event', 'SE(*) in a fragment is not supported');
      const u = frag[code];
      if (u < 0) r.fail('exi.unsupported_event', `fragment element ${this.g.qnName[-1 - u]} has declarations of different types (relaxed element fragment grammar not supported)`);
      const key = this.g.useName[u];
      const v = this.element(u, 0);
      if (key in out) {
        const prev = out[key];
        out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
      } else out[key] = v;
    }
  }

  private element(u: number, depth: number): unknown {
    const g = this.g;
    if (g.useKind[u] === USE_SIMPLE) return this.simpleElement(u);
    if (depth > LIMITS.depth) this.r.fail('exi.limit', 'element nesting too deep');
    const obj: Obj = {};
    this.content(g.tStart[g.useType[u]], g.useQn[u], obj, depth + 1);
    return obj;
  }

  private simpleElement(u: number): unknown {
    const r = this.r;
    // Simple type grammar: CH (1 bit incl. the second level), value, EE (1 bit).
    if (r.bit() !== 0) r.fail('exi.unsupported_event', `second-level event (xsi:nil / xsi:type / untyped) in ${this.g.useName[u]}`);
    const v = this.value(this.g.useType[u], this.g.useQn[u]);
    if (r.bit() !== 0) r.fail('exi.unsupported_event', `second-level event instead of the end of ${this.g.useName[u]}`);
    return v;
  }

  /** Runs the grammar from state `s` until EE, filling `obj`. */
  private content(s: number, qn: number, obj: Obj, depth: number): void {
    const g = this.g;
    const S = g.S;
    const r = this.r;
    let count = 0;
    for (;;) {
      const n = S[s];
      const w = S[s + 1];
      const code = w === 1 ? r.bit() : r.bits(w);
      if (code >= n) {
        r.fail('exi.unsupported_event', `second-level event code in ${g.qnName[qn]} (xsi:type, xsi:nil, comments or undeclared content are not supported)`);
      }
      const p = s + 4 + code * 4;
      const kc = S[p];
      const kind = kc & 15;
      if (kind === P_EE) return;
      let next = S[p + 2];
      if (kc > 15) {
        if (kc >> 4 === CNT_SET) count = S[p + 3];
        else if (++count >= S[next + 2]) next = S[next + 3];
      }
      const arg = S[p + 1];
      if (kind === P_SE) {
        const v = this.element(arg, depth);
        const key = g.useName[arg];
        if (g.useArr[arg] === 1) {
          const a = obj[key] as unknown[] | undefined;
          if (a === undefined) obj[key] = [v];
          else a.push(v);
        } else obj[key] = v;
      } else if (kind === P_AT) {
        obj[g.useName[arg]] = this.value(g.useType[arg], g.useQn[arg]);
      } else if (kind === P_CH) {
        obj.CONTENT = this.value(arg, qn);
      } else if (kind === P_CHU) {
        const t = this.string(qn);
        obj.CONTENT = typeof obj.CONTENT === 'string' ? obj.CONTENT + t : t;
      } else if (kind === P_SEW) {
        r.fail('exi.unsupported_event', `wildcard element (xs:any) in ${g.qnName[qn]} is not supported`);
      }
      s = next;
    }
  }

  private value(dt: number, qn: number): unknown {
    const g = this.g;
    const r = this.r;
    switch (g.dtKind[dt]) {
      case DT_STRING:
        return this.string(qn);
      case DT_BOOLEAN:
        return r.bit() === 1;
      case DT_HEX:
      case DT_B64:
        return this.binary();
      case DT_UINT: {
        const v = r.uintValue();
        return typeof v === 'number' ? v : v.toString();
      }
      case DT_INT: {
        const neg = r.bit() === 1;
        const m = r.uintValue();
        if (typeof m === 'number') {
          if (!neg) return m;
          if (m < Number.MAX_SAFE_INTEGER) return -(m + 1);
          return (-(BigInt(m) + 1n)).toString();
        }
        if (!neg) return m.toString();
        const v = -(m + 1n);
        return -v <= MAX_SAFE ? Number(v) : v.toString();
      }
      case DT_NBIT: {
        const v = r.bits(g.dtA[dt]) + g.dtB[dt];
        if (v > g.dtC[dt]) r.fail('exi.value_out_of_range', `bounded integer ${v} above the schema maximum ${g.dtC[dt]}`);
        return v;
      }
      case DT_ENUM: {
        const lits = g.enums[g.dtB[dt]];
        const i = r.bits(g.dtA[dt]);
        if (i >= lits.length) r.fail('exi.value_out_of_range', `enumeration index ${i} out of range (${lits.length} values)`);
        return g.dtC[dt] === 1 ? Number(lits[i]) : lits[i];
      }
      case DT_LIST: {
        const n = r.uintSmall(LIMITS.listItems, 'list length');
        const item = g.dtA[dt];
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(item, qn));
        return out;
      }
      default:
        return r.fail('exi.internal', `unknown datatype kind ${g.dtKind[dt]}`);
    }
  }

  private binary(): string {
    const r = this.r;
    const len = r.uintSmall(LIMITS.binaryBytes, 'binary length');
    if (len * 8 > r.remaining()) r.fail('exi.truncated', `binary value of ${len} octets runs past the end of the stream`);
    if (len > 24) return hexRun(r, len);
    let s = '';
    if ((r.pos & 7) === 0) {
      const b = r.buf;
      const start = r.pos >>> 3;
      for (let i = start, end = start + len; i < end; i++) s += HEX[b[i]];
      r.pos += len * 8;
    } else for (let i = 0; i < len; i++) s += HEX[r.byte()];
    return s;
  }

  /** Leading run of 7-bit characters of a long string, decoded in one go (stops at the first non-ASCII). */
  private asciiRun(len: number): string {
    const r = this.r;
    const out = scratch(len);
    let n = 0;
    const save = r.pos;
    while (n < len) {
      const c = r.byte();
      if (c >= 128) {
        r.pos -= 8;
        break;
      }
      out[n++] = c;
    }
    if (n === 0) {
      r.pos = save;
      return '';
    }
    return LATIN1.decode(out.subarray(0, n));
  }

  /** String value with the string table of 7.3 (local partition per qname, global partition). */
  private string(qn: number): string {
    const r = this.r;
    const L = r.uintSmall(LIMITS.stringChars + 2, 'string length');
    if (L === 0) {
      const part = this.local === null ? undefined : this.local[qn];
      if (part === undefined || part.length === 0) return r.fail('exi.string_table', 'local value hit with an empty local partition');
      const i = r.bits(bitsFor(part.length));
      if (i >= part.length) r.fail('exi.string_table', `local value index ${i} out of range`);
      return part[i];
    }
    if (L === 1) {
      const gl = this.global;
      if (gl === null || gl.length === 0) return r.fail('exi.string_table', 'global value hit with an empty global partition');
      const i = r.bits(bitsFor(gl.length));
      if (i >= gl.length) r.fail('exi.string_table', `global value index ${i} out of range`);
      return gl[i];
    }
    const len = L - 2;
    if (len * 8 > r.remaining()) r.fail('exi.truncated', `string of ${len} characters runs past the end of the stream`);
    let s = '';
    if (len >= 16) s = this.asciiRun(len);
    for (let i = s.length; i < len; i++) {
      let c = r.byte();
      if (c >= 128) {
        c &= 127;
        let mult = 128;
        for (;;) {
          const b = r.byte();
          c += (b & 127) * mult;
          if (b < 128) break;
          mult *= 128;
          if (mult > 1 << 21) r.fail('exi.value_out_of_range', 'character code point too large');
        }
        if (c > 0x10ffff) r.fail('exi.value_out_of_range', 'character code point too large');
        s += String.fromCodePoint(c);
      } else s += String.fromCharCode(c);
    }
    if (len > 0) {
      if (this.local === null) {
        this.local = [];
        this.global = [];
      }
      const part = this.local[qn];
      if (part === undefined) this.local[qn] = [s];
      else part.push(s);
      this.global!.push(s);
    }
    return s;
  }
}

let shared: Decoder | null = null;

/** Decodes one stream; `info` receives the header's options document (when there is one) and the end bit. */
export function decodeDocument(g: Grammar, bytes: Uint8Array, fragment: boolean, info?: { options?: ExiOptions; endBit?: number }): Obj {
  // Decoding is synchronous and not re-entrant, so one decoder instance serves every call.
  let d = shared;
  shared = null;
  if (d === null) d = new Decoder(g, bytes);
  else d.reset(g, bytes);
  try {
    const out = fragment ? d.fragment() : d.document();
    if (info) {
      if (d.options) info.options = d.options;
      info.endBit = d.position();
    }
    return out;
  } finally {
    d.reset(g, EMPTY);
    shared = d;
  }
}
const EMPTY = new Uint8Array(0);

export { ExiError };
