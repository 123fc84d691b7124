import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Client } from '@elastic/elasticsearch';
import { DataSource } from 'typeorm';
import { type ScheduleInfo, WORKER_HEARTBEAT_WINDOW_SECONDS } from '@ascolto/persistence';
import { checkSearchHealth } from '@ascolto/search';
import { SEARCH_CLIENT } from '../search/search.module';

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The endpoint is public: results say what is wrong in words an operator can act on, but never
// carry connection strings, hosts or driver messages (those go to the log).
@Injectable()
export class PlatformHealthIndicators {
  private readonly logger = new Logger(PlatformHealthIndicators.name);

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(SEARCH_CLIENT) private readonly client: Client,
  ) {}

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.indicators.check('database');
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'PostgreSQL');
      return check.up();
    } catch (error) {
      this.logger.warn({ err: error }, 'PostgreSQL health check failed');
      return check.down({ message: 'PostgreSQL is not reachable' });
    }
  }

  async search(): Promise<HealthIndicatorResult<'elasticsearch'>> {
    const check = this.indicators.check('elasticsearch');
    try {
      const health = await checkSearchHealth(this.client, { timeoutMs: CHECK_TIMEOUT_MS });
      // Yellow (replicas unassigned, normal on one node) still serves every read and write.
      if (health.status === 'red') return check.down({ cluster: 'red', message: 'Elasticsearch cluster is red: some data is unavailable' });
      return check.up({ cluster: health.status, nodes: health.numberOfNodes });
    } catch (error) {
      this.logger.warn({ err: error }, 'Elasticsearch health check failed');
      return check.down({ message: 'Elasticsearch is not reachable' });
    }
  }

  /** The schedules of every worker that reported in the last two minutes. */
  async workers(): Promise<HealthIndicatorResult<'worker'>> {
    const check = this.indicators.check('worker');
    let rows: Array<{ worker_id: string; started_at: Date; last_beat_at: Date; schedules: ScheduleInfo[] }>;
    try {
      // Compared with the database clock, which the workers' heartbeats are written against too.
      rows = await withTimeout(
        this.dataSource.query(
          `SELECT worker_id, started_at, last_beat_at, schedules FROM worker_heartbeats
            WHERE last_beat_at > now() - make_interval(secs => $1) ORDER BY worker_id`,
          [WORKER_HEARTBEAT_WINDOW_SECONDS],
        ),
        CHECK_TIMEOUT_MS,
        'PostgreSQL',
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'Worker heartbeat query failed');
      return check.down({ message: 'Cannot read worker heartbeats (PostgreSQL is not reachable)' });
    }
    if (rows.length === 0) {
      return check.down({
        message: `No worker has reported in the last ${WORKER_HEARTBEAT_WINDOW_SECONDS / 60} minutes: sources are not being collected. Start the worker (node dist/apps/worker/main.js).`,
      });
    }
    return check.up({
      workers: rows.map((row) => ({
        workerId: row.worker_id,
        startedAt: row.started_at.toISOString(),
        lastBeatAt: row.last_beat_at.toISOString(),
        schedules: (Array.isArray(row.schedules) ? row.schedules : []).map((s) => ({
          sourceId: s.sourceId,
          name: s.name,
          schedule: s.schedule,
          nextRunAt: s.nextRunAt,
          running: s.running,
        })),
      })),
    });
  }
}
