// Access to the generated OCPP schema validators (generated/*.js, produced by tools/gen-ocpp-validators.mjs from
// the OCA JSON schemas of OCPP 1.6, 2.0.1 and 2.1) by version, action and half (request / response). Each
// version's table is loaded on first use (validatorLoaders.ts).
import { OCPP_VALIDATOR_LOADERS } from './validatorLoaders';
import type { OcppSchemaAction, OcppValidateFunction, OcppValidatorPair, OcppValidatorTable } from './validatorTypes';
import type { OcppVersion } from './version';

const tables: Partial<Record<OcppVersion, OcppValidatorTable>> = {};

function table(version: OcppVersion): OcppValidatorTable {
  return (tables[version] ??= OCPP_VALIDATOR_LOADERS[version]());
}

/** Every action each version's schemas define (for tests and tooling). */
export const SCHEMA_ACTIONS: Readonly<Record<OcppVersion, readonly OcppSchemaAction[]>> = {
  get '1.6'() { return table('1.6').schemaActions; },
  get '2.0.1'() { return table('2.0.1').schemaActions; },
  get '2.1'() { return table('2.1').schemaActions; },
};

export type OcppHalf = 'request' | 'response';

/** The compiled validator for one half of an action, or undefined when the version has no such schema. */
export function ocppValidator(version: OcppVersion, action: string, half: OcppHalf): OcppValidateFunction | undefined {
  const pair = table(version).validators.get(action);
  return pair === undefined ? undefined : pair[half];
}

/** All actions of a version with their validators (Map iteration order: sorted by action). */
export function ocppValidators(version: OcppVersion): ReadonlyMap<string, OcppValidatorPair> {
  return table(version).validators;
}
