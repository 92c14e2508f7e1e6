// EXI header (W3C EXI 1.0 2nd ed. §5): optional "$EXI" cookie, distinguishing bits, presence bit, version,
// and the EXI Options document (§5.4) when the presence bit is set. The options document is an EXI body of
// its own, encoded with the schema of Appendix C in strict mode (bit-packed, default options): a few nested
// sequences of optional elements, read and written here directly from that schema (as EXIP's
// headerDecode.c / headerEncode.c do) rather than through generated tables. IEEE 2030.5-2018 §5.6.3 sends
// `<header><common><schemaId>S1</schemaId></common></header>` in front of every application/sep-exi body.
import type { BitReader, BitWriter } from './bits';
import { bitsFor } from './grammarDef';

/** What an EXI Options document said (absent: the default). */
export interface ExiOptions {
  alignment?: 'byte' | 'pre-compress';
  compression?: boolean;
  strict?: boolean;
  fragment?: boolean;
  selfContained?: boolean;
  preserve?: { dtd?: boolean; prefixes?: boolean; lexicalValues?: boolean; comments?: boolean; pis?: boolean };
  valueMaxLength?: number;
  valuePartitionCapacity?: number;
  blockSize?: number;
  datatypeRepresentationMap?: boolean;
  /** User-defined meta-data (SE(*) in `uncommon`). */
  userMeta?: boolean;
  /** schemaId: a string ('' = schema-less), null for xsi:nil="true", absent when not given. */
  schemaId?: string | null;
}

const HEADER = ['lesscommon', 'common', 'strict'];
const LESSCOMMON = ['uncommon', 'preserve', 'blockSize'];
const UNCOMMON = ['alignment', 'selfContained', 'valueMaxLength', 'valuePartitionCapacity', 'datatypeRepresentationMap'];
const PRESERVE = ['dtd', 'prefixes', 'lexicalValues', 'comments', 'pis'] as const;
const COMMON = ['compression', 'fragment', 'schemaId'];
const MAX_SCHEMA_ID = 1024;

/**
 * Strict grammar of a sequence of optional elements (8.5.4, strict: no second level): after child i only the
 * children after i and EE remain, so a state with k children left has k + 1 codes. `wildcardFirst`: an
 * unbounded xs:any before the first child (SE(*) sorts after the named children, 8.5.4.3) while none was read.
 * Calls `child` for each element read; returns at EE.
 */
function sequence(r: BitReader, names: readonly string[], child: (name: string) => void, wildcardFirst = false): void {
  let pos = 0;
  for (let guard = 0; guard <= names.length + 1; guard++) {
    const wild = wildcardFirst && pos === 0 ? 1 : 0;
    const left = names.length - pos;
    const code = r.bits(bitsFor(left + wild + 1));
    if (code === left + wild) return; // EE
    if (code > left + wild) r.fail('exi.header', 'invalid event code in the EXI options document');
    if (code === left) return child('*');
    child(names[pos + code]);
    pos += code + 1;
  }
  r.fail('exi.header', 'EXI options document does not end');
}

/** An empty element (complexType without content) is present: in strict mode its only production, EE, takes 0 bits. */
const empty = (): true => true;

const unsignedInt = (r: BitReader, what: string): number => r.uintSmall(0xffffffff, what);

function schemaId(r: BitReader): string | null {
  // nillable string, strict: CH (0) or the second level (1) holding AT(xsi:nil) alone.
  for (let i = 0; i < 2; i++) {
    if (r.bit() === 0) {
      const L = r.uintSmall(MAX_SCHEMA_ID + 2, 'schemaId length');
      if (L < 2) r.fail('exi.header', 'schemaId refers to a string table entry that cannot exist');
      let s = '';
      for (let k = 0; k < L - 2; k++) {
        const c = r.uintSmall(0x10ffff, 'schemaId character');
        s += String.fromCodePoint(c);
      }
      return s; // then EE: 0 bits in strict mode
    }
    if (r.bit() === 1) return null; // xsi:nil="true": EE follows with 0 bits
  }
  return r.fail('exi.header', 'invalid schemaId in the EXI options document');
}

function readOptions(r: BitReader): ExiOptions {
  const o: ExiOptions = {};
  // Document: SE(header) or SE(*) (1 bit); the header element is the only global element of Appendix C.
  if (r.bit() !== 0) r.fail('exi.header', 'EXI options document does not start with <header>');
  sequence(r, HEADER, (h) => {
    if (h === 'lesscommon') {
      sequence(r, LESSCOMMON, (l) => {
        if (l === 'uncommon') {
          sequence(r, UNCOMMON, (u) => {
            if (u === '*') {
              o.userMeta = true;
              r.fail('exi.unsupported_options', 'user-defined meta-data in the EXI options are not supported');
            } else if (u === 'alignment') o.alignment = r.bit() === 0 ? 'byte' : 'pre-compress';
            else if (u === 'selfContained') o.selfContained = empty();
            else if (u === 'valueMaxLength') o.valueMaxLength = unsignedInt(r, 'valueMaxLength');
            else if (u === 'valuePartitionCapacity') o.valuePartitionCapacity = unsignedInt(r, 'valuePartitionCapacity');
            else {
              o.datatypeRepresentationMap = true;
              r.fail('exi.unsupported_options', 'datatypeRepresentationMap in the EXI options is not supported');
            }
          }, true);
        } else if (l === 'preserve') {
          const p: NonNullable<ExiOptions['preserve']> = {};
          sequence(r, PRESERVE, (name) => { p[name as (typeof PRESERVE)[number]] = empty(); });
          o.preserve = p;
        } else o.blockSize = unsignedInt(r, 'blockSize');
      });
    } else if (h === 'common') {
      sequence(r, COMMON, (c) => {
        if (c === 'compression') o.compression = empty();
        else if (c === 'fragment') o.fragment = empty();
        else o.schemaId = schemaId(r);
      });
    } else o.strict = empty();
  });
  // ED: 0 bits. Bit-packed streams go on without padding (padding only for byte alignment / compression).
  if (o.alignment !== undefined || o.compression) {
    const rest = r.pos & 7;
    if (rest) r.pos += 8 - rest;
  }
  return o;
}

/**
 * Reads the EXI header at the start of `r` and leaves `r` at the first bit of the body. Returns the options
 * document's content when present, undefined otherwise (throws ExiError on a malformed header).
 */
export function readHeader(r: BitReader): ExiOptions | undefined {
  const b = r.buf;
  if (b.length >= 4 && b[0] === 0x24 && b[1] === 0x45 && b[2] === 0x58 && b[3] === 0x49) r.pos = 32;
  if (r.bits(2) !== 2) r.fail('exi.header', 'not an EXI stream (distinguishing bits are not 10)');
  const present = r.bit() === 1;
  if (r.bit() !== 0) r.fail('exi.header', 'preview EXI version');
  if (r.bits(4) !== 0) r.fail('exi.header', 'unsupported EXI version (only version 1)');
  return present ? readOptions(r) : undefined;
}

/** The options this codec cannot honour (they change the body's encoding); undefined when all is default. */
export function unsupportedOption(o: ExiOptions, fragment: boolean): string | undefined {
  if (o.compression) return 'compression';
  if (o.alignment) return `${o.alignment} alignment`;
  if (o.strict) return 'strict';
  if (o.selfContained) return 'selfContained';
  if ((o.fragment ?? false) !== fragment) return o.fragment ? 'fragment (this grammar decodes documents)' : 'document (this grammar decodes fragments)';
  if (o.preserve && Object.values(o.preserve).some(Boolean)) return `preserve.${Object.keys(o.preserve).join(', preserve.')}`;
  if (o.valueMaxLength !== undefined) return 'valueMaxLength';
  if (o.valuePartitionCapacity !== undefined) return 'valuePartitionCapacity';
  return undefined;
}

/**
 * Writes the header: without options (one octet, 0x80) when no schemaId is given, else with an options
 * document holding the schemaId (and <fragment/> for a fragment stream).
 */
export function writeHeader(w: BitWriter, opts: { schemaId?: string } | undefined, fragment: boolean): void {
  if (opts?.schemaId === undefined) {
    w.bits(0x80, 8);
    return;
  }
  w.bits(0b10, 2); // distinguishing bits
  w.bits(1, 1); // options present
  w.bits(0, 5); // final version 1
  w.bits(0, 1); // SE(header) in the document grammar {SE(header), SE(*)}
  w.bits(1, bitsFor(HEADER.length + 1)); // SE(common) in {lesscommon, common, strict, EE}
  let pos = 0;
  if (fragment) {
    w.bits(1, bitsFor(COMMON.length + 1)); // SE(fragment) in {compression, fragment, schemaId, EE}; EE: 0 bits
    pos = 2;
  }
  w.bits(2 - pos, bitsFor(COMMON.length - pos + 1)); // SE(schemaId)
  w.bits(0, 1); // CH (the second level would hold AT(xsi:nil))
  const s = opts.schemaId;
  w.uint([...s].length + 2);
  for (const ch of s) w.uint(ch.codePointAt(0)!);
  // EE(schemaId) and EE(common) are the only choices left: 0 bits. EE(header) after common: code 1 of {strict, EE}.
  w.bits(1, bitsFor(2));
}
