// OCPP-J framing: malformed and hostile messages, the subprotocol table and the text heuristic.
// Malformed frames are sent by the real ocpp-rpc client (sendRaw) to the real server: every frame the server
// reports as a 'badMessage' must be 'ocpp.malformed' for us too. ocpp-rpc does not check arity (a spec rule,
// OCPP-J 1.6 s4.2 / 2.0.1 Part 4 s4.2: CALL has 4 elements, CALLRESULT 3, CALLERROR 5); those are checked separately.
import { describe, expect, it } from 'vitest';
import { createOcppConversation, looksLikeOcpp, ocppVersionFromSubprotocol } from '../../../parsers/protocols/ocpp';
import type { OcppMessage } from '../../../parsers/protocols/ocpp';
import { recordSession, waitForMessages } from '../../fixtures/ocpp/rpcSession';

const codesOf = (m: OcppMessage) => m.diagnostics.map((d) => d.code);

describe('malformed frames, judged against the ocpp-rpc server', async () => {
  const BAD = [
    'this is not json',
    '{"messageTypeId":2}',
    '["2","id-1","Heartbeat",{}]',
    '[7,"id-2","Heartbeat",{}]',
    '[2,17,"Heartbeat",{}]',
    '[2,"id-3",{"action":"Heartbeat"},{}]',
    '[]',
    '"[2,\\"x\\",\\"Heartbeat\\",{}]"',
  ];
  const bad = new Set<string>();
  const rec = await recordSession({
    protocols: ['ocpp1.6'],
    server: (sc) => {
      sc.on('badMessage', (e: { buffer: Buffer }) => bad.add(String(e.buffer)));
      sc.handle('Heartbeat', async () => ({ currentTime: new Date().toISOString() }));
    },
  }, async (client, _sc, live) => {
    for (const t of BAD) client.sendRaw(t);
    await waitForMessages(live, BAD.length * 2);
  });

  it('ocpp-rpc rejected every one of them, and so do we, still producing a record', () => {
    expect([...bad].sort()).toEqual([...BAD].sort());
    const c = createOcppConversation({ subprotocol: rec.subprotocol });
    rec.messages.forEach((m, i) => {
      const d = c.decode(m.text, m.fromChargingStation, i + 1);
      if (m.fromChargingStation) {
        expect(codesOf(d), m.text).toContain('ocpp.malformed');
        expect(d.diagnostics.find((x) => x.code === 'ocpp.malformed')!.severity).toBe('error');
        expect(codesOf(d)).not.toContain('ocpp.schema');
        expect(d.body).toBeDefined();
      } else {
        // ocpp-rpc answers with CALLERROR (id "-1" when it could not read one): orphans for us
        expect(d.kind).toBe('error');
      }
    });
  });

  it('keeps what it can: raw text for non-JSON, the parsed value otherwise, number ids as text', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp1.6' });
    expect(c.decode('this is not json', true, 1)).toMatchObject({ messageTypeId: 0, action: '?', id: '', body: 'this is not json' });
    expect(c.decode('{"messageTypeId":2}', true, 2)).toMatchObject({ action: '?', body: { messageTypeId: 2 } });
    const num = c.decode('[2,17,"Heartbeat",{}]', true, 3);
    expect(num).toMatchObject({ messageTypeId: 2, id: '17', action: 'Heartbeat', body: [2, 17, 'Heartbeat', {}] });
    // the number id is still usable to name the answer
    expect(c.decode('[3,"17",{"currentTime":"2024-01-01T00:00:00Z"}]', false, 4)).toMatchObject({ action: 'Heartbeat', requestAt: 3, diagnostics: [] });
  });
});

describe('arity and element types (spec rules)', () => {
  const one = (text: string, v = 'ocpp2.0.1') => createOcppConversation({ subprotocol: v }).decode(text, true, 1);
  it.each([
    ['[2,"a","Heartbeat"]', 'CALL has 3 elements; expected 4'],
    ['[2,"a","Heartbeat",{},{}]', 'CALL has 5 elements; expected 4'],
    ['[3,"a"]', 'CALLRESULT has 2 elements; expected 3'],
    ['[4,"a","GenericError","x"]', 'CALLERROR has 4 elements; expected 5'],
    ['[4,"a","GenericError","x",[]]', 'ErrorDetails must be a JSON object, got array'],
    ['[4,"a",500,"x",{}]', 'ErrorCode must be a string, got number'],
    ['[2]', 'MessageId is missing'],
    ['[2.5,"a","Heartbeat",{}]', 'MessageTypeId must be an integer, got number'],
  ])('%s', (text, message) => {
    const m = one(text);
    expect(m.diagnostics.filter((d) => d.code === 'ocpp.malformed').map((d) => d.message)).toContain(message);
    expect(codesOf(m)).not.toContain('ocpp.schema');
  });
  it('a MessageId over 36 characters is a warning, the message is still decoded', () => {
    const m = one(`[2,"${'x'.repeat(37)}","Heartbeat",{}]`);
    expect(m.diagnostics).toMatchObject([{ severity: 'warning', code: 'ocpp.malformed' }]);
    expect(m.action).toBe('Heartbeat');
  });
  it('SEND and CALLRESULTERROR under 1.6 are unsupported message types', () => {
    expect(codesOf(one('[6,"a","NotifyPeriodicEventStream",{}]', 'ocpp1.6'))).toContain('ocpp.unsupported_message_type');
    expect(codesOf(one('[5,"a","GenericError","",{}]', 'ocpp1.6'))).toContain('ocpp.unsupported_message_type');
  });
  it('2.1: NotifyPeriodicEventStream must be a SEND, Heartbeat must not', () => {
    expect(codesOf(one('[2,"a","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2025-01-01T00:00:00Z","data":[{"t":0,"v":"1"}]}]', 'ocpp2.1'))).toEqual(['ocpp.wrong_message_type']);
    expect(codesOf(one('[6,"a","Heartbeat",{}]', 'ocpp2.1'))).toEqual(['ocpp.wrong_message_type']);
  });
  it('an unknown action names the version that has it', () => {
    const m = one('[2,"a","StartTransaction",{}]');
    expect(m.diagnostics).toMatchObject([{ code: 'ocpp.unknown_action', severity: 'warning', message: '"StartTransaction" is not an OCPP 2.0.1 action (it is one of OCPP 1.6)' }]);
  });
});

describe('hostile JSON', () => {
  it('deep nesting is refused before parsing, without throwing', () => {
    const deep = '[2,"a","DataTransfer",{"vendorId":"v","data":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}]';
    const m = createOcppConversation({ subprotocol: 'ocpp2.0.1' }).decode(deep, true, 1);
    expect(codesOf(m)).toEqual(['ocpp.too_deep']);
    expect(m.body).toBe(deep);
    expect(() => JSON.stringify(m)).not.toThrow();
    // 60 levels inside a 2.0.1 DataTransfer (data has no type) is fine
    const ok = '[2,"a","DataTransfer",{"vendorId":"v","data":' + '['.repeat(60) + ']'.repeat(60) + '}]';
    expect(createOcppConversation({ subprotocol: 'ocpp2.0.1' }).decode(ok, true, 1).diagnostics).toEqual([]);
    // brackets inside strings do not count
    const str = JSON.stringify([2, 'a', 'DataTransfer', { vendorId: 'v', data: '['.repeat(500) }]);
    expect(createOcppConversation({ subprotocol: 'ocpp2.0.1' }).decode(str, true, 1).diagnostics).toEqual([]);
  });

  it('a huge invalid array yields a capped list of diagnostics and a count of the rest', () => {
    const sv = Array.from({ length: 20_000 }, () => ({ value: 1, unit: 'Parsecs' }));
    const text = JSON.stringify([2, 'a', 'MeterValues', { connectorId: 1, meterValue: [{ timestamp: '2024-01-01T00:00:00Z', sampledValue: sv }] }]);
    const t0 = performance.now();
    const m = createOcppConversation({ subprotocol: 'ocpp1.6' }).decode(text, true, 1);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(m.diagnostics.length).toBe(16);
    expect(m.diagnostics[15]).toMatchObject({ code: 'ocpp.diagnostics_truncated', message: '39985 more schema error(s) in MeterValues request not shown' });
    expect(m.diagnostics[0]).toMatchObject({ code: 'ocpp.schema', path: '/meterValue/0/sampledValue/0/value' });
  });

  it('over the validation size limit: decoded, not validated', () => {
    const text = JSON.stringify([2, 'a', 'DataTransfer', { vendorId: 'v', data: 'x'.repeat(1_100_000) }]);
    const m = createOcppConversation({ subprotocol: 'ocpp1.6' }).decode(text, true, 1);
    expect(codesOf(m)).toEqual(['ocpp.too_large']);
    expect(m.action).toBe('DataTransfer');
  });

  it('__proto__ keys are plain data: no pollution, and schemas see them as extra properties', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp1.6' });
    const m = c.decode('[2,"a","BootNotification",{"chargePointVendor":"V","__proto__":{"chargePointModel":"M","polluted":1}}]', true, 1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(m.body, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(m.body)).toBe(Object.prototype);
    expect((m.body as Record<string, unknown>).chargePointModel).toBeUndefined();
    expect(m.diagnostics.map((d) => d.message)).toEqual([
      'BootNotification request: payload: must have required property "chargePointModel"',
      'BootNotification request: payload: must NOT have additional property "__proto__"',
    ]);
    // ids and actions named like Object.prototype members are ordinary strings
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const call = c.decode(`[2,"${name}","${name}",{}]`, true, 2);
      expect(call).toMatchObject({ action: name, id: name });
      expect(codesOf(call)).toEqual(['ocpp.unknown_action']);
      expect(c.decode(`[3,"${name}",{}]`, false, 3)).toMatchObject({ action: name, requestAt: 2 });
      expect(codesOf(c.decode(`[3,"${name}",{}]`, false, 4))).toEqual(['ocpp.orphan_response']);
    }
  });

  it('the pending map is bounded', () => {
    const c = createOcppConversation({ subprotocol: 'ocpp1.6', validate: false });
    let overflow = 0;
    for (let i = 0; i < 5000; i++) overflow += codesOf(c.decode(`[2,"id${i}","Heartbeat",{}]`, true, i + 1)).filter((x) => x === 'ocpp.pending_overflow').length;
    expect(overflow).toBe(1);
    expect(c.decode('[3,"id0",{}]', false, 6000)).toMatchObject({ action: '?' }); // forgotten
    expect(c.decode('[3,"id4999",{}]', false, 6001)).toMatchObject({ action: 'Heartbeat', requestAt: 5000 });
    const end = c.end();
    expect(end.length).toBe(21);
    expect(end[20].message).toBe('1003 more unanswered CALL(s)');
  });
});

describe('ocppVersionFromSubprotocol', () => {
  it.each([
    ['ocpp1.6', '1.6'], ['OCPP1.6', '1.6'], ['ocpp1.6j', '1.6'], ['ocpp1.6J', '1.6'],
    ['ocpp2.0.1', '2.0.1'], ['ocpp2.0', '2.0.1'], ['ocpp2.0.1j', '2.0.1'], ['ocpp2.1', '2.1'],
    [' ocpp2.1 ', '2.1'], ['ocpp1.5, ocpp2.0.1', '2.0.1'],
    ['ocpp1.5', undefined], ['ocpp1.2', undefined], ['ocpp2.2', undefined], ['mqtt', undefined], ['', undefined], [undefined, undefined],
  ])('%s -> %s', (p, v) => {
    expect(ocppVersionFromSubprotocol(p)).toBe(v);
  });
});

describe('looksLikeOcpp', () => {
  it('accepts the frames ocpp-rpc produces', async () => {
    const rec = await recordSession({
      protocols: ['ocpp1.6'],
      server: (sc) => sc.handle('Heartbeat', async () => ({ currentTime: new Date().toISOString() })),
    }, async (client, sc) => {
      await client.call('Heartbeat', {});
      await sc.call('Reset', { type: 'Hard' }).catch(() => undefined); // NotImplemented CALLERROR
    });
    expect(rec.messages.length).toBe(4);
    for (const m of rec.messages) expect(looksLikeOcpp(m.text), m.text).toBe(true);
  });
  it.each([
    ['[2, "id", "Heartbeat", {}]', true],
    ['\n[6,"s","NotifyPeriodicEventStream",{"id":1}]\n', true],
    ['[5,"id","FormatViolation","",{}]', true],
    ['{"jsonrpc":"2.0","method":"x"}', false],
    ['[1,2,3]', false],
    ['["a","b"]', false],
    ['hello', false],
    ['[2,"id","Heart beat",{}]', false],
  ])('%s -> %s', (text, expected) => {
    expect(looksLikeOcpp(text)).toBe(expected);
  });
});

describe('payloadText', () => {
  it('slices the payload of CALL, CALLRESULT and SEND frames verbatim, and nothing else', async () => {
    const { payloadText } = await import('../../../parsers/protocols/ocpp/rpcFrame');
    expect(payloadText('[2,"a,\\"]b","Heartbeat",{}]', 2)).toBe('{}');
    expect(payloadText(' [ 3 , "x" , {"a":[1,2],"b":"]"} ] ', 3)).toBe('{"a":[1,2],"b":"]"}');
    expect(payloadText('[6,"1","NotifyPeriodicEventStream",{"id":1}]', 6)).toBe('{"id":1}');
    expect(payloadText('[4,"1","NotImplemented","",{}]', 4)).toBeUndefined();
    expect(payloadText('[2,"1","A",{\n"k":1}]', 2)).toBeUndefined();
    expect(payloadText('[2,"1"', 2)).toBeUndefined();
    for (const text of ['[2,"1","A",{"x":1.0,"x":2}]', '[3,"é",{"s":"\\u00e9\\n"}]']) {
      const t = JSON.parse(text) as unknown[];
      expect(JSON.parse(payloadText(text, t[0] as number)!)).toEqual(t[t.length - 1]);
    }
  });
});
