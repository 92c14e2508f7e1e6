// Re-decoding of a message body from its raw payload, for "full detail on demand": the index keeps raw
// bytes (or nothing), not decoded trees. Each protocol binding registers how its raw format turns back
// into the record's `body`.

const registry = new Map<string, (raw: Uint8Array) => unknown>();
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function registerBodyDecoder(format: string, decode: (raw: Uint8Array) => unknown): void {
  registry.set(format, decode);
}

export function decodeBody(format: string | undefined, raw: Uint8Array | undefined): unknown {
  if (raw === undefined) return undefined;
  const decode = format ? registry.get(format) : undefined;
  if (!decode) return utf8.decode(raw);
  try {
    return decode(raw);
  } catch {
    return utf8.decode(raw);
  }
}
