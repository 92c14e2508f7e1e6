// Hostile input: mutated and truncated reference streams and random bytes never make the decoder
// throw, hang or report an internal error; damage is reported as an error result with a stable code.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeShared } from '../../support/shared';
import { exiDecode, exiEncode, EXI_SCHEMAS, type ExiSchema } from '../../../parsers/exi/index';
import { loadVectors, hexToBytes } from './vectors';

function decodeChecked(schema: ExiSchema, bytes: Uint8Array): ReturnType<typeof exiDecode> {
  const t0 = performance.now();
  const r = exiDecode(schema, bytes);
  // A hang guard, not a benchmark: generous because the test machine may be loaded.
  expect(performance.now() - t0).toBeLessThan(2000);
  if (!r.ok) {
    expect(r.error?.code).toMatch(/^exi\.[a-z_]+$/);
    expect(r.error?.code).not.toBe('exi.internal');
    expect(typeof r.error?.bitOffset).toBe('number');
  }
  return r;
}

describeShared('EXI decoder under mutated reference streams', () => {
  const vectors = loadVectors();

  it('every truncation of every vector is an error, never an exception', () => {
    for (const v of vectors) {
      const bytes = hexToBytes(v.exi_hex);
      for (let n = 0; n < bytes.length - 2; n++) {
        const r = decodeChecked(v.schema, bytes.subarray(0, n));
        expect(r.ok, `${v.id} cut to ${n} bytes`).toBe(false);
      }
    }
  });

  it('random bit flips, insertions and deletions never throw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: vectors.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(7), fc.constantFrom('flip', 'insert', 'delete')), { minLength: 1, maxLength: 4 }),
        (vi, edits) => {
          const v = vectors[vi];
          const bytes = Array.from(hexToBytes(v.exi_hex));
          for (const [pos, bit, op] of edits) {
            const i = pos % bytes.length;
            if (op === 'flip') bytes[i] ^= 1 << bit;
            else if (op === 'insert') bytes.splice(i, 0, (pos * 31 + bit) & 0xff);
            else if (bytes.length > 1) bytes.splice(i, 1);
          }
          const r = decodeChecked(v.schema, Uint8Array.from(bytes));
          // Whatever decodes must be a value the encoder accepts again.
          if (r.ok) expect(exiEncode(v.schema, r.value).error).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
  });
});

it('random byte strings behind a valid header never throw, for every schema', () => {
  fc.assert(
    fc.property(fc.constantFrom(...EXI_SCHEMAS), fc.uint8Array({ maxLength: 300 }), (schema, body) => {
      decodeChecked(schema, Uint8Array.from([0x80, ...body]));
    }),
    { numRuns: 3000 },
  );
});

it('huge length prefixes fail fast instead of allocating', () => {
  // SAP request: header, SE(supportedAppProtocolReq) 00, SE(AppProtocol) 0, SE(ProtocolNamespace) 0,
  // CH 0, then a string length of 2^28 (four 7-bit groups) with no characters behind it.
  const bits = '10000000' + '00' + '0' + '0' + '0' + '10000000' + '10000000' + '10000000' + '00000001';
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') bytes[i >> 3] |= 0x80 >> (i & 7);
  const r = decodeChecked('apphand', bytes);
  expect(r.ok).toBe(false);
  expect(['exi.truncated', 'exi.limit']).toContain(r.error?.code);
});

it('the encoder reports bad JSON as error results', () => {
  const cases: [ExiSchema, unknown, string][] = [
    ['apphand', null, 'exi.encode_shape'],
    ['apphand', { nope: {} }, 'exi.encode_unknown'],
    ['apphand', { supportedAppProtocolReq: { AppProtocol: {} } }, 'exi.encode_shape'],
    ['apphand', { supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: 'x' }] } }, 'exi.encode_order'],
    ['apphand', { supportedAppProtocolReq: { AppProtocol: [], extra: 1 } }, 'exi.encode_unknown'],
    ['apphand', { supportedAppProtocolRes: { ResponseCode: 'Nope' } }, 'exi.encode_value'],
    ['apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 256 } }, 'exi.encode_value'],
  ];
  for (const [schema, value, code] of cases) expect(exiEncode(schema, value).error?.code, JSON.stringify(value)).toBe(code);
  // 21 AppProtocol exceed maxOccurs=20.
  const ap = { ProtocolNamespace: 'x', VersionNumberMajor: 1, VersionNumberMinor: 0, SchemaID: 0, Priority: 1 };
  expect(exiEncode('apphand', { supportedAppProtocolReq: { AppProtocol: Array(21).fill(ap) } }).error?.code).toBe('exi.encode_order');
  expect(exiEncode('apphand', { supportedAppProtocolReq: { AppProtocol: Array(20).fill(ap) } }).ok).toBe(true);
});
