// Access to the generated OCPP schema validators (generated/*.js, produced by tools/gen-ocpp-validators.mjs from
// the OCA JSON schemas of OCPP 1.6, 2.0.1 and 2.1) by version, action and half (request / response).
import { validators as v16, schemaActions as a16 } from './generated/ocpp16';
import { validators as v201, schemaActions as a201 } from './generated/ocpp201';
import { validators as v21, schemaActions as a21 } from './generated/ocpp21';
import type { OcppSchemaAction, OcppValidateFunction, OcppValidatorPair } from './validatorTypes';
import type { OcppVersion } from './version';

const BY_VERSION: Readonly<Record<OcppVersion, ReadonlyMap<string, OcppValidatorPair>>> = {
  '1.6': v16,
  '2.0.1': v201,
  '2.1': v21,
};

/** Every action each version's schemas define (for tests and tooling). */
export const SCHEMA_ACTIONS: Readonly<Record<OcppVersion, readonly OcppSchemaAction[]>> = {
  '1.6': a16,
  '2.0.1': a201,
  '2.1': a21,
};

export type OcppHalf = 'request' | 'response';

/** The compiled validator for one half of an action, or undefined when the version has no such schema. */
export function ocppValidator(version: OcppVersion, action: string, half: OcppHalf): OcppValidateFunction | undefined {
  const pair = BY_VERSION[version].get(action);
  return pair === undefined ? undefined : pair[half];
}

/** All actions of a version with their validators (Map iteration order: sorted by action). */
export function ocppValidators(version: OcppVersion): ReadonlyMap<string, OcppValidatorPair> {
  return BY_VERSION[version];
}
