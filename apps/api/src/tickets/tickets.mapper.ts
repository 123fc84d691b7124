import type { Mention, Ticket, TicketStatus } from '@ascolto/domain';

export interface TicketRow {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: number;
  assignee_id: string | null;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
  mention_ids: string[] | null;
}

export function toTicket(row: TicketRow): Ticket {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    assigneeId: row.assignee_id,
    createdById: row.created_by_id,
    mentionIds: row.mention_ids ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A subject from the mention a person picked first: its plain text on one line, shortened on a
 * word boundary. Stored as plain text and always shown as text, like the mention itself.
 */
export function defaultSubject(mention: Pick<Mention, 'id' | 'text' | 'title'>, maxLength: number): string {
  const clean = (value: string | null | undefined) =>
    (value ?? '')
      // Control characters (including newlines) would break one-line displays and CSV exports.
      .replace(/\p{Cc}+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const text = clean(mention.text) || clean(mention.title) || `Mention ${mention.id}`;
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The highest priority among the mentions (0 when none carries one). */
export function defaultPriority(mentions: Array<Pick<Mention, 'priority'>>): number {
  const values = mentions.map((m) => m.priority).filter((p) => typeof p === 'number' && Number.isFinite(p));
  if (values.length === 0) return 0;
  return Math.min(100, Math.max(0, Math.round(Math.max(...values))));
}
