import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

const PRUNE_EVERY_MS = 60 * 60_000;
/** Rows per DELETE, so pruning a large backlog never holds long locks. */
const BATCH = 10_000;

/**
 * Run history grows fast: 200 sources every 30 s is over half a million runs a day. Runs older
 * than RUN_HISTORY_DAYS are deleted (the newest run of each source is always kept, so a quiet
 * source still shows its last run), and budget periods older than a year go too. Every worker
 * may prune: the deletes are idempotent and batched.
 */
@Injectable()
export class RunHistoryPrunerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunHistoryPrunerService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.pruneOnce().catch((error: Error) => this.logger.warn(`pruning run history failed: ${error.message}`));
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes old runs and budget periods; returns how many runs went. */
  async pruneOnce(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.runHistoryDays * 86_400_000);
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM collector_runs WHERE id IN (
           SELECT r.id FROM collector_runs r
            WHERE r.started_at < $1
              AND r.id <> (SELECT l.id FROM collector_runs l WHERE l.source_id = r.source_id ORDER BY l.started_at DESC LIMIT 1)
            LIMIT ${BATCH})`,
        [cutoff],
      );
      deleted += count;
      if (count < BATCH) break;
    }
    const oldestPeriod = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1)).toISOString().slice(0, 7);
    await this.dataSource.query('DELETE FROM source_budgets WHERE period < $1', [oldestPeriod]);
    if (deleted) this.logger.log(`pruned ${deleted} collector runs older than ${this.config.runHistoryDays} days`);
    return deleted;
  }
}
