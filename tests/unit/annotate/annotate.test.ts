// The default use-case rules on realistic bodies: EVerest's charging profiles from ../shared, and
// profiles derived from them with a discharge period.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Annotator } from '../../../parsers/annotate/annotate';
import { ActorMap, pathwayOf } from '../../../parsers/annotate/actors';
import { DEFAULT_RULES } from '../../../parsers/annotate/rules';
import { describeShared, sharedFiles } from '../../support/shared';

const annotator = new Annotator(DEFAULT_RULES);

describe('pathways and actor maps', () => {
  it('orders pathway ids as domain.md does', () => {
    expect(pathwayOf('evse', 'nsp')).toBe('nsp-evse');
    expect(pathwayOf('ev', 'evse')).toBe('evse-ev');
    expect(pathwayOf('nsp', 'utility')).toBe('utility-nsp');
    expect(pathwayOf('bms', 'evse')).toBe('bms-evse');
  });
  it('maps endpoints, bare addresses and MACs, and rejects unknown actors', () => {
    const m = new ActorMap({ '10.0.0.1:9000': 'bms', 'fe80::1': 'ev', '00:01:87:aa:bb:cc': 'evse' });
    expect(m.lookup('10.0.0.1:9000')).toBe('bms');
    expect(m.lookup('10.0.0.1:9001')).toBeUndefined();
    expect(m.lookup('[fe80::1]:15118')).toBe('ev');
    expect(m.lookup('00:01:87:AA:BB:CC')).toBe('evse');
    expect(() => new ActorMap({ x: 'grid' })).toThrow(/unknown actor "grid"/);
  });
});

describeShared('use-case rules on EVerest charging profiles', () => {
  const profiles = sharedFiles('corpus/payloads/ocpp/EVerest_libocpp/v16_charging_profiles', /\.json$/);

  it('marks every SetChargingProfile as demand mitigation, V1G, with evidence', () => {
    expect(profiles.length).toBeGreaterThan(5);
    for (const file of profiles) {
      const body = { connectorId: 1, csChargingProfiles: JSON.parse(readFileSync(file, 'utf8')) };
      const a = annotator.annotate('ocpp', 'SetChargingProfile', body);
      expect(a.categories).toContain('demand-mitigation');
      expect(a.tags).toContain('V1G');
      expect(a.evidence[0].rule).toBe('ocpp.smart-charging');
      expect(a.categories).not.toContain('two-way-flow');
    }
  });

  it('adds two-way-flow / V2G when a period limit goes negative, naming the field', () => {
    const profile = JSON.parse(readFileSync(profiles[0], 'utf8'));
    profile.chargingSchedule.chargingSchedulePeriod[1] = { ...profile.chargingSchedule.chargingSchedulePeriod[0], limit: -7.4 };
    const a = annotator.annotate('ocpp', 'SetChargingProfile', { connectorId: 1, csChargingProfiles: profile });
    expect(a.categories).toEqual(['demand-mitigation', 'two-way-flow']);
    expect(a.tags).toEqual(['V1G', 'V2G']);
    expect(a.evidence.find((e) => e.rule === 'ocpp.smart-charging.discharge')?.field)
      .toBe('/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/1/limit');
  });
});

describe('use-case rules by message', () => {
  it('gives metering and registration messages vgi-services, and nothing to unknown names', () => {
    expect(annotator.annotate('ocpp', 'MeterValues', { connectorId: 1, meterValue: [] }).categories).toEqual(['vgi-services']);
    expect(annotator.annotate('ocpp', 'DataTransfer', { vendorId: 'x' }).categories).toEqual([]);
  });
  it('recognises price signals in OpenADR events and discharge in 2030.5 controls', () => {
    const event = { eiEvent: { eiEventSignals: { eiEventSignal: [{ signalName: 'ELECTRICITY_PRICE', signalType: 'price' }] } } };
    expect(annotator.annotate('openadr', 'oadrDistributeEvent', event).categories).toEqual(['price-programs']);
    // sep.xsd: a positive (generating) target is export, a negative one a consumption limit
    const der = (value: number) => ({ DERControlBase: { opModTargetW: { multiplier: 3, value } } });
    expect(annotator.annotate('ieee2030.5', 'DERControl', der(5)).tags).toEqual(['V2G']);
    expect(annotator.annotate('ieee2030.5', 'DERControl', der(-5)).tags).toEqual([]);
  });
  it('treats EXI physical values by their scaled value', () => {
    const res = { BPT_DC_CPDResEnergyTransferMode: { EVSEMaximumDischargePower: { Exponent: 3, Value: 10 } } };
    expect(annotator.annotate('iso15118-20', 'DC_ChargeParameterDiscoveryRes', res).categories).toEqual(['two-way-flow']);
  });
});

describe('annotation with the body text at hand', () => {
  it('gives the same result as walking the body', () => {
    const bodies = [
      { chargingProfile: { chargingSchedule: [{ chargingSchedulePeriod: [{ startPeriod: 0, limit: -3, operationMode: 'CentralSetpoint' }] }] } },
      { chargingProfile: { chargingSchedule: [{ chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }] } },
      { transactionInfo: { transactionId: 'x', operationMode: 'ExternalSetpoint' }, totalCost: 1.5 },
      { transactionInfo: { transactionId: 'x' } },
    ];
    for (const name of ['SetChargingProfile', 'TransactionEvent']) {
      for (const b of bodies) expect(annotator.annotate('ocpp', name, b, JSON.stringify(b))).toEqual(annotator.annotate('ocpp', name, b));
    }
  });
});
