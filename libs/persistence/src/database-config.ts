import { Client } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseConfig {
  /** postgres://user[:password]@host:port/database */
  url: string;
  poolSize: number;
}

export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ascolto';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL');
  }
  if (!['postgres:', 'postgresql:'].includes(parsed.protocol) || parsed.pathname.length < 2) {
    throw new Error('DATABASE_URL must look like postgres://user@host:5432/database');
  }
  const poolSize = Number(env.DATABASE_POOL_SIZE ?? '10');
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 200) {
    throw new Error('DATABASE_POOL_SIZE must be an integer between 1 and 200');
  }
  return { url, poolSize };
}

/** Schema changes happen only through migrations: `synchronize` stays off everywhere. */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    extra: { max: config.poolSize },
  };
}

/** Creates the database named in the URL when it does not exist yet (connects to `postgres`). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`refusing to create database with unusual name "${name}"`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process may have created it between our check and our CREATE.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/** Drops a database (tests only): terminates its connections first. */
export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database if needed and applies pending migrations. Safe to run from the api and the
 * worker at the same time: TypeORM takes no lock, so we serialise with a PostgreSQL advisory lock.
 * Returns the names of the migrations that ran.
 */
export async function migrateDatabase(config: DatabaseConfig): Promise<string[]> {
  await ensureDatabase(config.url);
  const { DataSource } = await import('typeorm');
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(16723, 0)');
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock(16723, 0)');
    }
  } finally {
    await dataSource.destroy();
  }
}
