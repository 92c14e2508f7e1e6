// gzip-compressed captures (RFC 1952, magic 1f 8b): inflated incrementally with pako's streaming
// Inflate and fed to the inner reader (pcap or pcapng; no nested gzip). Concatenated members are
// followed, including a member boundary that falls on a chunk boundary. A corrupt deflate stream or one
// that ends before its trailer is a diagnostic; what was inflated before it is still decoded.

import { Inflate } from 'pako';
import type { ReaderContext } from './context';

/** A stage that consumes bytes: a format parser behind a framer, or the inflater in front of one. */
export interface ByteStage {
  push(chunk: Uint8Array): void;
  end(): void;
}

const CHUNK = 64 * 1024;

export class GzipStage implements ByteStage {
  private inflate: Inflate;
  private failed = false;
  private memberEnded = false;
  private compressedIn = 0;
  /** Status passed to onEnd (0 = member complete); undefined while inflating. */
  private status: number | undefined;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly inner: ByteStage,
  ) {
    this.inflate = this.make();
  }

  private make(): Inflate {
    const inf = new Inflate({ chunkSize: CHUNK });
    this.memberEnded = false;
    inf.onData = (chunk) => {
      if (!this.failed) this.inner.push(chunk as Uint8Array);
    };
    this.status = undefined;
    inf.onEnd = (status) => {
      this.status = status;
      if (status === 0) this.memberEnded = true;
    };
    return inf;
  }

  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    if (this.memberEnded) {
      // A new member may start in a later chunk; zero bytes after a member are padding.
      let i = 0;
      while (i < chunk.length && chunk[i] === 0) i++;
      if (i === chunk.length) return;
      this.inflate = this.make();
      chunk = chunk.subarray(i);
    }
    this.compressedIn += chunk.length;
    this.inflate.push(chunk, false);
    this.check();
  }

  end(): void {
    if (!this.failed && !this.memberEnded) {
      this.inflate.push(new Uint8Array(0), true);
      if (!this.memberEnded && !this.failed) {
        this.failed = true;
        this.ctx.report('error', 'capture.gzip_truncated', `gzip stream ends before its end marker (after ${this.compressedIn} compressed bytes); the data inflated so far is decoded`);
      }
    }
    this.inner.end();
  }

  private check(): void {
    const err = this.status;
    if (err !== undefined && err !== 0 && err !== 1 && err !== -5) {
      // pako does not flush what it inflated before the error; salvage it from its stream state.
      const strm = (this.inflate as unknown as { strm?: { output?: Uint8Array; next_out?: number } }).strm;
      if (strm?.output instanceof Uint8Array && typeof strm.next_out === 'number' && strm.next_out > 0) {
        this.inner.push(strm.output.subarray(0, Math.min(strm.next_out, strm.output.length)));
      }
      this.failed = true;
      const why = (this.inflate as unknown as { strm?: { msg?: string } }).strm?.msg || `zlib error ${err}`;
      this.ctx.report('error', 'capture.gzip_error', `gzip data is corrupt (${why}) within the first ${this.compressedIn} compressed bytes; the rest of the file is not read`);
    }
  }
}
