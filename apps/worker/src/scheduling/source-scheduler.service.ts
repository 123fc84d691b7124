import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import cron, { type ScheduledTask } from 'node-cron';
import { SourceEntity, type ScheduleInfo } from '@ascolto/persistence';
import { CollectionRunService } from '../collection/collection-run.service';
import { CollectorRegistry } from '../collection/collector-registry';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Upper bound of the random delay before a newly seen source's first run. */
const FIRST_RUN_JITTER_MS = 3_000;

interface ScheduledSource {
  name: string;
  schedule: string;
  task: ScheduledTask;
}

/**
 * One node-cron task per enabled source. Sources are re-read from PostgreSQL every few seconds,
 * so a source added or edited through the API is picked up without restarting the worker.
 * A slow or failing source only occupies its own task: node-cron's `noOverlap` skips a tick
 * while the previous run of the same source is still going, and other sources keep their pace.
 */
@Injectable()
export class SourceSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SourceSchedulerService.name);
  private readonly scheduled = new Map<string, ScheduledSource>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private reloadTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: CollectionRunService,
    private readonly registry: CollectorRegistry,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.reloadTimer = setInterval(() => {
      this.reload().catch((error: Error) => this.logger.error(`reloading sources failed: ${error.message}`));
    }, this.config.sourceReloadSeconds * 1000);
  }

  /** Brings the set of cron tasks in line with the enabled sources in PostgreSQL. */
  async reload(): Promise<void> {
    if (this.stopping) return;
    const sources = (await this.dataSource.getRepository(SourceEntity).find({ where: { enabled: true } })).filter((source) =>
      this.registry.has(source.type),
    );
    const wanted = new Map(sources.map((source) => [source.id, source]));

    for (const [id, entry] of this.scheduled) {
      const source = wanted.get(id);
      if (!source || source.schedule !== entry.schedule) {
        await entry.task.destroy();
        this.scheduled.delete(id);
        if (!source) this.logger.log(`unscheduled source "${entry.name}"`);
      }
    }
    for (const source of sources) {
      if (this.scheduled.has(source.id)) continue;
      if (!cron.validate(source.schedule)) {
        this.logger.error(`source "${source.name}" has an invalid schedule "${source.schedule}"; not scheduled`);
        continue;
      }
      const task = cron.schedule(source.schedule, () => this.trigger(source.id), {
        name: `source:${source.id}`,
        noOverlap: true,
      });
      this.scheduled.set(source.id, { name: source.name, schedule: source.schedule, task });
      this.logger.log(`scheduled source "${source.name}" (${source.type}) at "${source.schedule}"`);
      // A new source is polled soon rather than at its first tick; the jitter keeps a worker that
      // starts with many sources from hitting them (and Elasticsearch) all in the same second.
      const firstRun = setTimeout(() => void this.trigger(source.id), Math.floor(Math.random() * FIRST_RUN_JITTER_MS));
      firstRun.unref();
    }
  }

  /** Runs a source now unless this worker is already running it. */
  trigger(sourceId: string): Promise<unknown> {
    if (this.stopping) return Promise.resolve();
    const running = this.inFlight.get(sourceId);
    if (running) return running;
    const run = this.runs
      .runSource(sourceId)
      .catch((error: Error) => this.logger.error(`run of source ${sourceId} crashed: ${error.stack ?? error.message}`))
      .finally(() => this.inFlight.delete(sourceId));
    this.inFlight.set(sourceId, run);
    return run;
  }

  schedules(): ScheduleInfo[] {
    return [...this.scheduled.entries()].map(([sourceId, entry]) => ({
      sourceId,
      name: entry.name,
      schedule: entry.schedule,
      nextRunAt: entry.task.getNextRun()?.toISOString() ?? null,
      running: this.inFlight.has(sourceId),
    }));
  }

  /** Stops scheduling, then waits for runs in progress so their cursors are written consistently. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    for (const entry of this.scheduled.values()) await entry.task.destroy();
    this.scheduled.clear();
    const pending = [...this.inFlight.values()];
    if (pending.length) {
      this.logger.log(`waiting for ${pending.length} run(s) to finish before shutting down`);
      const settled = Promise.allSettled(pending);
      const finished = await Promise.race([settled.then(() => true), delay(this.config.shutdownGraceMs).then(() => false)]);
      if (!finished) {
        // Runs still paging are cancelled: they fail without moving their cursors, so the next
        // start repeats them rather than skipping anything.
        this.logger.warn('runs still going after the grace period; cancelling them');
        this.runs.abortRuns();
        await Promise.race([settled, delay(this.config.shutdownGraceMs)]);
      }
    }
  }
}
