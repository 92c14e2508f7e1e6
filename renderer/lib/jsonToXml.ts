// Shows a body decoded from EXI as XML (the form engineers know from the schemas): the JSON conventions of
// ../shared/vectors/exi/README.md read backwards. Keys are elements (attributes are plain keys there and
// come out as elements too), arrays repeat their element, `CONTENT` is the simple content, scalars are text.

const MAX_NODES = 50_000;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function validName(k: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(k) ? k : `_${k.replace(/[^\w.-]/g, '_')}`;
}

export function jsonToXml(value: unknown, rootName?: string): string {
  const lines: string[] = [];
  let nodes = 0;
  const emit = (name: string, v: unknown, indent: string): void => {
    if (++nodes > MAX_NODES) return;
    const tag = validName(name);
    if (Array.isArray(v)) {
      for (const item of v) emit(name, item, indent);
      return;
    }
    if (v === null || v === undefined) {
      lines.push(`${indent}<${tag}/>`);
      return;
    }
    if (typeof v !== 'object') {
      lines.push(`${indent}<${tag}>${escapeText(String(v))}</${tag}>`);
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) {
      lines.push(`${indent}<${tag}/>`);
      return;
    }
    const content = (v as Record<string, unknown>).CONTENT;
    const children = entries.filter(([k]) => k !== 'CONTENT');
    if (children.length === 0) {
      lines.push(`${indent}<${tag}>${escapeText(String(content))}</${tag}>`);
      return;
    }
    lines.push(`${indent}<${tag}>`);
    if (content !== undefined) lines.push(`${indent}  ${escapeText(String(content))}`);
    for (const [k, child] of children) emit(k, child, indent + '  ');
    lines.push(`${indent}</${tag}>`);
  };
  if (rootName !== undefined) emit(rootName, value, '');
  else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, child] of Object.entries(value as Record<string, unknown>)) emit(k, child, '');
  } else emit('value', value, '');
  return lines.join('\n') + '\n';
}
