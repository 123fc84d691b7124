import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Re-tagging jobs: every topic change (create, query or language edit, enable, disable, delete)
 * asks the worker to bring the mentions already indexed in line with the topic as it now is.
 * Written in the same transaction as the change; no foreign key to `topics`, because a deleted
 * topic still needs its job (to take its id off the mentions).
 */
export class TopicRetagJobs1764500000000 implements MigrationInterface {
  name = 'TopicRetagJobs1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "topic_retag_jobs" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "topic_id" uuid NOT NULL,
      "reason" text NOT NULL CHECK ("reason" IN ('create', 'update', 'enable', 'disable', 'delete')),
      "state" text NOT NULL DEFAULT 'pending' CHECK ("state" IN ('pending', 'running', 'succeeded', 'failed', 'superseded')),
      "total" integer,
      "processed" integer NOT NULL DEFAULT 0,
      "changed" integer NOT NULL DEFAULT 0,
      "matched" integer,
      "attempts" integer NOT NULL DEFAULT 0,
      "error" text,
      "worker_id" text,
      "heartbeat_at" timestamptz,
      "run_after" timestamptz NOT NULL DEFAULT now(),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz,
      "finished_at" timestamptz)`);
    // What workers poll for (pending and due, or running with an old heartbeat) and the latest job per topic.
    await q.query(`CREATE INDEX "IDX_topic_retag_jobs_state" ON "topic_retag_jobs" ("state", "run_after")`);
    await q.query(`CREATE INDEX "IDX_topic_retag_jobs_topic" ON "topic_retag_jobs" ("topic_id", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "topic_retag_jobs"`);
  }
}
