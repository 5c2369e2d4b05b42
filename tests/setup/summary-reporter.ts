import type { Reporter, TestModule, Vitest } from "vitest/node";

/**
 * Ends the run with one plain line that any CI reads ("tests: N passed, N failed, N skipped"),
 * after Vitest's own summary. When the order was shuffled (`npm test` shuffles, so that a test
 * leaning on another's leftovers fails), the line before it gives the seed that repeats it.
 */
export default class SummaryReporter implements Reporter {
  private order = "";

  onInit(vitest: Vitest): void {
    const { shuffle, seed } = vitest.config.sequence;
    this.order = shuffle
      ? `order: shuffled with seed ${seed} (npm test -- --sequence.seed=${seed} repeats it)\n`
      : "";
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (module.state() === "failed" && module.children.size === 0) failed++;
    }
    process.stdout.write(
      `\n${this.order}tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
