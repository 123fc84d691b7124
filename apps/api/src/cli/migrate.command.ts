import { loadDatabaseConfig, migrateDatabase } from '@ascolto/persistence';

/** `main.js migrate`: create the database if needed and apply pending migrations. */
export async function runMigrateCommand(env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  const config = loadDatabaseConfig(env);
  const ran = await migrateDatabase(config);
  if (ran.length === 0) out('Database is up to date; no migration to run.');
  else for (const name of ran) out(`Applied migration ${name}`);
}
