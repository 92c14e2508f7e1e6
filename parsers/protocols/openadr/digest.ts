// XML Signature reference digests (XMLDSig 1.1 §4.4.3 Reference, §4.4.3.3 same-document URIs "" and
// "#id", §6.6.4 enveloped-signature transform, §6.5 canonicalization algorithms, §6.2 digest algorithms)
// of an OpenADR 2.0b oadrPayload (2.0b profile §8.3: the Reference points at oadrSignedObject). Works on
// the parsed tree (xml/tree.ts shape): dereferences each ds:Reference, canonicalises per its Transforms
// (xml/c14n.ts), hashes with @noble/hashes and compares with DigestValue. The SignatureValue (RSA/ECDSA over
// SignedInfo) needs the signer's certificate and is not verified. Never throws; bounded by node counts.
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { elementName } from '../xml';
import type { FxpNode } from '../xml';
import { canonicalize, findById } from '../xml/c14n';
import type { C14nMode, ElementPath } from '../xml/c14n';

const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const DIGESTS: Record<string, (b: Uint8Array) => Uint8Array> = {
  [`${DSIG}sha1`]: sha1,
  'http://www.w3.org/2001/04/xmlenc#sha256': sha256,
  'http://www.w3.org/2001/04/xmldsig-more#sha384': sha384,
  'http://www.w3.org/2001/04/xmlenc#sha512': sha512,
};

const C14N: Record<string, C14nMode> = {
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315': 'inclusive',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments': 'inclusive',
  'http://www.w3.org/2001/10/xml-exc-c14n#': 'exclusive',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments': 'exclusive',
};
const ENVELOPED = `${DSIG}enveloped-signature`;

export type ReferenceOutcome =
  | { uri: string; status: 'match' }
  | { uri: string; status: 'mismatch'; computed: string }
  | { uri: string; status: 'unchecked'; reason: string };

const MAX_NODES = 200_000;

function local(q: string): string {
  const c = q.indexOf(':');
  return c < 0 ? q : q.slice(c + 1);
}

function kids(n: FxpNode): FxpNode[] {
  const name = elementName(n);
  const k = name === undefined ? undefined : n[name];
  return Array.isArray(k) ? (k as FxpNode[]) : [];
}

function child(n: FxpNode, l: string): FxpNode | undefined {
  return kids(n).find((k) => {
    const nm = elementName(k);
    return nm !== undefined && local(nm) === l;
  });
}

function children(n: FxpNode, l: string): FxpNode[] {
  return kids(n).filter((k) => {
    const nm = elementName(k);
    return nm !== undefined && local(nm) === l;
  });
}

function attr(n: FxpNode | undefined, a: string): string | undefined {
  const at = n?.[':@'] as Record<string, string> | undefined;
  return at?.[a];
}

function textOf(n: FxpNode | undefined): string {
  let s = '';
  for (const k of n ? kids(n) : []) if (k['#text'] !== undefined) s += String(k['#text']);
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
  }
  return s;
}

/** The ds:Signature children of the root element (oadrPayload carries its Signature there). */
export function findSignatures(root: FxpNode): FxpNode[] {
  return children(root, 'Signature');
}

/** Verifies every Reference digest of one ds:Signature element inside the document rooted at `root`. */
export function checkReferences(root: FxpNode, signature: FxpNode): ReferenceOutcome[] {
  const out: ReferenceOutcome[] = [];
  const si = child(signature, 'SignedInfo');
  if (!si) return out;
  const enc = new TextEncoder();
  for (const ref of children(si, 'Reference').slice(0, 32)) {
    const uri = attr(ref, 'URI') ?? '';
    try {
      out.push(checkOne(root, signature, ref, uri, enc));
    } catch (e) {
      out.push({ uri, status: 'unchecked', reason: `internal error (${e instanceof Error ? e.message : String(e)})` });
    }
  }
  return out;
}

function checkOne(root: FxpNode, signature: FxpNode, ref: FxpNode, uri: string, enc: TextEncoder): ReferenceOutcome {
  const dm = attr(child(ref, 'DigestMethod'), 'Algorithm') ?? '';
  const hash = DIGESTS[dm];
  if (!hash) return { uri, status: 'unchecked', reason: `digest algorithm ${dm || '(none)'} not supported` };
  let path: ElementPath | undefined;
  if (uri === '') path = [root];
  else if (uri.startsWith('#') && !uri.startsWith('#xpointer(')) {
    path = findById(root, decodeURIComponent(uri.slice(1)), MAX_NODES);
    if (!path) return { uri, status: 'unchecked', reason: `no element with Id "${uri.slice(1)}"` };
  } else return { uri, status: 'unchecked', reason: `reference URI ${uri} is not a same-document Id reference` };
  let mode: C14nMode = 'inclusive';
  let enveloped = false;
  const tr = child(ref, 'Transforms');
  for (const t of tr ? children(tr, 'Transform') : []) {
    const alg = attr(t, 'Algorithm') ?? '';
    if (alg === ENVELOPED) enveloped = true;
    else if (C14N[alg]) {
      if (kids(t).some((k) => elementName(k) !== undefined)) return { uri, status: 'unchecked', reason: 'InclusiveNamespaces prefix lists are not supported' };
      mode = C14N[alg];
    } else return { uri, status: 'unchecked', reason: `transform ${alg || '(none)'} not supported` };
  }
  const exclude = enveloped ? new Set([signature]) : undefined;
  const c = canonicalize(path, { mode, exclude, maxNodes: MAX_NODES });
  if (c === undefined) return { uri, status: 'unchecked', reason: 'referenced element too large to canonicalise' };
  const computed = toBase64(hash(enc.encode(c)));
  const expected = textOf(child(ref, 'DigestValue')).replace(/\s+/g, '');
  return computed === expected ? { uri, status: 'match' } : { uri, status: 'mismatch', computed };
}
