// The bundled samples (samples/*.pcapng, issue 5 item 5): they are exactly what tools/samples/generate.ts
// writes (regenerated here into a temporary folder and compared byte for byte), tshark reads them cleanly
// (same frame count as the engine, valid IP/TCP/UDP checksums, no expert warnings), their XML payloads
// validate against the official XSDs with xmllint (independent of the engine's schema models), and the
// engine decodes them without diagnostics, with the use-case categories of docs/domain.md on the messages
// that each sample exists to show, and with the story each sample tells visible in the decoded values.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../parsers/core/diagnostics';
import { createInspector } from '../../../parsers/engine/inspector';
import type { MessageRecord } from '../../../parsers/engine/record';
import { hasShared, sharedPath } from '../../support/shared';
import { hasTshark, tshark } from '../../support/tshark';

const root = resolve(__dirname, '../../..');
const samplesDir = join(root, 'samples');
const NAMES = ['price-programs', 'demand-mitigation', 'dc-flow', 'two-way-flow', 'vgi-services'];
const hasXmllint = spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;

interface Decoded {
  records: MessageRecord[];
  raws: Map<number, Uint8Array>;
  captureDiagnostics: Diagnostic[];
  frames: number;
}

function decode(file: string): Decoded {
  const records: MessageRecord[] = [];
  const raws = new Map<number, Uint8Array>();
  const captureDiagnostics: Diagnostic[] = [];
  const insp = createInspector({
    onRecord(r, extras) {
      records.push(r);
      // keep the XML bodies (for xmllint); the view is only valid during the call
      if (extras.raw && (r.protocol === 'openadr' || r.protocol === 'ieee2030.5')) raws.set(r.seq, Uint8Array.from(extras.raw));
    },
    onDiagnostic(d) {
      captureDiagnostics.push(d);
    },
  });
  insp.push(readFileSync(file));
  insp.end();
  return { records, raws, captureDiagnostics, frames: insp.stats.frames };
}

/** Value of a physical value ({Multiplier, Value} or {Exponent, Value}). */
function phys(v: unknown): number {
  const o = v as { Multiplier?: number; Exponent?: number; Value: number };
  return o.Value * 10 ** (o.Multiplier ?? o.Exponent ?? 0);
}

function v2gBody(r: MessageRecord): Record<string, unknown> {
  const b = r.body as Record<string, Record<string, unknown>>;
  if (b.V2G_Message) return (b.V2G_Message as unknown as { Body: Record<string, Record<string, unknown>> }).Body[r.name];
  return b[r.name];
}

const decoded = new Map<string, Decoded>();
const get = (name: string): Decoded => {
  let d = decoded.get(name);
  if (!d) {
    d = decode(join(samplesDir, `${name}.pcapng`));
    decoded.set(name, d);
  }
  return d;
};

describe('samples are made by tools/samples/generate.ts', () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'vgi-samples-'));
    execFileSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'tools/samples/generate.ts'), '--out', out],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  });
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('writes one capture per use-case category plus the README, and nothing else', () => {
    expect(readdirSync(out).sort()).toEqual([...NAMES.map((n) => `${n}.pcapng`), 'README.md'].sort());
    expect(readdirSync(samplesDir).sort()).toEqual(readdirSync(out).sort());
  });

  it.each([...NAMES.map((n) => `${n}.pcapng`), 'README.md'])('%s is byte-identical to a fresh generation', (file) => {
    const fresh = readFileSync(join(out, file));
    const committed = readFileSync(join(samplesDir, file));
    expect(committed.length).toBe(fresh.length);
    expect(committed.equals(fresh)).toBe(true);
  });

  it.each(NAMES)('%s is small (under 200 KB)', (name) => {
    expect(readFileSync(join(samplesDir, `${name}.pcapng`)).length).toBeLessThan(200 * 1024);
  });
});

describe.skipIf(!hasTshark)('tshark reads the samples', () => {
  it.each(NAMES)('%s: same frame count as the engine, valid checksums, no expert warnings', (name) => {
    const file = join(samplesDir, `${name}.pcapng`);
    const r = spawnSync('tshark', ['-r', file, '-q', '-z', 'io,stat,0'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr.replace(/Running as user "root".*\n?/, '')).toBe('');
    const row = /\|\s*0\.0+\s*<>\s*[\d.]+\s*\|\s*(\d+)\s*\|/.exec(r.stdout);
    expect(row).not.toBeNull();
    const tsharkFrames = Number(row![1]);
    expect(tsharkFrames).toBe(get(name).frames);
    expect(tsharkFrames).toBeGreaterThan(50);
    const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
    const bad = tshark(['-r', file, ...checks, '-Y', 'ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0 || _ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags']);
    expect(bad).toEqual([]);
    const good = tshark(['-r', file, ...checks, '-Y', 'tcp.checksum.status == 1 || udp.checksum.status == 1']);
    const slac = tshark(['-r', file, '-Y', 'eth.type == 0x88e1']);
    expect(good.length + slac.length).toBe(tsharkFrames);
  });
});

describe.skipIf(!hasTshark)('pcapng blocks written by parsers/capture/writer.ts, as capinfos reads them', () => {
  it('SHB comment and user application, two IDBs with name, description and if_tsresol 6 / 9, EPB comments', () => {
    const file = join(samplesDir, 'demand-mitigation.pcapng');
    const info = spawnSync('capinfos', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Capture application:\s+VGI Inspector sample generator \(tools\/samples\)/);
    expect(info).toMatch(/Capture comment:\s+VGI Inspector sample "demand-mitigation"/);
    expect(info).toMatch(/Number of interfaces in file: 2/);
    expect(info).toMatch(/Name = uplink0[\s\S]*Time resolution = 0x06[\s\S]*Name = plc0[\s\S]*Time resolution = 0x09/);
    expect(info).toMatch(/Strict time order:\s+True/);
    const comments = tshark(['-r', file, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.comment']);
    expect(comments.map((c) => c.slice(0, 7))).toEqual(['Step 1:', 'Step 2:', 'Step 3:', 'Step 4:', 'Step 5:', 'Step 6:']);
    // nanosecond interface: the engine and tshark agree on the time of the first V2G frame to the nanosecond
    const first = get('demand-mitigation').records.find((r) => r.protocol === 'sdp')!;
    const t = tshark(['-r', file, '-Y', `frame.number == ${first.frame}`, '-T', 'fields', '-e', 'frame.time_epoch'])[0];
    expect(new Date(Number(t.split('.')[0]) * 1000).toISOString().slice(0, 19) + '.' + t.split('.')[1] + 'Z').toBe(first.time);
  });
});

describe('the engine decodes the samples', () => {
  it.each(NAMES)('%s: no diagnostics on the capture or on any message', (name) => {
    const d = get(name);
    expect(d.captureDiagnostics).toEqual([]);
    const withDiagnostics = d.records.filter((r) => r.diagnostics.length > 0).map((r) => `${r.frame} ${r.name}: ${r.diagnostics.map((x) => x.code).join(', ')}`);
    expect(withDiagnostics).toEqual([]);
    expect(d.records.every((r) => r.name !== '?')).toBe(true);
  });

  // protocols each sample carries: every one of them must produce records, and no other
  const PROTOCOLS: Record<string, string[]> = {
    'price-programs': ['apphandshake', 'iso15118-2', 'ocpp', 'openadr', 'sdp'],
    'demand-mitigation': ['apphandshake', 'ieee2030.5', 'iso15118-2', 'ocpp', 'openadr', 'sdp'],
    'dc-flow': ['apphandshake', 'din70121', 'ocpp', 'sdp', 'slac'],
    'two-way-flow': ['apphandshake', 'ieee2030.5', 'iso15118-20', 'ocpp', 'sdp', 'slac'],
    'vgi-services': ['ieee2030.5', 'ocpp', 'openadr'],
  };
  it.each(NAMES)('%s: every protocol of the sample produces records', (name) => {
    expect([...new Set(get(name).records.map((r) => r.protocol))].sort()).toEqual(PROTOCOLS[name]);
  });

  it('OCPP versions: 2.1 for tariffs and V2X, 1.6 in the DC and demand flows, 2.0.1 for services', () => {
    const v = (name: string): string[] => [...new Set(get(name).records.filter((r) => r.protocol === 'ocpp').map((r) => r.version))];
    expect(v('price-programs')).toEqual(['2.1']);
    expect(v('two-way-flow')).toEqual(['2.1']);
    expect(v('dc-flow')).toEqual(['1.6']);
    expect(v('demand-mitigation')).toEqual(['1.6']);
    expect(v('vgi-services')).toEqual(['2.0.1']);
  });

  // [protocol, message name, category] that must appear on every record of that name in the sample
  const EXPECTED: Record<string, [string, string, string][]> = {
    'price-programs': [
      ['openadr', 'oadrDistributeEvent', 'price-programs'],
      ['ocpp', 'SetDefaultTariff', 'price-programs'],
      ['ocpp', 'SetDisplayMessage', 'price-programs'],
      ['ocpp', 'CostUpdated', 'price-programs'],
      ['ocpp', 'TransactionEvent', 'price-programs'],
      ['iso15118-2', 'ChargeParameterDiscoveryRes', 'price-programs'],
      ['iso15118-2', 'PowerDeliveryReq', 'demand-mitigation'],
    ],
    'demand-mitigation': [
      ['openadr', 'oadrDistributeEvent', 'demand-mitigation'],
      ['openadr', 'oadrCreatedEvent', 'demand-mitigation'],
      ['ocpp', 'SetChargingProfile', 'demand-mitigation'],
      ['iso15118-2', 'PowerDeliveryReq', 'demand-mitigation'],
      ['iso15118-2', 'CurrentDemandReq', 'dc-flow'],
      ['ocpp', 'MeterValues', 'vgi-services'],
      ['openadr', 'oadrUpdateReport', 'vgi-services'],
      ['ieee2030.5', 'DERControl', 'demand-mitigation'],
    ],
    'dc-flow': [
      ['din70121', 'CableCheckReq', 'dc-flow'],
      ['din70121', 'PreChargeReq', 'dc-flow'],
      ['din70121', 'CurrentDemandReq', 'dc-flow'],
      ['din70121', 'CurrentDemandRes', 'dc-flow'],
      ['din70121', 'WeldingDetectionReq', 'dc-flow'],
      ['ocpp', 'StartTransaction', 'vgi-services'],
      ['ocpp', 'MeterValues', 'vgi-services'],
      ['ocpp', 'StopTransaction', 'vgi-services'],
    ],
    'two-way-flow': [
      ['iso15118-20', 'DC_ChargeParameterDiscoveryReq', 'two-way-flow'],
      ['iso15118-20', 'DC_ChargeParameterDiscoveryRes', 'two-way-flow'],
      ['iso15118-20', 'DC_ChargeLoopReq', 'two-way-flow'],
      ['iso15118-20', 'DC_ChargeLoopRes', 'dc-flow'],
      ['ocpp', 'SetChargingProfile', 'two-way-flow'],
      ['ieee2030.5', 'DERControl', 'demand-mitigation'],
    ],
    'vgi-services': [
      ['ocpp', 'BootNotification', 'vgi-services'],
      ['ocpp', 'Authorize', 'vgi-services'],
      ['ocpp', 'StatusNotification', 'vgi-services'],
      ['ocpp', 'Heartbeat', 'vgi-services'],
      ['ieee2030.5', 'EndDevice', 'vgi-services'],
      ['ieee2030.5', 'Registration', 'vgi-services'],
      ['ieee2030.5', 'Time', 'vgi-services'],
      ['ieee2030.5', 'MirrorUsagePoint', 'vgi-services'],
      ['openadr', 'oadrCreatePartyRegistration', 'vgi-services'],
      ['openadr', 'oadrPoll', 'vgi-services'],
    ],
  };
  for (const name of NAMES) {
    it.each(EXPECTED[name])(`${name}: %s %s is annotated %s`, (protocol, message, category) => {
      const recs = get(name).records.filter((r) => r.protocol === protocol && r.name === message && (protocol !== 'ocpp' || r.kind === 'request'));
      expect(recs.length).toBeGreaterThan(0);
      for (const r of recs) expect(r.categories, `${message} in frame ${r.frame}`).toContain(category);
    });
  }

  it('two-way-flow: the OCPP 2.1 profile and the transaction carry V2G; SLAC, SDP and the handshake are tagged other', () => {
    const recs = get('two-way-flow').records;
    const scp = recs.find((r) => r.name === 'SetChargingProfile' && r.kind === 'request')!;
    expect(scp.tags).toContain('V2G');
    expect(recs.some((r) => r.name === 'TransactionEvent' && r.kind === 'request' && r.categories.includes('two-way-flow'))).toBe(true);
    for (const r of recs.filter((x) => ['slac', 'sdp', 'apphandshake'].includes(x.protocol))) expect(r.tags).toEqual(['other']);
  });

  it('pathways follow the default roles of docs/domain.md', () => {
    const pathways = new Map<string, Set<string>>();
    for (const name of NAMES) {
      for (const r of get(name).records) {
        const s = pathways.get(r.protocol) ?? new Set<string>();
        s.add(r.pathway);
        pathways.set(r.protocol, s);
      }
    }
    expect([...pathways.get('ocpp')!]).toEqual(['nsp-evse']);
    expect([...pathways.get('openadr')!]).toEqual(['utility-nsp']);
    expect([...pathways.get('ieee2030.5')!]).toEqual(['utility-nsp']);
    for (const p of ['slac', 'sdp', 'apphandshake', 'din70121', 'iso15118-2', 'iso15118-20']) expect([...pathways.get(p)!]).toEqual(['evse-ev']);
  });
});

describe('the story each sample tells is in the decoded values', () => {
  it('dc-flow: the state of charge rises through the CurrentDemand loop; current ramps up and back to zero', () => {
    const recs = get('dc-flow').records;
    const socs = recs.filter((r) => r.name === 'CurrentDemandReq').map((r) => (v2gBody(r).DC_EVStatus as { EVRESSSOC: number }).EVRESSSOC);
    expect(socs.length).toBeGreaterThan(100);
    for (let i = 1; i < socs.length; i++) expect(socs[i]).toBeGreaterThanOrEqual(socs[i - 1]);
    expect(socs[socs.length - 1]).toBeGreaterThan(socs[0] + 2);
    const amps = recs.filter((r) => r.name === 'CurrentDemandRes').map((r) => phys(v2gBody(r).EVSEPresentCurrent));
    expect(Math.max(...amps)).toBeGreaterThan(300);
    expect(amps[amps.length - 1]).toBeLessThan(20);
    // the OCPP meter register grows between StartTransaction and StopTransaction
    const start = recs.find((r) => r.name === 'StartTransaction' && r.kind === 'request')!.body as { meterStart: number };
    const stop = recs.find((r) => r.name === 'StopTransaction' && r.kind === 'request')!.body as { meterStop: number };
    expect(stop.meterStop).toBeGreaterThan(start.meterStart);
  });

  it('demand-mitigation: event, profile, renegotiation, lower current, lower metered power, report, in that order', () => {
    const recs = get('demand-mitigation').records;
    const first = (pred: (r: MessageRecord) => boolean): MessageRecord => {
      const r = recs.find(pred);
      expect(r).toBeDefined();
      return r!;
    };
    const event = first((r) => r.name === 'oadrDistributeEvent');
    const profile = first((r) => r.name === 'SetChargingProfile' && r.kind === 'request');
    const notify = first((r) => r.name === 'CurrentDemandRes' && (v2gBody(r).DC_EVSEStatus as { EVSENotification: string }).EVSENotification === 'ReNegotiation');
    const renegotiate = first((r) => r.name === 'PowerDeliveryReq' && v2gBody(r).ChargeProgress === 'Renegotiate');
    const schedule = first((r) => r.name === 'ChargeParameterDiscoveryRes' && r.frame > renegotiate.frame);
    const restart = first((r) => r.name === 'PowerDeliveryReq' && r.frame > schedule.frame);
    const report = first((r) => r.name === 'oadrUpdateReport');
    const order = [event, profile, notify, renegotiate, schedule, restart, report].map((r) => r.frame);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // the new schedule and profile say 50 kW
    const pmax = ((v2gBody(schedule).SAScheduleList as { SAScheduleTuple: { PMaxSchedule: { PMaxScheduleEntry: { PMax: unknown }[] } }[] }).SAScheduleTuple[0]
      .PMaxSchedule.PMaxScheduleEntry[0].PMax);
    expect(phys(pmax)).toBe(50_000);
    const entry = (v2gBody(restart).ChargingProfile as { ProfileEntry: { ChargingProfileEntryMaxPower: unknown }[] }).ProfileEntry[0];
    expect(phys(entry.ChargingProfileEntryMaxPower)).toBe(50_000);
    // the car's power before the event and at the end of the capture
    const power = (r: MessageRecord): number => phys(v2gBody(r).EVSEPresentCurrent) * phys(v2gBody(r).EVSEPresentVoltage);
    const loop = recs.filter((r) => r.name === 'CurrentDemandRes');
    const before = loop.filter((r) => r.frame < event.frame);
    const after = loop.filter((r) => r.frame > restart.frame);
    expect(Math.max(...before.map(power))).toBeGreaterThan(140_000);
    expect(power(after[after.length - 1])).toBeLessThan(51_000);
    expect(power(after[after.length - 1])).toBeGreaterThan(45_000);
    // OCPP MeterValues: power falls below the profile's limit after the renegotiation
    const metered = recs.filter((r) => r.name === 'MeterValues' && r.kind === 'request').map((r) => ({
      frame: r.frame,
      watts: Number((r.body as { meterValue: { sampledValue: { measurand: string; value: string }[] }[] }).meterValue[0].sampledValue
        .find((s) => s.measurand === 'Power.Active.Import')!.value),
    }));
    expect(metered.filter((m) => m.frame < event.frame).every((m) => m.watts > 140_000)).toBe(true);
    const later = metered.filter((m) => m.frame > restart.frame);
    expect(later.length).toBeGreaterThan(2);
    expect(later.every((m) => m.watts <= 50_000)).toBe(true);
    // the OCPP profile matches
    const period = (profile.body as { csChargingProfiles: { chargingSchedule: { chargingSchedulePeriod: { limit: number }[] } } })
      .csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0];
    expect(period.limit).toBe(50_000);
  });

  it('two-way-flow: after the export request the DC current turns negative; the OCPP profile asks for -7 kW', () => {
    const recs = get('two-way-flow').records;
    const scp = recs.find((r) => r.name === 'SetChargingProfile' && r.kind === 'request')!;
    const period = (scp.body as { chargingProfile: { chargingSchedule: { chargingSchedulePeriod: { limit: number; setpoint: number; operationMode: string }[] }[] } })
      .chargingProfile.chargingSchedule[0].chargingSchedulePeriod[0];
    expect(period).toMatchObject({ limit: -7000, setpoint: -7000, operationMode: 'CentralSetpoint' });
    const loop = recs.filter((r) => r.name === 'DC_ChargeLoopRes');
    const before = loop.filter((r) => r.frame < scp.frame).map((r) => phys(v2gBody(r).EVSEPresentCurrent));
    const after = loop.filter((r) => r.frame > scp.frame).map((r) => phys(v2gBody(r).EVSEPresentCurrent) * phys(v2gBody(r).EVSEPresentVoltage));
    expect(Math.min(...before)).toBeGreaterThan(0);
    expect(Math.min(...after)).toBeLessThan(-6_500);
    expect(Math.min(...after)).toBeGreaterThan(-7_100);
    // the 2030.5 control asks for export: positive target output power (IEEE 2030.5 DERControlBase.opModTargetW)
    const derc = recs.find((r) => r.name === 'DERControl' && r.kind === 'response')!;
    const base = (derc.body as { DERControlBase: { opModTargetW: { multiplier: number | string; value: number | string } } }).DERControlBase;
    expect(Number(base.opModTargetW.value) * 10 ** Number(base.opModTargetW.multiplier)).toBe(7000);
  });

  it('price-programs: the SalesTariff raises the price during the OpenADR event window and the profile pauses then', () => {
    const recs = get('price-programs').records;
    const res = recs.find((r) => r.name === 'ChargeParameterDiscoveryRes')!;
    const tuple = (v2gBody(res).SAScheduleList as { SAScheduleTuple: { SalesTariff: { SalesTariffEntry: { RelativeTimeInterval: { start: number }; EPriceLevel: number }[] } }[] }).SAScheduleTuple[0];
    const entries = tuple.SalesTariff.SalesTariffEntry;
    const peak = entries.filter((e) => e.EPriceLevel === 3).map((e) => e.RelativeTimeInterval.start);
    // the event starts at 2026-03-18T00:00:00Z; the tariff is relative to the response's time
    const resSec = Date.parse(res.time) / 1000;
    expect(Math.abs(resSec + peak[0] - Date.parse('2026-03-18T00:00:00Z') / 1000)).toBeLessThanOrEqual(1);
    const pd = recs.find((r) => r.name === 'PowerDeliveryReq')!;
    const profile = (v2gBody(pd).ChargingProfile as { ProfileEntry: { ChargingProfileEntryStart: number; ChargingProfileEntryMaxPower: unknown }[] }).ProfileEntry;
    expect(profile.find((e) => e.ChargingProfileEntryStart === peak[0])).toBeDefined();
    expect(phys(profile.find((e) => e.ChargingProfileEntryStart === peak[0])!.ChargingProfileEntryMaxPower)).toBe(0);
  });
});

// The default rules (parsers/annotate/rules.ts) on the samples' edge cases. IEEE 2030.5-2018 sep.xsd:
// opModFixedW is "in %setMaxChargeRateW if negative value or %setMaxW or %setMaxDischargeRateW if positive";
// opModTargetW is "Target output power". So a positive value asks for export, a negative one for (limited)
// charging. domain.md asks for `aggregated` on an event that targets a group.
describe('default annotation rules on the samples', () => {
  it('two-way-flow: the 2030.5 DERControl asking for export (positive opModTargetW / opModFixedW) is two-way-flow', () => {
    const derc = get('two-way-flow').records.find((r) => r.name === 'DERControl' && r.kind === 'response')!;
    expect(derc.categories).toContain('two-way-flow');
  });
  it('demand-mitigation: the 2030.5 DERControl limiting the charge rate (negative opModFixedW) is not two-way-flow', () => {
    const derc = get('demand-mitigation').records.find((r) => r.name === 'DERControl' && r.kind === 'response')!;
    expect(derc.categories).not.toContain('two-way-flow');
  });
  it('demand-mitigation: the LOAD_DISPATCH event for a group of resources is tagged aggregated', () => {
    const ev = get('demand-mitigation').records.find((r) => r.name === 'oadrDistributeEvent')!;
    expect(ev.tags).toContain('aggregated');
  });
});

describe.skipIf(!hasXmllint || !hasShared)('XML payloads validate against the official schemas (xmllint)', () => {
  const xsd: Record<string, string> = {
    openadr: sharedPath('corpus/schemas/openadr/oadr20b/oadr_20b.xsd'),
    'ieee2030.5': sharedPath('corpus/schemas/ieee2030.5/2030.5-2018_v2.1.0/sep.xsd'),
  };
  it.each(Object.keys(xsd))('%s bodies of every sample', (protocol) => {
    const dir = mkdtempSync(join(tmpdir(), 'vgi-samples-xml-'));
    try {
      const files: string[] = [];
      for (const name of NAMES) {
        const d = get(name);
        for (const r of d.records) {
          const raw = d.raws.get(r.seq);
          if (r.protocol !== protocol || !raw || raw.length === 0) continue;
          const f = join(dir, `${name}-${r.seq}.xml`);
          writeFileSync(f, raw);
          files.push(f);
        }
      }
      expect(files.length).toBeGreaterThan(protocol === 'openadr' ? 15 : 12);
      const r = spawnSync('xmllint', ['--noout', '--schema', xsd[protocol], ...files], { encoding: 'utf8' });
      const failed = r.stderr.split('\n').filter((l) => l.trim() && !l.endsWith(' validates'));
      expect(failed).toEqual([]);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
