// The EXI header's options document (W3C EXI 1.0 §5.4, Appendix C schema, strict grammar), assembled bit
// by bit from independent descriptions, not from our writer: the EXI working group's worked example of
// <header><strict/></header> (public-exi list, April 2015: "a0 48", SE(header) in 1 bit, a 2-bit choice of
// lesscommon/common/strict/EE, then the body) and the event codes EXIP's headerEncode.c writes for
// <common>, <compression/>, <fragment/>, <schemaId> (with xsi:nil as a 2-part code), <preserve>. Then the
// options IEEE 2030.5-2018 §5.6.3 prescribes ("S1") through our encoder and decoder.
import { describe, expect, it } from 'vitest';
import { literal, toBytes, uint } from '../../support/exiBits';
import { exiDecode, exiEncode, exiHeader } from '../../../parsers/exi/index';

const bitsOf = (b: Uint8Array): string => Array.from(b, (x) => x.toString(2).padStart(8, '0')).join('');

const WITH_OPTIONS = '10' + '1' + '0' + '0000'; // distinguishing bits, options present, final version 1
// <header> (1 bit of {header, SE(*)}), <common> (code 1 of {lesscommon, common, strict, EE}), <schemaId>
// (code 2 of {compression, fragment, schemaId, EE}), CH (1 bit: the second level holds xsi:nil), literal,
// EE(schemaId) and EE(common) in 0 bits, EE(header) = code 1 of {strict, EE}.
const schemaIdOptions = (id: string): string => '0' + '01' + '10' + '0' + literal(id) + '1';

describe('EXI options document (header)', () => {
  it('reads the working group example <header><strict/></header> = a0 48: the body starts at bit 11', () => {
    const h = exiHeader(Uint8Array.from([0xa0, 0x48]));
    expect(h).toEqual({ ok: true, options: { strict: true }, bodyBit: 11 });
  });

  it('reads <common><schemaId>S1</schemaId></common> (IEEE 2030.5-2018 §5.6.3) and the body after it', () => {
    const bits = WITH_OPTIONS + schemaIdOptions('S1');
    const h = exiHeader(toBytes(bits));
    expect(h).toEqual({ ok: true, options: { schemaId: 'S1' }, bodyBit: bits.length });
    // Our writer produces exactly these bits in front of a 2030.5 body.
    const enc = exiEncode('sep2018', { Registration: { href: '/edev/3/reg', dateTimeRegistered: { CONTENT: 1364774400 }, pIN: { CONTENT: 123455 } } }, { schemaId: 'S1' });
    expect(enc.error).toBeUndefined();
    expect(bitsOf(enc.bytes!).startsWith(bits)).toBe(true);
    const dec = exiDecode('sep2018', enc.bytes!);
    expect(dec.options).toEqual({ schemaId: 'S1' });
    expect(dec.value).toEqual({ Registration: { href: '/edev/3/reg', dateTimeRegistered: { CONTENT: 1364774400 }, pIN: { CONTENT: 123455 } } });
  });

  it('reads a nil schemaId (AT(xsi:nil) as the 2-part code 1.0, then true) and an empty one', () => {
    expect(exiHeader(toBytes(WITH_OPTIONS + '0' + '01' + '10' + '1' + '1' + '1')).options).toEqual({ schemaId: null });
    expect(exiHeader(toBytes(WITH_OPTIONS + schemaIdOptions(''))).options).toEqual({ schemaId: '' });
  });

  it('reads compression, fragment, preserve and blockSize', () => {
    // common: compression (code 0 of 4), then fragment (code 0 of {fragment, schemaId, EE}), then EE (code 1 of 2).
    expect(exiHeader(toBytes(WITH_OPTIONS + '0' + '01' + '00' + '00' + '1' + '1')).options).toEqual({ compression: true, fragment: true });
    // lesscommon (code 0), preserve (code 1 of {uncommon, preserve, blockSize, EE}), prefixes (code 1 of 6 in
    // 3 bits), EE (code 3 of {lexicalValues, comments, pis, EE}), blockSize (code 0 of {blockSize, EE}) 1024,
    // EE(lesscommon) 0 bits, EE(header) code 2 of {common, strict, EE}.
    const bits = WITH_OPTIONS + '0' + '00' + '01' + '001' + '11' + '0' + uint(1024) + '10';
    expect(exiHeader(toBytes(bits))).toEqual({ ok: true, options: { preserve: { prefixes: true }, blockSize: 1024 }, bodyBit: bits.length });
  });

  it('refuses options that change the body encoding, naming them', () => {
    const body = '00000000';
    expect(exiDecode('sep2018', Uint8Array.from([0xa0, 0x48, 0])).error?.message).toMatch(/strict/);
    const compression = toBytes(WITH_OPTIONS + '0' + '01' + '00' + '10' + '1' + body);
    expect(exiDecode('sep2018', compression).error).toMatchObject({ code: 'exi.unsupported_options' });
    expect(exiDecode('sep2018', compression).error?.message).toMatch(/compression/);
    const prefixes = toBytes(WITH_OPTIONS + '0' + '00' + '01' + '001' + '11' + '1' + '10' + body);
    expect(exiDecode('sep2018', prefixes).error?.message).toMatch(/preserve\.prefixes/);
    // uncommon: user-defined meta-data (SE(*), code 5 of 7 in the first state) is refused, not skipped.
    const meta = toBytes(WITH_OPTIONS + '0' + '00' + '00' + '101' + body);
    expect(exiHeader(meta).error?.code).toBe('exi.unsupported_options');
    // byte alignment: uncommon, alignment (code 0 of 7), byte (code 0 of 2), EE(uncommon) (code 4 of 5),
    // EE(lesscommon) (code 2 of {preserve, blockSize, EE}), EE(header) (code 2 of {common, strict, EE}).
    const aligned = toBytes(WITH_OPTIONS + '0' + '00' + '00' + '000' + '0' + '100' + '10' + '10' + body);
    expect(exiHeader(aligned).options).toEqual({ alignment: 'byte' });
    expect(exiDecode('sep2018', aligned).error?.message).toMatch(/byte alignment/);
  });

  it('a fragment stream with a schemaId carries <fragment/> and decodes back', () => {
    const v = exiDecode('iso2-fragment', exiEncode('iso2-fragment', { eMAID: { Id: 'id1', CONTENT: 'DE8AA0000000001' } }, { schemaId: 'x' }).bytes!);
    expect(v.error).toBeUndefined();
    expect(v.options).toEqual({ fragment: true, schemaId: 'x' });
    expect(v.value).toEqual({ eMAID: { Id: 'id1', CONTENT: 'DE8AA0000000001' } });
  });

  it('cut-off and malformed headers are error results', () => {
    expect(exiHeader(Uint8Array.from([0xa0])).error?.code).toBe('exi.truncated');
    expect(exiHeader(new Uint8Array(0)).error?.code).toBe('exi.truncated');
    expect(exiHeader(Uint8Array.from([0x40])).error?.code).toBe('exi.header');
    expect(exiHeader(toBytes(WITH_OPTIONS + '1')).error?.code).toBe('exi.header'); // SE(*) at the options root
    const long = toBytes(WITH_OPTIONS + '0' + '01' + '10' + '0' + uint(1 << 20));
    expect(exiHeader(long).error?.code).toBe('exi.limit');
  });
});
