// UTF-8 text of capture metadata (pcapng comments, DSB key logs). Uses the host's TextDecoder (present in
// Node and in Web Workers; the ES2022 lib used by parsers/ does not declare it) and falls back to a
// Latin-1 reading if it is missing. Malformed sequences become U+FFFD, never an exception.

interface Utf8Decoder {
  decode(input: Uint8Array): string;
}

let decoder: Utf8Decoder | null | undefined;

function getDecoder(): Utf8Decoder | null {
  if (decoder === undefined) {
    const ctor = (globalThis as unknown as { TextDecoder?: new (label: string) => Utf8Decoder }).TextDecoder;
    decoder = ctor ? new ctor('utf-8') : null;
  }
  return decoder;
}

export function utf8(bytes: Uint8Array): string {
  const d = getDecoder();
  if (d) return d.decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}
