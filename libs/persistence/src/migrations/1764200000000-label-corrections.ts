import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People's corrections of the pipeline's labels: kept for the audit trail and exported as training
 * data. Rows are never updated; the export takes the latest per mention and label kind.
 */
export class LabelCorrections1764200000000 implements MigrationInterface {
  name = 'LabelCorrections1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "label_corrections" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
      "mention_id" text NOT NULL,
      "mention_index" text NOT NULL,
      "mention_published_at" timestamptz NOT NULL,
      "kind" text NOT NULL CHECK ("kind" IN ('sentiment', 'category', 'intent', 'flush_reason')),
      "machine_value" text,
      "machine_confidence" real,
      "corrected_value" text,
      "pipeline_version" text NOT NULL,
      "mention_text" text NOT NULL,
      "mention_language" text NOT NULL,
      -- No cascade: an audit record outlives the account of the person who made it.
      "user_id" uuid NOT NULL REFERENCES "users"("id"),
      "created_at" timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX "IDX_label_corrections_mention_kind" ON "label_corrections" ("mention_id", "kind", "created_at")`);
    await q.query(`CREATE INDEX "IDX_label_corrections_created_at" ON "label_corrections" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "label_corrections"`);
  }
}
