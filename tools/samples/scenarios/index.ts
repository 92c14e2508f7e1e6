// The samples, in README order.
import type { Sample } from './sample';
import { dcFlow } from './dcFlow';
import { demandMitigation } from './demandMitigation';
import { pricePrograms } from './pricePrograms';
import { twoWayFlow } from './twoWayFlow';
import { vgiServices } from './vgiServices';

export type { Sample };
export const SAMPLES: Sample[] = [pricePrograms, demandMitigation, dcFlow, twoWayFlow, vgiServices];
