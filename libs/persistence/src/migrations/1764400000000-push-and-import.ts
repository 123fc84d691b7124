import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Push and bulk: items that webhooks deliver, kept durably until the worker has indexed them
 * (read in `seq` order after a cursor), and import jobs with their checkpoints and the report of
 * rejected rows.
 */
export class PushAndImport1764400000000 implements MigrationInterface {
  name = 'PushAndImport1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "inbound_items" (
      "seq" bigserial PRIMARY KEY,
      "source_id" uuid NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
      "external_id" text NOT NULL,
      "content_hash" char(64) NOT NULL,
      "item" jsonb NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now())`);
    // The same item delivered again is stored once; an edit (new content) is a new row.
    await q.query(`CREATE UNIQUE INDEX "UQ_inbound_items_delivery" ON "inbound_items" ("source_id", "external_id", "content_hash")`);
    await q.query(`CREATE INDEX "IDX_inbound_items_source_seq" ON "inbound_items" ("source_id", "seq")`);

    await q.query(`CREATE TABLE "import_jobs" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "source_id" uuid NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
      "file_name" text NOT NULL,
      "file_path" text NOT NULL,
      "file_sha256" char(64) NOT NULL,
      "format" text NOT NULL,
      "origin" text NOT NULL DEFAULT 'upload',
      "bytes_total" bigint NOT NULL,
      "bytes_done" bigint NOT NULL DEFAULT 0,
      "rows_done" integer NOT NULL DEFAULT 0,
      "imported" integer NOT NULL DEFAULT 0,
      "created" integer NOT NULL DEFAULT 0,
      "updated" integer NOT NULL DEFAULT 0,
      "rejected_count" integer NOT NULL DEFAULT 0,
      "rejected_rows" jsonb NOT NULL DEFAULT '[]',
      "ignored_columns" jsonb NOT NULL DEFAULT '[]',
      "status" text NOT NULL DEFAULT 'pending',
      "error" text,
      "worker_id" text,
      "heartbeat_at" timestamptz,
      "created_by" uuid REFERENCES "users"("id") ON DELETE SET NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      "finished_at" timestamptz)`);
    // Re-running the same file into the same source resumes its job instead of starting another.
    await q.query(`CREATE UNIQUE INDEX "UQ_import_jobs_source_file" ON "import_jobs" ("source_id", "file_sha256")`);
    await q.query(`CREATE INDEX "IDX_import_jobs_status" ON "import_jobs" ("status", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "import_jobs"`);
    await q.query(`DROP TABLE "inbound_items"`);
  }
}
