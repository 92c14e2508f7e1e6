// IP fragment reassembly shared by IPv4 (RFC 791, key: src, dst, protocol, identification) and IPv6
// (RFC 8200 section 4.5, key: src, dst, identification). Bounded: a datagram may not exceed 65535
// bytes, at most MAX_PENDING datagrams wait at once (the oldest is dropped), and a datagram still
// incomplete TIMEOUT_FRAMES frames after its first fragment is dropped. Overlapping fragments: the
// first copy of a byte wins. Fragment bytes are copied (they outlive the frame); nothing is allocated
// from a length the input merely claims.

export const MAX_DATAGRAM = 65535;
export const MAX_PENDING = 256;
export const TIMEOUT_FRAMES = 4096;
const MAX_PARTS = 1024;

interface Part {
  off: number;
  data: Uint8Array;
}

export interface PendingDatagram<M> {
  parts: Part[];
  /** Total length once the last fragment was seen, else -1. */
  total: number;
  firstFrame: number;
  meta: M;
}

export type FragmentProblem = 'too_big' | 'too_many_parts' | 'timeout' | 'evicted' | 'inconsistent';

export class FragmentTable<M> {
  private readonly pending = new Map<string, PendingDatagram<M>>();
  private lastSweep = 0;

  constructor(private readonly onProblem: (p: FragmentProblem, meta: M) => void) {}

  get size(): number {
    return this.pending.size;
  }

  /**
   * Adds one fragment (bytes copied). Returns the reassembled payload when this fragment completes it.
   * `meta` is stored from the first fragment seen; `metaIfFirst` replaces it for the offset-0 fragment.
   */
  add(key: string, off: number, data: Uint8Array, more: boolean, frame: number, meta: () => M, isFirst: boolean): { data: Uint8Array; meta: M } | undefined {
    this.sweep(frame);
    let p = this.pending.get(key);
    if (p === undefined) {
      if (this.pending.size >= MAX_PENDING) {
        const oldestKey = this.pending.keys().next().value as string;
        const oldest = this.pending.get(oldestKey)!;
        this.pending.delete(oldestKey);
        this.onProblem('evicted', oldest.meta);
      }
      p = { parts: [], total: -1, firstFrame: frame, meta: meta() };
      this.pending.set(key, p);
    } else if (isFirst) {
      p.meta = meta();
    }
    const end = off + data.length;
    if (end > MAX_DATAGRAM) {
      this.pending.delete(key);
      this.onProblem('too_big', p.meta);
      return undefined;
    }
    if (!more) {
      if ((p.total >= 0 && p.total !== end) || p.parts.some((q) => q.off + q.data.length > end)) {
        this.pending.delete(key);
        this.onProblem('inconsistent', p.meta);
        return undefined;
      }
      p.total = end;
    } else if (p.total >= 0 && end > p.total) {
      this.pending.delete(key);
      this.onProblem('inconsistent', p.meta);
      return undefined;
    }
    if (p.parts.length >= MAX_PARTS) {
      this.pending.delete(key);
      this.onProblem('too_many_parts', p.meta);
      return undefined;
    }
    if (data.length > 0) p.parts.push({ off, data: data.slice() });
    if (p.total < 0) return undefined;
    // Complete when the union of the parts covers [0, total).
    const sorted = p.parts.slice().sort((a, b) => a.off - b.off);
    let covered = 0;
    for (const q of sorted) {
      if (q.off > covered) return undefined;
      covered = Math.max(covered, q.off + q.data.length);
    }
    if (covered < p.total) return undefined;
    const out = new Uint8Array(p.total);
    // Later copies first, so that earlier ones overwrite them: the first copy wins.
    for (let i = p.parts.length - 1; i >= 0; i--) out.set(p.parts[i].data, p.parts[i].off);
    this.pending.delete(key);
    return { data: out, meta: p.meta };
  }

  private sweep(frame: number): void {
    if (frame - this.lastSweep < 256) return;
    this.lastSweep = frame;
    for (const [k, p] of this.pending) {
      if (frame - p.firstFrame > TIMEOUT_FRAMES) {
        this.pending.delete(k);
        this.onProblem('timeout', p.meta);
      }
    }
  }
}
