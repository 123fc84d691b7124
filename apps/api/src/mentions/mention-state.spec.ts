import type { Mention } from '@ascolto/domain';
import { mergeWorkflow, nextState, toWorkflowPatch, type MentionStateRow } from './mention-state';

const published = '2026-03-01T10:00:00.000Z';
const now = new Date('2026-03-01T10:05:30.400Z');
const mention = { id: 'rss-1', publishedAt: published, status: 'new', assigneeId: null, ticketId: null, triagedAt: null, firstResponseAt: null, firstResponseSeconds: null } as unknown as Mention;

function row(overrides: Partial<MentionStateRow> = {}): MentionStateRow {
  return {
    mention_id: 'rss-1',
    status: 'in_progress',
    assignee_id: null,
    ticket_id: null,
    triaged_at: new Date('2026-03-01T10:01:00Z'),
    first_response_at: new Date('2026-03-01T10:01:00Z'),
    first_response_seconds: 60,
    version: 1,
    synced_version: 1,
    updated_at: new Date('2026-03-01T10:01:00Z'),
    ...overrides,
  };
}

describe(nextState.name, () => {
  it('stamps triage and first response (seconds since publication) on the first human action', () => {
    expect(nextState(mention, undefined, { status: 'done' }, now)).toEqual({
      mentionId: 'rss-1',
      status: 'done',
      assigneeId: null,
      ticketId: null,
      triagedAt: now,
      firstResponseAt: now,
      firstResponseSeconds: 330,
    });
  });

  it('keeps the first stamps on later actions', () => {
    const next = nextState(mention, row(), { status: 'flushed' }, now);
    expect(next.triagedAt).toEqual(new Date('2026-03-01T10:01:00Z'));
    expect(next.firstResponseAt).toEqual(new Date('2026-03-01T10:01:00Z'));
    expect(next.firstResponseSeconds).toBe(60);
  });

  it('does not count setting a mention back to new as a response', () => {
    const next = nextState(mention, undefined, { status: 'new' }, now);
    expect(next).toMatchObject({ status: 'new', triagedAt: null, firstResponseAt: null, firstResponseSeconds: null });
  });

  it('never gives a negative response time for a mention published "in the future"', () => {
    const future = { ...mention, publishedAt: '2026-03-01T11:00:00Z' };
    expect(nextState(future, undefined, { status: 'done' }, now).firstResponseSeconds).toBe(0);
  });

  it('sets the ticket id only when asked, and keeps the stored one otherwise', () => {
    expect(nextState(mention, row({ ticket_id: 't-1' }), { status: 'done' }, now).ticketId).toBe('t-1');
    expect(nextState(mention, row(), { status: 'in_progress', ticketId: 't-2' }, now).ticketId).toBe('t-2');
    // A ticket id found only on the document is not trusted: PostgreSQL is the record.
    expect(nextState({ ...mention, ticketId: 'from-es' }, undefined, { status: 'done' }, now).ticketId).toBeNull();
  });
});

describe(toWorkflowPatch.name, () => {
  it('gives the document fields as ISO strings', () => {
    expect(toWorkflowPatch(row({ ticket_id: 't-1' }))).toEqual({
      status: 'in_progress',
      assigneeId: null,
      ticketId: 't-1',
      triagedAt: '2026-03-01T10:01:00.000Z',
      firstResponseAt: '2026-03-01T10:01:00.000Z',
      firstResponseSeconds: 60,
    });
    expect(mergeWorkflow(mention, row()).status).toBe('in_progress');
  });
});
