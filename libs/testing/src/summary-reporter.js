// Counts what a Jest run passed and failed, for the closing line `N passed, N failed` that CI and
// people read. scripts/test.sh runs Jest twice (server tiers with vm modules for NestJS's ES
// modules, the dashboard without, as Angular's preset needs), so each run writes its counts to
// test-output/summary-<run>.json and the script prints the sum last.
// A suite that failed to run at all (syntax error, missing service in a beforeAll) counts as failed.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    const line = `${counts.passed} passed, ${counts.failed} failed` + (counts.skipped ? `, ${counts.skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
    const run = (process.env.ASCOLTO_TEST_RUN || 'jest').replace(/[^a-z0-9_-]/gi, '');
    fs.mkdirSync('test-output', { recursive: true });
    fs.writeFileSync(path.join('test-output', `summary-${run}.json`), JSON.stringify(counts));
  }
}
module.exports = SummaryReporter;
