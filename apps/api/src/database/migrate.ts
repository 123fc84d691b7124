import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, type DatabaseConfig } from '@ascolto/persistence';

// The same advisory lock key as libs/persistence's migrateDatabase (0x4153 = 16723, "AS"), so the
// API and the worker never run migrations at the same time. Written in decimal: hexadecimal
// integer literals only parse on PostgreSQL 16+, and we support 15.
const MIGRATION_LOCK = [16723, 0] as const;

/**
 * Creates the database if needed and applies pending migrations under an advisory lock.
 * Returns the names of the migrations that ran. (libs/persistence's migrateDatabase does the same
 * but currently fails on PostgreSQL 15; switch back to it once that is fixed.)
 */
export async function migrateApiDatabase(config: DatabaseConfig): Promise<string[]> {
  await ensureDatabase(config.url);
  // One connection: the session-level lock and the migrations must share it.
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
