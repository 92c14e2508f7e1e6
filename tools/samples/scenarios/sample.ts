// What one sample is: its file name (a use-case category of docs/domain.md), a title, what it shows (for
// samples/README.md) and the function that builds its capture.

import type { SampleCapture } from '../net';

export interface Sample {
  /** Use-case category id; the file is samples/<name>.pcapng. */
  name: string;
  title: string;
  /** One line per protocol or step, for the README. */
  shows: string[];
  /** Diagnostics the sample carries on purpose (code -> why), documented in the README. */
  expectedDiagnostics?: Record<string, string>;
  build(this: Sample): SampleCapture;
}
