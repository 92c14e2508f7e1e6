// Values for the plots, out of decoded bodies: DIN/ISO PhysicalValues from the EXI reference vectors
// (../shared/vectors/exi, libcbv2g) with the multiplier applied, OCPP sampled values with their measurand,
// and named numeric fields; hostile shapes give a bounded result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractSamples } from '../../../renderer/engine/values';
import { describeShared, sharedPath } from '../../support/shared';

describeShared('values from the EXI vectors', () => {
  it('reads CurrentDemandReq target current/voltage and SoC as numbers with units', () => {
    const lines = readFileSync(sharedPath('vectors/exi/din.jsonl'), 'utf8').split('\n').filter(Boolean)
      .map((l) => JSON.parse(l) as { message: string; decoded: { V2G_Message: { Body: Record<string, Record<string, unknown>> } } });
    const cd = lines.filter((l) => l.message === 'CurrentDemandReq');
    expect(cd.length).toBeGreaterThan(0);
    for (const v of cd) {
      const body = v.decoded.V2G_Message.Body.CurrentDemandReq as {
        EVTargetCurrent: { Value: number; Multiplier: number; Unit?: string };
        DC_EVStatus: { EVRESSSOC: number };
      };
      const s = extractSamples(v.decoded);
      const cur = s.find((x) => x.name === 'EVTargetCurrent')!;
      expect(cur.value).toBeCloseTo(body.EVTargetCurrent.Value * 10 ** body.EVTargetCurrent.Multiplier, 9);
      expect(cur.unit).toBe(body.EVTargetCurrent.Unit ?? 'A');
      expect(s.find((x) => x.name === 'EVRESSSOC')).toEqual({ name: 'EVRESSSOC', unit: '%', value: body.DC_EVStatus.EVRESSSOC });
    }
  });
});

describe('values from OCPP bodies', () => {
  it('reads sampled values (1.6 strings with units, 2.0.1 numbers with multipliers)', () => {
    const mv16 = { connectorId: 1, meterValue: [{ timestamp: 't', sampledValue: [
      { value: '7360.5', measurand: 'Power.Active.Import', unit: 'W' },
      { value: '32', measurand: 'Current.Import', unit: 'A', phase: 'L1' },
      { value: '1200' },
    ] }] };
    expect(extractSamples(mv16)).toEqual([
      { name: 'Power.Active.Import', unit: 'W', value: 7360.5 },
      { name: 'Current.Import L1', unit: 'A', value: 32 },
      { name: 'Energy.Active.Import.Register', unit: '', value: 1200 },
    ]);
    const mv201 = { evseId: 1, meterValue: [{ timestamp: 't', sampledValue: [{ value: 7.2, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } }] }] };
    expect(extractSamples(mv201)).toEqual([{ name: 'Power.Active.Import', unit: 'W', value: 7200 }]);
    const profile = { chargingProfile: { chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 60, limit: -8 }] } } };
    expect(extractSamples(profile).map((s) => s.value)).toEqual([16, -8]);
    expect(extractSamples({ interval: 10, status: 'Accepted' })).toEqual([]);
  });

  it('stays bounded on hostile bodies', () => {
    const wide = { items: Array.from({ length: 100_000 }, (_, i) => ({ power: i })) };
    expect(extractSamples(wide).length).toBeLessThanOrEqual(200);
    let deep: unknown = { power: 1 };
    for (let i = 0; i < 10_000; i++) deep = { x: deep };
    expect(() => extractSamples(deep)).not.toThrow();
  });
});
