// Prints the plain closing line CI reads ("N passed, N failed, N skipped") and, for tools/test.mjs which
// adds the browser tests to the total, writes the counts to $VGI_TEST_COUNTS when that is set.
import { writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    failed += errors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (process.env.VGI_TEST_COUNTS) writeFileSync(process.env.VGI_TEST_COUNTS, JSON.stringify({ passed, failed, skipped }));
  }
}
