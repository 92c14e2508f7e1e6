// Printable IP addresses: dotted-quad IPv4 and RFC 5952 IPv6 (lowercase hex, no leading zeros, the
// longest run of two or more zero groups compressed to "::", the first one on a tie; IPv4-mapped
// addresses ::ffff:0:0/96 end in dotted quad, RFC 5952 section 5). Also compact binary keys used to
// index connections and fragments without formatting on the hot path.

export function formatIPv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

export function formatIPv6(b: Uint8Array, o: number): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (b[o + 2 * i] << 8) | b[o + 2 * i + 1];
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${b[o + 12]}.${b[o + 13]}.${b[o + 14]}.${b[o + 15]}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string => {
    let s = '';
    for (let i = from; i < to; i++) s += (i > from ? ':' : '') + g[i].toString(16);
    return s;
  };
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

export function formatIP(b: Uint8Array, o: number, len: 4 | 16): string {
  return len === 4 ? formatIPv4(b, o) : formatIPv6(b, o);
}

/** A short string identifying `len` address bytes (two bytes per UTF-16 unit). */
export function addrKey(b: Uint8Array, o: number, len: number): string {
  if (len === 4) return String.fromCharCode((b[o] << 8) | b[o + 1], (b[o + 2] << 8) | b[o + 3]);
  let s = '';
  for (let i = 0; i < len; i += 2) s += String.fromCharCode((b[o + i] << 8) | b[o + i + 1]);
  return s;
}

/** Formats addresses through a bounded cache keyed by addrKey. */
export class AddressCache {
  private readonly map = new Map<string, string>();

  constructor(private readonly max = 65536) {}

  get(key: string, b: Uint8Array, o: number, len: 4 | 16): string {
    let s = this.map.get(key);
    if (s === undefined) {
      s = formatIP(b, o, len);
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(key, s);
    }
    return s;
  }
}
