// Where each value of a JSON text lies: JSON pointer ("/a/0/b") -> [start, end) offsets into the text
// (of the value, and of the member including its key). Used to highlight a decoded field in the payload
// editor and its bytes in the hex view. Tolerant: a malformed text yields the positions found before the
// fault. Offsets are UTF-16 code units of the string given; byteOffsets() converts for UTF-8 bytes.

export interface Span {
  start: number;
  end: number;
}

const MAX_NODES = 200_000;
const MAX_DEPTH = 256;

export function jsonPositions(text: string): Map<string, Span> {
  const out = new Map<string, Span>();
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new Error('bad json');
  };
  const str = (): string => {
    if (text[i] !== '"') fail();
    const start = ++i;
    let s = '';
    let chunk = start;
    while (i < n && text[i] !== '"') {
      if (text[i] === '\\') {
        s += text.slice(chunk, i);
        const e = text[i + 1];
        if (e === 'u') {
          s += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          s += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
          i += 2;
        }
        chunk = i;
      } else i++;
    }
    if (i >= n) fail();
    s += text.slice(chunk, i);
    i++;
    return s;
  };
  const esc = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');
  const value = (ptr: string, depth: number): void => {
    if (out.size > MAX_NODES || depth > MAX_DEPTH) fail();
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else {
        while (true) {
          ws();
          const key = str();
          ws();
          if (text[i] !== ':') fail();
          i++;
          value(`${ptr}/${esc(key)}`, depth + 1);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === '}') {
            i++;
            break;
          }
          fail();
        }
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else {
        for (let k = 0; ; k++) {
          value(`${ptr}/${k}`, depth + 1);
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === ']') {
            i++;
            break;
          }
          fail();
        }
      }
    } else if (c === '"') {
      str();
    } else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|^true|^false|^null/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
    out.set(ptr, { start, end: i });
  };
  try {
    value('', 0);
  } catch {
    // keep what was found
  }
  return out;
}

/** Maps UTF-16 offsets of `text` to UTF-8 byte offsets (for the hex view of the raw bytes). */
export function byteOffsets(text: string): (offset: number) => number {
  // ASCII fast path
  let ascii = true;
  for (let k = 0; k < text.length; k++) {
    if (text.charCodeAt(k) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return (o) => o;
  const table = new Uint32Array(text.length + 1);
  let b = 0;
  for (let k = 0; k < text.length; k++) {
    table[k] = b;
    const c = text.charCodeAt(k);
    if (c < 0x80) b += 1;
    else if (c < 0x800) b += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      table[k + 1] = b;
      b += 4;
      k++;
    } else b += 3;
  }
  table[text.length] = b;
  return (o) => table[Math.max(0, Math.min(text.length, o))];
}

/** JSON pointer of a path of keys and indices. */
export function pointer(path: (string | number)[]): string {
  return path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The pointer prefix under which `body` sits inside the parsed raw payload: '' when the payload is the body,
 * '/3' when it is element 3 of a top-level array (an OCPP CALL frame), undefined when not found.
 */
export function bodyPrefix(parsedRaw: unknown, body: unknown): string | undefined {
  const b = JSON.stringify(body);
  if (JSON.stringify(parsedRaw) === b) return '';
  if (Array.isArray(parsedRaw)) {
    for (let k = parsedRaw.length - 1; k >= 0; k--) if (JSON.stringify(parsedRaw[k]) === b) return `/${k}`;
  }
  return undefined;
}
