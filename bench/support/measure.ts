// Measures whole commands the way a user runs them: wall time and peak resident memory (GNU time's %M),
// output to /dev/null, candidates run alternately so that machine noise hits both alike.
import { spawnSync } from 'node:child_process';

export interface Run {
  seconds: number;
  maxRssMb: number;
}

export interface Candidate {
  name: string;
  cmd: string[];
}

export function runOnce(cmd: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...cmd], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  if (r.status !== 0 || !m) throw new Error(`${cmd.join(' ')} failed (status ${r.status}): ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), maxRssMb: Number(m[2]) / 1024 };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Runs every candidate `rounds` times, alternating; returns the runs per candidate. */
export function alternate(candidates: Candidate[], rounds: number): Map<string, Run[]> {
  const out = new Map<string, Run[]>(candidates.map((c) => [c.name, []]));
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? candidates : [...candidates].reverse();
    for (const c of order) out.get(c.name)!.push(runOnce(c.cmd));
  }
  return out;
}

export function report(title: string, runs: Map<string, Run[]>, baseline: string): void {
  console.log(`\n## ${title}`);
  const base = median(runs.get(baseline)!.map((r) => r.seconds));
  for (const [name, rs] of runs) {
    const t = median(rs.map((r) => r.seconds));
    const mem = Math.max(...rs.map((r) => r.maxRssMb));
    console.log(`${name.padEnd(28)} median ${t.toFixed(2)} s  (runs: ${rs.map((r) => r.seconds.toFixed(2)).join(', ')})  peak RSS ${mem.toFixed(0)} MB  ratio to ${baseline}: ${(t / base).toFixed(2)}`);
  }
}
