import { Controller, Get, Header } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { ActivityView, WorkerActivity } from '@ascolto/domain';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';
import { WORKER_HEARTBEAT_WINDOW_SECONDS } from '@ascolto/persistence';

@ApiTags('activity')
@ApiCookieAuth()
@Controller('activity')
export class ActivityController {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Background work the live workers report (today: re-analysing mentions an older pipeline
   * labelled), so the dashboard can show it while it runs. A worker whose heartbeat is older than
   * the health check's window counts as stopped, and so does what it reported.
   */
  @Roles(...ANY_ROLE)
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'What each live worker is doing in the background; empty when nothing' })
  async list(): Promise<ActivityView> {
    const rows: Array<{ worker_id: string; activity: unknown }> = await this.dataSource.query(
      `SELECT worker_id, activity FROM worker_heartbeats
        WHERE activity IS NOT NULL AND last_beat_at > now() - make_interval(secs => $1) ORDER BY worker_id`,
      [WORKER_HEARTBEAT_WINDOW_SECONDS],
    );
    return { items: rows.flatMap((row) => (isActivity(row.activity) ? [{ ...row.activity, workerId: row.worker_id }] : [])) };
  }
}

/** Only what a worker of this version writes is passed on (the row is another process's output). */
function isActivity(value: unknown): value is WorkerActivity {
  if (value === null || typeof value !== 'object') return false;
  const a = value as Record<string, unknown>;
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  return a.kind === 'reanalysis' && typeof a.pipelineVersion === 'string' && count(a.processed) && count(a.total) && typeof a.startedAt === 'string';
}
