// IEEE 2030.5 application/sep-exi bodies (IEEE 2030.5-2018 §5.6.3 "EXI encoding"; media type registration
// application/sep-exi) -> the equivalent application/sep+xml text, which decode.ts then reads exactly like
// an XML body (same tree, validation, names, links, units).
//
// §5.6.3 prescribes: schema-informed, non-strict grammars of the normative sep.xsd; bit-packed; no
// compression; fragment, selfContained, preserve.* false; default valueMaxLength / valuePartitionCapacity;
// no datatypeRepresentationMap nor user meta-data; and an EXI options header carrying only the schemaId,
// "S1" for the 2018 schema (<header xmlns="http://www.w3.org/2009/exi"><common><schemaId>S1</schemaId>
// </common></header>). The 2013 edition's text is not at hand; its media type registration names the
// base SEP2 schema "S0", which is what is expected for it here.
//
// Choosing the grammar: with EXI the root namespace cannot be read before decoding (the namespace is in the
// grammar, not the stream), so the edition comes from the header's schemaId: S1 -> sep.xsd 2018 (v2.1.0),
// S0 -> sep.xsd 2013 (v2.0.4). Without a schemaId (or an unknown one) the 2018 grammar is tried first, then
// the 2013 one, and a warning says the edition was guessed. A grammar that decodes the bits without error
// can still be the wrong one, so a decode that ends in the body's last octet (EXI pads only to the octet)
// is preferred to one that stops early. Options that change the body's encoding (compression, strict, ...)
// are an error; octets after the end of the document are a warning.
// CSIP-AUS extension elements are not in these grammars (non-strict undeclared content is not decoded).
//
// Bounded work: bodies above MAX_EXI_BYTES are not decoded; the EXI decoder bounds depth, list and value
// lengths against the bytes left, and every event consumes at least one bit; the XML text it yields is at
// most a constant factor of the decoded tree and goes through the XML path's own limits.
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import { exiDecode, exiHeader, exiToXml, type ExiDecodeResult, type ExiErrorInfo, type ExiSchema } from '../../exi';

/** Larger application/sep-exi bodies are not decoded (2030.5 resources are a few kB; this bounds the tree). */
export const MAX_EXI_BYTES = 256 * 1024;

export interface SepExiBody {
  /** The body as XML text (UTF-8), when it decoded. */
  xml?: Uint8Array;
  /** Edition of the grammar that decoded it, or that the schemaId named. */
  version?: '2018' | '2013';
  diagnostics: Diagnostic[];
}

const SCHEMA_IDS: Record<string, { schema: ExiSchema; version: '2018' | '2013' }> = {
  S1: { schema: 'sep2018', version: '2018' },
  S0: { schema: 'sep2013', version: '2013' },
};

function describe(r: { error?: ExiErrorInfo }): string {
  const e = r.error ?? { code: 'exi.internal', message: 'no error information', bitOffset: -1 };
  return `${e.code}: ${e.message}${e.bitOffset >= 0 ? ` (bit ${e.bitOffset})` : ''}`;
}

/** Decodes an application/sep-exi body to XML text; never throws. */
export function sepExiToXml(body: Uint8Array): SepExiBody {
  const diagnostics: Diagnostic[] = [];
  if (body.length > MAX_EXI_BYTES) {
    diagnostics.push(diag('error', 'ieee2030_5.exi', `application/sep-exi body of ${body.length} bytes not decoded (limit ${MAX_EXI_BYTES}).`));
    return { diagnostics };
  }
  const head = exiHeader(body);
  if (!head.ok) {
    diagnostics.push(diag('error', 'ieee2030_5.exi', `application/sep-exi body not decoded: ${describe(head)}.`));
    return { diagnostics };
  }
  const id = head.options?.schemaId;
  const named = typeof id === 'string' && Object.prototype.hasOwnProperty.call(SCHEMA_IDS, id) ? SCHEMA_IDS[id] : undefined;
  const tries = named ? [named] : [SCHEMA_IDS.S1, SCHEMA_IDS.S0];
  if (!named) {
    const said = id === undefined ? 'no schemaId in the EXI header' : `unknown EXI schemaId ${JSON.stringify(id)}`;
    diagnostics.push(diag('warning', 'ieee2030_5.exi_schema_id', `${said} (IEEE 2030.5-2018 §5.6.3 expects "S1"); the edition was guessed from the grammar that decodes the body.`));
  }
  let first: ExiDecodeResult | undefined;
  let fallback: { t: (typeof tries)[number]; r: ExiDecodeResult } | undefined;
  for (const t of tries) {
    const r = exiDecode(t.schema, body);
    if (!r.ok) {
      first ??= r;
      continue;
    }
    if (endsInLastOctet(r, body)) return done(t.schema, t.version, r, diagnostics);
    fallback ??= { t, r };
  }
  if (fallback) {
    const extra = body.length - Math.ceil((fallback.r.bits ?? 0) / 8);
    diagnostics.push(diag('warning', 'ieee2030_5.exi_trailing', `${extra} octet(s) after the end of the EXI document ignored.`));
    return done(fallback.t.schema, fallback.t.version, fallback.r, diagnostics);
  }
  diagnostics.push(diag('error', 'ieee2030_5.exi', `application/sep-exi body not decoded with the ${named ? `sep.xsd ${named.version}` : 'sep.xsd 2018 or 2013'} grammar: ${describe(first!)}.`));
  return { version: named?.version, diagnostics };
}

function endsInLastOctet(r: ExiDecodeResult, body: Uint8Array): boolean {
  return r.bits !== undefined && Math.ceil(r.bits / 8) === body.length;
}

function done(schema: ExiSchema, version: '2018' | '2013', r: ExiDecodeResult, diagnostics: Diagnostic[]): SepExiBody {
  return { xml: new TextEncoder().encode(exiToXml(schema, r.value)), version, diagnostics };
}
