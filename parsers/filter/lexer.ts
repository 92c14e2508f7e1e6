// Lexer of the display-filter language (docs/filter-language.md): Wireshark-style tokens with positions.

export type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'lparen' | 'rparen' | 'lbrace' | 'rbrace' | 'comma' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded value for strings and numbers. */
  value?: string | number;
  start: number;
  end: number;
}

export class FilterSyntaxError extends Error {
  constructor(message: string, readonly start: number, readonly end: number) {
    super(message);
  }
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '~'];
const WORD_OPERATORS: Record<string, string> = {
  and: '&&', or: '||', not: '!', eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=',
  contains: 'contains', matches: 'matches', in: 'in',
};

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (c === '"' || c === "'") {
      let s = '';
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const n = src[i + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          i += 2;
        } else s += src[i++];
      }
      if (i >= src.length) throw new FilterSyntaxError('unterminated string', start, src.length);
      i++;
      out.push({ kind: 'string', text: src.slice(start, i), value: s, start, end: i });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      i++;
      while (i < src.length && /[0-9.eE+-]/.test(src[i]) && !(src[i] === '-' && !/[eE]/.test(src[i - 1]))) i++;
      const text = src.slice(start, i);
      const value = Number(text);
      if (Number.isNaN(value)) throw new FilterSyntaxError(`"${text}" is not a number`, start, i);
      out.push({ kind: 'number', text, value, start, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      i++;
      while (i < src.length && /[A-Za-z0-9_.-]/.test(src[i])) i++;
      // a trailing '-' or '.' belongs to no identifier
      while (/[.-]/.test(src[i - 1])) i--;
      const text = src.slice(start, i);
      const op = WORD_OPERATORS[text];
      out.push(op ? { kind: 'op', text: op, start, end: i } : { kind: 'ident', text, start, end: i });
      continue;
    }
    const simple: Record<string, TokenKind> = { '(': 'lparen', ')': 'rparen', '{': 'lbrace', '}': 'rbrace', ',': 'comma' };
    if (simple[c]) {
      out.push({ kind: simple[c], text: c, start, end: ++i });
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      i += op.length;
      out.push({ kind: 'op', text: op === '~' ? 'matches' : op, start, end: i });
      continue;
    }
    throw new FilterSyntaxError(`unexpected character "${c}"`, start, start + 1);
  }
  out.push({ kind: 'eof', text: '', start: src.length, end: src.length });
  return out;
}
