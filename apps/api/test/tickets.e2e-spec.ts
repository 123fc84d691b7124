import type { Mention, Ticket, TicketPage } from '@ascolto/domain';
import { makeMentions } from '@ascolto/testing';
import { ApiTestEnv, type Agent } from './support/api-test-env';

describe('tickets over HTTP', () => {
  let env: ApiTestEnv;
  let mentions: Mention[];
  let agent: Agent;
  let csrf: string;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    mentions = makeMentions(8, (i) => ({
      status: 'new',
      priority: [30, 80, 55, 10, 20, 40, 60, 70][i],
      publishedAt: new Date(Date.parse('2026-03-20T08:00:00Z') - i * 3_600_000).toISOString(),
    }));
    await env.indexMentions(mentions);
    ({ agent, csrf } = await env.login('agent'));
  });
  afterAll(async () => {
    await env?.close();
  });

  const post = (body: unknown, as: { agent: Agent; csrf: string } = { agent, csrf }) =>
    as.agent.post('/api/tickets').set('X-XSRF-TOKEN', as.csrf).send(body as object);

  let first: Ticket;

  it('creates a ticket from two mentions: 201, both documents carry its id, PostgreSQL has the record', async () => {
    const [a, b] = mentions;
    const res = await post({ mentionIds: [a.id, b.id] }).expect(201);
    first = res.body;
    expect(first).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      number: expect.any(Number),
      subject: a.text.length <= 200 ? a.text : expect.any(String),
      status: 'open',
      // The highest priority of the two mentions.
      priority: 80,
      assigneeId: null,
      createdById: env.users.get('agent')!.user.id,
      // Oldest publication first.
      mentionIds: [b.id, a.id],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    for (const m of [a, b]) {
      const doc = await env.documentOf(m.id);
      expect(doc).toMatchObject({ ticketId: first.id, status: 'in_progress' });
      expect(doc?.firstResponseSeconds).toBe(Math.round((Date.parse(doc!.firstResponseAt!) - Date.parse(m.publishedAt)) / 1000));
    }
    const states = await env.db.dataSource.query(
      'SELECT mention_id, status, ticket_id, version, synced_version FROM mention_states ORDER BY mention_id',
    );
    expect(states).toEqual(
      [a, b]
        .map((m) => ({ mention_id: m.id, status: 'in_progress', ticket_id: first.id, version: 1, synced_version: 1 }))
        .sort((x, y) => (x.mention_id < y.mention_id ? -1 : 1)),
    );
    const links = await env.db.dataSource.query('SELECT mention_id FROM ticket_mentions WHERE ticket_id = $1 ORDER BY mention_id', [first.id]);
    expect(links.map((l: { mention_id: string }) => l.mention_id)).toEqual([a.id, b.id].sort());
    const audit = await env.auditEvents('ticket.create');
    expect(audit).toEqual([expect.objectContaining({ entity_id: first.id, data: expect.objectContaining({ mentionIds: [a.id, b.id] }) })]);
  });

  it('refuses a second ticket for a mention already in one (409, naming it), and creates nothing', async () => {
    const [, b, c] = mentions;
    const res = await post({ mentionIds: [c.id, b.id] }).expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(res.body.message).toContain(b.id);
    expect(res.body.message).toContain(`#${first.number}`);
    const count = await env.db.dataSource.query('SELECT count(*)::int AS n FROM tickets');
    expect(count[0].n).toBe(1);
    expect(await env.db.dataSource.query('SELECT 1 FROM mention_states WHERE mention_id = $1', [c.id])).toHaveLength(0);
    expect((await env.documentOf(c.id))?.ticketId).toBeNull();
  });

  it('takes the given subject and priority', async () => {
    const res = await post({ mentionIds: [mentions[2].id], subject: '  Rimborsi in ritardo  ', priority: 5 }).expect(201);
    expect(res.body).toMatchObject({ subject: 'Rimborsi in ritardo', priority: 5, mentionIds: [mentions[2].id] });
  });

  it('answers 404 naming mentions that do not exist', async () => {
    const missing = 'rss-0123456789abcdef0123456789abcdef';
    const res = await post({ mentionIds: [mentions[3].id, missing] }).expect(404);
    expect(res.body.message).toContain(missing);
    expect(res.body.message).not.toContain(mentions[3].id);
  });

  it.each([
    ['no mentions', { mentionIds: [] }, 'mentionIds must contain at least 1 elements'],
    ['a string for mentionIds', { mentionIds: 'rss-1' }, 'mentionIds must be an array'],
    ['a repeated mention', { mentionIds: ['rss-1', 'rss-1'] }, 'mentionIds must not repeat a mention'],
    ['101 mentions', { mentionIds: Array.from({ length: 101 }, (_, i) => `rss-${i}`) }, 'mentionIds must contain no more than 100 elements'],
    ['a priority as text', { mentionIds: ['rss-1'], priority: '50' }, 'priority must be an integer number'],
    ['a priority above 100', { mentionIds: ['rss-1'], priority: 101 }, 'priority must not be greater than 100'],
    ['a 201-character subject', { mentionIds: ['rss-1'], subject: 'x'.repeat(201) }, 'subject must be shorter than or equal to 200 characters'],
    ['an unknown field', { mentionIds: ['rss-1'], assignee: 'me' }, 'property assignee should not exist'],
  ])('refuses %s with 400', async (_label, body, message) => {
    const res = await post(body).expect(400);
    expect(res.body.message).toContain(message);
  });

  it('refuses an analyst (403)', async () => {
    const analyst = await env.login('analyst');
    await post({ mentionIds: [mentions[4].id] }, analyst).expect(403);
  });

  it('lists tickets newest first with the total, filters on status, pages with offset', async () => {
    const second = await post({ mentionIds: [mentions[5].id, mentions[6].id] }).expect(201);
    const page: TicketPage = (await agent.get('/api/tickets').expect(200)).body;
    expect(page.total).toBe(3);
    expect(page.items.map((t) => t.number)).toEqual([...page.items.map((t) => t.number)].sort((x, y) => y - x));
    expect(page.items[0].id).toBe(second.body.id);

    const paged: TicketPage = (await agent.get('/api/tickets?limit=1&offset=1').expect(200)).body;
    expect(paged).toMatchObject({ total: 3, items: [{ id: page.items[1].id }] });

    await env.db.dataSource.query(`UPDATE tickets SET status = 'resolved' WHERE id = $1`, [first.id]);
    const resolved: TicketPage = (await agent.get('/api/tickets?status=resolved,closed').expect(200)).body;
    expect(resolved).toMatchObject({ total: 1, items: [{ id: first.id, status: 'resolved' }] });

    await agent.get('/api/tickets?status=lost').expect(400);
    await agent.get('/api/tickets?limit=500').expect(400);
  });

  it('reads one ticket; 404 for an unknown id, 400 for a malformed one', async () => {
    const analyst = await env.login('analyst');
    const res = await analyst.agent.get(`/api/tickets/${first.id}`).expect(200);
    expect(res.body).toMatchObject({ id: first.id, number: first.number, mentionIds: first.mentionIds });
    await analyst.agent.get('/api/tickets/00000000-0000-4000-8000-000000000000').expect(404);
    await analyst.agent.get('/api/tickets/42').expect(400);
  });
});
