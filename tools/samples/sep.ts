// IEEE 2030.5-2018 resources for the samples (namespace urn:ieee:std:2030.5:ns; element sequences of sep.xsd
// v2.1.0: DeviceCapability, Time, EndDevice, Registration, MirrorUsagePoint, DERProgramList, DERControl),
// exchanged over HTTP as application/sep+xml (§8.1 RESTful HTTP; TLS left out so that the bodies can be read).
// Each body is decoded by the engine's 2030.5 decoder before it is written and must come back with the
// expected root element and no 'ieee2030_5.schema' diagnostic, or the generator stops.

import { createIeee2030_5Context, decode2030_5 } from '../../parsers/protocols/ieee2030_5';
import type { HttpLink } from './web';
import { xml, type X } from './openadr';

export const SEP_NS = 'urn:ieee:std:2030.5:ns';
export const SEP_MEDIA = 'application/sep+xml';

const enc = new TextEncoder();

/** The XML document of a resource, checked against the engine's sep.xsd model. */
export function sepDocument(root: string, children: X[], attrs: Record<string, string> = {}): string {
  const doc = `<?xml version="1.0" encoding="UTF-8"?>\n${xml([root, children, { xmlns: SEP_NS, ...attrs }])}\n`;
  const m = decode2030_5({ method: 'GET', target: attrs.href ?? '/', status: 200, contentType: SEP_MEDIA, body: enc.encode(doc), isRequest: false },
    createIeee2030_5Context());
  if (m.name !== root) throw new Error(`2030.5 document decodes as ${m.name}, not ${root}`);
  const bad = m.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('ieee2030_5.schema'));
  if (bad.length) throw new Error(`2030.5 ${root} is not schema-valid: ${bad.map((d) => `${d.code} ${d.message} ${d.path ?? ''}`).join('; ')}`);
  return doc;
}

const link = (name: string, href: string, all?: number): X => [name, undefined, all === undefined ? { href } : { href, all: String(all) }];

export function deviceCapability(): string {
  return sepDocument('DeviceCapability', [
    link('DERProgramListLink', '/derp', 1),
    link('TimeLink', '/tm'),
    link('EndDeviceListLink', '/edev', 1),
    link('MirrorUsagePointListLink', '/mup', 1),
  ], { href: '/dcap', pollRate: '900' });
}

export function timeResource(nowSec: number): string {
  // America/Los_Angeles in 2026: DST from 2026-03-08 10:00 UTC to 2026-11-01 09:00 UTC
  const dstStart = Date.UTC(2026, 2, 8, 10) / 1000;
  const dstEnd = Date.UTC(2026, 10, 1, 9) / 1000;
  const inDst = nowSec >= dstStart && nowSec < dstEnd;
  return sepDocument('Time', [
    ['currentTime', nowSec],
    ['dstEndTime', dstEnd],
    ['dstOffset', 3600],
    ['dstStartTime', dstStart],
    ['localTime', nowSec - 28800 + (inDst ? 3600 : 0)],
    ['quality', 7],
    ['tzOffset', -28800],
  ], { href: '/tm', pollRate: '900' });
}

export interface DeviceIds {
  /** 40 hex digits (160-bit LFDI). */
  lfdi: string;
  /** Short form (36-bit SFDI with check digit), decimal. */
  sfdi: number;
}

export function endDevice(ids: DeviceIds, href: string | undefined, changedTime: number, links = false): string {
  return sepDocument('EndDevice', [
    ...(links ? [link('DERListLink', `${href}/der`, 1)] : []),
    ['lFDI', ids.lfdi],
    ['sFDI', ids.sfdi],
    ['changedTime', changedTime],
    ...(links ? [link('FunctionSetAssignmentsListLink', `${href}/fsa`, 1), link('RegistrationLink', `${href}/rg`)] : []),
  ], href ? { href } : {});
}

export function endDeviceList(ids: DeviceIds, href: string, changedTime: number): string {
  return sepDocument('EndDeviceList', [
    ['EndDevice', [
      link('DERListLink', `${href}/der`, 1),
      ['lFDI', ids.lfdi],
      ['sFDI', ids.sfdi],
      ['changedTime', changedTime],
      link('FunctionSetAssignmentsListLink', `${href}/fsa`, 1),
      link('RegistrationLink', `${href}/rg`),
    ], { href }],
  ], { href: '/edev', all: '1', results: '1', subscribable: '0' });
}

export function registration(href: string, registeredSec: number, pin: number): string {
  return sepDocument('Registration', [['dateTimeRegistered', registeredSec], ['pIN', pin]], { href, pollRate: '86400' });
}

/**
 * A MirrorUsagePoint with one MirrorMeterReading (the charger mirrors its meter to the server, §10.10):
 * real power in W (uom 38) with the reading given.
 */
export function mirrorUsagePoint(mrid: string, readingMrid: string, lfdi: string, watts: number, atSec: number): string {
  return sepDocument('MirrorUsagePoint', [
    ['mRID', mrid],
    ['description', 'EVSE 1 consumption'],
    ['roleFlags', '03'],
    ['serviceCategoryKind', 0],
    ['status', 1],
    ['deviceLFDI', lfdi],
    ['MirrorMeterReading', [
      ['mRID', readingMrid],
      ['description', 'Real power'],
      ['lastUpdateTime', atSec],
      ['Reading', [['timePeriod', [['duration', 60], ['start', atSec - 60]]], ['value', watts]]],
      ['ReadingType', [
        ['accumulationBehaviour', 12],
        ['commodity', 1],
        ['dataQualifier', 2],
        ['flowDirection', 1],
        ['kind', 37],
        ['phase', 0],
        ['powerOfTenMultiplier', 0],
        ['uom', 38],
      ]],
    ]],
  ]);
}

export interface DerControlSpec {
  href: string;
  mrid: string;
  description: string;
  creationTime: number;
  start: number;
  duration: number;
  /** EventStatus currentStatus: 0 scheduled, 1 active. */
  status: 0 | 1;
  /** DERControlBase children, in sep.xsd order. */
  base: X[];
}

function derControlChildren(c: DerControlSpec): X[] {
  return [
    ['mRID', c.mrid],
    ['description', c.description],
    ['creationTime', c.creationTime],
    ['EventStatus', [['currentStatus', c.status], ['dateTime', c.creationTime], ['potentiallySuperseded', 'false']]],
    ['interval', [['duration', c.duration], ['start', c.start]]],
    ['DERControlBase', c.base],
  ];
}

export function derControl(c: DerControlSpec): string {
  return sepDocument('DERControl', derControlChildren(c), { href: c.href, replyTo: '/rsp/0/rsp', responseRequired: '03' });
}

export function derControlList(href: string, controls: DerControlSpec[]): string {
  return sepDocument('DERControlList', controls.map((c): X => ['DERControl', derControlChildren(c), { href: c.href, replyTo: '/rsp/0/rsp', responseRequired: '03' }]),
    { href, all: String(controls.length), results: String(controls.length), subscribable: '0' });
}

export function derProgramList(href: string, program: { href: string; mrid: string; description: string; primacy: number }): string {
  return sepDocument('DERProgramList', [
    ['DERProgram', [
      ['mRID', program.mrid],
      ['description', program.description],
      link('ActiveDERControlListLink', `${program.href}/actderc`, 1),
      link('DERControlListLink', `${program.href}/derc`, 1),
      ['primacy', program.primacy],
    ], { href: program.href }],
  ], { href, all: '1', results: '1', subscribable: '0' });
}

/** GET of a 2030.5 resource with its body; returns when the client has the response. */
export function sepGet(http: HttpLink, t: number, target: string, body: string, serverUs: number, comment?: string): number {
  return http.exchange(t, { method: 'GET', target, headers: [['Accept', SEP_MEDIA]], comment },
    { status: 200, headers: [['Content-Type', SEP_MEDIA]], body }, serverUs);
}

/** POST of a resource, answered 201 Created with its Location. */
export function sepPost(http: HttpLink, t: number, target: string, body: string, location: string, serverUs: number, comment?: string): number {
  return http.exchange(t, { method: 'POST', target, headers: [['Content-Type', SEP_MEDIA]], body, comment },
    { status: 201, reason: 'Created', headers: [['Location', location]] }, serverUs);
}

/** PUT of a resource, answered 204 No Content. */
export function sepPut(http: HttpLink, t: number, target: string, body: string, serverUs: number, comment?: string): number {
  return http.exchange(t, { method: 'PUT', target, headers: [['Content-Type', SEP_MEDIA]], body, comment },
    { status: 204, reason: 'No Content' }, serverUs);
}
