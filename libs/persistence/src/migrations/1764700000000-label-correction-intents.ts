import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's label correction is committed here (pending) before Elasticsearch is written, and
 * marked applied when its `label_corrections` rows and audit event are recorded: a crash or a
 * PostgreSQL failure after the document was written leaves a pending intent that the worker's
 * reconciler finishes, instead of a document nobody has a record of. `label_corrections` keeps
 * only applied corrections: its rows now link to their intent and say when they were recorded.
 * Existing rows were recorded when they were made.
 */
export class LabelCorrectionIntents1764700000000 implements MigrationInterface {
  name = 'LabelCorrectionIntents1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "label_correction_intents" (
      -- An identity, not a uuid: the order in which people asked is the order corrections apply in.
      "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      "mention_id" text NOT NULL,
      "mention_index" text NOT NULL,
      -- The labels as the person gave them (CorrectLabelsRequest).
      "request" jsonb NOT NULL,
      -- The changes planned on the document read before the write (LabelChange[]).
      "planned" jsonb NOT NULL,
      "user_id" uuid NOT NULL REFERENCES "users"("id"),
      -- The name the "corrected by" explanation carries, as it was when the person asked.
      "user_name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "applied_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text)`);
    await q.query(`CREATE INDEX "IDX_label_correction_intents_pending" ON "label_correction_intents" ("id") WHERE "applied_at" IS NULL`);
    await q.query(`CREATE INDEX "IDX_label_correction_intents_mention" ON "label_correction_intents" ("mention_id", "id")`);
    await q.query(`ALTER TABLE "label_corrections"
      ADD COLUMN "intent_id" bigint REFERENCES "label_correction_intents"("id"),
      ADD COLUMN "applied_at" timestamptz`);
    await q.query(`UPDATE "label_corrections" SET "applied_at" = "created_at"`);
    await q.query(`ALTER TABLE "label_corrections" ALTER COLUMN "applied_at" SET NOT NULL, ALTER COLUMN "applied_at" SET DEFAULT now()`);
    await q.query(`CREATE INDEX "IDX_label_corrections_applied_at" ON "label_corrections" ("applied_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_label_corrections_applied_at"`);
    await q.query(`ALTER TABLE "label_corrections" DROP COLUMN "applied_at", DROP COLUMN "intent_id"`);
    await q.query(`DROP TABLE "label_correction_intents"`);
  }
}
