// XML Signature (XMLDSig 1.1 §4.4 SignedInfo, §4.4.3 Reference) inside an OpenADR 2.0b oadrPayload
// (OpenADR 2.0b profile §8.3 security: the Reference points at the oadrSignedObject). Shows the algorithms,
// references and digests. Digest verification needs Canonical XML / Exclusive C14N of the referenced
// subtree and is not implemented: every signature gets openadr.signature_unchecked (info).
import { diag } from '../../core/diagnostics';
import type { Diagnostic } from '../../core/diagnostics';
import type { SignatureInfo } from './types';

type J = Record<string, unknown>;

function obj(v: unknown): J | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : undefined;
}
function list(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const o = obj(v);
  return o && typeof o.CONTENT === 'string' ? o.CONTENT : undefined;
}

/** Reads the JSON form of a ds:Signature element. */
export function signatureInfo(sig: unknown, diagnostics: Diagnostic[]): SignatureInfo | undefined {
  const s = obj(sig);
  if (!s) return undefined;
  const si = obj(s.SignedInfo);
  const info: SignatureInfo = {
    canonicalization: str(obj(si?.CanonicalizationMethod)?.Algorithm),
    signatureMethod: str(obj(si?.SignatureMethod)?.Algorithm),
    references: [],
    hasKeyInfo: s.KeyInfo !== undefined,
  };
  for (const r of list(si?.Reference)) {
    const ro = obj(r);
    if (!ro) continue;
    info.references.push({
      uri: typeof ro.URI === 'string' ? ro.URI : '',
      digestMethod: str(obj(ro.DigestMethod)?.Algorithm),
      digestValue: str(ro.DigestValue)?.replace(/\s+/g, ''),
      transforms: list(obj(ro.Transforms)?.Transform).map((t) => str(obj(t)?.Algorithm) ?? '?'),
    });
  }
  diagnostics.push(diag('info', 'openadr.signature_unchecked',
    `XML signature with ${info.references.length} reference(s) shown; digests and signature value are not verified (canonicalisation not implemented).`));
  return info;
}
