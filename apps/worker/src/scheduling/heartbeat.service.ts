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
  private readonly startedAt = new Date();
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

  async beat(): Promise<void> {
    await this.dataSource.getRepository(WorkerHeartbeatEntity).upsert(
      {
        workerId: this.config.workerId,
        startedAt: this.startedAt,
        lastBeatAt: new Date(),
        schedules: this.scheduler.schedules(),
      },
      ['workerId'],
    );
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
