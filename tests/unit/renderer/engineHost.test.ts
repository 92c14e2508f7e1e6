// The app's worker logic (renderer/engine/engineHost.ts) over the real engine and a real corpus capture,
// checked against tshark: rows arrive before the file is fully read, every OCPP text frame becomes a row,
// each CALL is linked to the CALLRESULT/CALLERROR with its id, filters and quick filters select what they
// say, syntax errors point into the text, cancel stops reading.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import { CaptureSession } from '../../../parsers/engine/session';
import { compileFilter, completeFilter, FilterSyntaxError } from '../../../parsers/filter';
import { RECORD_FIELDS } from '../../../parsers/engine/record';
import { DEFAULT_RULES } from '../../../parsers/annotate/rules';
import { EngineHost } from '../../../renderer/engine/engineHost';
import type { FromWorker, Progress } from '../../../renderer/engine/protocol';
import { describeShared, sharedPath } from '../../support/shared';
import { hasTshark, tsharkFields } from '../../support/tshark';

const FILE = sharedPath('corpus/captures/ocpp/michael0710_CheckOCPP/capt.pcapng');
const OCPP_TEXT = /^(?: \[truncated\])?\[\s*([2-6])\s*,\s*"([^"]*)"(?:\s*,\s*"([^"]*)")?/;

function makeHost(onPost?: (m: FromWorker) => void) {
  const msgs: FromWorker[] = [];
  const host = new EngineHost({
    createSession: ({ name, onRows }) => new CaptureSession({ name, onRows }),
    compileFilter,
    completeFilter,
    explain: (id) => DEFAULT_RULES.find((r) => r.id === id),
    syntaxError: (e) => (e instanceof FilterSyntaxError ? { message: e.message, start: e.start, end: e.end } : undefined),
    post: (m) => {
      msgs.push(m);
      onPost?.(m);
    },
    now: () => 1e12 + msgs.length * 1000, // never throttle
  });
  const progress = () => msgs.filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress').map((m) => m.progress);
  return { host, msgs, progress };
}

function blob(): Blob {
  return new Blob([readFileSync(FILE)]);
}

/** OCPP frames as tshark sees them: frame, message type, id, action (CALL only). */
function truth() {
  return tsharkFields(FILE, 'websocket.opcode == 1', ['frame.number', 'text'])
    .map(([frame, text]) => {
      const m = OCPP_TEXT.exec(text.split(',').slice(1).join(','));
      return m ? { frame: Number(frame), type: Number(m[1]), id: m[2], action: m[3] } : undefined;
    })
    .filter((x) => x !== undefined);
}

describeShared(`app engine host on ${basename(FILE)}`, () => {
  it.runIf(hasTshark)('indexes in slices, shows rows before the end, and one row per OCPP text frame', async () => {
    const { host, progress } = makeHost();
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' }, 2048);
    const ps = progress();
    const firstWithRows = ps.find((p) => p.count > 0) as Progress;
    expect(firstWithRows.done).toBe(false);
    expect(firstWithRows.bytesRead).toBeLessThan(firstWithRows.total);
    const last = ps[ps.length - 1];
    expect(last.done).toBe(true);
    expect(last.bytesRead).toBe(readFileSync(FILE).length);
    const t = truth();
    expect(last.count).toBe(t.length);
    expect(last.viewCount).toBe(t.length);
    const rows = host.rows(0, 1000);
    expect(rows.map((r) => r.frame)).toEqual(t.map((x) => x.frame));
    expect(last.facets.protocols).toEqual({ ocpp: t.length });
  });

  it.runIf(hasTshark)('links each CALL with the CALLRESULT or CALLERROR carrying its id', async () => {
    const { host } = makeHost();
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' });
    const t = truth();
    // Expected pairs from tshark: a CALL's frame and the first later answer with the same id.
    const expected = new Map<number, number>();
    t.forEach((x, i) => {
      if (x.type !== 2) return;
      const j = t.findIndex((y, k) => k > i && (y.type === 3 || y.type === 4) && y.id === x.id);
      if (j >= 0) expected.set(x.frame, t[j].frame);
    });
    expect(expected.size).toBeGreaterThan(5);
    const rows = host.rows(0, 1000);
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const got = new Map<number, number>();
    for (const r of rows) {
      if (r.kind === 'request' && r.partner) got.set(r.frame, bySeq.get(r.partner)!.frame);
      if (r.partner) expect(bySeq.get(r.partner)!.partner).toBe(r.seq);
    }
    expect(got).toEqual(expected);
    const d = host.detail(rows[0].seq)!;
    expect(d.partner).toBe(rows[0].partner);
    // Each annotation comes with its rule's sentence, and the rule gives what the row carries.
    expect(d.record.evidence.length).toBeGreaterThan(0);
    for (const e of d.record.evidence) {
      expect(e.why).not.toBe('');
      for (const c of e.categories) expect(d.record.categories).toContain(c);
    }
    // The raw payload, where the binding keeps it, is the whole OCPP frame.
    if (d.raw) expect(new TextDecoder().decode(d.raw)).toMatch(/^\s*\[\s*2\s*,/);
  });

  it.runIf(hasTshark)('filters by the display-filter language and by quick filters, and locates rows', async () => {
    const { host, msgs } = makeHost();
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' });
    const t = truth();
    const heartbeatIds = new Set(t.filter((x) => x.type === 2 && x.action === 'Heartbeat').map((x) => x.id));
    const expectedFrames = t.filter((x) => heartbeatIds.has(x.id)).map((x) => x.frame);
    expect(expectedFrames.length).toBeGreaterThan(2);
    await host.setFilter(2, 'ocpp.action == "Heartbeat"', { protocols: [], pathways: [], categories: [], severities: [] });
    expect(host.rows(0, 1000).map((r) => r.frame)).toEqual(expectedFrames);
    const second = host.rows(1, 2)[0];
    expect(host.locate(second.seq)).toBe(1);

    // A body field filter: the BootNotification's vendor (read from tshark's text) selects exactly it.
    const boot = tsharkFields(FILE, 'websocket.opcode == 1', ['frame.number', 'text']).find(([, text]) => text.includes('"BootNotification"'))!;
    const vendor = /"chargePointVendor"\s*:\s*"([^"]+)"/.exec(boot[1])![1];
    await host.setFilter(3, `body.chargePointVendor == "${vendor}"`, { protocols: [], pathways: [], categories: [], severities: [] });
    expect(host.rows(0, 1000).map((r) => r.frame)).toEqual([Number(boot[0])]);

    // Quick filter on a value that is absent empties the view; on the one present it keeps everything.
    await host.setFilter(4, '', { protocols: ['slac'], pathways: [], categories: [], severities: [] });
    expect(host.state.view).toBe(0);
    await host.setFilter(5, '', { protocols: ['ocpp'], pathways: ['nsp-evse'], categories: [], severities: [] });
    expect(host.state.view).toBe(t.length);
    expect(host.locate(9999)).toBe(-1);

    // A syntax error is reported with its place, and the current view stays.
    const before = host.state;
    const bad = 'ocpp.action == ';
    await host.setFilter(6, bad, { protocols: [], pathways: [], categories: [], severities: [] });
    const err = msgs.filter((m) => m.type === 'filterError').pop() as Extract<FromWorker, { type: 'filterError' }>;
    expect(err.gen).toBe(6);
    expect(err.start).toBeGreaterThanOrEqual(bad.trimEnd().length - 2);
    expect(err.end).toBeGreaterThan(err.start);
    expect(host.state).toEqual(before);
  });

  it('completes field names and values seen in the capture, and checks the text', async () => {
    const { host } = makeHost();
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' });
    const c1 = host.complete('ocpp.ac', 7);
    expect(c1.completions.map((c) => c.label)).toContain('ocpp.action');
    expect(c1.error).not.toBeNull();
    const c2 = host.complete('ocpp.action == "Boo', 19);
    expect(c2.completions.map((c) => c.label)).toContain('"BootNotification"');
    const c3 = host.complete('ocpp.action == "BootNotification"', 33);
    expect(c3.error).toBeNull();
  });

  it('cancel stops reading and keeps what was indexed', async () => {
    // Cancel as soon as the first rows are in, as a user pressing Cancel while reading.
    let cancelled = false;
    const { host, progress } = makeHost((m) => {
      if (m.type === 'progress' && m.progress.count > 0 && !cancelled) {
        cancelled = true;
        setTimeout(() => host.cancel(), 0);
      }
    });
    const size = readFileSync(FILE).length;
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' }, 1024);
    const last = progress().pop()!;
    expect(last.cancelled).toBe(true);
    expect(last.done).toBe(true);
    expect(last.bytesRead).toBeLessThan(size);
  });

  it.runIf(hasTshark)('exports the view as ndjson in the contract order and as CSV', async () => {
    const { host } = makeHost();
    await host.open({ kind: 'file', file: blob(), name: 'capt.pcapng' });
    const nd = host.exportView('ndjson').text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(nd.length).toBe(host.state.count);
    expect(Object.keys(nd[0])).toEqual([...RECORD_FIELDS]);
    const firstText = tsharkFields(FILE, 'websocket.opcode == 1', ['text'])[0][0].split(',').slice(1).join(',');
    expect(nd[0].body).toEqual((JSON.parse(firstText) as unknown[])[3]);
    const csv = host.exportView('csv').text.trim().split('\r\n');
    expect(csv.length).toBe(host.state.count + 1);
    expect(csv[0].split(',')).toContain('summary');
  });

  it.runIf(hasTshark)('links SLAC requests sent to the broadcast address with the confirmation sent back to the requester', async () => {
    const din = sharedPath('corpus/captures/din70121/dspace-group_dsV2Gshark/DIN_DC_DS5366_Josev.pcapng');
    const { host } = makeHost();
    await host.open({ kind: 'file', file: new Blob([readFileSync(din)]), name: 'din.pcapng' });
    // tshark: HomePlug AV management messages; the two low bits of the MMTYPE say REQ (0) or CNF (1)
    const mms = tsharkFields(din, 'homeplug-av && homeplug_av.mmhdr.mmtype', ['frame.number', 'homeplug_av.mmhdr.mmtype', 'eth.src', 'eth.dst'])
      .map(([f, t, src, dst]) => ({ frame: Number(f), type: Number(t), src, dst }));
    // a confirmation answers the latest request of its kind from the station it is sent to
    const expected = new Map<number, number>();
    const paired = new Set<number>();
    mms.forEach((c, i) => {
      if ((c.type & 3) !== 1) return;
      const req = mms.slice(0, i).reverse().find((r) => (r.type & 3) === 0 && (r.type & ~3) === (c.type & ~3) && r.src === c.dst);
      if (req && !paired.has(req.frame)) {
        paired.add(req.frame);
        expected.set(req.frame, c.frame);
      }
    });
    expect([...expected.keys()].filter((f) => mms.find((m) => m.frame === f)!.dst === 'ff:ff:ff:ff:ff:ff').length).toBeGreaterThanOrEqual(2);
    const rows = host.rows(0, host.state.view).filter((r) => r.protocol === 'slac');
    const byFrame = new Map(rows.map((r) => [r.frame, r]));
    const bySeq = new Map(rows.map((r) => [r.seq, r]));
    const got = new Map<number, number>();
    for (const m of mms) {
      const r = byFrame.get(m.frame)!;
      expect(r.kind, `frame ${m.frame}`).toBe((m.type & 3) === 0 ? 'request' : (m.type & 3) === 1 ? 'response' : r.kind);
      if ((m.type & 3) === 0 && r.partner) got.set(m.frame, bySeq.get(r.partner)!.frame);
    }
    expect(got).toEqual(expected);
  });

  it('reports a file that is not a capture', async () => {
    const { host, msgs } = makeHost();
    await host.open({ kind: 'file', file: new Blob(['<!DOCTYPE html><html>not a capture</html>']), name: 'page.html' });
    const fatal = msgs.find((m) => m.type === 'fatal') as Extract<FromWorker, { type: 'fatal' }> | undefined;
    expect(fatal?.message).toMatch(/page\.html/);
  });
});
