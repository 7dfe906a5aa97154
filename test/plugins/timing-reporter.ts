import type { Reporter, TestSession, TestSuiteResult } from '@web/test-runner';

function testTime(suite: TestSuiteResult | undefined): number {
  if (suite === undefined) return 0;
  const own = suite.tests.reduce((sum, test) => sum + (test.duration ?? 0), 0);
  return own + suite.suites.reduce((sum, child) => sum + testTime(child), 0);
}

/**
 * Prints, when the run ends, each engine's wall time and its slowest test files (by the summed
 * time of their tests): the suite has a 15-minute budget, and this says where it goes.
 */
export function timingReporter(slowest = 8): Reporter {
  let startedAt = 0;
  return {
    start(): void {
      startedAt = Date.now();
    },
    stop({ sessions }: { sessions: TestSession[] }): void {
      const byEngine = new Map<string, { file: string; ms: number }[]>();
      for (const session of sessions) {
        const files = byEngine.get(session.browser.name) ?? [];
        files.push({ file: session.testFile.replace(`${process.cwd()}/`, ''), ms: testTime(session.testResults) });
        byEngine.set(session.browser.name, files);
      }
      const wall = (Date.now() - startedAt) / 1000;
      const lines = ['', `Browser tests: ${wall.toFixed(0)} s wall time, the engines side by side. Test time summed per file:`];
      for (const [engine, files] of byEngine) {
        const total = files.reduce((sum, entry) => sum + entry.ms, 0) / 1000;
        lines.push(`  ${engine}: ${files.length} files, ${total.toFixed(0)} s of tests; slowest:`);
        for (const entry of files.sort((a, b) => b.ms - a.ms).slice(0, slowest)) {
          lines.push(`    ${(entry.ms / 1000).toFixed(1).padStart(6)} s  ${entry.file}`);
        }
      }
      console.log(lines.join('\n'));
    },
  };
}
