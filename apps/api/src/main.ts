import 'reflect-metadata';
import { buildApiApp } from './app.factory';
import { UserAlreadyExistsError } from './auth/user-accounts';
import { runCreateUserCommand, UsageError } from './cli/create-user.command';
import { runExportCorrectionsCommand } from './cli/export-corrections.command';
import { runMigrateCommand } from './cli/migrate.command';
import { ConfigError } from './config/api-config';

const out = (line: string) => process.stdout.write(`${line}\n`);

async function serve(): Promise<void> {
  const { app, config } = await buildApiApp(process.env);
  await app.listen(config.port, config.host);
  // A plain line as well as the JSON log: the first thing a person starting it wants to see.
  out(`Ascolto API listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'serve':
      return serve();
    case 'migrate':
      return runMigrateCommand(process.env, out);
    case 'create-user':
      return runCreateUserCommand(rest, process.env, out);
    case 'export-corrections':
      return runExportCorrectionsCommand(rest, process.env, out);
    default:
      throw new UsageError(`Unknown command "${command}". Commands: serve (default), migrate, create-user, export-corrections.`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Configuration and usage problems are the operator's to fix: say exactly what, without a stack.
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof UserAlreadyExistsError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`ascolto api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
