// Parser and checker of the display-filter language: tokens -> AST, with every error pointing at its
// place in the text (start/end offsets) so the filter bar can underline it.

import { FilterSyntaxError, tokenize, type Token } from './lexer';
import { BODY_PREFIX, FIELD_BY_NAME, PROTOCOL_NAMES, type FieldDef } from './fields';

export type Literal = string | number;

export type FilterNode =
  | { type: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { type: 'not'; operand: FilterNode }
  | { type: 'protocol'; protocol: string }
  | { type: 'exists'; field: FieldRef }
  | { type: 'compare'; field: FieldRef; op: string; value: Literal | RegExp }
  | { type: 'in'; field: FieldRef; values: Literal[] };

export type FieldRef = { kind: 'field'; def: FieldDef } | { kind: 'body'; path: string[] };

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', 'contains', 'matches']);

export function parseFilter(src: string): FilterNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const next = (): Token => tokens[pos++];
  const fail = (msg: string, t: Token = peek()): never => {
    throw new FilterSyntaxError(msg, t.start, Math.max(t.end, t.start + 1));
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (peek().kind === 'op' && peek().text === '||') {
      next();
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    while (peek().kind === 'op' && peek().text === '&&') {
      next();
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterNode => {
    if (peek().kind === 'op' && peek().text === '!') {
      next();
      return { type: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): FilterNode => {
    const t = peek();
    if (t.kind === 'lparen') {
      next();
      const inner = parseOr();
      if (peek().kind !== 'rparen') fail('expected ")"');
      next();
      return inner;
    }
    if (t.kind !== 'ident') return fail(t.kind === 'eof' ? 'expected a field name' : `expected a field name, found "${t.text}"`);
    next();
    const op = peek();
    if (op.kind === 'op' && COMPARE_OPS.has(op.text)) {
      next();
      const field = resolveField(t, fail);
      const v = peek();
      if (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'ident') fail('expected a value');
      next();
      const value = literalOf(v);
      checkComparison(field, op.text, value, v, fail);
      if (op.text === 'matches') {
        try {
          return { type: 'compare', field, op: op.text, value: new RegExp(String(value), 'i') };
        } catch (e) {
          return fail(`bad regular expression: ${(e as Error).message}`, v);
        }
      }
      return { type: 'compare', field, op: op.text, value };
    }
    if (op.kind === 'op' && op.text === 'in') {
      next();
      const field = resolveField(t, fail);
      if (peek().kind !== 'lbrace') fail('expected "{" after in');
      next();
      const values: Literal[] = [];
      while (peek().kind !== 'rbrace') {
        const v = peek();
        if (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'ident') fail('expected a value or "}"');
        next();
        values.push(literalOf(v));
        if (peek().kind === 'comma') next();
      }
      next();
      if (values.length === 0) fail('empty set', t);
      return { type: 'in', field, values };
    }
    if ((PROTOCOL_NAMES as readonly string[]).includes(t.text) || t.text === 'ieee2030_5' || t.text === 'iso15118' || t.text === 'v2g') {
      return { type: 'protocol', protocol: t.text };
    }
    return { type: 'exists', field: resolveField(t, fail) };
  };

  const ast = parseOr();
  if (peek().kind !== 'eof') fail(`unexpected "${peek().text}"`);
  return ast;
}

function literalOf(t: Token): Literal {
  return t.kind === 'ident' ? t.text : (t.value as Literal);
}

function resolveField(t: Token, fail: (msg: string, t?: Token) => never): FieldRef {
  const def = FIELD_BY_NAME.get(t.text);
  if (def) return { kind: 'field', def };
  if (t.text.startsWith(BODY_PREFIX) && t.text.length > BODY_PREFIX.length) {
    return { kind: 'body', path: t.text.slice(BODY_PREFIX.length).split('.') };
  }
  const near = [...FIELD_BY_NAME.keys()].filter((n) => n.startsWith(t.text.split('.')[0]));
  return fail(`unknown field "${t.text}"${near.length ? ` (did you mean ${near.slice(0, 3).join(', ')}?)` : ''}`, t);
}

function checkComparison(field: FieldRef, op: string, value: Literal, t: Token, fail: (msg: string, t?: Token) => never): void {
  if (field.kind !== 'field') return;
  const ordering = op === '<' || op === '>' || op === '<=' || op === '>=';
  if (field.def.type === 'number' && typeof value !== 'number' && op !== 'matches' && op !== 'contains') {
    fail(`${field.def.name} is a number; "${value}" is not`, t);
  }
  if (field.def.type !== 'number' && ordering && typeof value === 'number') {
    fail(`${field.def.name} is text: compare it with == or contains`, t);
  }
}
