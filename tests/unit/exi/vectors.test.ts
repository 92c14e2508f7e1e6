// Every libcbv2g reference vector decodes to exactly its `decoded` JSON and encodes back to exactly
// its bytes (the reference encoder never uses string-table hits, and neither does ours).
import { expect, it } from 'vitest';
import { describeShared } from '../../support/shared';
import { exiDecode, exiEncode, exiToXml, V2G_EXI_SCHEMAS } from '../../../parsers/exi/index';
import { loadVectors, hexToBytes, bytesToHex } from './vectors';

describeShared('EXI reference vectors (libcbv2g)', () => {
  const vectors = loadVectors();

  it('has the 199 vectors of the README, for every schema', () => {
    expect(vectors.length).toBe(199);
    expect(new Set(vectors.map((v) => v.schema))).toEqual(new Set(V2G_EXI_SCHEMAS));
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s decodes to the reference JSON', (_id, v) => {
    const r = exiDecode(v.schema, hexToBytes(v.exi_hex));
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.value).toStrictEqual(v.decoded);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s encodes to the reference bytes', (_id, v) => {
    const r = exiEncode(v.schema, v.decoded);
    expect(r.error).toBeUndefined();
    expect(bytesToHex(r.bytes!)).toBe(v.exi_hex);
  });

  it('renders every vector as XML with the root element first', () => {
    for (const v of vectors) {
      const xml = exiToXml(v.schema, v.decoded);
      const root = Object.keys(v.decoded as object)[0];
      expect(xml.startsWith(`<${root}`)).toBe(true);
      expect(xml).not.toContain('<!--');
    }
  });
});
