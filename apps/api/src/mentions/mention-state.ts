import type { Mention, MentionStatus, MentionWorkflow } from '@ascolto/domain';

/** A `mention_states` row as read with raw SQL (snake_case, timestamps as Date). */
export interface MentionStateRow {
  mention_id: string;
  status: MentionStatus;
  assignee_id: string | null;
  ticket_id: string | null;
  triaged_at: Date | null;
  first_response_at: Date | null;
  first_response_seconds: number | null;
  version: number;
  synced_version: number;
  updated_at: Date;
}

/** The workflow fields PostgreSQL owns, as they are about to be written. */
export interface NextState {
  mentionId: string;
  status: MentionStatus;
  assigneeId: string | null;
  ticketId: string | null;
  triagedAt: Date | null;
  firstResponseAt: Date | null;
  firstResponseSeconds: number | null;
}

export interface WorkflowChange {
  status: MentionStatus;
  /** Only a ticket creation sets it; undefined keeps the current one. */
  ticketId?: string;
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}

/**
 * The state after a person's action. Any status other than `new` is a human action on the
 * mention: the first one stamps `triagedAt` and the first response (time since publication, the
 * KPI "first response time"); later ones keep those stamps.
 *
 * `previous` is the stored row when there is one. Without one, the timestamps may come from the
 * document (written by an older release or a demo seed), but never the ticket id: PostgreSQL is
 * the record and a ticket id must point at a ticket it holds.
 */
export function nextState(mention: Mention, previous: MentionStateRow | undefined, change: WorkflowChange, now: Date): NextState {
  let triagedAt = previous ? previous.triaged_at : parseDate(mention.triagedAt);
  let firstResponseAt = previous ? previous.first_response_at : parseDate(mention.firstResponseAt);
  let firstResponseSeconds = previous ? previous.first_response_seconds : (mention.firstResponseSeconds ?? null);
  if (firstResponseAt === null) firstResponseSeconds = null;

  if (change.status !== 'new') {
    triagedAt ??= now;
    if (firstResponseAt === null) {
      firstResponseAt = now;
      const published = Date.parse(mention.publishedAt);
      // A publication time in the future (clock skew at the source) must not give a negative KPI.
      firstResponseSeconds = Number.isNaN(published) ? null : Math.max(0, Math.round((now.getTime() - published) / 1000));
    }
  }
  return {
    mentionId: mention.id,
    status: change.status,
    assigneeId: previous ? previous.assignee_id : (mention.assigneeId ?? null),
    ticketId: change.ticketId !== undefined ? change.ticketId : (previous?.ticket_id ?? null),
    triagedAt,
    firstResponseAt,
    firstResponseSeconds,
  };
}

/** The fields written to the Elasticsearch document (tags are not kept in PostgreSQL yet). */
export type WorkflowPatch = Omit<MentionWorkflow, 'tags'>;

export function toWorkflowPatch(row: MentionStateRow): WorkflowPatch {
  return {
    status: row.status,
    assigneeId: row.assignee_id,
    ticketId: row.ticket_id,
    triagedAt: row.triaged_at ? row.triaged_at.toISOString() : null,
    firstResponseAt: row.first_response_at ? row.first_response_at.toISOString() : null,
    firstResponseSeconds: row.first_response_seconds,
  };
}

/** The document as it is once the stored state reaches it: what we answer when the write did not. */
export function mergeWorkflow(mention: Mention, row: MentionStateRow): Mention {
  return { ...mention, ...toWorkflowPatch(row) };
}
