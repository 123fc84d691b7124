import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { SourceAttention, SourceSettingValue, SourceType, SourceView } from '@ascolto/domain';
import { checkSourceSettings, SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { CredentialKeyError, enqueueTopicRetag, type CredentialCipher } from '@ascolto/persistence';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { ApiConfig } from '../config/api-config';
import { API_CONFIG } from '../config/api-config.token';
import type { CreateSourceDto } from './dto/create-source.dto';
import type { UpdateSourceDto } from './dto/update-source.dto';
import {
  checkBudgetLimit,
  checkCipher,
  checkCredentialKeys,
  checkRequiredCredentials,
  descriptorFor,
  resolveSourceUrl,
  throwIfProblems,
  withoutBlanks,
} from './source-config';

/** The type's schedule when a source is created without one. */
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
  credentials_encrypted: string | null;
  attention: SourceAttention;
  consecutive_failures: number;
  budget_limit: number | null;
}

// The latest finished run per source: a run in progress says nothing yet about success.
const SELECT_VIEWS = `
  SELECT s.id, s.type, s.name, s.url, s.schedule, s.enabled, s.topic_id, s.settings, s.credentials_encrypted,
         s.attention, s.consecutive_failures, s.budget_limit,
         COALESCE(r.finished_at, r.started_at) AS last_run_at, r.status AS last_run_status, r.error AS last_error
    FROM sources s
    LEFT JOIN LATERAL (
      SELECT status, error, started_at, finished_at FROM collector_runs
       WHERE source_id = s.id AND status <> 'running'
       ORDER BY started_at DESC LIMIT 1) r ON true`;

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

/**
 * A topic with an empty query takes every mention of its linked sources: linking or unlinking a
 * source changes which mentions it holds, so the mentions already indexed are re-tagged (in the
 * transaction of the change, like a topic edit). A topic with a query does not depend on its links.
 */
async function retagLinkedTopics(tx: EntityManager, topicIds: Array<string | null>): Promise<void> {
  const ids = [...new Set(topicIds.filter((topicId): topicId is string => Boolean(topicId)))];
  if (ids.length === 0) return;
  const rows: Array<{ id: string }> = await tx.query(
    `SELECT id FROM topics WHERE id = ANY($1::uuid[]) AND enabled AND query = '' ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const row of rows) await enqueueTopicRetag(tx, row.id, 'update');
}

@Injectable()
export class SourcesService {
  private readonly logger = new Logger(SourcesService.name);
  private readonly cipher: CredentialCipher;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.cipher = config.credentialCipher;
  }

  async list(): Promise<SourceView[]> {
    const rows: SourceViewRow[] = await this.dataSource.query(`${SELECT_VIEWS} ORDER BY s.created_at, s.name`);
    return rows.map((row) => this.toView(row));
  }

  async get(id: string): Promise<SourceView> {
    const rows: SourceViewRow[] = await this.dataSource.query(`${SELECT_VIEWS} WHERE s.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`Source ${id} not found`);
    return this.toView(rows[0]);
  }

  async create(dto: CreateSourceDto, auth: RequestAuth): Promise<SourceView> {
    const descriptor = descriptorFor(dto.type);
    const problems: string[] = [];
    const settings = checkSourceSettings(descriptor, dto.settings);
    problems.push(...settings.problems);
    const url = await resolveSourceUrl(descriptor, dto.url, this.config.outboundAllowList, problems);
    const credentials = withoutBlanks(dto.credentials);
    checkCredentialKeys(descriptor, credentials, problems);
    checkRequiredCredentials(descriptor, credentials, problems);
    checkCipher(this.cipher, credentials, problems);
    checkBudgetLimit(descriptor, dto.budgetLimit, problems);
    throwIfProblems(problems);

    // The id is chosen here because it is bound into the ciphertext (see CredentialCipher).
    const id = randomUUID();
    const encrypted = Object.keys(credentials).length > 0 ? this.cipher.encrypt(id, credentials) : null;
    const schedule = dto.schedule ?? descriptor.defaultSchedule;
    const topicId = dto.topicId ?? null;
    const budgetLimit = dto.budgetLimit ?? null;
    await knownTopic(() =>
      this.dataSource.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO sources (id, type, name, url, schedule, topic_id, settings, credentials_encrypted, budget_limit)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)`,
          [id, dto.type, dto.name, url, schedule, topicId, JSON.stringify(settings.value), encrypted, budgetLimit],
        );
        await retagLinkedTopics(tx, [topicId]);
        // Credential names only: the audit log is read by people who must not see the values.
        await recordAudit(tx, {
          actorId: auth.user.id,
          action: 'source.create',
          entityType: 'source',
          entityId: id,
          data: {
            type: dto.type,
            name: dto.name,
            url,
            schedule,
            topicId,
            settings: settings.value,
            credentialKeys: Object.keys(credentials).sort(),
            budgetLimit,
          },
        });
      }),
    );
    this.logger.log({ sourceId: id, type: dto.type, userId: auth.user.id }, 'Source created');
    return this.get(id);
  }

  /**
   * Any edit also clears `attention`, the failure count and the backoff: a person looked at the
   * source (new credentials, a fixed setting, a resume), so the scheduler should try it again now.
   */
  async update(id: string, dto: UpdateSourceDto, auth: RequestAuth): Promise<SourceView> {
    const given = (Object.keys(dto) as Array<keyof UpdateSourceDto>).filter((key) => dto[key] !== undefined);
    if (given.length === 0) {
      throw new BadRequestException('Nothing to update: give name, url, schedule, enabled, topicId, settings, credentials or budgetLimit');
    }
    const [current]: Array<{ type: SourceType }> = await this.dataSource.query('SELECT type FROM sources WHERE id = $1', [id]);
    if (!current) throw new NotFoundException(`Source ${id} not found`);

    const configures =
      dto.url !== undefined || dto.settings !== undefined || dto.credentials !== undefined || dto.budgetLimit !== undefined;
    const descriptor = configures ? descriptorFor(current.type) : null;
    const problems: string[] = [];
    const set: Record<string, unknown> = {};
    const audit: Record<string, unknown> = {};
    if (dto.name !== undefined) set.name = audit.name = dto.name;
    if (dto.schedule !== undefined) set.schedule = audit.schedule = dto.schedule;
    if (dto.enabled !== undefined) set.enabled = audit.enabled = dto.enabled;
    if (dto.topicId !== undefined) set.topic_id = audit.topicId = dto.topicId;
    if (descriptor) {
      if (dto.settings !== undefined) {
        const settings = checkSourceSettings(descriptor, dto.settings);
        problems.push(...settings.problems);
        set.settings = JSON.stringify(settings.value);
        audit.settings = settings.value;
      }
      if (dto.url !== undefined)
        set.url = audit.url = await resolveSourceUrl(descriptor, dto.url || undefined, this.config.outboundAllowList, problems);
      if (dto.budgetLimit !== undefined) {
        checkBudgetLimit(descriptor, dto.budgetLimit, problems);
        set.budget_limit = audit.budgetLimit = dto.budgetLimit;
      }
      if (dto.credentials !== undefined) {
        checkCredentialKeys(descriptor, dto.credentials, problems);
        checkCipher(this.cipher, dto.credentials, problems);
      }
    }
    throwIfProblems(problems);

    await knownTopic(() =>
      this.dataSource.transaction(async (tx) => {
        if (descriptor && dto.credentials !== undefined) {
          const merged = await this.mergeCredentials(tx, id, dto.credentials);
          const missing: string[] = [];
          checkRequiredCredentials(descriptor, merged, missing);
          throwIfProblems(missing);
          set.credentials_encrypted = Object.keys(merged).length > 0 ? this.cipher.encrypt(id, merged) : null;
          audit.credentialKeysSet = Object.keys(dto.credentials)
            .filter((key) => dto.credentials![key] !== '')
            .sort();
          audit.credentialKeysRemoved = Object.keys(dto.credentials)
            .filter((key) => dto.credentials![key] === '')
            .sort();
        }
        if (dto.topicId !== undefined) {
          const [before]: Array<{ topic_id: string | null }> = await tx.query('SELECT topic_id FROM sources WHERE id = $1 FOR UPDATE', [id]);
          if (before && before.topic_id !== dto.topicId) await retagLinkedTopics(tx, [before.topic_id, dto.topicId]);
        }
        const columns = Object.keys(set);
        const assignments = columns.map((column, i) => `${column} = $${i + 2}${column === 'settings' ? '::jsonb' : ''}`);
        // updated_at moves on every change: the worker compares it when it reloads its schedules.
        const [rows, count]: [unknown[], number] = await tx.query(
          `UPDATE sources SET ${[...assignments, 'attention = NULL', 'consecutive_failures = 0', 'backoff_until = NULL', 'updated_at = now()'].join(', ')}
            WHERE id = $1 RETURNING id`,
          [id, ...columns.map((column) => set[column])],
        );
        if (count === 0 || rows.length === 0) throw new NotFoundException(`Source ${id} not found`);
        await recordAudit(tx, { actorId: auth.user.id, action: 'source.update', entityType: 'source', entityId: id, data: audit });
      }),
    );
    this.logger.log({ sourceId: id, fields: given, userId: auth.user.id }, 'Source updated');
    return this.get(id);
  }

  /**
   * Removes the source with its cursor, runs and budgets (foreign keys cascade); its mentions stay
   * indexed. Like unlinking it, this re-tags the empty-query topic it was linked to, whose mentions
   * were those of its sources.
   */
  async remove(id: string, auth: RequestAuth): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [rows]: [Array<{ type: SourceType; name: string; topic_id: string | null }>, number] = await tx.query(
        'DELETE FROM sources WHERE id = $1 RETURNING type, name, topic_id',
        [id],
      );
      if (!rows[0]) throw new NotFoundException(`Source ${id} not found`);
      await retagLinkedTopics(tx, [rows[0].topic_id]);
      await recordAudit(tx, {
        actorId: auth.user.id,
        action: 'source.delete',
        entityType: 'source',
        entityId: id,
        data: { type: rows[0].type, name: rows[0].name },
      });
    });
    this.logger.log({ sourceId: id, userId: auth.user.id }, 'Source deleted');
  }

  /** Stored credentials with `changes` applied under a row lock ("" removes a key). */
  private async mergeCredentials(tx: EntityManager, id: string, changes: Record<string, string>): Promise<Record<string, string>> {
    const [row]: Array<{ credentials_encrypted: string | null }> = await tx.query(
      'SELECT credentials_encrypted FROM sources WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) throw new NotFoundException(`Source ${id} not found`);
    let merged: Record<string, string>;
    try {
      merged = this.cipher.decrypt(id, row.credentials_encrypted);
    } catch (error) {
      if (!(error instanceof CredentialKeyError)) throw error;
      // Unreadable (key changed or removed): the new set replaces them; required ones are checked next.
      this.logger.warn({ sourceId: id }, 'Stored credentials cannot be decrypted; replacing them');
      merged = {};
    }
    for (const [key, value] of Object.entries(changes)) {
      if (value === '') delete merged[key];
      else merged[key] = value;
    }
    return merged;
  }

  private toView(row: SourceViewRow): SourceView {
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
      credentialKeys: this.credentialKeys(row.id, row.credentials_encrypted),
      attention: row.attention,
      consecutiveFailures: row.consecutive_failures,
      budgetLimit: row.budget_limit,
    };
  }

  /** The names of the stored credentials (never their values). Unreadable ones show as none, with a warning. */
  private credentialKeys(id: string, encrypted: string | null): string[] {
    if (!encrypted) return [];
    try {
      return Object.keys(this.cipher.decrypt(id, encrypted)).sort();
    } catch (error) {
      if (!(error instanceof CredentialKeyError)) throw error;
      this.logger.warn({ sourceId: id }, `Stored credentials cannot be read: ${error.message}`);
      return [];
    }
  }
}
