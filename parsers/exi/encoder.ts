// Schema-informed EXI 1.0 encoder (bit-packed, strict = false, default options) from the JSON form
// produced by decoder.ts. Children are emitted in schema order (the type's slot list), so the key order
// of the input does not matter. String values are always written as literals (no string-table hits),
// which is what libcbv2g does, so its streams are reproduced byte for byte.
// Spec: W3C EXI 1.0 2nd ed. 5 (header), 6 (event codes), 7.1 (datatypes), 8.5 (grammars).
import { BitWriter, ExiError } from './bits';
import { writeHeader } from './header';
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
const USE_ATTR = G.USE_ATTR;
const USE_SIMPLE = G.USE_SIMPLE;
const bitsFor = G.bitsFor;


const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const MAX_DEPTH = 48;

export class Encoder {
  private w = new BitWriter();
  private path: string[] = [];

  constructor(
    private g: Grammar,
    private headerOptions?: { schemaId?: string },
  ) {}

  private fail(code: string, message: string): never {
    const where = this.path.length ? ` (at ${this.path.join('/')})` : '';
    throw new ExiError(code, message + where, this.w.pos);
  }

  document(value: unknown): Uint8Array {
    const g = this.g;
    const root = this.object(value, 'document');
    const keys = Object.keys(root);
    if (keys.length !== 1) this.fail('exi.encode_shape', `a document has exactly one root element, got ${keys.length} keys`);
    const name = keys[0];
    const n = g.doc.length;
    let code = -1;
    for (let i = 0; i < n; i++) if (g.useName[g.doc[i]] === name) code = i;
    if (code < 0) this.fail('exi.encode_unknown', `${name} is not a global element of this schema`);
    writeHeader(this.w, this.headerOptions, false);
    this.w.bits(code, bitsFor(n + 1));
    this.element(g.doc[code], root[name], 0);
    return this.w.finish();
  }

  fragment(value: unknown): Uint8Array {
    const g = this.g;
    const root = this.object(value, 'fragment');
    const n = g.frag.length;
    const width = bitsFor(n + 2);
    writeHeader(this.w, this.headerOptions, true);
    for (const name of Object.keys(root)) {
      let code = -1;
      for (let i = 0; i < n; i++) if (g.frag[i] >= 0 && g.useName[g.frag[i]] === name) code = i;
      if (code < 0) this.fail('exi.encode_unknown', `${name} is not an element of this schema (or its fragment grammar is ambiguous)`);
      const v = root[name];
      // A repeated fragment root decodes as an array; a single one as the value itself.
      const items = Array.isArray(v) && g.useKind[g.frag[code]] !== USE_SIMPLE ? v : [v];
      for (const item of items) {
        this.w.bits(code, width);
        this.element(g.frag[code], item, 0);
      }
    }
    this.w.bits(n + 1, width); // ED
    return this.w.finish();
  }

  private object(v: unknown, what: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail('exi.encode_shape', `${what} must be a JSON object`);
    return v as Record<string, unknown>;
  }

  private element(u: number, v: unknown, depth: number): void {
    const g = this.g;
    this.path.push(g.useName[u]);
    if (g.useKind[u] === USE_SIMPLE) {
      this.w.bits(0, 1); // CH
      this.value(g.useType[u], v);
      this.w.bits(0, 1); // EE
    } else {
      if (depth > MAX_DEPTH) this.fail('exi.limit', 'nesting too deep');
      this.complex(g.useType[u], this.object(v, g.useName[u]), depth + 1);
    }
    this.path.pop();
  }

  /** Finds the production of `kind`/`arg` in state s; returns its offset in S. */
  private find(s: number, kind: number, arg: number, what: string): number {
    const S = this.g.S;
    const n = S[s];
    for (let i = 0; i < n; i++) {
      const p = s + 4 + i * 4;
      const k = S[p] & 15;
      if (k === kind && (kind === P_EE || kind === P_CH || kind === P_CHU || S[p + 1] === arg)) {
        this.w.bits(i, S[s + 1]);
        return p;
      }
    }
    const expected: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = s + 4 + i * 4;
      const k = S[p] & 15;
      expected.push(k === P_EE ? 'end' : k === P_SE || k === P_AT ? this.g.useName[S[p + 1]] : k === P_CH ? 'CONTENT' : '*');
    }
    return this.fail('exi.encode_order', `${what} is not allowed here (expected one of: ${expected.join(', ')})`);
  }

  private complex(t: number, obj: Record<string, unknown>, depth: number): void {
    const g = this.g;
    const S = g.S;
    let s = g.tStart[t];
    let count = 0;
    let used = 0;
    const step = (p: number): void => {
      let next = S[p + 2];
      const kc = S[p];
      if (kc > 15) {
        if (kc >> 4 === CNT_SET) count = S[p + 3];
        else if (++count >= S[next + 2]) next = S[next + 3];
      }
      s = next;
    };
    const off = g.tSlotOff[t];
    const nSlots = g.tSlotCount[t];
    for (let i = 0; i < nSlots; i++) {
      const u = g.slots[off + i];
      const name = g.useName[u];
      if (!hasOwn(obj, name)) continue;
      used++;
      const v = obj[name];
      if (g.useKind[u] === USE_ATTR) {
        const p = this.find(s, P_AT, u, `attribute ${name}`);
        this.path.push('@' + name);
        this.value(g.useType[u], v);
        this.path.pop();
        step(p);
        continue;
      }
      let items: unknown[];
      if (g.useArr[u] === 1) {
        if (!Array.isArray(v)) this.fail('exi.encode_shape', `${name} is a repeated element: expected a JSON array`);
        items = v;
      } else items = [v];
      for (const item of items) {
        const p = this.find(s, P_SE, u, `element ${name}`);
        step(p);
        this.element(u, item, depth);
      }
    }
    if (hasOwn(obj, 'CONTENT')) {
      used++;
      const dt = g.tContent[t];
      if (dt >= 0) {
        const p = this.find(s, P_CH, 0, 'CONTENT');
        this.value(dt, obj.CONTENT);
        step(p);
      } else if (g.tMixed[t] === 1) {
        if (typeof obj.CONTENT !== 'string') this.fail('exi.encode_value', 'mixed CONTENT must be a string');
        const p = this.find(s, P_CHU, 0, 'CONTENT');
        this.string(obj.CONTENT);
        step(p);
      }
    }
    if (used !== Object.keys(obj).length) {
      const known = new Set<string>(['CONTENT']);
      for (let i = 0; i < nSlots; i++) known.add(g.useName[g.slots[off + i]]);
      const extra = Object.keys(obj).filter((k) => !known.has(k) || (k === 'CONTENT' && g.tContent[t] < 0 && g.tMixed[t] === 0));
      this.fail('exi.encode_unknown', `unknown key(s): ${extra.join(', ')}`);
    }
    this.find(s, P_EE, 0, 'the end of the element (a required child is missing?)');
  }

  private value(dt: number, v: unknown): void {
    const g = this.g;
    const w = this.w;
    switch (g.dtKind[dt]) {
      case DT_STRING:
        if (typeof v !== 'string') this.fail('exi.encode_value', 'expected a string');
        this.string(v);
        return;
      case DT_BOOLEAN:
        if (typeof v !== 'boolean') this.fail('exi.encode_value', 'expected true or false');
        w.bits(v ? 1 : 0, 1);
        return;
      case DT_HEX:
      case DT_B64: {
        if (typeof v !== 'string' || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v)) this.fail('exi.encode_value', 'expected an even-length hex string');
        const n = v.length / 2;
        w.uint(n);
        for (let i = 0; i < n; i++) w.bits(parseInt(v.substr(i * 2, 2), 16), 8);
        return;
      }
      case DT_UINT: {
        const b = this.integer(v);
        if (b < 0) this.fail('exi.encode_value', 'expected a non-negative integer');
        w.uint(typeof b === 'bigint' && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b);
        return;
      }
      case DT_INT: {
        const b = this.integer(v);
        if (typeof b === 'number') {
          if (b < 0) {
            w.bits(1, 1);
            w.uint(-b - 1);
          } else {
            w.bits(0, 1);
            w.uint(b);
          }
        } else if (b < 0n) {
          w.bits(1, 1);
          w.uint(-b - 1n);
        } else {
          w.bits(0, 1);
          w.uint(b);
        }
        return;
      }
      case DT_NBIT: {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < g.dtB[dt] || v > g.dtC[dt])
          this.fail('exi.encode_value', `expected an integer in ${g.dtB[dt]}..${g.dtC[dt]}`);
        w.bits(v - g.dtB[dt], g.dtA[dt]);
        return;
      }
      case DT_ENUM: {
        const key = typeof v === 'number' && g.dtC[dt] === 1 ? String(v) : v;
        const i = typeof key === 'string' ? g.enumIndex[g.dtB[dt]].get(key) : undefined;
        if (i === undefined) this.fail('exi.encode_value', `not an enumeration value: ${JSON.stringify(v)}`);
        w.bits(i, g.dtA[dt]);
        return;
      }
      case DT_LIST: {
        if (!Array.isArray(v)) this.fail('exi.encode_value', 'expected a JSON array (xs:list)');
        w.uint(v.length);
        for (const item of v) this.value(g.dtA[dt], item);
        return;
      }
      default:
        this.fail('exi.internal', `unknown datatype kind ${g.dtKind[dt]}`);
    }
  }

  /** A JSON integer: a safe-integer number or a decimal string (for values beyond 2^53). */
  private integer(v: unknown): number | bigint {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) this.fail('exi.encode_value', 'expected an integer (use a decimal string beyond 2^53)');
      return v;
    }
    if (typeof v === 'string' && /^-?[0-9]{1,400}$/.test(v)) return BigInt(v);
    return this.fail('exi.encode_value', 'expected an integer');
  }

  /** String literal (7.1.10): length + 2, then the code points; never a string-table hit. */
  private string(s: string): void {
    const w = this.w;
    let n = 0;
    for (const _ of s) n++;
    w.uint(n + 2);
    for (const ch of s) w.uint(ch.codePointAt(0)!);
  }
}

/** Encodes one stream; `header.schemaId` adds an EXI options document carrying it (EXI 1.0 5.4). */
export function encodeDocument(g: Grammar, value: unknown, fragment: boolean, header?: { schemaId?: string }): Uint8Array {
  const e = new Encoder(g, header);
  return fragment ? e.fragment(value) : e.document(value);
}
