// Display names and colours of the domain's identifiers (../shared/docs/domain.md).

export const ACTORS = ['utility', 'nsp', 'bms', 'evse', 'ev', 'customer'] as const;
export type Actor = (typeof ACTORS)[number];

export const ACTOR_LABEL: Record<string, string> = {
  utility: 'Utility', nsp: 'NSP', bms: 'BMS', evse: 'EVSE', ev: 'EV', customer: 'Customer',
};

export const ACTOR_HINT: Record<string, string> = {
  utility: 'utility, grid operator, DRMS (OpenADR VTN, 2030.5 server)',
  nsp: 'network service provider: CSMS, aggregator',
  bms: 'building / site energy manager, local controller',
  evse: 'charging station (OCPP charge point, ISO 15118 SECC)',
  ev: 'electric vehicle (ISO 15118 EVCC)',
  customer: 'driver, fleet or site owner',
};

export function actorLabel(a: string): string {
  return ACTOR_LABEL[a] ?? (a === '' ? '?' : a);
}

export const PROTOCOL_LABEL: Record<string, string> = {
  ocpp: 'OCPP', openadr: 'OpenADR', 'ieee2030.5': 'IEEE 2030.5', din70121: 'DIN 70121', 'iso15118-2': 'ISO 15118-2',
  'iso15118-20': 'ISO 15118-20', apphandshake: 'AppHandshake', sdp: 'SDP', slac: 'SLAC',
};

export function protocolLabel(p: string): string {
  return PROTOCOL_LABEL[p] ?? p;
}

/** CSS class suffix of a protocol (its colour in styles.css). */
export function protocolClass(p: string): string {
  return 'p-' + (PROTOCOL_LABEL[p] ? p.replace(/[^a-z0-9]/gi, '') : 'other');
}

export const KIND_LABEL: Record<string, string> = { request: 'request', response: 'response', error: 'error', notification: 'notification' };

/** OCPP names its frames CALL / CALLRESULT / CALLERROR / SEND. */
export function kindLabel(protocol: string, kind: string): string {
  if (protocol === 'ocpp') return { request: 'CALL', response: 'CALLRESULT', error: 'CALLERROR', notification: 'SEND' }[kind] ?? kind;
  return KIND_LABEL[kind] ?? kind;
}
