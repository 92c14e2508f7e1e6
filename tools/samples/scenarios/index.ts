// The samples, in README order.
import type { Sample } from './sample';
import { dcFlow } from './dcFlow';
import { pricePrograms } from './pricePrograms';
import { vgiServices } from './vgiServices';

export type { Sample };
export const SAMPLES: Sample[] = [pricePrograms, dcFlow, vgiServices];
