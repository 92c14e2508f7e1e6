// Diagnostics: the one shape every layer uses to report what is wrong with the input.
// A diagnostic never stops decoding; `code` is stable (dotted, protocol-prefixed: "tcp.gap",
// "ocpp.schema", "capture.truncated") and documented where it is raised.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** Stable machine-readable code, `<protocol>.<problem>` in snake_case. */
  code: string;
  /** One human sentence; names the offending value where useful. */
  message: string;
  /** JSON pointer-ish path of the offending element inside the body, when there is one. */
  path?: string;
}

export function diag(severity: Severity, code: string, message: string, path?: string): Diagnostic {
  return path === undefined ? { severity, code, message } : { severity, code, message, path };
}
