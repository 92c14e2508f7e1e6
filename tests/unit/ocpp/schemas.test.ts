// Cross-checks the generated OCPP validators and the hand-written action tables against the OCPP JSON schemas in
// ../shared/corpus/schemas/ocpp (v16, v201, v21: mobilityhouse/ocpp copies of the OCA schemas; v20: OCPP 2.0
// (2018) schemas from ShellRechargeSolutionsEU/ocpp). Two independent checks:
//  1. content: the schemas our generator compiles (ocpp-rpc's copy of the OCA schemas) equal the shared ones once
//     canonicalised, except for the differences listed below, asserted exactly;
//  2. behaviour: instances built from each shared schema (a full valid one plus one-constraint-broken mutations)
//     get the same verdict from our generated validator as from ajv compiling the shared schema afresh.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { OCPP_ACTIONS, SCHEMA_ACTIONS, ocppValidator } from '../../../parsers/protocols/ocpp';
import type { OcppVersion } from '../../../parsers/protocols/ocpp';
import { describeShared, sharedPath } from '../../support/shared';
import { mutations, normalizeSchema, sample, schemaDiffs } from './schemaSamples';
import type { Json } from './schemaSamples';

const require = createRequire(import.meta.url);
type Schema = Record<string, unknown>;

const RPC_FILES: Record<OcppVersion, string> = { '1.6': 'ocpp1_6.json', '2.0.1': 'ocpp2_0_1.json', '2.1': 'ocpp2_1.json' };
const SHARED_DIRS: Record<OcppVersion, string> = { '1.6': 'v16', '2.0.1': 'v201', '2.1': 'v21' };

/** Generator input: ocpp-rpc's schemas, keyed 'Action/request' | 'Action/response'. */
function rpcSchemas(v: OcppVersion): Map<string, Schema> {
  const arr = require('ocpp-rpc/lib/schemas/' + RPC_FILES[v]) as Schema[];
  const m = new Map<string, Schema>();
  for (const s of arr) {
    const mm = /^urn:(.+?)(\.req|\.conf|Request|Response)?$/.exec(String(s.$id))!;
    m.set(`${mm[1]}/${mm[2] === '.conf' || mm[2] === 'Response' ? 'response' : 'request'}`, s);
  }
  return m;
}

/** Shared schema files keyed the same way: 1.6 'X.json' / 'XResponse.json'; 2.x 'XRequest.json' / 'XResponse.json'. */
function sharedSchemas(dir: string): Map<string, Schema> {
  const m = new Map<string, Schema>();
  for (const f of readdirSync(sharedPath('corpus/schemas/ocpp', dir)).sort()) {
    const s = JSON.parse(readFileSync(sharedPath('corpus/schemas/ocpp', dir, f), 'utf8').replace(/^\uFEFF/, '')) as Schema;
    const name = f.replace(/\.json$/, '');
    const mm = /^(.+?)(Request|Response)?$/.exec(name)!;
    m.set(`${mm[1]}/${mm[2] === 'Response' ? 'response' : 'request'}`, s);
  }
  return m;
}

/** Differences between the shared files and the schemas we compile (shared -> ours), after normalizeSchema. */
const DOCUMENTED_DIFFS: Record<OcppVersion, Record<string, string[]>> = {
  // mobilityhouse's 1.6 MeterValues adds minItems 1 on meterValue and sampledValue (the OCA 1.6 schema has none;
  // the 1.6 spec text says "one or more") and the unit 'Hertz' (not in OCPP 1.6 UnitOfMeasure).
  '1.6': {
    'MeterValues/request': [
      '/properties/meterValue/items/properties/sampledValue/items/properties/unit/enum: ' +
        '["Wh","kWh","varh","kvarh","W","kW","VA","kVA","var","kvar","A","V","K","Celcius","Celsius","Fahrenheit","Percent","Hertz"] -> ' +
        '["Wh","kWh","varh","kvarh","W","kW","VA","kVA","var","kvar","A","V","K","Celcius","Celsius","Fahrenheit","Percent"]',
      '/properties/meterValue/items/properties/sampledValue/minItems: 1 -> undefined',
      '/properties/meterValue/minItems: 1 -> undefined',
    ],
  },
  // mobilityhouse follows a later 2.0.1 errata (exiResponse up to 7500 characters); ocpp-rpc ships 2.0.1 FINAL (5600).
  '2.0.1': {
    'Get15118EVCertificate/response': ['/properties/exiResponse/maxLength: 7500 -> 5600'],
  },
  '2.1': {},
};

function freshAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 6 });
  addFormats(ajv, ['date-time', 'uri']);
  return ajv;
}

function stripIds(s: Schema): Schema {
  const c = structuredClone(s);
  delete c.$id;
  delete c.id;
  delete c.$schema;
  return c;
}

describeShared('OCPP schemas vs ../shared/corpus/schemas/ocpp', () => {
  for (const v of ['1.6', '2.0.1', '2.1'] as const) {
    describe(`OCPP ${v} (${SHARED_DIRS[v]})`, () => {
      const shared = sharedSchemas(SHARED_DIRS[v]);
      const ours = rpcSchemas(v);

      it('has exactly the same actions and halves as our schema set and action table', () => {
        const sharedKeys = [...shared.keys()].sort();
        const generated = SCHEMA_ACTIONS[v].flatMap((a) => [a.request ? `${a.action}/request` : '', a.response ? `${a.action}/response` : '']).filter(Boolean).sort();
        expect(generated).toEqual(sharedKeys);
        const sharedActions = [...new Set(sharedKeys.map((k) => k.split('/')[0]))].sort();
        expect([...OCPP_ACTIONS[v].keys()].sort()).toEqual(sharedActions);
        for (const k of sharedKeys) {
          const [action, half] = k.split('/') as [string, 'request' | 'response'];
          expect(ocppValidator(v, action, half), k).toBeTypeOf('function');
        }
      });

      it('has the same schema content, except the documented differences', () => {
        const found: Record<string, string[]> = {};
        for (const [k, s] of shared) {
          const d = schemaDiffs(normalizeSchema(s), normalizeSchema(ours.get(k)));
          if (d.length > 0) found[k] = d;
        }
        expect(found).toEqual(DOCUMENTED_DIFFS[v]);
      });

      it('gives the same verdict as ajv on the shared schema, for valid instances and mutations', () => {
        let compared = 0;
        const disagreements: string[] = [];
        for (const [k, s] of shared) {
          const [action, half] = k.split('/') as [string, 'request' | 'response'];
          const theirs = freshAjv().compile(stripIds(s));
          const mine = ocppValidator(v, action, half)!;
          const full = sample(s, s);
          expect(theirs(full), `${k} sample is valid for the shared schema`).toBe(true);
          for (const inst of [{ what: 'full sample', instance: full }, ...mutations(s, full)]) {
            compared++;
            const a = theirs(inst.instance);
            const b = mine(inst.instance as Json);
            if (a !== b) disagreements.push(`${k} ${inst.what}: shared ${a}, ours ${b}`);
          }
        }
        expect(compared).toBeGreaterThan(shared.size * 3);
        // Only the documented differences may show: an empty meterValue / sampledValue list (1.6), an exiResponse
        // between 5601 and 7500 characters (2.0.1).
        const expected: Record<OcppVersion, string[]> = {
          '1.6': ['MeterValues/request /meterValue empty: shared false, ours true', 'MeterValues/request /meterValue/0/sampledValue empty: shared false, ours true'],
          '2.0.1': ['Get15118EVCertificate/response /exiResponse at max length (astral): shared true, ours false'],
          '2.1': [],
        };
        expect(disagreements).toEqual(expected[v]);
      });
    });
  }

  it('documented differences behave as documented', () => {
    const mv = { connectorId: 1, meterValue: [{ timestamp: '2024-01-01T00:00:00Z', sampledValue: [{ value: '50', unit: 'Hertz' }] }] };
    expect(ocppValidator('1.6', 'MeterValues', 'request')!(mv)).toBe(false);
    expect(freshAjv().compile(stripIds(sharedSchemas('v16').get('MeterValues/request')!))(mv)).toBe(true);
    const exi = { status: 'Accepted', exiResponse: 'A'.repeat(6000) };
    expect(ocppValidator('2.0.1', 'Get15118EVCertificate', 'response')!(exi)).toBe(false);
    expect(freshAjv().compile(stripIds(sharedSchemas('v201').get('Get15118EVCertificate/response')!))(exi)).toBe(true);
  });

  it("OCPP 2.0 (v20, decoded as 2.0.1 for subprotocol 'ocpp2.0'): 2.0.1 dropped exactly 3 of its actions", () => {
    const v20 = [...new Set([...sharedSchemas('v20').keys()].map((k) => k.split('/')[0]))].sort();
    const v201 = [...OCPP_ACTIONS['2.0.1'].keys()];
    expect(v20.filter((a) => !OCPP_ACTIONS['2.0.1'].has(a))).toEqual(['NotifyCentralChargingNeeds', 'Renegotiate15118Schedule', 'Update15118EVCertificate']);
    expect(v201.filter((a) => !v20.includes(a))).toEqual([]);
  });
});

describe('action tables (actions.ts) vs generated schema actions', () => {
  for (const v of ['1.6', '2.0.1', '2.1'] as const) {
    it(`OCPP ${v}: every schema action has a sender and vice versa`, () => {
      expect([...OCPP_ACTIONS[v].keys()].sort()).toEqual(SCHEMA_ACTIONS[v].map((a) => a.action));
    });
  }
  it('spec samples: who sends what', () => {
    expect(OCPP_ACTIONS['1.6'].get('BootNotification')).toBe('cs');
    expect(OCPP_ACTIONS['1.6'].get('RemoteStartTransaction')).toBe('csms');
    expect(OCPP_ACTIONS['1.6'].get('DataTransfer')).toBe('both');
    expect(OCPP_ACTIONS['2.0.1'].get('TransactionEvent')).toBe('cs');
    expect(OCPP_ACTIONS['2.0.1'].get('RequestStartTransaction')).toBe('csms');
    expect(OCPP_ACTIONS['2.1'].get('NotifyPeriodicEventStream')).toBe('cs');
    expect(OCPP_ACTIONS['2.1'].get('AFRRSignal')).toBe('csms');
    // 2.1: 35 CALL actions + 1 SEND + DataTransfer from the station, 54 + DataTransfer from the CSMS (as the 2.1
    // spec's message list; codetics-ocpp21 lists the same 36 + 55 CALLs)
    const count = (s: string) => [...OCPP_ACTIONS['2.1'].values()].filter((x) => x === s || x === 'both').length;
    expect([count('cs'), count('csms')]).toEqual([37, 55]);
    // 2.0.1: 25 station-initiated (incl. DataTransfer), 40 CSMS-initiated
    const c201 = (s: string) => [...OCPP_ACTIONS['2.0.1'].values()].filter((x) => x === s || x === 'both').length;
    expect([c201('cs'), c201('csms')]).toEqual([25, 40]);
  });
  it('the only schema without a response is the 2.1 SEND NotifyPeriodicEventStream', () => {
    const halfOnly = (['1.6', '2.0.1', '2.1'] as const).flatMap((v) => SCHEMA_ACTIONS[v].filter((a) => !a.request || !a.response).map((a) => `${v} ${a.action}`));
    expect(halfOnly).toEqual(['2.1 NotifyPeriodicEventStream']);
  });
});
