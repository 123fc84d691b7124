import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadDatabaseConfig, migrateDatabase, type DatabaseConfig } from '@ascolto/persistence';

/**
 * A database of the benchmark's own (`ascolto_bench_<random>` on the configured server), migrated
 * and connected, so a benchmark never touches the demo's data. Drop it afterwards with
 * `dropDatabase(database.url)`.
 */
export async function openBenchDatabase(): Promise<{ database: DatabaseConfig; dataSource: DataSource }> {
  const baseDb = loadDatabaseConfig();
  const dbUrl = new URL(baseDb.url);
  dbUrl.pathname = `/ascolto_bench_${randomBytes(4).toString('hex')}`;
  const database = { ...baseDb, url: dbUrl.toString() };
  await migrateDatabase(database);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  return { database, dataSource };
}
