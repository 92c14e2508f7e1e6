// The streaming capture reader: sniffs the first four bytes (pcap magics, the pcapng SHB type, gzip's
// 1f 8b), then feeds every chunk to the matching format parser through the Framer. Files read in slices
// and live pcapng from dumpcap's stdout use the same path. Container problems are diagnostics; only an
// input that is not a capture at all (empty, unknown magic) sets `fatal`, which is not also sent to the
// sink (the host reports it once, naming the file: the fatal message itself carries no file name, e.g.
// exactly "not a pcap or pcapng file (magic 0x3c21444f)"). Other diagnostics start with "NAME: " when
// a name was given.

import { diag } from '../core/diagnostics';
import type { Diagnostic } from '../core/diagnostics';
import type { CaptureReader, CaptureSink } from '../core/pipeline';
import { ReaderContext } from './context';
import { Framer } from './framer';
import { GzipStage } from './gzip';
import type { ByteStage } from './gzip';
import { PcapParser, isPcapMagic } from './pcap';
import { PCAPNG_SHB, PcapngParser } from './pcapng';

export interface CaptureReaderOptions {
  /** File name (or "live"), used as a prefix in diagnostic messages. */
  name?: string;
}


function hex8(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

/** pcap or pcapng behind a Framer; reports truncation at end of input. */
class FormatStage implements ByteStage {
  private readonly framer: Framer;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly parser: PcapParser | PcapngParser,
    private readonly kind: 'pcap' | 'pcapng',
    private readonly onNotCapture: (d: Diagnostic) => void,
  ) {
    this.framer = new Framer(parser);
  }

  push(chunk: Uint8Array): void {
    if (this.framer.stopped) return;
    this.framer.push(chunk);
    this.checkNotCapture();
  }

  end(): void {
    if (this.framer.stopped) return;
    const n = this.framer.pending;
    if (n === 0) return;
    const at = this.framer.offset;
    const view = this.framer.pendingView();
    const m = this.parser.measure(view, 0, n, at);
    if (this.checkNotCapture()) return;
    const unitName = this.kind === 'pcap' ? (at === 0 ? 'pcap file header' : 'pcap record') : 'pcapng block';
    const need = m > 0 ? `${m} bytes` : `at least ${-m} bytes`;
    if (m !== 0) {
      this.ctx.report('error', 'capture.truncated', `capture is truncated: the ${unitName} at byte offset ${at} needs ${need} but only ${n} are present`);
    }
    this.framer.stop();
  }

  private checkNotCapture(): boolean {
    if (this.parser instanceof PcapngParser && this.parser.notPcapng !== undefined) {
      const msg = this.parser.notPcapng;
      this.parser.notPcapng = undefined;
      this.framer.stop();
      this.onNotCapture(diag('error', 'capture.bad_magic', `not a pcapng file: ${msg}`));
      return true;
    }
    return false;
  }
}

/**
 * Waits for the first four bytes, then chooses the stage. `allowGzip` is false inside gzip (no nesting).
 */
export class SniffStage implements ByteStage {
  private readonly head = new Uint8Array(4);
  private headLen = 0;
  private inner: ByteStage | undefined;
  private dead = false;
  total = 0;

  constructor(
    private readonly ctx: ReaderContext,
    private readonly allowGzip: boolean,
    private readonly setFormat: (f: string) => void,
    private readonly setFatal: (d: Diagnostic) => void,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.dead || chunk.length === 0) return;
    this.total += chunk.length;
    if (this.inner) {
      this.inner.push(chunk);
      return;
    }
    const take = Math.min(4 - this.headLen, chunk.length);
    this.head.set(chunk.subarray(0, take), this.headLen);
    this.headLen += take;
    if (this.headLen < 4) return;
    if (!this.choose()) return;
    this.inner!.push(this.head.slice(0, 4));
    if (take < chunk.length) this.inner!.push(chunk.subarray(take));
  }

  end(): void {
    if (this.dead) return;
    if (this.inner) {
      this.inner.end();
      return;
    }
    const inside = this.allowGzip ? '' : ' inside gzip';
    if (this.headLen === 0) {
      this.fatal(diag('error', 'capture.empty', this.allowGzip ? 'empty file' : 'empty gzip content'));
    } else {
      let h = '';
      for (let i = 0; i < this.headLen; i++) h += this.head[i].toString(16).padStart(2, '0');
      this.fatal(diag('error', 'capture.bad_magic', `not a pcap or pcapng file (only ${this.headLen} bytes: 0x${h})${inside}`));
    }
  }

  private fatal(d: Diagnostic): void {
    this.dead = true;
    this.setFatal(d);
  }

  private choose(): boolean {
    const h = this.head;
    const magic = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
    const notCapture = (d: Diagnostic): void => {
      if (this.ctx.frames === 0) this.fatal(d);
      else this.ctx.report('error', d.code, d.message);
    };
    if (isPcapMagic(magic)) {
      this.setFormat('pcap');
      this.inner = new FormatStage(this.ctx, new PcapParser(this.ctx), 'pcap', notCapture);
      return true;
    }
    if (magic === PCAPNG_SHB) {
      this.setFormat('pcapng');
      this.inner = new FormatStage(this.ctx, new PcapngParser(this.ctx), 'pcapng', notCapture);
      return true;
    }
    if (this.allowGzip && h[0] === 0x1f && h[1] === 0x8b) {
      this.inner = new GzipStage(this.ctx, new SniffStage(this.ctx, false, (f) => this.setFormat(f + '.gz'), this.setFatal));
      return true;
    }
    this.fatal(diag('error', 'capture.bad_magic', `not a pcap or pcapng file (magic ${hex8(magic)})${this.allowGzip ? '' : ' inside gzip'}`));
    return false;
  }
}

class Reader implements CaptureReader {
  fatal: Diagnostic | undefined;
  format: string | undefined;
  private readonly stage: SniffStage;
  private ended = false;

  constructor(sink: CaptureSink, name: string | undefined) {
    const ctx = new ReaderContext(sink, name);
    this.stage = new SniffStage(
      ctx,
      true,
      (f) => (this.format = f),
      (d) => (this.fatal ??= d),
    );
  }

  push(chunk: Uint8Array): void {
    if (this.ended) return;
    this.stage.push(chunk);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.stage.end();
  }
}

/** A streaming reader for pcap, pcapng and gzip of either; push chunks of any size, then end(). */
export function createCaptureReader(sink: CaptureSink, opts?: CaptureReaderOptions): CaptureReader {
  return new Reader(sink, opts?.name);
}
