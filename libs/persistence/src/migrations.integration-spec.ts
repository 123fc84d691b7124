import { createTestDatabase, type TestDatabase } from '../../testing/src/database';
import { MIGRATIONS } from './migrations';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('create exactly the schema the entities describe (no drift)', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    // Foreign keys, CHECK constraints and partial indexes are enforced by the database and written
    // only in migrations; the entities do not restate them, so TypeORM proposes to drop them. So
    // is `topic_retag_jobs.enqueued_xid`: an xid8, a type TypeORM does not know, read only by the
    // worker's SQL (see the TopicFences migration).
    // Everything else (tables, columns, types, defaults, named indexes) must match exactly.
    const databaseOnly = /DROP CONSTRAINT "\w+_(fkey|check)"|DROP INDEX "public"\."IDX_(mention_states_unsynced|sessions_expires_at)"|^ALTER TABLE "topic_retag_jobs" DROP COLUMN "enqueued_xid"$/;
    const drift = pending.upQueries.map((query) => query.query).filter((sql) => !databaseOnly.test(sql));
    expect(drift).toEqual([]);
  });

  it('can be reverted and applied again', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
    const tables = await db.dataSource.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('tickets', 'label_corrections')`);
    expect(tables[0].n).toBe(0);
    await db.dataSource.runMigrations();
    expect(await db.dataSource.showMigrations()).toBe(false);
  });
});
