// Reassembled TCP byte streams of corpus captures equal `tshark -z follow,tcp,raw,N` for every
// tcp.stream N, and our connection ids are tshark's tcp.stream numbers.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { expect, it } from 'vitest';
import { formatEndpoint } from '../../../parsers/core/endpoint';
import { clientText, dissect, hasTshark, streamHex, tsharkFollow } from '../../fixtures/capture';
import { describeShared, sharedFiles, sharedPath } from '../../support/shared';

const ocpp = sharedFiles('corpus/captures/ocpp', /\.pcapng$/);
// Others with retransmissions, port reuse after RST, many connections, a non-V2G connection.
const more = sharedFiles('corpus/captures', /\.(pcap|pcapng)$/).filter((f) =>
  /2023-04-24_atHome|2022-12-20_alpi|westparkAlpi|SuC_without_authorization|BatteryDataExchange|2022-12-13_compleo|kempower3/.test(f),
);

describeShared('TCP streams equal tshark follow,tcp,raw', () => {
  it('finds the OCPP captures and the others', () => {
    expect(ocpp.length).toBe(3);
    expect(more.length).toBe(7);
  });

  for (const file of [...ocpp, ...more]) {
    const name = relative(sharedPath('corpus/captures'), file);
    it.skipIf(!hasTshark())(`${name}: every tcp.stream, both directions`, () => {
      const res = dissect(new Uint8Array(readFileSync(file)));
      expect(res.read.diags).toEqual([]);
      // Several connection objects may share one id (the same SYN again after a RST, as in Wireshark).
      const byId = new Map<number, typeof res.streams>();
      for (const s of res.streams) byId.set(s.conn.id, [...(byId.get(s.conn.id) ?? []), s]);
      const ids = [...byId.keys()];
      expect(ids).toEqual(ids.map((_, i) => i));
      const theirs = tsharkFollow(file, ids);
      for (const id of ids) {
        const group = byId.get(id)!;
        const t = theirs.get(id)!;
        expect(t, `tshark has stream ${id}`).toBeDefined();
        const s = group[0];
        expect(new Set([formatEndpoint(s.conn.client), formatEndpoint(s.conn.server)])).toEqual(new Set([t.node0, t.node1]));
        expect(group.flatMap((g) => g.gaps)).toEqual([]);
        const c0 = clientText(s) === t.node0 ? 0 : 1;
        const mine: [string, string] = [group.map((g) => streamHex(g, 0)).join(''), group.map((g) => streamHex(g, 1)).join('')];
        expect(mine[0], `stream ${id} client->server`).toBe(t.hex[c0]);
        expect(mine[1], `stream ${id} server->client`).toBe(t.hex[1 - c0]);
      }
    });
  }

  it('OCPP captures: every connection is opened once before its data and closed in both directions', () => {
    for (const file of ocpp) {
      const res = dissect(new Uint8Array(readFileSync(file)));
      for (const s of res.streams) {
        const first = res.events.findIndex((e) => e.startsWith('data ' + s.conn.id + ' ') || e.startsWith('open ' + s.conn.id));
        expect(res.events[first]).toBe(`open ${s.conn.id}`);
        expect(s.closes.map((c) => c.dir).sort()).toEqual([0, 1]);
      }
    }
  });
});

describeShared('capture gaps in reconstructed logs', () => {
  it('the clara-log with 47 unfilled sequence gaps (shared/expected/README.md) reports exactly 47, then resumes', () => {
    const file = sharedPath('corpus/captures/din70121/uhi22_clara-logs/2024-10-14_clara_parallelcharging_hiro_LOG-2nd_charger.claralog.pcap');
    const res = dissect(new Uint8Array(readFileSync(file)));
    const gaps = res.streams.flatMap((s) => s.gaps);
    expect(gaps).toHaveLength(47);
    // Data keeps flowing after the last gap.
    const s0 = res.streams.find((s) => s.gaps.length > 0)!;
    const last = Math.max(...s0.gaps.map((g) => g.at));
    expect(s0.dataFrames[s0.gaps[0].dir].some((f) => f > last)).toBe(true);
  });
});
