// Ends every run with one plain line, "N passed, N failed, N skipped", that any CI can read
// whatever it knows of vitest's own summary. Before it, the wall time and the slowest files, so a
// CI log shows where the suite's time goes without a second run.
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const SLOWEST = 10;

export default class SummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) count.failed++;
    }
    const slowest = [...testModules]
      .map((mod) => ({ file: relative(process.cwd(), mod.moduleId) + (mod.project.name ? ` (${mod.project.name})` : ''), seconds: mod.diagnostic().duration / 1000 }))
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, SLOWEST);
    const wall = (Date.now() - this.started) / 1000;
    const lines = [`\n${testModules.length} files in ${wall.toFixed(1)} s; the slowest (time in tests and hooks):`];
    for (const s of slowest) lines.push(`  ${s.seconds.toFixed(1).padStart(7)} s  ${s.file}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped\n`);
  }
}
