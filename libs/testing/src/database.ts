import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '@ascolto/persistence';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  /** Closes the connection pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated PostgreSQL database for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  admin.pathname = `/ascolto_t_${randomBytes(5).toString('hex')}`;
  const url = admin.toString();
  await ensureDatabase(url);
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 5 }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}
