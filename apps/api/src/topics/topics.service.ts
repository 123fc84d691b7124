import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Language, TopicView } from '@ascolto/domain';
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
}

const SELECT_VIEWS = `
  SELECT t.id, t.name, t.query, t.languages, t.enabled, t.created_at, t.updated_at,
         COALESCE(array_agg(s.id::text ORDER BY s.created_at) FILTER (WHERE s.id IS NOT NULL), '{}')::text[] AS source_ids
    FROM topics t LEFT JOIN sources s ON s.topic_id = t.id`;

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
  };
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
    const rows: TopicRow[] = await this.dataSource.query(`${SELECT_VIEWS} GROUP BY t.id ORDER BY t.created_at, t.name`);
    return rows.map(toView);
  }

  async get(id: string): Promise<TopicView> {
    const rows: TopicRow[] = await this.dataSource.query(`${SELECT_VIEWS} WHERE t.id = $1 GROUP BY t.id`, [id]);
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
        // updated_at moves on every change: it tells when the worker started matching the new rules.
        const [rows]: [unknown[], number] = await tx.query(
          `UPDATE topics SET name = COALESCE($2, name), query = COALESCE($3, query), languages = COALESCE($4, languages),
                  enabled = COALESCE($5, enabled), updated_at = now()
            WHERE id = $1 RETURNING id`,
          [id, changes.name ?? null, changes.query ?? null, changes.languages ?? null, changes.enabled ?? null],
        );
        if (rows.length === 0) throw new NotFoundException(`Topic ${id} not found`);
        await recordAudit(tx, { actorId: auth.user.id, action: 'topic.update', entityType: 'topic', entityId: id, data: changes });
      }),
    );
    return this.get(id);
  }

  /** Mentions already tagged keep the id (history is not rewritten); linked sources are unlinked by the foreign key. */
  async remove(id: string, auth: RequestAuth): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [rows]: [Array<{ name: string }>, number] = await tx.query('DELETE FROM topics WHERE id = $1 RETURNING name', [id]);
      if (rows.length === 0) throw new NotFoundException(`Topic ${id} not found`);
      await recordAudit(tx, { actorId: auth.user.id, action: 'topic.delete', entityType: 'topic', entityId: id, data: { name: rows[0].name } });
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
