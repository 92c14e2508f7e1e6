// Every file of ../shared/corpus/payloads/ocpp, decoded as the message it belongs to:
//  - ShellRechargeSolutionsEU_ocpp/ocpp15: JSON bodies of OCPP 1.5 messages, named '<action>[.<case>].<request|
//    response>.json'. OCPP 1.5 had no JSON schemas; they are checked against OCPP 1.6, whose message set is the same
//    except for what 1.6 renamed (heartbeatInterval -> interval, MeterValues values -> meterValue/sampledValue,
//    localAuthorisationList -> localAuthorizationList, UnlockConnector status Accepted -> Unlocked, SendLocalList
//    hash dropped). The files that must fail are listed with the reason; the rest must pass.
//  - ShellRechargeSolutionsEU_ocpp/srpc: whole OCPP-J frames of that library's RPC tests (good and broken ones).
//  - EVerest_libocpp/v16_charging_profiles, v201_charging_profiles: ChargingProfile objects, sent inside a
//    SetChargingProfile request.
// Independent truth for the schema verdicts: ajv compiling the shared mobilityhouse schema files afresh must
// report the same validity and the same (path, keyword) set as our generated validators.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OCPP_ACTIONS, createOcppConversation } from '../../../parsers/protocols/ocpp';
import type { OcppMessage } from '../../../parsers/protocols/ocpp';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';

type Json = Record<string, unknown>;

function sharedValidator(dir: string, file: string) {
  const s = JSON.parse(readFileSync(sharedPath('corpus/schemas/ocpp', dir, file), 'utf8').replace(/^\uFEFF/, '')) as Json;
  delete s.$schema;
  delete s.$id;
  delete s.id;
  const ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 6 });
  addFormats(ajv, ['date-time', 'uri']);
  return ajv.compile(s);
}

const schemaFindings = (m: OcppMessage) => m.diagnostics.filter((d) => d.code === 'ocpp.schema').map((d) => d.path ?? '').sort();

/** Decodes `payload` as the request or response of `action` sent by its proper side; returns that message. */
function decodeAs(version: '1.6' | '2.0.1', action: string, half: 'request' | 'response', payload: unknown, fromCs?: boolean): OcppMessage {
  const c = createOcppConversation({ subprotocol: version === '1.6' ? 'ocpp1.6' : 'ocpp2.0.1' });
  const csSends = fromCs ?? OCPP_ACTIONS[version].get(action) !== 'csms';
  const call = c.decode(JSON.stringify([2, 'm1', action, half === 'request' ? payload : {}]), csSends, 1);
  const res = c.decode(JSON.stringify([3, 'm1', half === 'response' ? payload : {}]), !csSends, 2);
  expect(res.action).toBe(action);
  return half === 'request' ? call : res;
}

describeShared('OCPP payload corpus', () => {
  describe('ShellRechargeSolutionsEU_ocpp/ocpp15 (OCPP 1.5 bodies, checked as 1.6)', () => {
    const files = sharedFiles('corpus/payloads/ocpp/ShellRechargeSolutionsEU_ocpp/ocpp15', /\.json$/);
    // file -> the 1.6 schema findings (instance paths) it deserves, and why
    const INVALID: Record<string, { paths: string[]; why: string }> = {
      'bootnotification.response.json': { paths: ['', ''], why: '1.5 heartbeatInterval is 1.6 interval (required)' },
      'changeavailability.invalidstatus.response.json': { paths: ['/status'], why: 'status "Geaccepteerd" not in the enum' },
      'metervalues.request.json': { paths: ['', ''], why: '1.5 values is 1.6 meterValue (required)' },
      'metervalues.invalidproperty.request.json': { paths: ['', ''], why: 'same 1.5 shape' },
      'sendlocallist.request.json': { paths: ['', ''], why: '1.5 localAuthorisationList and hash' },
      'sendlocallist.response.json': { paths: [''], why: '1.5 hash' },
      'stoptransaction.request.json': { paths: ['/transactionData/0', '/transactionData/0', '/transactionData/0'], why: '1.5 transactionData[].values' },
      'unlockconnector.response.json': { paths: ['/status'], why: '1.5 status Accepted is 1.6 Unlocked' },
      'updatefirmware.invalidurl.request.json': { paths: ['/location'], why: 'location is not a URI' },
    };

    it('has the files this test knows about', () => {
      expect(files.length).toBe(57);
      for (const f of Object.keys(INVALID)) expect(files.map((p) => basename(p))).toContain(f);
    });

    for (const file of files) {
      const name = basename(file);
      it(name, () => {
        const m = /^([a-z]+)\.(?:([a-z-]+)\.)?(request|response)\.json$/.exec(name)!;
        const half = m[3] as 'request' | 'response';
        let fromCs: boolean | undefined;
        let lower = m[1];
        if (lower === 'centralsystemdatatransfer' || lower === 'chargepointdatatransfer') {
          fromCs = lower === 'chargepointdatatransfer';
          lower = 'datatransfer';
        }
        const action = [...OCPP_ACTIONS['1.6'].keys()].find((a) => a.toLowerCase() === lower)!;
        expect(action, `1.6 action for ${lower}`).toBeDefined();
        const body = JSON.parse(readFileSync(file, 'utf8')) as Json;
        const msg = decodeAs('1.6', action, half, body, fromCs);
        const found = schemaFindings(msg);
        expect(found).toEqual(INVALID[name]?.paths ?? []);
        // the same verdict and paths from ajv on mobilityhouse's copy of the 1.6 schema
        const theirs = sharedValidator('v16', `${action}${half === 'response' ? 'Response' : ''}.json`);
        expect(theirs(body)).toBe(found.length === 0);
        expect((theirs.errors ?? []).map((e) => e.instancePath).sort()).toEqual(found);
        expect(msg.diagnostics.filter((d) => d.code === 'ocpp.wrong_direction')).toEqual([]);
      });
    }

    it('metervalues.invalidproperty, renamed to the 1.6 shape, gets the enum error it was written for', () => {
      const to16 = (b: Json) => ({
        connectorId: b.connectorId,
        transactionId: b.transactionId,
        meterValue: (b.values as Json[]).map((mv) => ({ timestamp: mv.timestamp, sampledValue: mv.values })),
      });
      const dir = 'corpus/payloads/ocpp/ShellRechargeSolutionsEU_ocpp/ocpp15/';
      const good = decodeAs('1.6', 'MeterValues', 'request', to16(JSON.parse(readFileSync(sharedPath(dir + 'metervalues.request.json'), 'utf8'))));
      expect(good.diagnostics).toEqual([]);
      const bad = decodeAs('1.6', 'MeterValues', 'request', to16(JSON.parse(readFileSync(sharedPath(dir + 'metervalues.invalidproperty.request.json'), 'utf8'))));
      expect(bad.diagnostics).toHaveLength(1);
      expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', code: 'ocpp.schema' });
      expect(bad.diagnostics[0].path).toMatch(/^\/meterValue\/\d+\/sampledValue\/\d+\/context$/);
      expect(bad.diagnostics[0].message).toContain('got "not valid! bork bork!"');
    });
  });

  describe('ShellRechargeSolutionsEU_ocpp/srpc (whole OCPP-J frames)', () => {
    const dir = 'corpus/payloads/ocpp/ShellRechargeSolutionsEU_ocpp/srpc/';
    const decode = (f: string) => createOcppConversation({ subprotocol: 'ocpp1.6' }).decode(readFileSync(sharedPath(dir + f), 'utf8'), true, 1);
    const codes = (m: OcppMessage) => m.diagnostics.map((d) => d.code);

    it('callmessage.json: a well-formed CALL of an action OCPP does not define', () => {
      const m = decode('callmessage.json');
      expect(m).toMatchObject({ messageTypeId: 2, kind: 'request', id: '1234567', action: 'CallMessageAction', body: { payload: 'something' } });
      expect(codes(m)).toEqual(['ocpp.unknown_action']);
    });
    it('responsemessage.json: a CALLRESULT nobody asked for', () => {
      const m = decode('responsemessage.json');
      expect(m).toMatchObject({ messageTypeId: 3, kind: 'response', id: '1234567', action: '?', body: { payload: 'something' } });
      expect(codes(m)).toEqual(['ocpp.orphan_response']);
    });
    it('errorresponsemessage.json: a CALLERROR with a valid 1.6 error code', () => {
      const m = decode('errorresponsemessage.json');
      expect(m).toMatchObject({ messageTypeId: 4, kind: 'error', body: { errorCode: 'InternalError', errorDescription: 'description', errorDetails: { payload: 'something' } } });
      expect(codes(m)).toEqual(['ocpp.orphan_response']);
    });
    it('wrongtypemessage.json: MessageTypeId 1 does not exist', () => {
      const m = decode('wrongtypemessage.json');
      expect(m).toMatchObject({ messageTypeId: 1, action: '?' });
      expect(Array.isArray(m.body)).toBe(true);
      expect(codes(m)).toEqual(['ocpp.malformed']);
    });
    it('wrongelementsmessage-toofew.json / -toomany.json: CALL with 3 and 5 elements', () => {
      for (const [f, n] of [['wrongelementsmessage-toofew.json', 3], ['wrongelementsmessage-toomany.json', 5]] as const) {
        const m = decode(f);
        expect(m).toMatchObject({ messageTypeId: 2, kind: 'request', action: 'WrongElements' });
        expect((m.body as unknown[]).length).toBe(n);
        expect(codes(m)).toContain('ocpp.malformed');
        expect(m.diagnostics.find((d) => d.code === 'ocpp.malformed')!.message).toBe(`CALL has ${n} elements; expected 4`);
        expect(codes(m)).not.toContain('ocpp.schema');
      }
    });
  });

  describe('EVerest_libocpp charging profiles (inside SetChargingProfile)', () => {
    // 1.6 files that carry chargingSchedule.id (a 2.0.1 field) or lack the required chargingRateUnit.
    const V16_INVALID: Record<string, string> = {
      'ChargingStationMaxProfile_24_Ampere.json': 'id', 'Recurring_Daily_301.json': 'id',
      'Recurring_Daily_302_phase_limit.json': 'id', 'Relative_302_phase_limit.json': 'id',
      'TXDefaultProfile_25_Watt.json': 'id', 'TxDefaultProfile_401.json': 'id', 'TxDefaultProfile_402.json': 'id',
      'TxDefaultProfile_no_chargingRateUnit.json': 'chargingRateUnit',
    };
    for (const [dir, version] of [['v16_charging_profiles', '1.6'], ['v201_charging_profiles', '2.0.1']] as const) {
      const files = sharedFiles(`corpus/payloads/ocpp/EVerest_libocpp/${dir}`, /\.json$/);
      it(`${dir}: ${files.length} profiles`, () => {
        expect(files.length).toBe(version === '1.6' ? 19 : 13);
        const theirs = sharedValidator(version === '1.6' ? 'v16' : 'v201', version === '1.6' ? 'SetChargingProfile.json' : 'SetChargingProfileRequest.json');
        for (const file of files) {
          const profile = JSON.parse(readFileSync(file, 'utf8')) as Json;
          const body = version === '1.6' ? { connectorId: 1, csChargingProfiles: profile } : { evseId: 1, chargingProfile: profile };
          const msg = decodeAs(version, 'SetChargingProfile', 'request', body);
          const name = basename(file);
          const expected = version === '1.6' ? V16_INVALID[name] : undefined;
          if (expected === undefined) {
            expect(msg.diagnostics, name).toEqual([]);
          } else {
            expect(msg.diagnostics, name).toHaveLength(1);
            expect(msg.diagnostics[0], name).toMatchObject({ code: 'ocpp.schema', path: '/csChargingProfiles/chargingSchedule' });
            expect(msg.diagnostics[0].message, name).toContain(JSON.stringify(expected));
          }
          expect(theirs(body), name).toBe(expected === undefined);
        }
      });
    }
  });
});
