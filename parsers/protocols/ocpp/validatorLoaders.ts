// Where the generated OCPP validators come from: here, the modules themselves, bundled with the code that
// uses them. The CLI's build (tools/build.mjs) swaps this module for one that loads each version's
// validators from its own file on first use, so a run that meets only OCPP 1.6 never compiles the 2.1
// code (the three versions are about 3 MB of JavaScript).
import * as ocpp16 from './generated/ocpp16';
import * as ocpp201 from './generated/ocpp201';
import * as ocpp21 from './generated/ocpp21';
import type { OcppValidatorTable } from './validatorTypes';
import type { OcppVersion } from './version';

export const OCPP_VALIDATOR_LOADERS: Readonly<Record<OcppVersion, () => OcppValidatorTable>> = {
  '1.6': () => ocpp16,
  '2.0.1': () => ocpp201,
  '2.1': () => ocpp21,
};
