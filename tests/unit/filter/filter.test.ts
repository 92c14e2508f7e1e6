import { describe, expect, it } from 'vitest';
import { compileFilter, completeFilter, FilterSyntaxError, parseFilter } from '../../../parsers/filter';
import type { MessageRecord } from '../../../parsers/engine/record';

function rec(over: Partial<MessageRecord>): MessageRecord {
  return {
    seq: 1, frame: 10, time: '2026-01-01T00:00:00.000000Z', protocol: 'ocpp', version: '1.6', src: '10.0.0.2:50000',
    dst: '10.0.0.1:9000', from: 'evse', to: 'nsp', pathway: 'nsp-evse', name: 'BootNotification', kind: 'request',
    id: 'abc', body: {}, categories: ['vgi-services'], tags: [], diagnostics: [], evidence: [], ...over,
  };
}

const setProfile = rec({
  name: 'SetChargingProfile', kind: 'request', from: 'nsp', to: 'evse',
  body: { connectorId: 1, csChargingProfiles: { chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }, { startPeriod: 600, limit: -8 }] } } },
  categories: ['demand-mitigation', 'two-way-flow'], tags: ['V1G', 'V2G'],
});
const slac = rec({ protocol: 'slac', version: '', name: 'CM_SLAC_PARAM.REQ', pathway: 'evse-ev', from: 'ev', to: 'evse', categories: [], tags: ['other'] });
const bad = rec({ name: 'BootNotification', diagnostics: [{ severity: 'error', code: 'ocpp.schema', message: 'x' }] });

describe('display filter', () => {
  it('evaluates the example of the issue', () => {
    const f = compileFilter('ocpp.action == "SetChargingProfile" && pathway == "nsp-evse"');
    expect([setProfile, slac, bad].map(f)).toEqual([true, false, false]);
  });
  it('supports protocols, negation, sets, word operators and bare values', () => {
    expect(compileFilter('slac').call(null, slac)).toBe(true);
    expect(compileFilter('!ocpp')(setProfile)).toBe(false);
    expect(compileFilter('name in {BootNotification Heartbeat}')(bad)).toBe(true);
    expect(compileFilter('pathway eq evse-ev or tag == V2G')(setProfile)).toBe(true);
    expect(compileFilter('not (category == "two-way-flow")')(setProfile)).toBe(false);
    expect(compileFilter('category != "two-way-flow"')(slac)).toBe(true);
  });
  it('reads body fields, numbers and regular expressions', () => {
    expect(compileFilter('body.connectorId == 1')(setProfile)).toBe(true);
    expect(compileFilter('body.csChargingProfiles.chargingSchedule.chargingSchedulePeriod.limit < 0')(setProfile)).toBe(true);
    expect(compileFilter('body.csChargingProfiles.chargingSchedule.chargingSchedulePeriod.limit < -10')(setProfile)).toBe(false);
    expect(compileFilter('name matches "^CM_SLAC"')(slac)).toBe(true);
    expect(compileFilter('frame >= 10 && frame < 11')(slac)).toBe(true);
  });
  it('filters on diagnostics', () => {
    expect(compileFilter('severity == error')(bad)).toBe(true);
    expect(compileFilter('severity == error')(setProfile)).toBe(false);
    expect(compileFilter('diagnostic == "ocpp.schema"')(bad)).toBe(true);
  });
  it('reports errors where they are', () => {
    const at = (src: string) => {
      try {
        parseFilter(src);
      } catch (e) {
        if (e instanceof FilterSyntaxError) return [e.start, e.end, e.message];
        throw e;
      }
      return undefined;
    };
    expect(at('ocpp.actoin == "X"')).toEqual([0, 11, 'unknown field "ocpp.actoin" (did you mean ocpp.action, ocpp.id, ocpp.version?)']);
    expect(at('frame == "abc"')?.slice(0, 2)).toEqual([9, 14]);
    expect(at('(ocpp')?.[2]).toBe('expected ")"');
    expect(at('name == "x')?.[2]).toBe('unterminated string');
    expect(at('name == ')?.[2]).toBe('expected a value');
  });
  it('completes fields, operators and values', () => {
    expect(completeFilter('ocpp.a', 6).map((c) => c.label)).toEqual(['ocpp.action']);
    expect(completeFilter('pathway == "nsp-e', 17).map((c) => c.label)).toEqual(['"nsp-evse"', '"nsp-ev"']);
    expect(completeFilter('kind ', 5).map((c) => c.label)).toContain('==');
  });
});
