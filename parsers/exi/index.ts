// EXI 1.0 codec for the V2G protocols (SAP handshake, DIN SPEC 70121, ISO 15118-2, ISO 15118-20 and
// the xmldsig / message fragment grammars) and IEEE 2030.5 (sep.xsd 2018 and 2013): public API of
// parsers/exi. Decodes and encodes the V2G schemas exactly like the reference codec EVerest libcbv2g, and
// 2030.5 as plain EXI 1.0 (see README.md for the JSON form, design and known deviations). Never throws:
// errors come back as results with a stable code and the bit offset.
import { BitReader, ExiError } from './bits';
import { decodeDocument } from './decoder';
import { encodeDocument } from './encoder';
import { jsonFromTree, type XmlTreeElement } from './fromTree';
import { readHeader, type ExiOptions } from './header';
import { grammarOf, EXI_SCHEMAS, SEP_EXI_SCHEMAS, V2G_EXI_SCHEMAS, isExiSchema, type ExiSchema } from './schemas';
import { toXml } from './xml';

export type { ExiSchema, ExiOptions, XmlTreeElement };
export { EXI_SCHEMAS, SEP_EXI_SCHEMAS, V2G_EXI_SCHEMAS, isExiSchema };

export interface ExiErrorInfo {
  code: string;
  message: string;
  bitOffset: number;
}

export interface ExiDecodeResult {
  ok: boolean;
  value?: unknown;
  error?: ExiErrorInfo;
  /** The header's EXI Options document, when the stream carried one. */
  options?: ExiOptions;
  /** Bits the stream used (header and body, before the padding of the last octet). */
  bits?: number;
}

export interface ExiHeaderResult {
  ok: boolean;
  /** The options document (undefined: the header had none). */
  options?: ExiOptions;
  /** Bit offset of the body. */
  bodyBit?: number;
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
    const info: { options?: ExiOptions; endBit?: number } = {};
    const value = decodeDocument(grammar, bytes, fragment, info);
    return info.options ? { ok: true, value, options: info.options, bits: info.endBit } : { ok: true, value, bits: info.endBit };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}

/** Reads only the header of an EXI stream (cookie, version, options document), e.g. to pick a schema by its schemaId. */
export function exiHeader(bytes: Uint8Array): ExiHeaderResult {
  try {
    const r = new BitReader(bytes);
    const options = readHeader(r);
    return options ? { ok: true, options, bodyBit: r.pos } : { ok: true, bodyBit: r.pos };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}

/**
 * Encodes the JSON form of a message (as exiDecode returns it) to an EXI stream; `header.schemaId` puts an
 * EXI options document with that schemaId in the header (IEEE 2030.5-2018 §5.6.3: "S1").
 */
export function exiEncode(schema: ExiSchema, value: unknown, header?: { schemaId?: string }): ExiEncodeResult {
  try {
    if (!isExiSchema(schema)) return { ok: false, error: { code: 'exi.schema', message: `unknown EXI schema ${String(schema)}`, bitOffset: 0 } };
    const { grammar, fragment } = grammarOf(schema);
    return { ok: true, bytes: encodeDocument(grammar, value, fragment, header) };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}

/** The JSON form of an XML document given as an element tree (for exiEncode); document schemas only. */
export function exiFromXmlTree(schema: ExiSchema, root: XmlTreeElement): ExiDecodeResult {
  try {
    if (!isExiSchema(schema)) return { ok: false, error: { code: 'exi.schema', message: `unknown EXI schema ${String(schema)}`, bitOffset: 0 } };
    const { grammar, fragment } = grammarOf(schema);
    if (fragment) return { ok: false, error: { code: 'exi.schema', message: `${schema} is a fragment grammar`, bitOffset: 0 } };
    return { ok: true, value: jsonFromTree(grammar, root) };
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
