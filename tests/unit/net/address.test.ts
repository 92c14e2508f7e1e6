// IPv6 text per RFC 5952, checked against the WHATWG URL serializer (which implements the same
// compression rules) for random addresses and against the RFC's own examples; IPv4-mapped addresses
// use the dotted tail of RFC 5952 section 5.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6 } from '../../../parsers/protocols/net';
import { ip6 } from '../../fixtures/capture';

function v6(s: string): string {
  return formatIPv6(Uint8Array.from(ip6(s)), 0);
}

describe('RFC 5952 IPv6 text', () => {
  it('examples from RFC 5952 sections 4.1-4.3', () => {
    expect(v6('2001:0db8:0000:0000:0000:0000:0002:0001')).toBe('2001:db8::2:1');
    expect(v6('2001:db8:0:0:0:0:2:1')).toBe('2001:db8::2:1');
    expect(v6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1'); // a single 0 group is not "::"
    expect(v6('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1'); // the longest run
    expect(v6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1'); // the first of equal runs
    expect(v6('2001:DB8::AAAA')).toBe('2001:db8::aaaa');
    expect(v6('::')).toBe('::');
    expect(v6('::1')).toBe('::1');
    expect(v6('fe80::c690:83f3:fbcb:980e')).toBe('fe80::c690:83f3:fbcb:980e');
    expect(v6('::ffff:c000:0201')).toBe('::ffff:192.0.2.1');
  });

  it('random addresses format like the WHATWG URL serializer', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (g) => {
        fc.pre(!(g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff));
        const bytes = new Uint8Array(16);
        g.forEach((x, i) => {
          bytes[2 * i] = x >> 8;
          bytes[2 * i + 1] = x & 0xff;
        });
        const full = g.map((x) => x.toString(16)).join(':');
        const url = new URL(`http://[${full}]/`).hostname.slice(1, -1);
        expect(formatIPv6(bytes, 0)).toBe(url);
      }),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('IPv4 dotted quad', () => {
    expect(formatIPv4(Uint8Array.of(0, 192, 168, 0, 255), 1)).toBe('192.168.0.255');
  });
});
