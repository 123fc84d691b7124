import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topic fences: when a topic re-tag may start without racing the ingest path.
 *
 * A worker indexes each batch with the topic definitions it read from PostgreSQL at some moment
 * (a PostgreSQL snapshot). A re-tag that scanned the indices while a batch tagged with the old
 * definition was still being written would miss that batch for good. So every process that writes
 * `topicIds` reports, in `topic_fences`, the snapshots of the topic definitions it may still write
 * with (its cached catalog and every batch in progress), and a re-tag job is claimed only when
 * every live report's snapshots see the transaction that enqueued the job
 * (`pg_visible_in_snapshot(enqueued_xid, snapshot)`). Exact, and no clock is involved.
 *
 * `enqueued_xid` is the enqueuing transaction's id (the top-level one, even inside a savepoint).
 * Rows that exist when this runs get the migration's own id: a worker must read its topics again
 * after the upgrade before they run, which it does at its next poll.
 */
export class TopicFences1764800000000 implements MigrationInterface {
  name = 'TopicFences1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "topic_retag_jobs" ADD COLUMN "enqueued_xid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await q.query(`CREATE TABLE "topic_fences" (
      -- The worker id (or the re-analysis command's).
      "holder_id" text PRIMARY KEY,
      -- pg_snapshot values as text; NULL while the holder could not read its topics at all.
      "snapshots" text[],
      "reported_at" timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "topic_fences"`);
    await q.query(`ALTER TABLE "topic_retag_jobs" DROP COLUMN "enqueued_xid"`);
  }
}
