// Live capture through Wireshark's dumpcap, as a child process (Node only).
//
// startDumpcap(opts) runs `dumpcap -i IFACE -n -q -s SNAPLEN -B BUFFER_MIB [-f FILTER] -w FILE|-` and resolves
// only once capture is really running: dumpcap has printed "Capturing on '…'" on stderr AND the output starts
// with a pcapng Section Header Block (the file exists and holds the SHB magic 0A 0D 0D 0A, or the first stdout
// bytes carry it). stop() first waits until the output has stopped growing (see StopOptions: libpcap's
// TPACKET_V3 ring hands packets to dumpcap only when a block is retired, measured here ~0.7 s after its first
// packet, and dumpcap discards what is still in the ring when signalled, so stopping right after the traffic
// loses the last packets), then sends SIGINT (then SIGTERM, then SIGKILL if dumpcap does not exit), waits for
// the exit so the file is complete, and returns the packet counts dumpcap reports on stderr ("Packets
// captured: N", "Packets received/dropped on interface …: R/D (pcap:…/dumpcap:…/flushed:…/ps_ifdrop:…)").
// ("Capturing on" alone proves nothing: dumpcap prints it before opening the device, even a missing one.)
//
// Options (DumpcapOptions):
//   output         file path, or '-' to stream pcapng on stdout (read DumpcapCapture.stdout promptly: a reader
//                  that stalls makes dumpcap block and the kernel drop packets)
//   iface          capture interface (default 'lo')
//   filter         libpcap capture filter, e.g. 'tcp port 9000' (default none)
//   snaplen        bytes kept per packet; 0 = dumpcap's maximum, i.e. whole packets (default 0)
//   bufferMiB      kernel capture buffer in MiB (dumpcap's default is 2; ours 64 so bursts are not dropped)
//   maxDurationS   safety autostop (-a duration:N) so a forgotten capture ends by itself (default 900)
//   startTimeoutMs how long to wait for capture to start (default 15000)
//   dumpcapPath    binary (default 'dumpcap' on PATH)
//   comment        pcapng capture comment (--capture-comment)
//   extraArgs      appended verbatim
//
// dumpcapAvailable() says whether dumpcap exists and may capture on an interface here (root or
// CAP_NET_RAW+CAP_NET_ADMIN), by actually opening the interface (`dumpcap -i lo -L`); tests skip with `reason`.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, readSync, closeSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';

export interface DumpcapOptions {
  output: string;
  iface?: string;
  filter?: string;
  snaplen?: number;
  bufferMiB?: number;
  maxDurationS?: number;
  startTimeoutMs?: number;
  dumpcapPath?: string;
  comment?: string;
  extraArgs?: string[];
}

/** Counts dumpcap prints on stderr when it stops; null where a line was missing. */
export interface DumpcapStats {
  /** Packets written to the output ("Packets captured: N"). */
  captured: number | null;
  /** Packets the interface delivered ("received" of "received/dropped"). */
  received: number | null;
  /** Total dropped ("dropped" of "received/dropped"): pcap + dumpcap + flushed + ps_ifdrop. */
  dropped: number | null;
  /** The breakdown in parentheses, when present. */
  droppedBy: { pcap: number; dumpcap: number; flushed: number; ifdrop: number } | null;
  /** dumpcap's exit code (0 on a clean stop) and signal, if killed. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Everything dumpcap wrote on stderr. */
  stderr: string;
}

export interface StopOptions {
  /** Wait at least this long before signalling (default 300 ms). */
  settleMs?: number;
  /** ...and until the output has not grown for this long (default 1500 ms, about twice the ring's hand-over
   *  delay), so packets still in the kernel ring reach the output. 0 = stop right away (loses them). */
  quietMs?: number;
  /** Upper bound on the settling wait (default 15000 ms). */
  maxSettleMs?: number;
  /** Wait this long for an exit after each signal before escalating (default 10000 ms). */
  exitTimeoutMs?: number;
}

export interface DumpcapCapture {
  readonly pid: number;
  /** The file path, or '-' when streaming. */
  readonly output: string;
  /** The pcapng byte stream when output is '-'; null otherwise. */
  readonly stdout: Readable | null;
  /** The command line used (for messages). */
  readonly args: readonly string[];
  /** stderr so far. */
  stderr(): string;
  /** Stop cleanly and report counts. Idempotent: later calls return the same result. */
  stop(opts?: StopOptions): Promise<DumpcapStats>;
}

export interface DumpcapAvailability {
  available: boolean;
  /** Why not, in words fit for a skipped test's name. */
  reason: string;
  version?: string;
}

const SHB_MAGIC = 0x0a0d0d0a;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Does dumpcap exist here, and may it capture on `iface`? Never throws. */
export function dumpcapAvailable(iface = 'lo', dumpcapPath = 'dumpcap'): DumpcapAvailability {
  const v = spawnSync(dumpcapPath, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (v.error) {
    const code = (v.error as NodeJS.ErrnoException).code;
    return {
      available: false,
      reason: code === 'ENOENT' ? `${dumpcapPath} not found on PATH (install wireshark-common / dumpcap)` : `${dumpcapPath} --version failed: ${v.error.message}`,
    };
  }
  const version = (v.stdout || '').split('\n')[0]?.trim();
  const probe = spawnSync(dumpcapPath, ['-i', iface, '-L'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.status === 0) return { available: true, reason: `${version} can capture on ${iface}`, version };
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1;
  let capEff = '?';
  try {
    capEff = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '?';
  } catch {
    /* not Linux */
  }
  const firstErr = (probe.stderr || probe.error?.message || '').split('\n').find((l) => l.trim()) ?? 'no message';
  return {
    available: false,
    reason: `dumpcap may not capture on ${iface} (uid ${uid}, CapEff ${capEff}; needs root or cap_net_raw,cap_net_admin on dumpcap): ${firstErr.trim()}`,
    version,
  };
}

/** Builds dumpcap's argument list from the options. */
export function dumpcapArgs(opts: DumpcapOptions): string[] {
  const args = ['-i', opts.iface ?? 'lo', '-n', '-q', '-s', String(opts.snaplen ?? 0), '-B', String(opts.bufferMiB ?? 64)];
  if (opts.filter) args.push('-f', opts.filter);
  args.push('-a', `duration:${Math.max(1, Math.floor(opts.maxDurationS ?? 900))}`);
  if (opts.comment) args.push('--capture-comment', opts.comment);
  args.push('-w', opts.output);
  if (opts.extraArgs) args.push(...opts.extraArgs);
  return args;
}

/** Reads dumpcap's closing statistics from its stderr. */
export function parseDumpcapStats(stderr: string): Omit<DumpcapStats, 'exitCode' | 'signal' | 'stderr'> {
  const cap = /Packets captured:\s*(\d+)/.exec(stderr);
  const rd = /Packets received\/dropped on interface '[^']*':\s*(\d+)\/(\d+)(?:\s*\(pcap:(\d+)\/dumpcap:(\d+)\/flushed:(\d+)\/ps_ifdrop:(\d+)\))?/.exec(stderr);
  return {
    captured: cap ? Number(cap[1]) : null,
    received: rd ? Number(rd[1]) : null,
    dropped: rd ? Number(rd[2]) : null,
    droppedBy:
      rd && rd[3] !== undefined
        ? { pcap: Number(rd[3]), dumpcap: Number(rd[4]), flushed: Number(rd[5]), ifdrop: Number(rd[6]) }
        : null,
  };
}

function fileHasShb(path: string): boolean {
  if (!existsSync(path)) return false;
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    if (readSync(fd, b, 0, 4, 0) < 4) return false;
    return b.readUInt32LE(0) === SHB_MAGIC;
  } catch {
    return false;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(t);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Start dumpcap and resolve once it is really capturing. Rejects (after killing it) if it does not start. */
export async function startDumpcap(opts: DumpcapOptions): Promise<DumpcapCapture> {
  const args = dumpcapArgs(opts);
  const streaming = opts.output === '-';
  // An old file at the path would show an SHB before dumpcap has opened anything: remove it first.
  if (!streaming) rmSync(opts.output, { force: true });
  const child = spawn(opts.dumpcapPath ?? 'dumpcap', args, { stdio: ['ignore', streaming ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => {
    stderr += s;
    if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
  });
  let spawnError: Error | null = null;
  child.on('error', (e) => {
    spawnError = e;
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  // In streaming mode, pass stdout through untouched while noting whether the SHB has gone by.
  let stdout: PassThrough | null = null;
  let sawShb = false;
  let streamed = 0;
  if (streaming) {
    stdout = new PassThrough({ highWaterMark: 1 << 20 });
    let head = Buffer.alloc(0);
    child.stdout!.on('data', (chunk: Buffer) => {
      streamed += chunk.length;
      if (!sawShb && head.length < 4) {
        head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
        if (head.length >= 4) sawShb = head.readUInt32LE(0) === SHB_MAGIC;
      }
      if (!stdout!.write(chunk)) {
        child.stdout!.pause();
        stdout!.once('drain', () => child.stdout!.resume());
      }
    });
    child.stdout!.on('end', () => stdout!.end());
  }

  const kill = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    }
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 15_000);
  for (;;) {
    if (spawnError) throw new Error(`dumpcap could not be started: ${(spawnError as Error).message}`);
    if (exited) throw new Error(`dumpcap exited before capturing (code ${child.exitCode}, args ${args.join(' ')}): ${stderr.trim()}`);
    const announced = /Capturing on '/.test(stderr);
    const headerWritten = streaming ? sawShb : fileHasShb(opts.output);
    if (announced && headerWritten) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`dumpcap did not start capturing within ${opts.startTimeoutMs ?? 15_000} ms (args ${args.join(' ')}): ${stderr.trim()}`);
    }
    await sleep(20);
  }

  const outputSize = (): number => {
    if (streaming) return streamed;
    try {
      return statSync(opts.output).size;
    } catch {
      return 0;
    }
  };
  const settle = async (sopts: StopOptions): Promise<void> => {
    const minMs = sopts.settleMs ?? 300;
    const quietMs = sopts.quietMs ?? 1500;
    const maxMs = Math.max(minMs, sopts.maxSettleMs ?? 15_000);
    const t0 = Date.now();
    let size = outputSize();
    let grewAt = t0;
    for (;;) {
      const now = Date.now();
      if (exited || now - t0 >= maxMs) return;
      if (now - t0 >= minMs && now - grewAt >= quietMs) return;
      await sleep(25);
      const s = outputSize();
      if (s !== size) {
        size = s;
        grewAt = Date.now();
      }
    }
  };

  let stopping: Promise<DumpcapStats> | null = null;
  const stop = (sopts: StopOptions = {}): Promise<DumpcapStats> => {
    if (stopping) return stopping;
    stopping = (async () => {
      const exitTimeout = sopts.exitTimeoutMs ?? 10_000;
      if (!exited) await settle(sopts);
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
        if (exited) break;
        child.kill(sig);
        if (await waitExit(child, exitTimeout)) break;
      }
      // stderr may still be draining after 'exit'.
      if (child.stderr && !child.stderr.readableEnded) {
        await new Promise<void>((r) => {
          const t = setTimeout(r, 1000);
          child.stderr!.once('end', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      return { ...parseDumpcapStats(stderr), exitCode: child.exitCode, signal: child.signalCode, stderr };
    })();
    return stopping;
  };

  return {
    pid: child.pid!,
    output: opts.output,
    stdout,
    args,
    stderr: () => stderr,
    stop,
  };
}
