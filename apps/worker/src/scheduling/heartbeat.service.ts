import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkerHeartbeatEntity } from '@ascolto/persistence';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { SourceSchedulerService } from './source-scheduler.service';

/** Tells the API (through PostgreSQL) that this worker is alive and what it has scheduled. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  private beaten = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SourceSchedulerService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      this.beat().catch((error: Error) => this.logger.warn(`heartbeat failed: ${error.message}`));
    }, this.config.heartbeatSeconds * 1000);
  }

  /**
   * Both times come from PostgreSQL's clock, not this process's: the API decides who is alive by
   * comparing `last_beat_at` with its own `now()`, so a worker whose clock runs a minute behind
   * would otherwise look dead (or a dead one alive) to every reader.
   */
  async beat(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules)
       VALUES ($1, now(), now(), $2::jsonb)
       ON CONFLICT (worker_id) DO UPDATE SET
         -- A process reusing the id of one that stopped starts its own uptime with its first beat.
         started_at = CASE WHEN $3::boolean THEN worker_heartbeats.started_at ELSE EXCLUDED.started_at END,
         last_beat_at = now(),
         schedules = EXCLUDED.schedules`,
      [this.config.workerId, JSON.stringify(this.scheduler.schedules()), this.beaten],
    );
    this.beaten = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    // A worker that stops cleanly removes itself, so health does not count it as alive.
    await this.dataSource
      .getRepository(WorkerHeartbeatEntity)
      .delete({ workerId: this.config.workerId })
      .catch(() => undefined);
  }
}
