// XML Signature reference digests of OpenADR 2.0b payloads (parsers/protocols/openadr/digest.ts) and the
// canonicaliser behind them (parsers/protocols/xml/c14n.ts).
// Truth: (1) xmllint --c14n / --exc-c14n (libxml2) of the oadrSignedObject subtree of every corpus OpenADR
// payload, extracted by regular expressions into a standalone document carrying the in-scope namespace
// declarations; (2) the DigestValues written by the avob_OpenADR signer (Java XMLDSig) in the corpus. The
// corpus files were reformatted after signing (pretty-printed; the UTF-16 file also lost its root
// xmlns:xmldsig/xmldsig11 declarations; signatureOadrPayload.xml had its signed body removed), so the
// signed form is rebuilt here by undoing exactly those edits; the signer's SHA-1 digests then match, which
// a wrong canonical form could not achieve. (3) node:crypto digests of xmllint's canonical form for the
// exclusive-c14n / SHA-256 / SHA-512 variants.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeOpenAdr } from '../../../parsers/protocols/openadr';
import type { GridMessage, HttpExchangeView } from '../../../parsers/protocols/openadr';
import { parseXml, elementName } from '../../../parsers/protocols/xml';
import type { FxpNode } from '../../../parsers/protocols/xml';
import { canonicalize } from '../../../parsers/protocols/xml/c14n';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';
import { hasXmllint, textOf } from '../../fixtures/grid/truth';

const DIR = 'corpus/payloads/openadr/avob_OpenADR/xmlsignature';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

function decode(text: string): GridMessage {
  const ex: HttpExchangeView = {
    method: 'POST', target: '/OpenADR2/Simple/2.0b/EiEvent', contentType: 'application/xml',
    body: new TextEncoder().encode(text), isRequest: true,
  };
  return decodeOpenAdr(ex)[0];
}
const codes = (m: GridMessage): string[] => m.diagnostics.filter((d) => d.code.startsWith('openadr.signature')).map((d) => `${d.severity}:${d.code}`);

const tmp = mkdtempSync(join(tmpdir(), 'vgi-c14n-'));
function xmllint(mode: '--c14n' | '--exc-c14n', doc: string): string {
  const f = join(tmp, 'doc.xml');
  writeFileSync(f, doc);
  return execFileSync('xmllint', [mode, f], { encoding: 'utf8' });
}

/** Standalone document: the element starting at `start` (up to its end tag) with the root's namespace declarations added. */
function standalone(text: string, local: string): string | undefined {
  const body = text.replace(/<\?[\s\S]*?\?>/g, '');
  const root = /<([\w.-]+:)?[\w.-]+((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*>/.exec(body);
  const m = new RegExp(`<(([\\w.-]+:)?${local})(\\s[^>]*)?>`).exec(body);
  if (!root || !m) return undefined;
  const end = body.indexOf(`</${m[1]}>`, m.index);
  if (end < 0) return undefined;
  const own = m[3] ?? '';
  const decls = [...root[2].matchAll(/(xmlns(?::[\w.-]+)?)\s*=\s*("[^"]*"|'[^']*')/g)]
    .filter((d) => !new RegExp(`\\s${d[1]}\\s*=`).test(own)).map((d) => `${d[1]}=${d[2]}`);
  return `<${m[1]} ${decls.join(' ')}${own}>${body.slice(m.index + m[0].length, end)}</${m[1]}>`;
}

/** Path root -> first element named (local) `local`. */
function pathTo(root: FxpNode, local: string): FxpNode[] | undefined {
  const walk = (p: FxpNode[]): FxpNode[] | undefined => {
    const n = p[p.length - 1];
    const name = elementName(n);
    if (name === undefined) return undefined;
    if (name.replace(/^.*:/, '') === local) return p;
    for (const k of n[name] as FxpNode[]) {
      const r = walk([...p, k]);
      if (r) return r;
    }
    return undefined;
  };
  return walk([root]);
}

const stripWs = (s: string): string => s.replace(/>\s+</g, '><');

/** The UTF-16 corpus payload as it was when signed (see header): signed object compact, xmldsig namespaces on the root. */
function signedForm(): string {
  const text = textOf(new Uint8Array(readFileSync(sharedPath(DIR, 'oadrPayload.xml')))).replace(/^<\?xml[^>]*\?>\s*/, '');
  const a = text.indexOf('<oadr:oadrSignedObject');
  const b = text.indexOf('</oadr:oadrSignedObject>') + '</oadr:oadrSignedObject>'.length;
  return (text.slice(0, a) + stripWs(text.slice(a, b)) + text.slice(b)).replace('<oadr:oadrPayload',
    '<oadr:oadrPayload xmlns:xmldsig="http://www.w3.org/2000/09/xmldsig#" xmlns:xmldsig11="http://www.w3.org/2009/xmldsig11#"');
}

describeShared('XML signature digests (OpenADR 2.0b)', () => {
  it('canonicalises oadrSignedObject byte-for-byte as xmllint --c14n and --exc-c14n do, over the corpus', () => {
    if (!hasXmllint()) return;
    const files = sharedFiles('corpus/payloads/openadr', /\.(xml|txt)$/)
      .filter((f) => /oadrSignedObject/.test(textOf(new Uint8Array(readFileSync(f)))));
    let compared = 0;
    for (const f of files) {
      const text = textOf(new Uint8Array(readFileSync(f)));
      const body = text.includes('<?xml') ? text.slice(text.indexOf('<?xml')) : text;
      const doc = standalone(body, 'oadrSignedObject');
      const parsed = parseXml(body.replace(/^<\?xml[^>]*\?>/, ''));
      if (!doc || !parsed.root) continue;
      const path = pathTo(parsed.root, 'oadrSignedObject');
      expect(path, basename(f)).toBeDefined();
      expect(canonicalize(path!, { mode: 'inclusive' }), `${basename(f)} inclusive`).toBe(xmllint('--c14n', doc));
      expect(canonicalize(path!, { mode: 'exclusive' }), `${basename(f)} exclusive`).toBe(xmllint('--exc-c14n', doc));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(12);
  });

  it('matches xmllint on escaping, attribute order, empty elements, CDATA, default namespaces and xmlns=""', () => {
    if (!hasXmllint()) return;
    const doc = '<r xmlns="urn:d" xmlns:b="urn:b" xmlns:a="urn:a" xml:lang="en"><x b:z="1" a:y="2" c="&#9;&quot;&lt;&#13;&#10; q" b="x\ty"/>'
      + '<p:s xmlns:p="urn:p" xmlns="">t &amp; &gt; &#13;<![CDATA[<&>]]><e xmlns="urn:d"/></p:s></r>';
    const parsed = parseXml(doc);
    for (const target of ['x', 's', 'e']) {
      const path = pathTo(parsed.root!, target)!;
      // Standalone copy of the subtree with its in-scope namespaces, checked by xmllint.
      const sub = target === 'x'
        ? '<x xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:b" xml:lang="en" b:z="1" a:y="2" c="&#9;&quot;&lt;&#13;&#10; q" b="x\ty"/>'
        : target === 's'
          ? '<p:s xmlns:a="urn:a" xmlns:b="urn:b" xmlns:p="urn:p" xml:lang="en">t &amp; &gt; &#13;<![CDATA[<&>]]><e xmlns="urn:d"/></p:s>'
          : '<e xmlns="urn:d" xmlns:a="urn:a" xmlns:b="urn:b" xmlns:p="urn:p" xml:lang="en"/>';
      expect(canonicalize(path, { mode: 'inclusive' }), target).toBe(xmllint('--c14n', sub));
      // Exclusive c14n does not import inherited xml:* attributes (exc-c14n §3), so its standalone copy drops them.
      expect(canonicalize(path, { mode: 'exclusive' }), target).toBe(xmllint('--exc-c14n', sub.replace(' xml:lang="en"', '')));
    }
  });

  it('verifies both reference digests of the signed UTF-16 payload in its signed form', () => {
    const m = decode(signedForm());
    expect(codes(m)).toEqual(['info:openadr.signature_valid']);
    expect(m.diagnostics.find((d) => d.code === 'openadr.signature_valid')?.message).toContain('signature value not verified: no certificate');
    expect(m.signature?.references.map((r) => [r.uri, r.digestOk])).toEqual([['#signedObject', true], ['#prop', true]]);
  });

  it('reports the corpus file as it stands (reformatted after signing) as a digest mismatch naming both references', () => {
    const m = decodeOpenAdr({
      method: 'POST', target: '/OpenADR2/Simple/2.0b/EiEvent', contentType: 'application/xml', isRequest: true,
      body: new Uint8Array(readFileSync(sharedPath(DIR, 'oadrPayload.xml'))),
    })[0];
    const mism = m.diagnostics.filter((d) => d.code === 'openadr.signature_digest_mismatch');
    expect(mism.map((d) => d.severity)).toEqual(['warning', 'warning']);
    expect(mism[0].message).toContain('URI="#signedObject"');
    expect(mism[1].message).toContain('URI="#prop"');
    expect(codes(m)).not.toContain('info:openadr.signature_valid');
  });

  it('verifies the enveloped whole-document signature (URI="") against the unsigned twin payload', () => {
    const sigText = readFileSync(sharedPath(DIR, 'signatureOadrPayload.xml'), 'utf8');
    const sig = sigText.slice(sigText.indexOf('<xmldsig:Signature>'), sigText.indexOf('</xmldsig:Signature>') + 20);
    const plain = stripWs(readFileSync(sharedPath(DIR, 'noSignatureOadrPayload.xml'), 'utf8').replace(/^<\?xml[^>]*\?>\s*/, ''));
    const at = plain.indexOf('<oadr:oadrSignedObject>');
    const signed = plain.slice(0, at) + sig + plain.slice(at);
    expect(codes(decode(signed))).toEqual(['info:openadr.signature_valid']);
    // A changed response code inside the enveloping document is caught.
    expect(codes(decode(signed.replace('>200<', '>201<')))).toContain('warning:openadr.signature_digest_mismatch');
  });

  it('flags a one-character change inside the signed object and ignores white space outside it', () => {
    const good = signedForm();
    const changed = decode(good.replace('REQ_12345', 'REQ_12346'));
    const err = changed.diagnostics.filter((d) => d.code === 'openadr.signature_digest_mismatch');
    expect(err).toHaveLength(1);
    expect(err[0].message).toContain('URI="#signedObject"');
    expect(changed.signature?.references.map((r) => r.digestOk)).toEqual([false, true]);
    const ws = good.replace('</xmldsig:SignedInfo>', '</xmldsig:SignedInfo>\n\n   ').replace('</xmldsig:Signature>', '</xmldsig:Signature>\r\n \t');
    expect(codes(decode(ws))).toEqual(['info:openadr.signature_valid']);
  });

  it('checks exclusive c14n with SHA-256 and SHA-512 against node:crypto over xmllint --exc-c14n', () => {
    if (!hasXmllint()) return;
    const good = signedForm();
    const ref = xmllint('--exc-c14n', standalone(good, 'oadrSignedObject')!);
    for (const [alg, uri] of [['sha256', 'http://www.w3.org/2001/04/xmlenc#sha256'], ['sha512', 'http://www.w3.org/2001/04/xmlenc#sha512']]) {
      const digest = createHash(alg).update(ref, 'utf8').digest('base64');
      const doc = good.replace(/(<xmldsig:Reference URI="#signedObject">[\s\S]*?Algorithm=")[^"]*("[\s\S]*?Algorithm=")[^"]*("[\s\S]*?<xmldsig:DigestValue>)[^<]*/,
        `$1${EXC}$2${uri}$3${digest}`);
      expect(codes(decode(doc)), alg).toEqual(['info:openadr.signature_valid']);
    }
  });

  it('says why a reference is not checked (unsupported digest or transform, unknown Id) and never throws', () => {
    const good = signedForm();
    const md5 = decode(good.replace('xmldsig#sha1"', 'http://www.w3.org/2001/04/xmldsig-more#md5"'));
    expect(md5.diagnostics.find((d) => d.code === 'openadr.signature_unchecked')?.message).toContain('digest algorithm');
    const xslt = decode(good.replace('xmldsig#enveloped-signature', 'REC-xslt-19991116'));
    expect(xslt.diagnostics.find((d) => d.code === 'openadr.signature_unchecked')?.message).toContain('transform');
    const noId = decode(good.replace('oadr:Id="signedObject"', 'oadr:Id="other"'));
    expect(noId.diagnostics.find((d) => d.code === 'openadr.signature_unchecked')?.message).toContain('no element with Id');
    expect(() => decode(good.replace('URI="#prop"', 'URI="#%E0%A4%A"'))).not.toThrow();
  });

  it('stays bounded on a large signed object (20,000 elements, 200 deep) and reports the altered digest', () => {
    const good = signedForm();
    const deep = '<ei:x>'.repeat(200) + '</ei:x>'.repeat(200);
    const wide = '<ei:y a="1"/>'.repeat(20_000);
    const big = good.replace('</oadr:oadrResponse>', `${deep}${wide}</oadr:oadrResponse>`);
    const t0 = Date.now();
    const m = decode(big);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(m.diagnostics.filter((d) => d.code === 'openadr.signature_digest_mismatch').map((d) => d.message.slice(0, 40)))
      .toEqual(['XML signature Reference URI="#signedObje']);
  });
});
