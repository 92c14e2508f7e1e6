// EXI 1.0 codec for the V2G protocols (SAP handshake, DIN SPEC 70121, ISO 15118-2, ISO 15118-20 and
// the xmldsig / message fragment grammars): public API of parsers/exi. Decodes and encodes exactly like
// the reference codec EVerest libcbv2g (see README.md for the JSON form, design and known deviations).
// Never throws: errors come back as results with a stable code and the bit offset.
import { ExiError } from './bits';
import { decodeDocument } from './decoder';
import { encodeDocument } from './encoder';
import { grammarOf, EXI_SCHEMAS, isExiSchema, type ExiSchema } from './schemas';
import { toXml } from './xml';

export type { ExiSchema };
export { EXI_SCHEMAS, isExiSchema };

export interface ExiErrorInfo {
  code: string;
  message: string;
  bitOffset: number;
}

export interface ExiDecodeResult {
  ok: boolean;
  value?: unknown;
  error?: ExiErrorInfo;
}

export interface ExiEncodeResult {
  ok: boolean;
  bytes?: Uint8Array;
  error?: ExiErrorInfo;
}

function toError(e: unknown): ExiErrorInfo {
  if (e instanceof ExiError) return { code: e.code, message: e.message, bitOffset: e.bitOffset };
  if (e instanceof RangeError) return { code: 'exi.limit', message: `resource limit: ${e.message}`, bitOffset: -1 };
  return { code: 'exi.internal', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, bitOffset: -1 };
}

/** Decodes one EXI stream (header included, no V2GTP header) of the given schema to its JSON form. */
export function exiDecode(schema: ExiSchema, bytes: Uint8Array): ExiDecodeResult {
  try {
    if (!isExiSchema(schema)) return { ok: false, error: { code: 'exi.schema', message: `unknown EXI schema ${String(schema)}`, bitOffset: 0 } };
    const { grammar, fragment } = grammarOf(schema);
    return { ok: true, value: decodeDocument(grammar, bytes, fragment) };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}

/** Encodes the JSON form of a message (as exiDecode returns it) to an EXI stream. */
export function exiEncode(schema: ExiSchema, value: unknown): ExiEncodeResult {
  try {
    if (!isExiSchema(schema)) return { ok: false, error: { code: 'exi.schema', message: `unknown EXI schema ${String(schema)}`, bitOffset: 0 } };
    const { grammar, fragment } = grammarOf(schema);
    return { ok: true, bytes: encodeDocument(grammar, value, fragment) };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}

/** Renders the JSON form as XML (for display); unknown keys are rendered best-effort, never throws. */
export function exiToXml(schema: ExiSchema, value: unknown): string {
  try {
    if (!isExiSchema(schema)) return `<!-- unknown EXI schema ${String(schema)} -->`;
    const { grammar, fragment } = grammarOf(schema);
    return toXml(grammar, value, fragment);
  } catch (e) {
    return `<!-- ${toError(e).message.replace(/--/g, '- -')} -->`;
  }
}
