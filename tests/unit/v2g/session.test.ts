// V2G session diagnostics on real sessions (the reference decodes of the corpus) and on mutations of them
// whose expected diagnostics follow from the standards: the DIN 70121 / ISO 15118-2 / ISO 15118-20 message
// sequences, the message timeouts (DIN Table 75, ISO 15118-2 Table 109), V2G_SECC_Sequence_Timeout (60 s),
// FAILED response codes and SessionID changes.
import { expect, it } from 'vitest';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';
import { codes, delayFrom, loadReplay, replay, type ReplayItem } from '../../fixtures/v2g/sessionReplay';
import { realExiDecode } from '../../../parsers/protocols/iso15118/exiAdapter';
import { expectedFor, runCapture } from './corpusRun';

const exp = (rel: string): string => sharedPath('expected', rel + '.ndjson');
const DIN = 'din70121/dspace-group_dsV2Gshark/DIN_DC_DS5366_Josev.pcapng';
const ISO2_DC = 'iso15118-2/dspace-group_dsV2Gshark/ISO-2_DC_DS5366.pcapng';
const ISO2_AC = 'iso15118-2/dspace-group_dsV2Gshark/ISO-2_AC_DS5366.pcapng';
const ISO20_AC = 'iso15118-20/dspace-group_dsV2Gshark/ISO-20_BPT_AC_DS5366_Josev.pcapng';

const idx = (items: ReplayItem[], name: string, nth = 0): number => {
  let seen = 0;
  for (let i = 0; i < items.length; i++) if (items[i].name === name && seen++ === nth) return i;
  throw new Error(`${name} #${nth} not found`);
};

describeShared('V2G session diagnostics', () => {
  it('finds nothing wrong in the conformance-tool sessions (dSPACE DS5366 recordings)', () => {
    for (const rel of [DIN, ISO2_DC, ISO2_AC, ISO20_AC, 'iso15118-2/dspace-group_dsV2Gshark/ISO-2_DC_Renegotiation_DS5366_RiseV2G.pcapng']) {
      const msgs = replay(loadReplay(exp(rel)));
      expect(msgs.length, rel).toBeGreaterThan(40);
      expect(codes(msgs), rel).toEqual([]);
      // Every response is paired with the request just before it.
      for (const m of msgs.filter((x) => x.kind === 'response')) {
        expect(m.pairedRequestFrame, `${rel} ${m.name}`).toBeLessThan(m.at.frame);
        expect(m.delayMs).toBe(10);
      }
    }
  });

  it('flags exactly the responses whose ResponseCode is FAILED* in the reference decodes', () => {
    const files = ['din70121', 'iso15118-2', 'iso15118-20'].flatMap((d) => sharedFiles(`corpus/captures/${d}`, /\.(pcap|pcapng)$/));
    let failed = 0;
    for (const f of files) {
      const want = (expectedFor(f) ?? [])
        .filter((r) => r.tcp_stream !== undefined && !r.tls && /"ResponseCode":"FAILED/i.test(JSON.stringify(r.decoded ?? null)))
        .map((r) => r.frame);
      const got = runCapture(f, realExiDecode).v2g
        .filter((v) => v.msg.diagnostics.some((d) => d.code === 'v2g.response_failed'))
        .map((v) => v.msg.at.frame);
      expect(got, f).toEqual(want);
      failed += want.length;
    }
    expect(failed).toBeGreaterThan(0);
  }, 120_000);

  it('DIN: PowerDeliveryReq without PreCharge, CurrentDemandReq before PreChargeReq', () => {
    const items = loadReplay(exp(DIN)).filter((x) => x.name !== 'PreChargeReq' && x.name !== 'PreChargeRes');
    const c = codes(replay(items));
    const firstPd = items[idx(items, 'PowerDeliveryReq')].at.frame;
    expect(c).toEqual([{ frame: firstPd, name: 'PowerDeliveryReq', code: 'v2g.sequence' }]);

    const base = loadReplay(exp(DIN));
    const cd = base[idx(base, 'CurrentDemandReq')];
    const cdRes = base[idx(base, 'CurrentDemandRes')];
    const pre = idx(base, 'PreChargeReq');
    const moved = [...base.slice(0, pre), { ...cd, at: base[pre].at }, { ...cdRes, at: base[pre].at }, ...base.slice(pre)];
    const c2 = codes(replay(moved));
    expect(c2[0]).toEqual({ frame: base[pre].at.frame, name: 'CurrentDemandReq', code: 'v2g.sequence' });
  });

  it('ISO 15118-2 DC: PowerDeliveryReq straight after ChargeParameterDiscovery is a sequence error; in AC it is the normal path', () => {
    const dc = loadReplay(exp(ISO2_DC)).filter((x) => !/^(CableCheck|PreCharge)Re[qs]$/.test(x.name));
    const c = codes(replay(dc));
    expect(c[0]).toMatchObject({ name: 'PowerDeliveryReq', code: 'v2g.sequence' });
    expect(codes(replay(loadReplay(exp(ISO2_AC))))).toEqual([]);
  });

  it('a response without its request, and a request of another type before the previous response', () => {
    const base = loadReplay(exp(DIN));
    const i = idx(base, 'CableCheckReq');
    const noReq = [...base.slice(0, i), ...base.slice(i + 1)];
    expect(codes(replay(noReq))[0]).toEqual({ frame: base[i + 1].at.frame, name: 'CableCheckRes', code: 'v2g.sequence' });

    const j = idx(base, 'ChargeParameterDiscoveryRes');
    const noRes = [...base.slice(0, j), ...base.slice(j + 1)];
    const c = codes(replay(noRes));
    expect(c[0]).toEqual({ frame: base[j + 1].at.frame, name: 'CableCheckReq', code: 'v2g.sequence' });
  });

  it('message timeouts: 2 s for ChargeParameterDiscovery, 0.25 s for CurrentDemand (DIN Table 75); 5 s PowerDelivery (ISO 15118-2 Table 109)', () => {
    const din = loadReplay(exp(DIN));
    delayFrom(din, idx(din, 'ChargeParameterDiscoveryRes'), 2_100);
    delayFrom(din, idx(din, 'CurrentDemandRes', 3), 260);
    const c = codes(replay(din)).filter((x) => x.code === 'v2g.timeout');
    expect(c.map((x) => x.name)).toEqual(['ChargeParameterDiscoveryRes', 'CurrentDemandRes']);

    const within = loadReplay(exp(DIN));
    delayFrom(within, idx(within, 'ChargeParameterDiscoveryRes'), 1_900);
    delayFrom(within, idx(within, 'CurrentDemandRes', 3), 200);
    expect(codes(replay(within))).toEqual([]);

    const iso = loadReplay(exp(ISO2_DC));
    delayFrom(iso, idx(iso, 'PowerDeliveryRes'), 4_000); // 4 s: inside 5 s
    delayFrom(iso, idx(iso, 'CableCheckRes'), 2_500); // 2.5 s: over 2 s
    expect(codes(replay(iso)).map((x) => `${x.name} ${x.code}`)).toEqual(['CableCheckRes v2g.timeout']);
  });

  it('V2G_SECC_Sequence_Timeout: a request more than 60 s after the previous response', () => {
    const din = loadReplay(exp(DIN));
    const k = idx(din, 'ServiceDiscoveryReq');
    delayFrom(din, k, 60_500);
    expect(codes(replay(din))).toEqual([{ frame: din[k].at.frame, name: 'ServiceDiscoveryReq', code: 'v2g.sequence_timeout' }]);
  });

  it('FAILED response codes and a SessionID that changes after SessionSetupRes', () => {
    const din = loadReplay(exp(DIN));
    const r = idx(din, 'PreChargeRes');
    const body = (din[r].decoded as { V2G_Message: { Body: { PreChargeRes: { ResponseCode: string } } } }).V2G_Message.Body.PreChargeRes;
    body.ResponseCode = 'FAILED_SequenceError';
    const q = idx(din, 'CurrentDemandReq', 2);
    (din[q].decoded as { V2G_Message: { Header: { SessionID: string } } }).V2G_Message.Header.SessionID = '0011223344556677';
    const msgs = replay(din);
    expect(codes(msgs)).toEqual([
      { frame: din[r].at.frame, name: 'PreChargeRes', code: 'v2g.response_failed' },
      { frame: din[q].at.frame, name: 'CurrentDemandReq', code: 'v2g.session_id_changed' },
    ]);
    expect(msgs.find((m) => m.at.frame === din[r].at.frame)?.responseCode).toBe('FAILED_SequenceError');
  });

  it('ISO 15118-20: payload types choose the -20 grammars; PowerDeliveryReq without ScheduleExchange is out of sequence', () => {
    const rel = 'iso15118-20/dspace-group_dsV2Gshark/ISO-20_BPT_AC_DS5366_Josev.pcapng';
    const ac = loadReplay(exp(rel));
    const msgs = replay(ac);
    expect(new Set(msgs.map((m) => m.protocol))).toEqual(new Set(['apphandshake', 'iso15118-20']));
    expect(msgs.find((m) => m.name === 'AC_ChargeLoopReq')?.schema).toBe('iso20-ac');
    expect(msgs.find((m) => m.name === 'SessionSetupReq')?.version).toBe('urn:iso:std:iso:15118:-20:AC');
    // Skip ScheduleExchange: PowerDeliveryReq right after AC_ChargeParameterDiscoveryReq is out of sequence.
    const skipped = ac.filter((x) => !x.name.startsWith('ScheduleExchange'));
    expect(codes(replay(skipped))[0]).toMatchObject({ name: 'PowerDeliveryReq', code: 'v2g.sequence' });
  });
});
