// One-line summaries of decoded bodies for the message list and the table output: the first scalar
// leaves, `key=value`, depth-first, short. Protocol-specific summaries can override the generic one.

const MAX_LEAVES = 6;
const MAX_CHARS = 120;

export function summarize(body: unknown): string {
  const parts: string[] = [];
  let chars = 0;
  let visited = 0;
  const walk = (v: unknown, key: string): void => {
    if (parts.length >= MAX_LEAVES || chars >= MAX_CHARS || ++visited > 500) return;
    if (v === null || v === undefined) return;
    if (typeof v !== 'object') {
      const text = typeof v === 'string' && v.length > 40 ? v.slice(0, 39) + '…' : String(v);
      const part = key ? `${key}=${text}` : text;
      parts.push(part);
      chars += part.length + 1;
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, key);
      return;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, k);
  };
  walk(body, '');
  const s = parts.join(' ');
  return s.length > MAX_CHARS ? s.slice(0, MAX_CHARS - 1) + '…' : s;
}
