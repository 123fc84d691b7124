import { unlink } from 'node:fs/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImportRunnerService } from './import-runner.service';

/** How often the worker looks for uploaded files to import. */
const POLL_MS = 5_000;

/**
 * Imports the files uploaded through the dashboard (`POST /api/imports`): every few seconds it
 * takes the oldest pending job (or one left running by a worker that died: its lock is gone) and
 * runs it with the same code as `npm run import`. Several workers can poll: the job lock lets
 * exactly one of them run each job.
 */
@Injectable()
export class ImportJobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportJobsService.name);
  private readonly shutdown = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ImportRunnerService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), POLL_MS);
    this.timer.unref();
  }

  /** Runs the waiting upload jobs one after another; a tick while one is going does nothing. */
  tick(): Promise<void> {
    if (this.running || this.shutdown.signal.aborted) return this.running ?? Promise.resolve();
    this.running = this.drain()
      .catch((error: Error) => this.logger.error(`import jobs: ${error.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    const waiting: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM import_jobs WHERE origin = 'upload' AND status IN ('pending', 'running') ORDER BY created_at LIMIT 20`,
    );
    for (const { id } of waiting) {
      if (this.shutdown.signal.aborted) return;
      const outcome = await this.runner.run(id, { signal: this.shutdown.signal });
      if (outcome.kind !== 'finished') continue;
      if (outcome.job.status === 'pending') return; // Elasticsearch trouble or shutdown: try again next tick
      // The upload has served its purpose (counts and the rejected rows stay on the job); customers'
      // messages should not linger in a temp folder.
      if (outcome.job.status === 'succeeded') await unlink(outcome.job.filePath).catch(() => undefined);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // The job in progress stops after its current batch and is checkpointed as pending.
    this.shutdown.abort();
    await this.running;
  }
}
