// Prints the closing line that CI and people read: `N passed, N failed` (and skipped, if any).
// A suite that failed to run at all (syntax error, missing service in a beforeAll) counts as failed.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
    // scripts/test.sh prints this file last, so the closing line is the run's last line.
    const fs = require('node:fs');
    fs.mkdirSync('test-output', { recursive: true });
    fs.writeFileSync('test-output/summary.txt', `${line}\n`);
  }
}
module.exports = SummaryReporter;
