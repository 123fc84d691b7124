import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Mention } from '@ascolto/domain';
import { MentionSearchService } from '@ascolto/search';
import { mergeWorkflow, nextState, toWorkflowPatch, type MentionStateRow, type WorkflowChange, type WorkflowPatch } from './mention-state';

export interface AppliedChange {
  previousStatus: string;
  row: MentionStateRow;
}

export interface SyncOutcome {
  /** Documents as Elasticsearch holds them after the write, by mention id. */
  written: Map<string, Mention>;
  /** Set when Elasticsearch could not be written; the reconciler will re-apply the rows. */
  error?: unknown;
}

// A write that lost a race against a newer one is repeated with the newer state; a few rounds are
// plenty, and whatever is still behind after them is the reconciler's job.
const MAX_SYNC_ROUNDS = 3;
// Patches differ per mention (first response seconds depend on publication), so one ticket can
// need many small updates; this bounds how many are in flight together.
const SYNC_CONCURRENCY = 8;

/**
 * The one place that changes a mention's workflow: PostgreSQL first (inside the caller's
 * transaction, with the audit event), then the copy on the Elasticsearch document, then
 * `synced_version` so the worker's reconciler knows the copy is current.
 */
@Injectable()
export class MentionWorkflowService {
  private readonly logger = new Logger(MentionWorkflowService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly search: MentionSearchService,
  ) {}

  /** Locks and upserts the states of `mentions`; must run inside a transaction. */
  async apply(tx: EntityManager, mentions: Mention[], change: WorkflowChange, now: Date): Promise<Map<string, AppliedChange>> {
    const ids = mentions.map((m) => m.id);
    // Row locks serialise concurrent actions on the same mention; ids sorted so two transactions
    // over overlapping sets always lock in the same order and cannot deadlock.
    const existing: MentionStateRow[] = await tx.query(
      'SELECT * FROM mention_states WHERE mention_id = ANY($1::text[]) ORDER BY mention_id FOR UPDATE',
      [ids],
    );
    const byId = new Map(existing.map((row) => [row.mention_id, row]));
    const applied = new Map<string, AppliedChange>();
    for (const mention of [...mentions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const previous = byId.get(mention.id);
      const next = nextState(mention, previous, change, now);
      const rows: MentionStateRow[] = await tx.query(
        `INSERT INTO mention_states AS s
           (mention_id, status, assignee_id, ticket_id, triaged_at, first_response_at, first_response_seconds,
            version, synced_version, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, 0, $8)
         ON CONFLICT (mention_id) DO UPDATE SET
           status = EXCLUDED.status,
           -- Nothing clears these yet; COALESCE keeps a value set by a transaction that inserted
           -- the row after our SELECT saw none (the only case where EXCLUDED was computed blind).
           assignee_id = COALESCE(EXCLUDED.assignee_id, s.assignee_id),
           ticket_id = COALESCE(EXCLUDED.ticket_id, s.ticket_id),
           triaged_at = COALESCE(s.triaged_at, EXCLUDED.triaged_at),
           first_response_at = COALESCE(s.first_response_at, EXCLUDED.first_response_at),
           first_response_seconds = CASE WHEN s.first_response_at IS NULL THEN EXCLUDED.first_response_seconds
                                         ELSE s.first_response_seconds END,
           version = s.version + 1,
           updated_at = EXCLUDED.updated_at
         RETURNING *`,
        [next.mentionId, next.status, next.assigneeId, next.ticketId, next.triagedAt, next.firstResponseAt, next.firstResponseSeconds, now],
      );
      applied.set(mention.id, { previousStatus: previous?.status ?? mention.status, row: rows[0] });
    }
    return applied;
  }

  /**
   * Copies the committed states of `ids` to Elasticsearch and marks them synced. Never throws:
   * PostgreSQL already holds the truth, so a failure here is logged and left to the reconciler.
   */
  async syncToSearch(ids: string[]): Promise<SyncOutcome> {
    const written = new Map<string, Mention>();
    try {
      for (let round = 0; round < MAX_SYNC_ROUNDS; round++) {
        const rows: MentionStateRow[] = await this.dataSource.query(
          'SELECT * FROM mention_states WHERE mention_id = ANY($1::text[]) AND synced_version < version',
          [ids],
        );
        if (rows.length === 0) break;
        await this.writeRows(rows, written);
        // Marked synced only if nobody changed the row meanwhile: if they did, our write may have
        // landed after theirs with older data, and the next round writes the newer state again.
        await this.dataSource.query(
          `UPDATE mention_states s SET synced_version = v.version
             FROM unnest($1::text[], $2::int[]) AS v(id, version)
            WHERE s.mention_id = v.id AND s.version = v.version AND s.synced_version < v.version`,
          [rows.map((r) => r.mention_id), rows.map((r) => r.version)],
        );
      }
      return { written };
    } catch (error) {
      this.logger.warn(
        { err: error, mentionIds: ids.slice(0, 20), count: ids.length },
        'Workflow state saved in PostgreSQL but not yet in Elasticsearch; the worker reconciler will re-apply it',
      );
      return { written, error };
    }
  }

  /** Current stored state of one mention, merged onto a document (for answers when ES lags). */
  async mergeStored(mention: Mention): Promise<Mention> {
    const rows: MentionStateRow[] = await this.dataSource.query('SELECT * FROM mention_states WHERE mention_id = $1', [mention.id]);
    return rows[0] ? mergeWorkflow(mention, rows[0]) : mention;
  }

  private async writeRows(rows: MentionStateRow[], written: Map<string, Mention>): Promise<void> {
    const groups = new Map<string, { patch: WorkflowPatch; ids: string[] }>();
    for (const row of rows) {
      const patch = toWorkflowPatch(row);
      const key = JSON.stringify(patch);
      const group = groups.get(key) ?? { patch, ids: [] };
      group.ids.push(row.mention_id);
      groups.set(key, group);
    }
    const list = [...groups.values()];
    // All but the last group are written without waiting for a refresh; the last one waits
    // ('wait_for'), and the refresh that makes it visible makes the earlier writes visible too,
    // so the inbox shows the change as soon as we answer.
    const last = list.pop()!;
    for (let i = 0; i < list.length; i += SYNC_CONCURRENCY) {
      await Promise.all(list.slice(i, i + SYNC_CONCURRENCY).map((g) => this.writeGroup(g, false, written)));
    }
    await this.writeGroup(last, 'wait_for', written);
  }

  private async writeGroup(group: { patch: WorkflowPatch; ids: string[] }, refresh: 'wait_for' | false, written: Map<string, Mention>): Promise<void> {
    if (group.ids.length === 1) {
      const doc = await this.search.updateWorkflow(group.ids[0], group.patch, { refresh });
      if (doc) written.set(doc.id, doc);
      return;
    }
    for (const doc of await this.search.updateWorkflowMany(group.ids, group.patch, { refresh })) written.set(doc.id, doc);
  }
}
