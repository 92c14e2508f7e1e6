// Per-capture IEEE 2030.5 link context (IEEE 2030.5-2018 §8.2 resources addressed by href, §8.3 Link and
// ListLink): remembers which resource type each href leads to (from the Link element names seen in
// bodies, e.g. EndDeviceListLink -> EndDeviceList) and which HTTP exchange fetched it, so that body-less
// requests (GET /edev) can be named and links resolved. Bounded (oldest entries evicted).

export interface Ieee2030_5Context {
  /** href path -> resource type expected behind it */
  readonly expected: Map<string, string>;
  /** href path -> id of the exchange whose response carried it */
  readonly fetched: Map<string, number>;
  readonly maxEntries: number;
}

export function createIeee2030_5Context(maxEntries = 10_000): Ieee2030_5Context {
  return { expected: new Map(), fetched: new Map(), maxEntries };
}

export function remember<V>(ctx: Ieee2030_5Context, map: Map<string, V>, key: string, value: V): void {
  if (map.has(key)) map.delete(key);
  else if (map.size >= ctx.maxEntries) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}

/** Conventional root paths of the standard's examples (Annex C), used when no Link named the href. */
const CONVENTIONAL: ReadonlyArray<[RegExp, string]> = [
  [/^\/dcap$/, 'DeviceCapability'], [/^\/tm$/, 'Time'], [/^\/sdev$/, 'SelfDevice'],
  [/^\/edev$/, 'EndDeviceList'], [/^\/edev\/[^/]+$/, 'EndDevice'], [/^\/edev\/[^/]+\/reg$/, 'Registration'],
  [/^\/edev\/[^/]+\/fsa$/, 'FunctionSetAssignmentsList'], [/^\/edev\/[^/]+\/di$/, 'DeviceInformation'],
  [/^\/edev\/[^/]+\/ps$/, 'PowerStatus'], [/^\/edev\/[^/]+\/der$/, 'DERList'], [/^\/edev\/[^/]+\/dstat$/, 'DeviceStatus'],
  [/^\/upt$/, 'UsagePointList'], [/^\/mup$/, 'MirrorUsagePointList'], [/^\/mup\/[^/]+$/, 'MirrorUsagePoint'],
  [/^\/derp$/, 'DERProgramList'], [/^\/derp\/[^/]+$/, 'DERProgram'], [/^\/derp\/[^/]+\/derc$/, 'DERControlList'],
  [/^\/derp\/[^/]+\/dderc$/, 'DefaultDERControl'], [/^\/tp$/, 'TariffProfileList'], [/^\/rsps$/, 'ResponseSetList'],
  [/^\/fsa$/, 'FunctionSetAssignmentsList'], [/^\/dr$/, 'DemandResponseProgramList'], [/^\/msg$/, 'MessagingProgramList'],
];

export function guessResource(path: string): string | undefined {
  for (const [re, name] of CONVENTIONAL) if (re.test(path)) return name;
  return undefined;
}
