// The application-message record: the public output contract (docs/output-contract.md of ../shared).
// Fields may be added, never renamed or dropped.

import type { Diagnostic } from '../core/diagnostics';
import type { Evidence } from '../annotate/annotate';

export type MessageKind = 'request' | 'response' | 'error' | 'notification';

export interface MessageRecord {
  seq: number;
  frame: number;
  time: string;
  protocol: string;
  version: string;
  src: string;
  dst: string;
  from: string;
  to: string;
  pathway: string;
  name: string;
  kind: MessageKind;
  id: string;
  body: unknown;
  categories: string[];
  tags: string[];
  diagnostics: Diagnostic[];
  /** Why each category and tag was given (rule id, reason, matched field). Added to the contract. */
  evidence: Evidence[];
}

/** The field order of the contract, used by the writers. */
export const RECORD_FIELDS = ['seq', 'frame', 'time', 'protocol', 'version', 'src', 'dst', 'from', 'to', 'pathway',
  'name', 'kind', 'id', 'body', 'categories', 'tags', 'diagnostics', 'evidence'] as const;
