// Entry point of `npm run import -- FILE [--source-name NAME] [--format ndjson|csv]`. It lives in the
// worker because importing means running the pipeline and writing to Elasticsearch, which is the
// worker's job (ARCHITECTURE.md: the API only stores); the command builds a worker without schedules.
import 'reflect-metadata';
import { ImportUsageError, runImportCommand } from './import-command';

runImportCommand(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof ImportUsageError ? error.message : `import failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(error instanceof ImportUsageError ? 2 : 1);
  });
