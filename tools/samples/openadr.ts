// OpenADR 2.0b messages for the samples (OpenADR 2.0b profile specification §8 simple HTTP, pull model;
// element sequences of oadr_20b.xsd and the Energy Interop / EMIX / iCalendar schemas it imports), written as
// oadrPayload > oadrSignedObject > message. Each body is decoded by the engine's OpenADR decoder before it is
// written and must come back with the expected name and no 'openadr.schema' diagnostic (validation against
// the structural schema generated from oadr_20b.xsd), or the generator stops.

import { decodeOpenAdr20 } from '../../parsers/protocols/openadr';

const NS = [
  'xmlns:oadr="http://openadr.org/oadr-2.0b/2012/07"',
  'xmlns:ei="http://docs.oasis-open.org/ns/energyinterop/201110"',
  'xmlns:pyld="http://docs.oasis-open.org/ns/energyinterop/201110/payloads"',
  'xmlns:emix="http://docs.oasis-open.org/ns/emix/2011/06"',
  'xmlns:power="http://docs.oasis-open.org/ns/emix/2011/06/power"',
  'xmlns:scale="http://docs.oasis-open.org/ns/emix/2011/06/siscale"',
  'xmlns:xcal="urn:ietf:params:xml:ns:icalendar-2.0"',
  'xmlns:strm="urn:ietf:params:xml:ns:icalendar-2.0:stream"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

/** An XML node: element name, attributes, and children or text. */
export type X = [name: string, content?: X[] | string | number | boolean, attrs?: Record<string, string>];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xml(node: X, indent = ''): string {
  const [name, content, attrs] = node;
  const a = attrs ? Object.entries(attrs).map(([k, v]) => ` ${k}="${esc(v)}"`).join('') : '';
  if (content === undefined) return `${indent}<${name}${a}/>`;
  if (!Array.isArray(content)) return `${indent}<${name}${a}>${esc(String(content))}</${name}>`;
  return `${indent}<${name}${a}>\n${content.map((c) => xml(c, indent + '  ')).join('\n')}\n${indent}</${name}>`;
}

/** The document for a message: oadrPayload > oadrSignedObject > message. */
export function oadrDocument(message: string, children: X[]): string {
  const inner: X = [`oadr:${message}`, children, { 'ei:schemaVersion': '2.0b' }];
  const body = xml(['oadr:oadrSignedObject', [inner]], '  ');
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<oadr:oadrPayload ${NS}>\n${body}\n</oadr:oadrPayload>\n`;
  check(doc, message);
  return doc;
}

function check(doc: string, name: string): void {
  const m = decodeOpenAdr20(doc, { isRequest: true });
  if (m.name !== name) throw new Error(`OpenADR document decodes as ${m.name}, not ${name}`);
  const bad = m.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('openadr.schema'));
  if (bad.length) throw new Error(`OpenADR ${name} is not schema-valid: ${bad.map((d) => `${d.code} ${d.message} ${d.path ?? ''}`).join('; ')}`);
}

const dur = (iso: string): X => ['xcal:duration', [['xcal:duration', iso]]];

export interface SignalSpec {
  name: string;
  type: string;
  id: string;
  /** itemBase element (e.g. oadr:currencyPerKWh), optional. */
  itemBase?: X;
  intervals: { duration: string; value: number }[];
  current: number;
}

export interface EventSpec {
  requestId: string;
  vtnId: string;
  eventId: string;
  modification: number;
  priority: number;
  marketContext: string;
  created: string;
  status: 'far' | 'near' | 'active' | 'completed' | 'cancelled' | 'none';
  comment?: string;
  start: string;
  duration: string;
  notification: string;
  signals: SignalSpec[];
  /** eiTarget children, e.g. [['ei:groupID', 'g1'], ['ei:resourceID', 'r1']]. */
  target: X[];
  responseRequired: 'always' | 'never';
}

export function oadrDistributeEvent(e: EventSpec): string {
  const signals: X[] = e.signals.map((s) => ['ei:eiEventSignal', [
    ['strm:intervals', s.intervals.map((iv, i): X => ['ei:interval', [
      dur(iv.duration),
      ['xcal:uid', [['xcal:text', String(i)]]],
      ['ei:signalPayload', [['ei:payloadFloat', [['ei:value', iv.value]]]]],
    ]])],
    ['ei:signalName', s.name],
    ['ei:signalType', s.type],
    ['ei:signalID', s.id],
    ...(s.itemBase ? [s.itemBase] : []),
    ['ei:currentValue', [['ei:payloadFloat', [['ei:value', s.current]]]]],
  ]]);
  return oadrDocument('oadrDistributeEvent', [
    ['pyld:requestID', e.requestId],
    ['ei:vtnID', e.vtnId],
    ['oadr:oadrEvent', [
      ['ei:eiEvent', [
        ['ei:eventDescriptor', [
          ['ei:eventID', e.eventId],
          ['ei:modificationNumber', e.modification],
          ['ei:priority', e.priority],
          ['ei:eiMarketContext', [['emix:marketContext', e.marketContext]]],
          ['ei:createdDateTime', e.created],
          ['ei:eventStatus', e.status],
          ['ei:testEvent', 'false'],
          ['ei:vtnComment', e.comment ?? ''],
        ]],
        ['ei:eiActivePeriod', [
          ['xcal:properties', [
            ['xcal:dtstart', [['xcal:date-time', e.start]]],
            dur(e.duration),
            ['ei:x-eiNotification', [['xcal:duration', e.notification]]],
          ]],
          ['xcal:components', undefined, { 'xsi:nil': 'true' }],
        ]],
        ['ei:eiEventSignals', signals],
        ['ei:eiTarget', e.target],
      ]],
      ['oadr:oadrResponseRequired', e.responseRequired],
    ]],
  ]);
}

export function oadrPoll(venId: string): string {
  return oadrDocument('oadrPoll', [['ei:venID', venId]]);
}

function eiResponse(requestId: string, code = 200, description = 'OK'): X {
  return ['ei:eiResponse', [['ei:responseCode', code], ['ei:responseDescription', description], ['pyld:requestID', requestId]]];
}

export function oadrResponse(requestId: string, venId: string): string {
  return oadrDocument('oadrResponse', [eiResponse(requestId), ['ei:venID', venId]]);
}

export function oadrCreatedEvent(venId: string, requestId: string, eventId: string, modification: number, opt: 'optIn' | 'optOut'): string {
  return oadrDocument('oadrCreatedEvent', [
    ['pyld:eiCreatedEvent', [
      eiResponse('', 200, 'OK'),
      ['ei:eventResponses', [
        ['ei:eventResponse', [
          ['ei:responseCode', 200],
          ['ei:responseDescription', 'OK'],
          ['pyld:requestID', requestId],
          ['ei:qualifiedEventID', [['ei:eventID', eventId], ['ei:modificationNumber', modification]]],
          ['ei:optType', opt],
        ]],
      ]],
      ['ei:venID', venId],
    ]],
  ]);
}

export function oadrQueryRegistration(requestId: string): string {
  return oadrDocument('oadrQueryRegistration', [['pyld:requestID', requestId]]);
}

export function oadrCreatePartyRegistration(requestId: string, venName: string, transportAddress: string): string {
  return oadrDocument('oadrCreatePartyRegistration', [
    ['pyld:requestID', requestId],
    ['oadr:oadrProfileName', '2.0b'],
    ['oadr:oadrTransportName', 'simpleHttp'],
    ['oadr:oadrTransportAddress', transportAddress],
    ['oadr:oadrReportOnly', 'false'],
    ['oadr:oadrXmlSignature', 'false'],
    ['oadr:oadrVenName', venName],
    ['oadr:oadrHttpPullModel', 'true'],
  ]);
}

export function oadrCreatedPartyRegistration(requestId: string, registrationId: string | undefined, venId: string | undefined, vtnId: string, pollFreq: string): string {
  return oadrDocument('oadrCreatedPartyRegistration', [
    eiResponse(requestId),
    ...(registrationId ? [['ei:registrationID', registrationId] as X] : []),
    ...(venId ? [['ei:venID', venId] as X] : []),
    ['ei:vtnID', vtnId],
    ['oadr:oadrProfiles', [
      ['oadr:oadrProfile', [
        ['oadr:oadrProfileName', '2.0b'],
        ['oadr:oadrTransports', [['oadr:oadrTransport', [['oadr:oadrTransportName', 'simpleHttp']]]]],
      ]],
    ]],
    ['oadr:oadrRequestedOadrPollFreq', [['xcal:duration', pollFreq]]],
  ]);
}

export interface ReportInterval {
  duration: string;
  /** [rID, value] per data point. */
  points: [string, number][];
}

export function oadrUpdateReport(requestId: string, venId: string, r: {
  start: string; duration: string; intervals: ReportInterval[]; reportId: string; reportRequestId: string;
  specifierId: string; name: string; created: string;
}): string {
  return oadrDocument('oadrUpdateReport', [
    ['pyld:requestID', requestId],
    ['oadr:oadrReport', [
      ['xcal:dtstart', [['xcal:date-time', r.start]]],
      dur(r.duration),
      ['strm:intervals', r.intervals.map((iv, i): X => ['ei:interval', [
        dur(iv.duration),
        ['xcal:uid', [['xcal:text', String(i)]]],
        ...iv.points.map(([rid, v]): X => ['oadr:oadrReportPayload', [
          ['ei:rID', rid],
          ['ei:payloadFloat', [['ei:value', v]]],
          ['oadr:oadrDataQuality', 'Quality Good - Non Specific'],
        ]]),
      ]])],
      ['ei:eiReportID', r.reportId],
      ['ei:reportRequestID', r.reportRequestId],
      ['ei:reportSpecifierID', r.specifierId],
      ['ei:reportName', r.name],
      ['ei:createdDateTime', r.created],
    ]],
    ['ei:venID', venId],
  ]);
}

export function oadrUpdatedReport(requestId: string, venId: string): string {
  return oadrDocument('oadrUpdatedReport', [eiResponse(requestId), ['ei:venID', venId]]);
}

/** itemBase of a price signal: currency per kWh. */
export function currencyPerKWh(currency: string): X {
  return ['oadr:currencyPerKWh', [['oadr:itemDescription', 'currencyPerKWh'], ['oadr:itemUnits', currency], ['scale:siScaleCode', 'none']]];
}

/** itemBase of a LOAD_DISPATCH signal: real power in kW. */
export function powerRealKw(): X {
  return ['power:powerReal', [
    ['power:itemDescription', 'RealPower'],
    ['power:itemUnits', 'W'],
    ['scale:siScaleCode', 'k'],
    ['power:powerAttributes', [['power:hertz', 60], ['power:voltage', 480], ['power:ac', 'true']]],
  ]];
}
