// The field registry: every filterable field of a message record, declared once. The filter language,
// the detail tree (hover names) and the CLI use these names (docs/architecture.md "Naming").

import type { MessageRecord } from '../engine/record';

export type FieldType = 'string' | 'number' | 'strings';

export interface FieldDef {
  name: string;
  type: FieldType;
  description: string;
  /** Value for a record; undefined when the field is absent (e.g. ocpp.action on a SLAC message). */
  get(r: MessageRecord): string | number | string[] | undefined;
}

const onProtocol = (protocols: string[], get: (r: MessageRecord) => string | number | undefined) =>
  (r: MessageRecord) => (protocols.includes(r.protocol) ? get(r) : undefined);

const V2G = ['din70121', 'iso15118-2', 'iso15118-20', 'apphandshake'];

export const PROTOCOL_NAMES = ['ocpp', 'openadr', 'ieee2030.5', 'din70121', 'iso15118-2', 'iso15118-20', 'apphandshake',
  'sdp', 'slac'] as const;

export const FIELDS: FieldDef[] = [
  { name: 'seq', type: 'number', description: 'position of the message in the output', get: (r) => r.seq },
  { name: 'frame', type: 'number', description: 'capture frame in which the message completed', get: (r) => r.frame },
  { name: 'time', type: 'string', description: 'capture timestamp, ISO 8601 UTC', get: (r) => r.time },
  { name: 'protocol', type: 'string', description: 'ocpp, openadr, ieee2030.5, din70121, iso15118-2, iso15118-20, apphandshake, sdp, slac', get: (r) => r.protocol },
  { name: 'version', type: 'string', description: 'protocol version', get: (r) => r.version },
  { name: 'src', type: 'string', description: 'sender address (ip:port or MAC)', get: (r) => r.src },
  { name: 'dst', type: 'string', description: 'receiver address (ip:port or MAC)', get: (r) => r.dst },
  { name: 'from', type: 'string', description: 'sending actor (utility, nsp, bms, evse, ev, customer)', get: (r) => r.from },
  { name: 'to', type: 'string', description: 'receiving actor', get: (r) => r.to },
  { name: 'pathway', type: 'string', description: 'communication pathway (nsp-evse, evse-ev, utility-nsp, ...)', get: (r) => r.pathway },
  { name: 'name', type: 'string', description: 'action, message or resource name', get: (r) => r.name },
  { name: 'kind', type: 'string', description: 'request, response, error or notification', get: (r) => r.kind },
  { name: 'id', type: 'string', description: 'correlation key (OCPP message id, ISO 15118 SessionID, HTTP exchange)', get: (r) => r.id },
  { name: 'category', type: 'strings', description: 'use-case categories', get: (r) => r.categories },
  { name: 'tag', type: 'strings', description: 'seed tags (V1G, V2G, ...)', get: (r) => r.tags },
  { name: 'severity', type: 'strings', description: 'severities of the message diagnostics', get: (r) => r.diagnostics.map((d) => d.severity) },
  { name: 'diagnostic', type: 'strings', description: 'codes of the message diagnostics', get: (r) => r.diagnostics.map((d) => d.code) },
  { name: 'diagnostics', type: 'number', description: 'number of diagnostics', get: (r) => r.diagnostics.length },
  { name: 'ocpp.action', type: 'string', description: 'OCPP action (responses carry their request\'s)', get: onProtocol(['ocpp'], (r) => r.name) },
  { name: 'ocpp.id', type: 'string', description: 'OCPP message id', get: onProtocol(['ocpp'], (r) => r.id) },
  { name: 'ocpp.version', type: 'string', description: 'OCPP version (1.6, 2.0.1, 2.1)', get: onProtocol(['ocpp'], (r) => r.version) },
  { name: 'ocpp.kind', type: 'string', description: 'request (CALL), response (CALLRESULT), error, notification (SEND)', get: onProtocol(['ocpp'], (r) => r.kind) },
  { name: 'openadr.message', type: 'string', description: 'OpenADR message name (oadrDistributeEvent, ...)', get: onProtocol(['openadr'], (r) => r.name) },
  { name: 'ieee2030_5.resource', type: 'string', description: 'IEEE 2030.5 resource name', get: onProtocol(['ieee2030.5'], (r) => r.name) },
  { name: 'v2g.message', type: 'string', description: 'ISO 15118 / DIN 70121 message name', get: onProtocol(V2G, (r) => r.name) },
  { name: 'v2g.session_id', type: 'string', description: 'ISO 15118 / DIN 70121 SessionID (hex)', get: onProtocol(V2G, (r) => r.id) },
  { name: 'slac.message', type: 'string', description: 'HomePlug Green PHY management message', get: onProtocol(['slac'], (r) => r.name) },
];

export const FIELD_BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** `body.` followed by a dotted path reads a value out of the decoded body (first match per step, arrays searched). */
export const BODY_PREFIX = 'body.';
