import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sources of every type: their settings, encrypted credentials, the state the scheduler keeps
 * between runs (failures in a row, backoff, a reason a person must look), and budget use per
 * period. Runs record their HTTP requests, duplicates and publication-to-index lags.
 */
export class SourceHealth1764300000000 implements MigrationInterface {
  name = 'SourceHealth1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sources"
      ADD COLUMN "settings" jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN "credentials_encrypted" text,
      ADD COLUMN "attention" text,
      ADD COLUMN "consecutive_failures" integer NOT NULL DEFAULT 0,
      ADD COLUMN "backoff_until" timestamptz,
      ADD COLUMN "last_success_at" timestamptz,
      ADD COLUMN "budget_limit" double precision`);
    await q.query(`ALTER TABLE "collector_runs"
      ADD COLUMN "requests" integer NOT NULL DEFAULT 0,
      ADD COLUMN "duplicates" integer NOT NULL DEFAULT 0,
      ADD COLUMN "spent" double precision NOT NULL DEFAULT 0,
      ADD COLUMN "lag_seconds" jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`CREATE TABLE "source_budgets" (
      "source_id" uuid NOT NULL REFERENCES "sources"("id") ON DELETE CASCADE,
      "period" text NOT NULL,
      "used" double precision NOT NULL DEFAULT 0,
      PRIMARY KEY ("source_id", "period"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "source_budgets"`);
    await q.query(`ALTER TABLE "collector_runs" DROP COLUMN "requests", DROP COLUMN "duplicates", DROP COLUMN "spent", DROP COLUMN "lag_seconds"`);
    await q.query(`ALTER TABLE "sources" DROP COLUMN "settings", DROP COLUMN "credentials_encrypted", DROP COLUMN "attention",
      DROP COLUMN "consecutive_failures", DROP COLUMN "backoff_until", DROP COLUMN "last_success_at", DROP COLUMN "budget_limit"`);
  }
}
