// EXI grammar tables: the compact definitions written by tools/exi-gen (parsers/exi/generated/*.ts)
// and their loaded form (typed arrays) used by the decoder and encoder. Layout documented in
// parsers/exi/README.md; spec: W3C EXI 1.0 (2nd ed.) 8.5 schema-informed grammars, 7 datatypes.

/** What the generator writes (plain arrays, so the generated files stay small and need no code). */
export interface ExiGrammarDef {
  id: string;
  uris: string[];
  names: string[];
  /** Per qname: uri index, local-name index. */
  qnames: number[];
  /** Per datatype: kind, a, b, c (see DT_*). */
  dts: number[];
  enums: string[][];
  /** Per use (an element or attribute in one context): qname, USE_* kind, type index or datatype, flags (1 = array). */
  uses: number[];
  /** Per state: n, width, limit, exhaust; then n productions of kind|cnt<<4, arg, next, cntArg. */
  states: number[];
  /** Per complex type: start state, mixed, content datatype (-1), slot count, slot uses. */
  types: number[];
  /** Document grammar: the global elements in event-code order (uses). */
  doc: number[];
  /** Fragment grammar: all element qnames in event-code order (uses; -1-qname where the type is ambiguous). */
  frag: number[];
}

export const P_EE = 0;
export const P_SE = 1;
export const P_AT = 2;
export const P_CH = 3;
export const P_CHU = 4;
export const P_SEW = 5;
export const CNT_SET = 1;
export const CNT_INC = 2;

export const DT_STRING = 0;
export const DT_BOOLEAN = 1;
export const DT_HEX = 2;
export const DT_B64 = 3;
export const DT_UINT = 4;
export const DT_INT = 5;
export const DT_NBIT = 6;
export const DT_ENUM = 7;
export const DT_LIST = 8;

export const USE_SIMPLE = 0;
export const USE_COMPLEX = 1;
export const USE_ATTR = 2;

/** Loaded grammar: flat typed arrays for the hot loops. */
export interface Grammar {
  id: string;
  /** States, addressed by offset: n, width, limit, exhaust (offset), then n * (kind|cnt<<4, arg, next offset, cntArg). */
  S: Int32Array;
  qnName: string[];
  qnUri: string[];
  useQn: Int32Array;
  useKind: Uint8Array;
  useType: Int32Array;
  useArr: Uint8Array;
  /** JSON key of each use (the local name). */
  useName: string[];
  /** Start state (offset into S) of each complex type. */
  tStart: Int32Array;
  tMixed: Uint8Array;
  tContent: Int32Array;
  tSlotOff: Int32Array;
  tSlotCount: Int32Array;
  slots: Int32Array;
  dtKind: Uint8Array;
  dtA: Int32Array;
  dtB: Int32Array;
  dtC: Int32Array;
  enums: string[][];
  /** Enumeration literal -> index, per enumeration table. */
  enumIndex: Map<string, number>[];
  doc: Int32Array;
  frag: Int32Array;
  qnCount: number;
}

export function loadGrammar(d: ExiGrammarDef): Grammar {
  // States are addressed by their offset into S at run time: rewrite next/exhaust/start indices.
  const S = Int32Array.from(d.states);
  const offs: number[] = [];
  for (let o = 0; o < S.length; o += 4 + S[o] * 4) offs.push(o);
  for (const o of offs) {
    if (S[o + 3] >= 0) S[o + 3] = offs[S[o + 3]];
    for (let p = o + 4, end = o + 4 + S[o] * 4; p < end; p += 4) if (S[p + 2] >= 0) S[p + 2] = offs[S[p + 2]];
  }
  const qnCount = d.qnames.length / 2;
  const qnName: string[] = [];
  const qnUri: string[] = [];
  for (let i = 0; i < qnCount; i++) {
    qnUri.push(d.uris[d.qnames[2 * i]]);
    qnName.push(d.names[d.qnames[2 * i + 1]]);
  }
  const nu = d.uses.length / 4;
  const useQn = new Int32Array(nu);
  const useKind = new Uint8Array(nu);
  const useType = new Int32Array(nu);
  const useArr = new Uint8Array(nu);
  const useName: string[] = [];
  for (let i = 0; i < nu; i++) {
    useQn[i] = d.uses[4 * i];
    useKind[i] = d.uses[4 * i + 1];
    useType[i] = d.uses[4 * i + 2];
    useArr[i] = d.uses[4 * i + 3] & 1;
    useName.push(qnName[useQn[i]]);
  }
  const tStart: number[] = [];
  const tMixed: number[] = [];
  const tContent: number[] = [];
  const tSlotOff: number[] = [];
  const tSlotCount: number[] = [];
  const slots: number[] = [];
  for (let o = 0; o < d.types.length; ) {
    tStart.push(offs[d.types[o]]);
    tMixed.push(d.types[o + 1]);
    tContent.push(d.types[o + 2]);
    const n = d.types[o + 3];
    tSlotOff.push(slots.length);
    tSlotCount.push(n);
    for (let i = 0; i < n; i++) slots.push(d.types[o + 4 + i]);
    o += 4 + n;
  }
  const nd = d.dts.length / 4;
  const dtKind = new Uint8Array(nd);
  const dtA = new Int32Array(nd);
  const dtB = new Int32Array(nd);
  const dtC = new Int32Array(nd);
  for (let i = 0; i < nd; i++) {
    dtKind[i] = d.dts[4 * i];
    dtA[i] = d.dts[4 * i + 1];
    dtB[i] = d.dts[4 * i + 2];
    dtC[i] = d.dts[4 * i + 3];
  }
  return {
    id: d.id,
    S,
    qnName,
    qnUri,
    useQn,
    useKind,
    useType,
    useArr,
    useName,
    tStart: Int32Array.from(tStart),
    tMixed: Uint8Array.from(tMixed),
    tContent: Int32Array.from(tContent),
    tSlotOff: Int32Array.from(tSlotOff),
    tSlotCount: Int32Array.from(tSlotCount),
    slots: Int32Array.from(slots),
    dtKind,
    dtA,
    dtB,
    dtC,
    enums: d.enums,
    enumIndex: d.enums.map((e) => new Map(e.map((lit, i) => [lit, i]))),
    doc: Int32Array.from(d.doc),
    frag: Int32Array.from(d.frag),
    qnCount,
  };
}

/** Number of bits of an n-bit unsigned integer able to hold n distinct values. */
export function bitsFor(n: number): number {
  return n <= 1 ? 0 : 32 - Math.clz32(n - 1);
}
