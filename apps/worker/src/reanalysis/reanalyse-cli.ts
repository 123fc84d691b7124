// Entry point of `npm run reanalyse` (see REANALYSE_USAGE). It lives in the worker because running
// the pipeline and writing to Elasticsearch is the worker's job; the command builds a worker
// without schedules, like `npm run import`.
import 'reflect-metadata';
import { ReanalyseUsageError, runReanalyseCommand } from './reanalyse-command';

runReanalyseCommand(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`), { progressBar: process.stdout.isTTY })
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ReanalyseUsageError ? error.message : `re-analysis failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(error instanceof ReanalyseUsageError ? 2 : 1);
  });
