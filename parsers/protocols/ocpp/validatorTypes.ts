// Types of the generated OCPP validators (generated/*.js from tools/gen-ocpp-validators.mjs).

/** One error as reported by an ajv validator. */
export interface OcppSchemaError {
  /** JSON pointer of the offending value inside the payload ('' = the payload itself). */
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: returns true when valid; otherwise its `errors` hold what is wrong. */
export interface OcppValidateFunction {
  (data: unknown): boolean;
  errors?: OcppSchemaError[] | null;
}

export interface OcppValidatorPair {
  request?: OcppValidateFunction;
  /** Absent for 2.1 SEND-only actions (NotifyPeriodicEventStream). */
  response?: OcppValidateFunction;
}

export interface OcppSchemaAction {
  action: string;
  request: boolean;
  response: boolean;
}

/** What a generated module (generated/<version>.js) exports. */
export interface OcppValidatorTable {
  validators: ReadonlyMap<string, OcppValidatorPair>;
  schemaActions: readonly OcppSchemaAction[];
}
