import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a worker is doing in the background besides collecting, on its heartbeat row, so the
 * dashboard can show it while it runs (today: the re-analysis of mentions an older pipeline
 * labelled). NULL when it does nothing of the kind; a worker that stops without clearing it stops
 * beating too, and readers ignore workers whose heartbeat is stale.
 */
export class WorkerActivity1764900000000 implements MigrationInterface {
  name = 'WorkerActivity1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "worker_heartbeats" ADD COLUMN "activity" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "worker_heartbeats" DROP COLUMN "activity"`);
  }
}
