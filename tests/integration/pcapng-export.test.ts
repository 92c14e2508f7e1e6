// The app's "export filtered pcapng" (renderer/engine/engineHost.ts -> CaptureSession.exportPcapng ->
// parsers/capture/extract.ts) on real corpus captures: filter as a user would, export, and check the file
// with tshark (it opens; exactly the expected frames, each one byte for byte the original: same MD5, time,
// lengths, interface and link type) and with this engine (decoding the export gives the filtered messages).
// Truth for which frames: tshark's own dissection of the original capture, not our frame tracking:
//   - V2G session (SDP, supportedAppProtocol, DIN 70121 over TCP): every UDP 15118 frame and every TCP
//     segment with new payload (not a retransmission); SLAC: every HomePlug AV frame.
//   - OCPP over WebSocket with permessage-deflate and context takeover (the corpus' chargers negotiate it):
//     a message can only be inflated with all earlier bytes of its direction, so the export holds, for each
//     direction with a selected message, every segment with payload from the handshake to the last selected
//     message, plus the two handshake frames; tshark then inflates every message (no "Decompression
//     failed"), and this engine decodes the selected messages and the earlier ones of those directions.
// Inputs: pcapng, classic pcap (written as pcapng with its link type and timestamps), gzip (same bytes as
// the plain file's export), and the Electron path (bytes read again through the UI thread).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { CaptureSession } from '../../parsers/engine/session';
import { compileFilter, completeFilter, FilterSyntaxError } from '../../parsers/filter';
import type { MessageRecord } from '../../parsers/engine/record';
import { EngineHost } from '../../renderer/engine/engineHost';
import type { FromWorker, ViewRow } from '../../renderer/engine/protocol';
import { describeShared, sharedPath } from '../support/shared';
import { hasTshark, tshark, tsharkFields } from '../support/tshark';

const OCPP = sharedPath('corpus/captures/ocpp/michael0710_CheckOCPP/capt.pcapng');
const DIN = sharedPath('corpus/captures/din70121/dspace-group_dsV2Gshark/DIN_DC_DS5366_Josev.pcapng');
const DIN_PCAP = sharedPath('corpus/captures/din70121/uhi22_clara-logs/2024-02-18_clara_alpi_lightbulb_ok.claralog.pcap');

const dir = mkdtempSync(join(tmpdir(), 'vgi-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Source = 'file' | 'push';

/** Opens `bytes` in the app's engine host, applies `filter`, exports: the pcapng and the filtered rows. */
async function exportFiltered(bytes: Uint8Array, name: string, filter: string, source: Source = 'file') {
  const post = (m: FromWorker): void => {
    // the Electron path: the UI thread answers the worker's reads from the file
    if (m.type === 'pull') queueMicrotask(() => void host.handle({ type: 'chunk', bytes: bytes.slice(m.offset, m.offset + m.length), last: m.offset + m.length >= bytes.length }));
    if (m.type === 'read') queueMicrotask(() => void host.handle({ type: 'readReply', id: m.id, bytes: bytes.slice(m.offset, m.offset + m.length) }));
  };
  const host: EngineHost = new EngineHost({
    createSession: (o) => new CaptureSession(o),
    compileFilter,
    completeFilter,
    syntaxError: (e) => (e instanceof FilterSyntaxError ? { message: e.message, start: e.start, end: e.end } : undefined),
    post,
  });
  if (source === 'file') await host.open({ kind: 'file', file: new Blob([bytes as Uint8Array<ArrayBuffer>]), name }, 4096);
  else await host.open({ kind: 'push', name, size: bytes.length }, 4096);
  await host.setFilter(2, filter, { protocols: [], pathways: [], categories: [], severities: [] });
  const rows = host.rows(0, host.state.view);
  const all = host.state.count;
  const out = await host.exportPcapng();
  return { ...out, rows, all };
}

function decode(bytes: Uint8Array): MessageRecord[] {
  const s = new CaptureSession({ name: 'export' });
  s.push(bytes);
  s.end();
  const out: MessageRecord[] = [];
  for (let i = 1; i <= s.count; i++) out.push(s.detail(i)!);
  return out;
}

/** A record without what depends on its place in the file (seq, frame number) and without the raw bytes. */
function content(r: MessageRecord): string {
  const { seq: _s, frame: _f, raw: _r, ...rest } = r as MessageRecord & { raw?: unknown };
  return JSON.stringify(rest);
}

const FIELDS = ['frame.md5_hash', 'frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.interface_id', 'frame.encap_type'];
/** Per frame (by number): MD5 of its bytes, time, lengths, interface, link type, as tshark reads them. */
function frameFacts(file: string): Map<number, string> {
  const rows = tshark(['-r', file, '-o', 'frame.generate_md5_hash:TRUE', '-T', 'fields', '-E', 'separator=\t', '-e', 'frame.number', ...FIELDS.flatMap((f) => ['-e', f])]);
  return new Map(rows.map((l) => {
    const [n, ...rest] = l.split('\t');
    // a pcap file has no interfaces: its frames are interface 0 of the pcapng
    if (rest[4] === '') rest[4] = '0';
    return [Number(n), rest.join('\t')];
  }));
}

/** tshark opens the export and finds exactly the original's `expected` frames, in order, byte for byte. */
function checkFrames(original: string, exported: string, expected: number[]): void {
  const orig = frameFacts(original);
  const got = frameFacts(exported);
  expect(got.size).toBe(expected.length);
  expect([...got.values()]).toEqual(expected.map((n) => orig.get(n)));
}

function frameNumbers(file: string, filter: string): number[] {
  return tsharkFields(file, filter, ['frame.number']).map(([n]) => Number(n));
}

/** Segments with new payload: retransmitted copies carry no byte the first copy did not (they are not exported). */
const NEW_PAYLOAD = 'tcp.len > 0 && !tcp.analysis.retransmission && !tcp.analysis.spurious_retransmission';
const V2G_FRAMES = `udp.port == 15118 || (${NEW_PAYLOAD})`;

const write = (name: string, bytes: Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const SAMPLE = join(__dirname, '../../samples/demand-mitigation.pcapng');

it.runIf(hasTshark)('bundled sample: OpenADR and 2030.5 messages carried by several TCP segments take all of them', async () => {
  const bytes = readFileSync(SAMPLE);
  const original = decode(bytes);
  const r = await exportFiltered(bytes, 'demand-mitigation.pcapng', 'protocol == "openadr" || protocol == "ieee2030.5"');
  expect(r.rows.length).toBeGreaterThanOrEqual(8);
  // tshark: the HTTP messages of the connections that are not WebSocket, with the segments each was reassembled from
  const http = tsharkFields(SAMPLE, 'http', ['frame.number', 'tcp.stream', 'tcp.segment', 'http.response.code']);
  const ws = new Set(http.filter((h) => h[3] === '101').map((h) => h[1]));
  const expected = new Set<number>();
  for (const [frame, stream, segments] of http) {
    if (ws.has(stream)) continue;
    expected.add(Number(frame));
    for (const n of segments.split(',').filter(Boolean)) expected.add(Number(n));
  }
  expect(expected.size).toBeGreaterThan(r.rows.length); // some messages span segments
  checkFrames(SAMPLE, write('sample-grid.pcapng', r.bytes), [...expected].sort((a, b) => a - b));
  // the same records; ids name the connection by its place in the file, so only their exchange part is kept
  const noConn = (m: MessageRecord): string => content({ ...m, id: m.id.split('.')[1] });
  expect(decode(r.bytes).map(noConn)).toEqual(r.rows.map((x) => noConn(original[x.seq - 1])));
});

describeShared('export of the filtered messages as pcapng', () => {
  it.runIf(hasTshark)('DIN 70121 pcapng: the V2G session without SLAC, then SLAC alone: exactly their frames, decoded again to the same records', async () => {
    const bytes = readFileSync(DIN);
    const original = decode(bytes);

    const v2g = await exportFiltered(bytes, 'din.pcapng', 'protocol != "slac"');
    expect(v2g.rows.length).toBeGreaterThan(150);
    expect(v2g.rows.length).toBeLessThan(v2g.all);
    const v2gFile = write('din-v2g.pcapng', v2g.bytes);
    const v2gFrames = frameNumbers(DIN, V2G_FRAMES);
    checkFrames(DIN, v2gFile, v2gFrames);
    expect(v2g.frames).toBe(v2gFrames.length);
    expect(v2g.messages).toBe(v2g.rows.length);
    expect(decode(v2g.bytes).map(content)).toEqual(v2g.rows.map((r: ViewRow) => content(original[r.seq - 1])));

    const slac = await exportFiltered(bytes, 'din.pcapng', 'protocol == "slac"');
    const slacFrames = frameNumbers(DIN, 'homeplug-av');
    checkFrames(DIN, write('din-slac.pcapng', slac.bytes), slacFrames);
    expect(decode(slac.bytes).map(content)).toEqual(slac.rows.map((r) => content(original[r.seq - 1])));
  });

  it.runIf(hasTshark)('classic pcap: written as pcapng with the same link type, timestamps and frames', async () => {
    const bytes = readFileSync(DIN_PCAP);
    const original = decode(bytes);
    const r = await exportFiltered(bytes, 'clara.pcap', 'protocol == "din70121" || protocol == "apphandshake" || protocol == "sdp"');
    expect(r.rows.length).toBeGreaterThan(50);
    // a pcapng file: Section Header Block magic
    expect([...r.bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
    const file = write('clara.pcapng', r.bytes);
    checkFrames(DIN_PCAP, file, frameNumbers(DIN_PCAP, V2G_FRAMES));
    expect(tshark(['-r', file, '-T', 'fields', '-e', 'frame.encap_type']).every((e) => e === '1')).toBe(true);
    expect(decode(r.bytes).map(content)).toEqual(r.rows.map((x) => content(original[x.seq - 1])));
  });

  it.runIf(hasTshark)('OCPP over compressed WebSocket: handshakes and each direction up to its last selected message; tshark inflates every message', async () => {
    const bytes = readFileSync(OCPP);
    const original = decode(bytes);
    const r = await exportFiltered(bytes, 'capt.pcapng', 'ocpp.action == "Heartbeat"');
    expect(r.rows.length).toBeGreaterThan(10);
    const selected = new Set(r.rows.map((x) => x.frame));

    // Truth from tshark: segments with payload per TCP stream and direction; the selected messages' frames.
    const segs = tsharkFields(OCPP, NEW_PAYLOAD, ['frame.number', 'tcp.stream', 'tcp.srcport']).map(([n, s, p]) => ({ n: Number(n), dir: `${s}/${p}`, stream: s }));
    const lastSelected = new Map<string, number>();
    for (const s of segs) if (selected.has(s.n)) lastSelected.set(s.dir, s.n);
    const streams = new Set(segs.filter((s) => lastSelected.has(s.dir)).map((s) => s.stream));
    const handshake = new Set(frameNumbers(OCPP, 'http.upgrade || http.response.code == 101'));
    const expected = segs.filter((s) => (lastSelected.has(s.dir) && s.n <= lastSelected.get(s.dir)!) || (handshake.has(s.n) && streams.has(s.stream))).map((s) => s.n);
    expect(selected.size).toBe(r.rows.length);
    const file = write('ocpp-heartbeat.pcapng', r.bytes);
    checkFrames(OCPP, file, expected);

    // Wireshark inflates every message of the export (its history is there), the selected ones among them.
    const texts = tsharkFields(file, 'websocket.opcode == 1', ['text']).map(([t]) => t);
    expect(texts.length).toBeGreaterThan(r.rows.length);
    expect(texts.filter((t) => /Decompression failed/.test(t))).toEqual([]);
    expect(texts.filter((t) => /"Heartbeat"/.test(t)).length).toBe(r.rows.filter((x) => x.kind === 'request').length);

    // This engine: the selected messages, as they were, and the earlier ones of their directions.
    const want = original.filter((m) => {
      const last = [...r.rows].reverse().find((x) => x.src === m.src && x.dst === m.dst);
      return last !== undefined && m.seq <= last.seq;
    });
    expect(want.length).toBeGreaterThan(r.rows.length);
    const again = decode(r.bytes).map(content).sort();
    expect(again).toEqual(want.map(content).sort());
    for (const x of r.rows) expect(again).toContain(content(original[x.seq - 1]));
  });

  it('gzip input and the Electron path (bytes read again through the UI thread) give the same file', async () => {
    const bytes = readFileSync(DIN);
    const plain = await exportFiltered(bytes, 'din.pcapng', 'protocol == "din70121" && kind == "request"');
    expect(plain.rows.length).toBeGreaterThan(50);
    const gz = await exportFiltered(gzipSync(bytes), 'din.pcapng.gz', 'protocol == "din70121" && kind == "request"');
    expect(Buffer.from(gz.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
    const pushed = await exportFiltered(bytes, 'din.pcapng', 'protocol == "din70121" && kind == "request"', 'push');
    expect(Buffer.from(pushed.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
    const pushedGz = await exportFiltered(gzipSync(bytes), 'din.pcapng.gz', 'protocol == "din70121" && kind == "request"', 'push');
    expect(Buffer.from(pushedGz.bytes).equals(Buffer.from(plain.bytes))).toBe(true);
  });

  it('a capture that changed on disk since it was read is refused, not exported wrong', async () => {
    const bytes = readFileSync(DIN);
    const s = new CaptureSession({ name: 'din' });
    s.push(bytes);
    s.end();
    const changed = bytes.slice();
    // every packet block's type field overwritten (the file was replaced by something else)
    changed.fill(0x55, 4096, changed.length);
    await expect(s.exportPcapng([1, 2, 3, s.count], { read: async (o, l) => changed.subarray(o, o + l) })).rejects.toThrow(/changed since it was read|shorter/);
  });
});
