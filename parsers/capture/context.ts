// State shared by the format readers of one capture: the sink, the running 1-based frame number (all
// sections and interfaces counted together), the last good frame (the `at` of container diagnostics),
// and the file name used in messages.

import type { Diagnostic, Severity } from '../core/diagnostics';
import type { FrameRef } from '../core/frame';
import type { CaptureFrame, CaptureSink } from '../core/pipeline';

export class ReaderContext {
  frames = 0;
  last: FrameRef | undefined;

  constructor(
    readonly sink: CaptureSink,
    readonly name: string | undefined,
  ) {}

  /** Prefix for messages: "file.pcap: " when a name was given. */
  where(): string {
    return this.name ? `${this.name}: ` : '';
  }

  report(severity: Severity, code: string, message: string): void {
    const d: Diagnostic = { severity, code, message: this.where() + message };
    if (this.last) this.sink.diagnostic(d, this.last);
    else this.sink.diagnostic(d);
  }

  emit(f: CaptureFrame): void {
    this.last = f;
    this.sink.frame(f);
  }
}
