import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { TopicCatalogService } from './topic-catalog.service';

/**
 * This process's topic fence (table `topic_fences`, see the TopicFences migration): the snapshots
 * of the topic definitions it may still write mentions with. A re-tag job is claimed only once
 * every live fence sees the change that enqueued it (`topicFenceUnseen`), so no batch tagged
 * with the old definition can land after the re-tag has scanned past it, however long the batch
 * takes. Reported before every claim and at every poll of the re-tag job, also while a re-tag runs;
 * commands that ingest or re-analyse outside a scheduled worker hold it with `holdWhile`.
 */
@Injectable()
export class TopicFenceService implements OnApplicationShutdown {
  private readonly logger = new Logger(TopicFenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: TopicCatalogService,
    @Inject(WORKER_CONFIG) private readonly config: Pick<WorkerConfig, 'workerId' | 'topicRetagPollMs'>,
  ) {}

  /**
   * Runs `work` with this process's fence held: reported now, renewed every `topicRetagPollMs` (as
   * a scheduled worker renews it at every poll) and withdrawn afterwards. For the commands that
   * write `topicIds` outside a scheduled worker (`npm run import`, `npm run reanalyse`).
   */
  async holdWhile<T>(work: () => Promise<T>): Promise<T> {
    await this.report();
    const timer = setInterval(() => {
      this.report().catch((error: Error) => this.logger.warn(`topic fence not reported: ${error.message}`));
    }, this.config.topicRetagPollMs);
    timer.unref();
    try {
      return await work();
    } finally {
      clearInterval(timer);
      await this.withdraw().catch((error: Error) => this.logger.warn(`topic fence not withdrawn: ${error.message}`));
    }
  }

  /** Catches the catalog up with pending changes, then writes what it may still write with. */
  async report(): Promise<void> {
    // A catalog that cannot be read leaves the fence as the leases and cache say (or NULL): the
    // re-tag waits rather than racing a definition this process may still use.
    await this.catalog.catchUp().catch(() => undefined);
    await this.dataSource.query(
      `INSERT INTO topic_fences (holder_id, snapshots, reported_at) VALUES ($1, $2, now())
       ON CONFLICT (holder_id) DO UPDATE SET snapshots = EXCLUDED.snapshots, reported_at = EXCLUDED.reported_at`,
      [this.config.workerId, this.catalog.fenceSnapshots()],
    );
    // Fences of processes that died long ago count for nothing; without this every crash (each
    // process has an id of its own) would leave a row for good.
    await this.dataSource.query(`DELETE FROM topic_fences WHERE reported_at < now() - make_interval(secs => $1)`, [FORGOTTEN_AFTER_SECONDS]);
  }

  /** A process that stops cleanly withdraws its fence instead of holding re-tags back until it expires. */
  async withdraw(): Promise<void> {
    await this.dataSource.query('DELETE FROM topic_fences WHERE holder_id = $1', [this.config.workerId]);
  }

  async onApplicationShutdown(): Promise<void> {
    // A batch still writing keeps the fence, which then expires (TOPIC_FENCE_SECONDS) on its own.
    if (this.catalog.leasesHeld() > 0) return;
    await this.withdraw().catch((error: Error) => this.logger.warn(`topic fence not withdrawn: ${error.message}`));
  }
}

/** A fence not renewed for a day is deleted (it stopped counting after TOPIC_FENCE_SECONDS). */
const FORGOTTEN_AFTER_SECONDS = 86_400;

/**
 * SQL condition, for a `topic_retag_jobs` row aliased `j`: a live fence (reported within `$fence`
 * seconds) does not yet see the transaction that enqueued the job, or could not say what it holds.
 */
export function topicFenceUnseen(fenceSecondsParam: string): string {
  return `EXISTS (SELECT 1 FROM topic_fences f
                   WHERE f.reported_at > now() - make_interval(secs => ${fenceSecondsParam})
                     AND (f.snapshots IS NULL
                          OR EXISTS (SELECT 1 FROM unnest(f.snapshots) AS s(snapshot)
                                      WHERE NOT pg_visible_in_snapshot(j.enqueued_xid, s.snapshot::pg_snapshot))))`;
}
