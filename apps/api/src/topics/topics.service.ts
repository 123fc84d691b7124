import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Language, TopicRetagReason, TopicRetagState, TopicRetagView, TopicView } from '@ascolto/domain';
import { enqueueTopicRetag } from '@ascolto/persistence';
import { parseTopicQuery } from '@ascolto/nlp';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { CreateTopicDto } from './dto/create-topic.dto';
import type { UpdateTopicDto } from './dto/update-topic.dto';

interface TopicRow {
  id: string;
  name: string;
  query: string;
  languages: Language[];
  enabled: boolean;
  source_ids: string[];
  created_at: Date;
  updated_at: Date;
  retag_state: TopicRetagState | null;
  retag_reason: TopicRetagReason | null;
  retag_total: number | null;
  retag_processed: number | null;
  retag_changed: number | null;
  retag_matched: number | null;
  retag_error: string | null;
  retag_attempts: number | null;
  retag_requested_at: Date | null;
  retag_finished_at: Date | null;
}

// Each topic with its linked sources and its latest re-tagging job (the one its last change asked for).
const SELECT_VIEWS = `
  SELECT t.id, t.name, t.query, t.languages, t.enabled, t.created_at, t.updated_at,
         ARRAY(SELECT s.id::text FROM sources s WHERE s.topic_id = t.id ORDER BY s.created_at) AS source_ids,
         j.state AS retag_state, j.reason AS retag_reason, j.total AS retag_total, j.processed AS retag_processed,
         j.changed AS retag_changed, j.matched AS retag_matched, j.error AS retag_error, j.attempts AS retag_attempts,
         j.created_at AS retag_requested_at, j.finished_at AS retag_finished_at
    FROM topics t
    LEFT JOIN LATERAL (
      SELECT * FROM topic_retag_jobs WHERE topic_id = t.id ORDER BY created_at DESC, id DESC LIMIT 1
    ) j ON true`;

function toRetagView(row: TopicRow): TopicRetagView | null {
  if (row.retag_state === null || row.retag_reason === null || row.retag_requested_at === null) return null;
  return {
    state: row.retag_state,
    reason: row.retag_reason,
    total: row.retag_total,
    processed: row.retag_processed ?? 0,
    changed: row.retag_changed ?? 0,
    matched: row.retag_matched,
    error: row.retag_error,
    attempts: row.retag_attempts ?? 0,
    requestedAt: row.retag_requested_at.toISOString(),
    finishedAt: row.retag_finished_at?.toISOString() ?? null,
  };
}

function toView(row: TopicRow): TopicView {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    languages: row.languages,
    enabled: row.enabled,
    sourceIds: row.source_ids,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    retag: toRetagView(row),
  };
}

/**
 * Which re-tagging a change asks for, if any: the mentions a topic holds depend on whether it is
 * enabled, its query and its languages (a renamed topic keeps its mentions).
 */
function retagReason(before: Pick<TopicRow, 'query' | 'languages' | 'enabled'>, after: Pick<TopicRow, 'query' | 'languages' | 'enabled'>): TopicRetagReason | null {
  if (before.enabled !== after.enabled) return after.enabled ? 'enable' : 'disable';
  if (!after.enabled) return null;
  const sameLanguages = before.languages.length === after.languages.length && before.languages.every((lang) => after.languages.includes(lang));
  return before.query === after.query && sameLanguages ? null : 'update';
}

/**
 * Checks a topic query as typed and returns it trimmed for storage. A blank query is allowed (the
 * topic then takes everything from its linked sources); a malformed one throws TopicQueryError,
 * which the exception filter turns into a 400 with `position` and `reason`.
 */
export function checkedTopicQuery(query: string): string {
  if (query.trim() === '') return '';
  parseTopicQuery(query);
  return query.trim();
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}

@Injectable()
export class TopicsService {
  private readonly logger = new Logger(TopicsService.name);

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<TopicView[]> {
    const rows: TopicRow[] = await this.dataSource.query(`${SELECT_VIEWS} ORDER BY t.created_at, t.name`);
    return rows.map(toView);
  }

  async get(id: string): Promise<TopicView> {
    const rows: TopicRow[] = await this.dataSource.query(`${SELECT_VIEWS} WHERE t.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`Topic ${id} not found`);
    return toView(rows[0]);
  }

  async create(dto: CreateTopicDto, auth: RequestAuth): Promise<TopicView> {
    const query = checkedTopicQuery(dto.query ?? '');
    const languages = dto.languages ?? [];
    const enabled = dto.enabled ?? true;
    const id = await this.uniqueName(dto.name, () =>
      this.dataSource.transaction(async (tx) => {
        const [row]: Array<{ id: string }> = await tx.query(
          'INSERT INTO topics (name, query, languages, enabled) VALUES ($1, $2, $3, $4) RETURNING id',
          [dto.name, query, languages, enabled],
        );
        await recordAudit(tx, {
          actorId: auth.user.id,
          action: 'topic.create',
          entityType: 'topic',
          entityId: row.id,
          data: { name: dto.name, query, languages, enabled },
        });
        // The mentions already indexed are tagged by the worker; a paused topic tags nothing yet.
        if (enabled) await enqueueTopicRetag(tx, row.id, 'create');
        return row.id;
      }),
    );
    this.logger.log({ topicId: id, userId: auth.user.id }, 'Topic created');
    return this.get(id);
  }

  async update(id: string, dto: UpdateTopicDto, auth: RequestAuth): Promise<TopicView> {
    const changes: Partial<Pick<TopicView, 'name' | 'query' | 'languages' | 'enabled'>> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.query !== undefined) changes.query = checkedTopicQuery(dto.query);
    if (dto.languages !== undefined) changes.languages = dto.languages;
    if (dto.enabled !== undefined) changes.enabled = dto.enabled;
    if (Object.keys(changes).length === 0) throw new BadRequestException('Nothing to update: give name, query, languages or enabled');
    await this.uniqueName(changes.name, () =>
      this.dataSource.transaction(async (tx) => {
        // The row lock orders concurrent changes of one topic, and so the jobs they enqueue.
        const before: Array<Pick<TopicRow, 'query' | 'languages' | 'enabled'>> = await tx.query(
          'SELECT query, languages, enabled FROM topics WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (before.length === 0) throw new NotFoundException(`Topic ${id} not found`);
        // updated_at moves on every change: it tells when the worker started matching the new rules.
        const [rows]: [Array<Pick<TopicRow, 'query' | 'languages' | 'enabled'>>, number] = await tx.query(
          `UPDATE topics SET name = COALESCE($2, name), query = COALESCE($3, query), languages = COALESCE($4, languages),
                  enabled = COALESCE($5, enabled), updated_at = now()
            WHERE id = $1 RETURNING query, languages, enabled`,
          [id, changes.name ?? null, changes.query ?? null, changes.languages ?? null, changes.enabled ?? null],
        );
        await recordAudit(tx, { actorId: auth.user.id, action: 'topic.update', entityType: 'topic', entityId: id, data: changes });
        const reason = retagReason(before[0], rows[0]);
        if (reason) await enqueueTopicRetag(tx, id, reason);
      }),
    );
    return this.get(id);
  }

  /** The worker then takes the topic's id off the mentions already tagged; linked sources are unlinked by the foreign key. */
  async remove(id: string, auth: RequestAuth): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [rows]: [Array<{ name: string }>, number] = await tx.query('DELETE FROM topics WHERE id = $1 RETURNING name', [id]);
      if (rows.length === 0) throw new NotFoundException(`Topic ${id} not found`);
      await recordAudit(tx, { actorId: auth.user.id, action: 'topic.delete', entityType: 'topic', entityId: id, data: { name: rows[0].name } });
      await enqueueTopicRetag(tx, id, 'delete');
    });
    this.logger.log({ topicId: id, userId: auth.user.id }, 'Topic deleted');
  }

  private async uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A topic named "${name}" already exists`);
      throw error;
    }
  }
}
