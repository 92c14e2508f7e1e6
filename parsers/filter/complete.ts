// Completion for the filter bar: what may come at the cursor (field names, protocols, operators, values).

import { tokenize } from './lexer';
import { FIELDS, PROTOCOL_NAMES } from './fields';

export interface Completion {
  label: string;
  detail: string;
  /** Replace text[from, to) with label. */
  from: number;
  to: number;
}

const KNOWN_VALUES: Record<string, string[]> = {
  protocol: [...PROTOCOL_NAMES],
  pathway: ['nsp-bms', 'nsp-evse', 'nsp-ev', 'nsp-customer', 'bms-evse', 'bms-ev', 'bms-customer', 'evse-ev',
    'evse-customer', 'ev-customer', 'utility-nsp', 'utility-bms', 'utility-evse', 'utility-ev'],
  from: ['utility', 'nsp', 'bms', 'evse', 'ev', 'customer'],
  to: ['utility', 'nsp', 'bms', 'evse', 'ev', 'customer'],
  kind: ['request', 'response', 'error', 'notification'],
  'ocpp.kind': ['request', 'response', 'error', 'notification'],
  'ocpp.version': ['1.6', '2.0.1', '2.1'],
  category: ['price-programs', 'demand-mitigation', 'dc-flow', 'two-way-flow', 'vgi-services'],
  tag: ['V1G', 'V2G', 'aggregated', 'non-aggregated', 'fragmented', 'unified', 'other'],
  severity: ['error', 'warning', 'info'],
};

export function completeFilter(text: string, cursor: number, extraValues: Record<string, string[]> = {}): Completion[] {
  const before = text.slice(0, cursor);
  const word = /[A-Za-z0-9_.\-"]*$/.exec(before)?.[0] ?? '';
  const from = cursor - word.length;
  let tokens;
  try {
    tokens = tokenize(before.slice(0, from));
  } catch {
    return [];
  }
  const prev = tokens[tokens.length - 2];
  const prevField = tokens[tokens.length - 3];
  const w = word.replace(/^"/, '').toLowerCase();
  if (prev && prev.kind === 'op' && ['==', '!=', 'contains'].includes(prev.text) && prevField?.kind === 'ident') {
    const values = [...(KNOWN_VALUES[prevField.text] ?? []), ...(extraValues[prevField.text] ?? [])];
    return values.filter((v) => v.toLowerCase().startsWith(w)).map((v) => ({ label: `"${v}"`, detail: prevField.text, from, to: cursor }));
  }
  if (prev && prev.kind === 'ident') {
    return ['==', '!=', 'contains', 'matches', 'in', '<', '>', '&&', '||'].map((op) => ({ label: op, detail: 'operator', from, to: cursor }));
  }
  const fields = FIELDS.filter((f) => f.name.toLowerCase().startsWith(w)).map((f) => ({ label: f.name, detail: f.description, from, to: cursor }));
  const protocols = PROTOCOL_NAMES.filter((p) => p.startsWith(w) && !fields.some((f) => f.label === p))
    .map((p) => ({ label: p, detail: 'protocol', from, to: cursor }));
  return [...fields, ...protocols];
}
