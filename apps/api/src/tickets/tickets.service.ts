import { ConflictException, Injectable, Logger, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Mention, Ticket, TicketPage } from '@ascolto/domain';
import { MentionSearchService } from '@ascolto/search';
import { recordAudit } from '../common/audit';
import type { RequestAuth } from '../common/http/authenticated-request';
import { MentionWorkflowService } from '../mentions/mention-workflow.service';
import { MAX_SUBJECT_LENGTH, type CreateTicketDto } from './dto/create-ticket.dto';
import type { ListTicketsQueryDto } from './dto/list-tickets-query.dto';
import { defaultPriority, defaultSubject, toTicket, type TicketRow } from './tickets.mapper';

const DEFAULT_PAGE = 25;
const UNIQUE_VIOLATION = '23505';

// Tickets with their mention ids, oldest mention first.
const SELECT_TICKETS = `
  SELECT t.id, t.number, t.subject, t.status, t.priority, t.assignee_id, t.created_by_id, t.created_at, t.updated_at,
         COALESCE((SELECT array_agg(tm.mention_id ORDER BY tm.published_at, tm.mention_id)
                     FROM ticket_mentions tm WHERE tm.ticket_id = t.id), '{}') AS mention_ids
    FROM tickets t`;

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.driverError?.code === UNIQUE_VIOLATION;
}

@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
    private readonly workflow: MentionWorkflowService,
  ) {}

  async create(dto: CreateTicketDto, auth: RequestAuth): Promise<Ticket> {
    const mentions = await this.readMentions(dto.mentionIds);
    const now = new Date();
    const ticketId = await this.dataSource.transaction(async (tx) => {
      await this.refuseTakenMentions(tx, dto.mentionIds);
      const [ticket]: Array<{ id: string; number: number }> = await tx.query(
        `INSERT INTO tickets (subject, priority, created_by_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) RETURNING id, number`,
        [dto.subject ?? defaultSubject(mentions[0], MAX_SUBJECT_LENGTH), dto.priority ?? defaultPriority(mentions), auth.user.id, now],
      );
      try {
        await tx.query(
          `INSERT INTO ticket_mentions (ticket_id, mention_id, published_at)
           SELECT $1, m.id, m.published_at FROM unnest($2::text[], $3::timestamptz[]) AS m(id, published_at)`,
          [ticket.id, mentions.map((m) => m.id), mentions.map((m) => m.publishedAt)],
        );
      } catch (error) {
        // Another ticket took one of these mentions between our check and our insert.
        if (isUniqueViolation(error)) throw new ConflictException('One of these mentions was just added to another ticket; reload and try again');
        throw error;
      }
      const applied = await this.workflow.apply(tx, mentions, { status: 'in_progress', ticketId: ticket.id }, now);
      await recordAudit(tx, {
        actorId: auth.user.id,
        action: 'ticket.create',
        entityType: 'ticket',
        entityId: ticket.id,
        data: {
          number: ticket.number,
          mentionIds: dto.mentionIds,
          statusChanges: [...applied.entries()].map(([id, change]) => ({ mentionId: id, from: change.previousStatus, to: 'in_progress' })),
        },
      });
      return ticket.id;
    });
    this.logger.log({ ticketId, mentions: mentions.length, userId: auth.user.id }, 'Ticket created');
    await this.workflow.syncToSearch(dto.mentionIds);
    return this.get(ticketId);
  }

  async list(query: ListTicketsQueryDto): Promise<TicketPage> {
    const statuses = query.status && query.status.length > 0 ? query.status : null;
    const where = statuses ? 'WHERE t.status = ANY($1::text[])' : 'WHERE $1::text[] IS NULL';
    const rows: TicketRow[] = await this.dataSource.query(
      `${SELECT_TICKETS} ${where} ORDER BY t.created_at DESC, t.number DESC LIMIT $2 OFFSET $3`,
      [statuses, query.limit ?? DEFAULT_PAGE, query.offset ?? 0],
    );
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM tickets t ${where}`,
      [statuses],
    );
    return { items: rows.map(toTicket), total };
  }

  async get(id: string): Promise<Ticket> {
    const rows: TicketRow[] = await this.dataSource.query(`${SELECT_TICKETS} WHERE t.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`Ticket ${id} not found`);
    return toTicket(rows[0]);
  }

  /** The mentions in the order asked; 404 naming the ones that do not exist. */
  private async readMentions(ids: string[]): Promise<Mention[]> {
    let found: Mention[];
    try {
      found = await this.search.getMany(ids);
    } catch (error) {
      this.logger.error({ err: error, count: ids.length }, 'Could not read mentions from Elasticsearch');
      throw new ServiceUnavailableException('Search is temporarily unavailable; the mentions cannot be read');
    }
    const byId = new Map(found.map((m) => [m.id, m]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new NotFoundException(`Mention${missing.length > 1 ? 's' : ''} not found: ${missing.slice(0, 10).join(', ')}`);
    }
    return ids.map((id) => byId.get(id)!);
  }

  private async refuseTakenMentions(tx: EntityManager, ids: string[]): Promise<void> {
    const taken: Array<{ mention_id: string; number: number }> = await tx.query(
      `SELECT tm.mention_id, t.number FROM ticket_mentions tm JOIN tickets t ON t.id = tm.ticket_id
        WHERE tm.mention_id = ANY($1::text[]) ORDER BY t.number, tm.mention_id`,
      [ids],
    );
    if (taken.length > 0) {
      const list = taken.slice(0, 10).map((t) => `${t.mention_id} (ticket #${t.number})`).join(', ');
      throw new ConflictException(`Already in a ticket: ${list}`);
    }
  }
}
