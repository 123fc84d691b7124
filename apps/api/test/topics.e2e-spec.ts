import type { TopicView } from '@ascolto/domain';
import { MAX_TOPIC_QUERY_LENGTH } from '@ascolto/nlp';
import { ApiTestEnv, type Agent } from './support/api-test-env';

type Session = { agent: Agent; csrf: string };

describe('topics over HTTP', () => {
  let env: ApiTestEnv;
  let admin: Session;
  let lead: Session;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    admin = await env.login('admin');
    lead = await env.login('lead');
  });
  afterAll(async () => {
    await env?.close();
  });

  const create = (body: unknown, as = admin) => as.agent.post('/api/topics').set('X-XSRF-TOKEN', as.csrf).send(body as object);
  const patch = (id: string, body: unknown, as = admin) => as.agent.patch(`/api/topics/${id}`).set('X-XSRF-TOKEN', as.csrf).send(body as object);
  const validate = (query: unknown, as = admin) => as.agent.post('/api/topics/validate').set('X-XSRF-TOKEN', as.csrf).send({ query });

  it('lets an admin create a topic, lists it for every role, and audits it', async () => {
    const res = await create({ name: ' Apple (brand) ', query: 'apple -(mela OR "apple pie")', languages: ['it', 'en'] }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Apple (brand)',
      query: 'apple -(mela OR "apple pie")',
      languages: ['it', 'en'],
      enabled: true,
      sourceIds: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    for (const role of ['admin', 'lead', 'agent', 'analyst'] as const) {
      const session = role === 'admin' ? admin : role === 'lead' ? lead : await env.login(role);
      const list: TopicView[] = (await session.agent.get('/api/topics').expect(200)).body;
      expect(list.map((t) => t.name)).toEqual(['Apple (brand)']);
    }
    expect(await env.auditEvents('topic.create')).toEqual([
      expect.objectContaining({ actor_id: env.users.get('admin')!.user.id, entity_id: res.body.id, data: expect.objectContaining({ query: 'apple -(mela OR "apple pie")' }) }),
    ]);
  });

  it('validates a query: { valid: true }, or 400 with the position and reason', async () => {
    expect((await validate('"rete lenta"~3 #vela @vela_it lang:it rimbors*').expect(200)).body).toEqual({ valid: true });
    expect((await validate('   ').expect(200)).body).toEqual({ valid: true });

    const unclosed = await validate('vela "fibra ottica').expect(400);
    expect(unclosed.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'unclosed quote (at position 5)',
      position: 5,
      reason: 'unclosed quote',
    });
    expect((await validate('  (vela OR mobile').expect(400)).body).toMatchObject({ position: 2, reason: "missing ')'" });
    expect((await validate('vela NOT').expect(400)).body).toMatchObject({ position: 5, reason: 'NOT needs a term after it' });
    expect((await validate('vela foo:bar').expect(400)).body).toMatchObject({ position: 5, reason: expect.stringMatching(/^unknown field "foo:"/) });
    expect((await validate('x'.repeat(MAX_TOPIC_QUERY_LENGTH + 1)).expect(400)).body).toMatchObject({ position: MAX_TOPIC_QUERY_LENGTH });
    expect((await validate(42).expect(400)).body.message).toEqual(['query must be a string']);
  });

  it('refuses to create or update a topic with a malformed query, with the same 400 shape', async () => {
    const res = await create({ name: 'Broken', query: 'vela AND' }).expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'AND needs a term after it (at position 5)', position: 5, reason: 'AND needs a term after it' });
    const [topic] = (await admin.agent.get('/api/topics').expect(200)).body as TopicView[];
    const update = await patch(topic.id, { query: 'apple -' }).expect(400);
    expect(update.body).toMatchObject({ statusCode: 400, position: 6, reason: "'-' needs a term right after it" });
    const [row] = await env.db.dataSource.query('SELECT query FROM topics WHERE id = $1', [topic.id]);
    expect(row.query).toBe('apple -(mela OR "apple pie")');
    expect(await env.db.dataSource.query(`SELECT 1 FROM topics WHERE name = 'Broken'`)).toEqual([]);
  });

  it('lets a lead create, update and delete; agents and analysts only read', async () => {
    const created = await create({ name: 'Rete', query: '"rete lenta"~3 OR "fibra ottica"' }, lead).expect(201);
    const updated = await patch(created.body.id, { enabled: false, query: ' "rete lenta"~2 ', languages: ['it'] }, lead).expect(200);
    expect(updated.body).toMatchObject({ id: created.body.id, enabled: false, query: '"rete lenta"~2', languages: ['it'] });
    expect(Date.parse(updated.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt));

    for (const role of ['agent', 'analyst'] as const) {
      const other = await env.login(role);
      await create({ name: `By ${role}`, query: 'vela' }, other).expect(403);
      await patch(created.body.id, { enabled: true }, other).expect(403);
      await other.agent.delete(`/api/topics/${created.body.id}`).set('X-XSRF-TOKEN', other.csrf).expect(403);
      await validate('vela', other).expect(403);
    }

    await lead.agent.delete(`/api/topics/${created.body.id}`).set('X-XSRF-TOKEN', lead.csrf).expect(204);
    await lead.agent.delete(`/api/topics/${created.body.id}`).set('X-XSRF-TOKEN', lead.csrf).expect(404);
    expect((await env.auditEvents('topic.update')).map((e) => e.entity_id)).toEqual([created.body.id]);
    expect((await env.auditEvents('topic.delete')).map((e) => e.data)).toEqual([{ name: 'Rete' }]);
  });

  it('requires a session and the CSRF header', async () => {
    await env.http().get('/api/topics').expect(401);
    await env.http().post('/api/topics/validate').send({ query: 'vela' }).expect(401);
    await admin.agent.post('/api/topics').send({ name: 'No CSRF', query: 'vela' }).expect(403);
    await admin.agent.post('/api/topics/validate').send({ query: 'vela' }).expect(403);
    await admin.agent.post('/api/topics').set('X-XSRF-TOKEN', 'wrong').send({ name: 'Bad CSRF', query: 'vela' }).expect(403);
    const [topic] = (await admin.agent.get('/api/topics').expect(200)).body as TopicView[];
    await admin.agent.delete(`/api/topics/${topic.id}`).expect(403);
  });

  it('validates fields, names and ids', async () => {
    expect((await create({ name: 'X', query: 'vela', languages: ['xx'] }).expect(400)).body.message).toEqual([
      expect.stringMatching(/^each value in languages must be one of the following values/),
    ]);
    expect((await create({ name: 'X', query: 'vela', secret: 1 }).expect(400)).body.message).toEqual(['property secret should not exist']);
    await create({ name: '   ', query: 'vela' }).expect(400);
    await create({ query: 'vela' }).expect(400);
    await create({ name: 'Apple (brand)', query: 'vela' }).expect(409);
    const [topic] = (await admin.agent.get('/api/topics').expect(200)).body as TopicView[];
    await patch(topic.id, {}).expect(400);
    await patch('00000000-0000-4000-8000-000000000000', { enabled: false }).expect(404);
    await patch('not-a-uuid', { enabled: false }).expect(400);
    const other = await create({ name: 'Other', query: 'vela' }).expect(201);
    await patch(other.body.id, { name: 'Apple (brand)' }).expect(409);
  });

  it('accepts an empty query and lists the sources linked to the topic', async () => {
    const own = await create({ name: 'Own page' }).expect(201);
    expect(own.body).toMatchObject({ query: '', sourceIds: [] });
    const [source] = await env.db.dataSource.query(
      `INSERT INTO sources (type, name, url, schedule, topic_id) VALUES ('rss', 'Page', 'http://93.184.215.14/feed.xml', '*/2 * * * *', $1) RETURNING id`,
      [own.body.id],
    );
    const list: TopicView[] = (await admin.agent.get('/api/topics').expect(200)).body;
    expect(list.find((t) => t.id === own.body.id)?.sourceIds).toEqual([source.id]);
    await admin.agent.delete(`/api/topics/${own.body.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
    const [after] = await env.db.dataSource.query('SELECT topic_id FROM sources WHERE id = $1', [source.id]);
    expect(after.topic_id).toBeNull();
  });
});
