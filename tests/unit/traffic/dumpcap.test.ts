// host/capture/dumpcap.ts: argument building, dumpcap's closing statistics, and live captures on lo (file
// and stdout-stream modes) checked with tshark: capture is running when startDumpcap resolves, the file is
// complete after stop(), and the counts dumpcap reports match what tshark reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpcapArgs, dumpcapAvailable, parseDumpcapStats, startDumpcap } from '../../../host/capture/dumpcap';

describe('dumpcap wrapper: pure parts', () => {
  it('reads the statistics dumpcap 4.0 prints on stop', () => {
    // Verbatim stderr of `dumpcap -i lo -q -w FILE` stopped with SIGINT (Wireshark 4.0.17).
    const stderr =
      "Capturing on 'Loopback: lo'\nFile: /tmp/t.pcapng\nPackets captured: 451\n" +
      "Packets received/dropped on interface 'Loopback: lo': 453/2 (pcap:1/dumpcap:0/flushed:1/ps_ifdrop:0) (99.6%)\n";
    expect(parseDumpcapStats(stderr)).toEqual({ captured: 451, received: 453, dropped: 2, droppedBy: { pcap: 1, dumpcap: 0, flushed: 1, ifdrop: 0 } });
    expect(parseDumpcapStats("Capturing on 'lo'\n")).toEqual({ captured: null, received: null, dropped: null, droppedBy: null });
  });

  it('builds the command line: whole packets, larger buffer, filter, safety autostop, output last', () => {
    expect(dumpcapArgs({ output: '/x.pcapng', filter: 'tcp port 9' })).toEqual(['-i', 'lo', '-n', '-q', '-s', '0', '-B', '64', '-f', 'tcp port 9', '-a', 'duration:900', '-w', '/x.pcapng']);
    expect(dumpcapArgs({ output: '-', iface: 'eth0', bufferMiB: 256, maxDurationS: 30, snaplen: 128 })).toEqual(['-i', 'eth0', '-n', '-q', '-s', '128', '-B', '256', '-a', 'duration:30', '-w', '-']);
  });

  it('dumpcapAvailable names the reason when the binary is missing', () => {
    const a = dumpcapAvailable('lo', '/nonexistent/dumpcap');
    expect(a.available).toBe(false);
    expect(a.reason).toMatch(/not found/);
  });
});

const avail = dumpcapAvailable('lo');
const haveTshark = spawnSync('tshark', ['--version']).status === 0;
const skipReason = !avail.available ? avail.reason : !haveTshark ? 'tshark not found' : '';
const live = skipReason ? describe.skip : describe;
const liveTitle = 'dumpcap wrapper: live capture on lo';

/** A loopback echo server; `exchange` sends `n` distinct lines and waits for all echoes. */
let server: Server;
let port = 0;
async function exchange(n: number, tag: string): Promise<number> {
  const sock = createConnection({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((r) => sock.once('connect', () => r()));
  let got = 0;
  let sent = 0;
  let allWritten = false;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  sock.on('data', (b) => {
    got += b.length;
    if (allWritten && got === sent) finish();
  });
  for (let i = 0; i < n; i++) {
    const line = `${tag}-${i}\n`;
    sent += line.length;
    sock.write(line);
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  allWritten = true;
  if (got === sent) finish();
  await done;
  sock.end();
  await new Promise((r) => sock.once('close', r));
  return sent;
}

/** Packets in the file, and the TCP payload carried (retransmitted segments counted once, as TCP does). */
function tsharkTcpPayloadBytes(file: string): { packets: number; bytes: number; text: string } {
  const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'tcp.len', '-e', 'tcp.payload', '-e', 'tcp.analysis.retransmission', '-e', 'tcp.analysis.spurious_retransmission'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  const lines = r.stdout.split('\n').filter(Boolean);
  let bytes = 0;
  let text = '';
  for (const l of lines) {
    const [len, hex, retrans, spurious] = l.split('\t');
    if (retrans || spurious) continue;
    bytes += Number(len || 0);
    if (hex) text += Buffer.from(hex.replace(/:/g, ''), 'hex').toString('latin1');
  }
  return { packets: lines.length, bytes, text };
}

live(skipReason ? `${liveTitle} [skipped: ${skipReason}]` : liveTitle, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vgi-dumpcap-'));
  beforeAll(async () => {
    server = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('file mode: traffic sent right after start is in the file; counts agree with tshark', async () => {
    const file = join(dir, 'a.pcapng');
    // A stale capture at the path (SHB and all) must not pass for "capture running".
    writeFileSync(file, Buffer.from([0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a]));
    const cap = await startDumpcap({ output: file, filter: `tcp port ${port}` });
    expect(readFileSync(file).readUInt32LE(0)).toBe(0x0a0d0d0a); // SHB already on disk
    const sent = await exchange(300, 'first'); // no delay after start: must not be lost
    const stats = await cap.stop();
    expect(stats.exitCode).toBe(0);
    expect(stats.dropped).toBe(0);
    const seen = tsharkTcpPayloadBytes(file);
    expect(seen.packets).toBe(stats.captured);
    expect(seen.bytes).toBe(2 * sent); // both directions (echo)
    expect(seen.text).toContain('first-0\n');
    expect(seen.text).toContain('first-299\n');
    expect(await cap.stop()).toBe(stats); // idempotent
  });

  it('stream mode (-w -): the pcapng arrives on stdout and is complete after stop()', async () => {
    const cap = await startDumpcap({ output: '-', filter: `tcp port ${port}` });
    const chunks: Buffer[] = [];
    cap.stdout!.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => cap.stdout!.once('end', r));
    const sent = await exchange(200, 'stream');
    const stats = await cap.stop();
    await ended;
    const file = join(dir, 'b.pcapng');
    writeFileSync(file, Buffer.concat(chunks));
    expect(Buffer.concat(chunks).readUInt32LE(0)).toBe(0x0a0d0d0a);
    const seen = tsharkTcpPayloadBytes(file);
    expect(stats.dropped).toBe(0);
    expect(seen.packets).toBe(stats.captured);
    expect(seen.bytes).toBe(2 * sent);
  });

  it('a bad capture filter or interface rejects with dumpcap’s own message', async () => {
    await expect(startDumpcap({ output: join(dir, 'c.pcapng'), filter: 'tcp prt 1' })).rejects.toThrow(/Invalid capture filter/);
    await expect(startDumpcap({ output: join(dir, 'd.pcapng'), iface: 'no-such-if0' })).rejects.toThrow(/no device|No such device/i);
  });
});
