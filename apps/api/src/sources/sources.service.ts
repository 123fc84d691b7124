import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { SourceAttention, SourceSettingValue, SourceType, SourceView } from '@ascolto/domain';
import { assertOutboundUrlAllowed, OutboundUrlRefusedError, SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import type { CreateSourceDto } from './dto/create-source.dto';
import type { UpdateSourceDto } from './dto/update-source.dto';

/**
 * Default polling per source type. Every 2 minutes keeps the inbox close to real time while
 * staying polite to feed hosts (the collector also sends conditional requests).
 */
export function defaultScheduleFor(type: SourceType): string {
  return SOURCE_TYPE_DESCRIPTORS[type]?.defaultSchedule ?? '*/5 * * * *';
}

interface SourceViewRow {
  id: string;
  type: SourceType;
  name: string;
  url: string;
  schedule: string;
  enabled: boolean;
  last_run_at: Date | null;
  last_run_status: SourceView['lastRunStatus'];
  last_error: string | null;
  topic_id: string | null;
  settings: Record<string, SourceSettingValue>;
  has_credentials: boolean;
  attention: SourceAttention;
  consecutive_failures: number;
  budget_limit: number | null;
}

// The latest finished run per source: a run in progress says nothing yet about success.
const SELECT_VIEWS = `
  SELECT s.id, s.type, s.name, s.url, s.schedule, s.enabled, s.topic_id, s.settings, s.credentials_encrypted IS NOT NULL AS has_credentials,
         s.attention, s.consecutive_failures, s.budget_limit,
         COALESCE(r.finished_at, r.started_at) AS last_run_at, r.status AS last_run_status, r.error AS last_error
    FROM sources s
    LEFT JOIN LATERAL (
      SELECT status, error, started_at, finished_at FROM collector_runs
       WHERE source_id = s.id AND status <> 'running'
       ORDER BY started_at DESC LIMIT 1) r ON true`;

function toView(row: SourceViewRow): SourceView {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    url: row.url,
    schedule: row.schedule,
    enabled: row.enabled,
    lastRunAt: row.last_run_at ? row.last_run_at.toISOString() : null,
    lastRunStatus: row.last_run_status,
    lastError: row.last_error,
    topicId: row.topic_id,
    settings: row.settings ?? {},
    credentialKeys: [],
    attention: row.attention,
    consecutiveFailures: row.consecutive_failures,
    budgetLimit: row.budget_limit,
  };
}

/** A topicId that names no topic is the caller's mistake (400), not a server error. */
async function knownTopic<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const code = error instanceof QueryFailedError ? (error.driverError as { code?: string } | undefined)?.code : undefined;
    if (code === '23503') throw new BadRequestException('topicId names no topic');
    throw error;
  }
}

@Injectable()
export class SourcesService {
  private readonly logger = new Logger(SourcesService.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async list(): Promise<SourceView[]> {
    const rows: SourceViewRow[] = await this.dataSource.query(`${SELECT_VIEWS} ORDER BY s.created_at, s.name`);
    return rows.map(toView);
  }

  async get(id: string): Promise<SourceView> {
    const rows: SourceViewRow[] = await this.dataSource.query(`${SELECT_VIEWS} WHERE s.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`Source ${id} not found`);
    return toView(rows[0]);
  }

  async create(dto: CreateSourceDto, auth: RequestAuth): Promise<SourceView> {
    await this.checkUrl(dto.url);
    const schedule = dto.schedule ?? defaultScheduleFor(dto.type);
    const topicId = dto.topicId ?? null;
    const id = await knownTopic(() =>
      this.dataSource.transaction(async (tx) => {
        const [row]: Array<{ id: string }> = await tx.query(
          'INSERT INTO sources (type, name, url, schedule, topic_id) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [dto.type, dto.name, dto.url, schedule, topicId],
        );
        await recordAudit(tx, {
          actorId: auth.user.id,
          action: 'source.create',
          entityType: 'source',
          entityId: row.id,
          data: { type: dto.type, name: dto.name, url: dto.url, schedule, topicId },
        });
        return row.id;
      }),
    );
    this.logger.log({ sourceId: id, type: dto.type, userId: auth.user.id }, 'Source created');
    return this.get(id);
  }

  async update(id: string, dto: UpdateSourceDto, auth: RequestAuth): Promise<SourceView> {
    const changes = Object.fromEntries(
      (['name', 'schedule', 'enabled', 'topicId'] as const).filter((key) => dto[key] !== undefined).map((key) => [key, dto[key]]),
    );
    if (Object.keys(changes).length === 0) throw new BadRequestException('Nothing to update: give name, schedule, enabled or topicId');
    await knownTopic(() =>
      this.dataSource.transaction(async (tx) => {
        // updated_at moves on every change: the worker compares it when it reloads its schedules.
        // topicId may be set to null (unlink), so it cannot use COALESCE like the others.
        const [rows, count]: [unknown[], number] = await tx.query(
          `UPDATE sources SET name = COALESCE($2, name), schedule = COALESCE($3, schedule),
                  enabled = COALESCE($4, enabled), topic_id = CASE WHEN $5 THEN $6::uuid ELSE topic_id END, updated_at = now()
            WHERE id = $1 RETURNING id`,
          [id, dto.name ?? null, dto.schedule ?? null, dto.enabled ?? null, dto.topicId !== undefined, dto.topicId ?? null],
        );
        if (count === 0 || rows.length === 0) throw new NotFoundException(`Source ${id} not found`);
        await recordAudit(tx, { actorId: auth.user.id, action: 'source.update', entityType: 'source', entityId: id, data: changes });
      }),
    );
    return this.get(id);
  }

  /**
   * A feed URL is fetched by the server, so it must not point inside our network: http(s) only,
   * no credentials, and the same address rules as the collector's guarded client (which checks
   * again on every fetch and redirect; this gives the admin a clear error right away).
   */
  private async checkUrl(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new BadRequestException('url must be an absolute http(s) URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new BadRequestException('url must use http or https');
    }
    if (parsed.username || parsed.password) {
      throw new BadRequestException('url must not contain a user name or password');
    }
    try {
      await assertOutboundUrlAllowed(url, this.config.outboundAllowList);
    } catch (error) {
      if (error instanceof OutboundUrlRefusedError) throw new BadRequestException(`url refused: ${error.reason}`);
      throw error;
    }
  }
}
