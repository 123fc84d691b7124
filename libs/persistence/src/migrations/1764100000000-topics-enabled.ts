import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topics get matched by the worker (issue 4): an admin can pause a topic without losing its query,
 * and `updated_at` tells when its query last changed.
 */
export class TopicsEnabled1764100000000 implements MigrationInterface {
  name = 'TopicsEnabled1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "topics" ADD "enabled" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "topics" ADD "updated_at" timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "topics" DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "topics" DROP COLUMN "enabled"`);
  }
}
