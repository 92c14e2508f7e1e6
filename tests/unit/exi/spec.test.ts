// Streams assembled bit by bit from the EXI 1.0 specification (no encoder involved): header (5),
// event codes of the schema-informed grammars with strict=false (8.5.4: n productions use
// ceil(log2(n+1)) bits), unsigned integers in 7-bit groups (7.1.6), n-bit bounded integers (7.1.9),
// string literals as length+2 and string-table hits (7.3.3: 0 = local hit, 1 = global hit).
import { describe, expect, it } from 'vitest';
import { literal, nbit, toBytes, uint } from '../../support/exiBits';
import { exiDecode, exiEncode } from '../../../parsers/exi/index';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const NS = 'urn:din:70121:2012:MsgDef';
const HEADER = '10000000'; // distinguishing bits 10, no options, final version 1

/**
 * One AppProtocol of the SAP schema. Each simple element is SE (1 bit: a single production), CH (1
 * bit: one production plus the second level), value, EE (1 bit). `ns` is the ProtocolNamespace field.
 */
function appProtocol(ns: string, major: number | string, minor: number, schemaId: number, priority: number): string {
  return (
    '0' + '0' + ns + '0' + // ProtocolNamespace (string)
    '0' + '0' + (typeof major === 'string' ? major : uint(major)) + '0' + // VersionNumberMajor (unsignedInt)
    '0' + '0' + uint(minor) + '0' + // VersionNumberMinor (unsignedInt)
    '0' + '0' + nbit(schemaId, 8) + '0' + // SchemaID (unsignedByte: 8-bit bounded, 0..255)
    '0' + '0' + nbit(priority - 1, 5) + '0' + // Priority (1..20: 5-bit, offset 1)
    '0' // EE of AppProtocol (END only: 1 bit)
  );
}

// DocContent: 2 global elements + SE(*) = 3 productions, 2 bits; supportedAppProtocolReq sorts first.
const REQ = HEADER + '00';

describe('EXI streams built from the specification', () => {
  it('reproduces the libcbv2g SAP request byte for byte (vector apphand-req-din-only)', () => {
    const bits = REQ + '0' /* SE(AppProtocol) */ + appProtocol(literal(NS), 2, 0, 1, 1) + '01' /* EE (2 productions) */;
    expect(hex(toBytes(bits))).toBe('8000dbab9371d3234b71d1b981899189d191818991d26b9b3a232b30020000040040');
    const r = exiDecode('apphand', toBytes(bits));
    expect(r.value).toStrictEqual({
      supportedAppProtocolReq: { AppProtocol: [{ ProtocolNamespace: NS, VersionNumberMajor: 2, VersionNumberMinor: 0, SchemaID: 1, Priority: 1 }] },
    });
  });

  const expected = {
    supportedAppProtocolReq: {
      AppProtocol: [
        { ProtocolNamespace: NS, VersionNumberMajor: 2, VersionNumberMinor: 0, SchemaID: 1, Priority: 1 },
        { ProtocolNamespace: NS, VersionNumberMajor: 2, VersionNumberMinor: 1, SchemaID: 2, Priority: 20 },
      ],
    },
  };
  const twoProtocols = (second: string): Uint8Array =>
    toBytes(REQ + '0' + appProtocol(literal(NS), 2, 0, 1, 1) + '00' /* SE(AppProtocol) again */ + appProtocol(second, 2, 1, 2, 20) + '01');

  it('decodes a local value hit (code 0, index of 0 bits in a 1-entry partition)', () => {
    const r = exiDecode('apphand', twoProtocols(uint(0) + nbit(0, 0)));
    expect(r.error).toBeUndefined();
    expect(r.value).toStrictEqual(expected);
  });

  it('decodes a global value hit (code 1, index of 0 bits in a 1-entry table)', () => {
    const r = exiDecode('apphand', twoProtocols(uint(1) + nbit(0, 0)));
    expect(r.value).toStrictEqual(expected);
  });

  it('encodes the repeated value as a literal again, like libcbv2g', () => {
    const r = exiEncode('apphand', expected);
    expect(hex(r.bytes!)).toBe(hex(twoProtocols(literal(NS))));
  });

  it('rejects a value hit into an empty table', () => {
    const bits = REQ + '0' + appProtocol(uint(0), 2, 0, 1, 1) + '01';
    const r = exiDecode('apphand', toBytes(bits));
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('exi.string_table');
  });

  it('decodes non-ASCII characters as code points (multi-group unsigned integers)', () => {
    const ns = 'urn:ü€😀';
    const r = exiDecode('apphand', toBytes(REQ + '0' + appProtocol(literal(ns), 1, 0, 0, 1) + '01'));
    expect((r.value as typeof expected).supportedAppProtocolReq.AppProtocol[0].ProtocolNamespace).toBe(ns);
    expect(hex(exiEncode('apphand', r.value).bytes!)).toBe(hex(toBytes(REQ + '0' + appProtocol(literal(ns), 1, 0, 0, 1) + '01')));
  });

  it('decodes unsigned integers above 2^53 to decimal strings', () => {
    // 2^64-1 in 10 groups of 7 bits, placed in VersionNumberMajor (an unsignedInt, unbounded in EXI).
    let bits = '';
    let v = 18446744073709551615n;
    do {
      const low = Number(v & 127n);
      v >>= 7n;
      bits += (v > 0n ? '1' : '0') + low.toString(2).padStart(7, '0');
    } while (v > 0n);
    const r = exiDecode('apphand', toBytes(REQ + '0' + appProtocol(literal(NS), bits, 0, 0, 1) + '01'));
    const value = r.value as { supportedAppProtocolReq: { AppProtocol: { VersionNumberMajor: unknown }[] } };
    expect(value.supportedAppProtocolReq.AppProtocol[0].VersionNumberMajor).toBe('18446744073709551615');
    expect(hex(exiEncode('apphand', r.value).bytes!)).toBe(hex(toBytes(REQ + '0' + appProtocol(literal(NS), bits, 0, 0, 1) + '01')));
  });

  it('rejects streams that are not EXI or whose header options are cut off (options: header.test.ts)', () => {
    expect(exiDecode('apphand', toBytes('01000000')).error?.code).toBe('exi.header');
    expect(exiDecode('apphand', toBytes('10100000')).error?.code).toBe('exi.truncated');
    expect(exiDecode('apphand', new Uint8Array(0)).error?.code).toBe('exi.truncated');
  });

  it('accepts the optional $EXI cookie', () => {
    const bits = REQ + '0' + appProtocol(literal(NS), 2, 0, 1, 1) + '01';
    const body = toBytes(bits);
    const withCookie = new Uint8Array([0x24, 0x45, 0x58, 0x49, ...body]);
    expect(exiDecode('apphand', withCookie).value).toStrictEqual(exiDecode('apphand', body).value);
  });
});
