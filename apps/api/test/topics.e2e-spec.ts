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
      retag: {
        state: 'pending',
        reason: 'create',
        total: null,
        processed: 0,
        changed: 0,
        matched: null,
        error: null,
        attempts: 0,
        requestedAt: expect.any(String),
        finishedAt: null,
      },
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

  describe('re-tagging the mentions already indexed', () => {
    interface JobRow {
      id: string;
      topic_id: string;
      reason: string;
      state: string;
    }
    const jobsOf = (topicId: string): Promise<JobRow[]> =>
      env.db.dataSource.query('SELECT id, topic_id, reason, state FROM topic_retag_jobs WHERE topic_id = $1 ORDER BY created_at', [topicId]);
    const listed = async (id: string): Promise<TopicView | undefined> =>
      ((await lead.agent.get('/api/topics').expect(200)).body as TopicView[]).find((t) => t.id === id);

    it('enqueues a job with each change that can move mentions, superseding the one still pending', async () => {
      const topic = (await create({ name: 'Rimborsi', query: 'rimborso OR refund' }, lead).expect(201)).body as TopicView;
      expect(await jobsOf(topic.id)).toEqual([expect.objectContaining({ reason: 'create', state: 'pending' })]);

      // A new name moves no mention: no job.
      const renamed = (await patch(topic.id, { name: 'Rimborsi e resi' }, lead).expect(200)).body as TopicView;
      expect(renamed.retag).toEqual(topic.retag);
      expect(await jobsOf(topic.id)).toHaveLength(1);

      const edited = (await patch(topic.id, { query: 'rimborso OR refund OR reso' }, lead).expect(200)).body as TopicView;
      expect(edited.retag).toMatchObject({ state: 'pending', reason: 'update' });
      expect((await jobsOf(topic.id)).map((j) => [j.reason, j.state])).toEqual([
        ['create', 'superseded'],
        ['update', 'pending'],
      ]);
      expect((await patch(topic.id, { languages: ['it'] }).expect(200)).body.retag).toMatchObject({ reason: 'update' });
      expect((await patch(topic.id, { enabled: false }).expect(200)).body.retag).toMatchObject({ reason: 'disable', state: 'pending' });
      // A paused topic tags nothing, whatever its query: editing it moves no mention.
      await patch(topic.id, { query: 'reso' }).expect(200);
      expect((await patch(topic.id, { enabled: true }).expect(200)).body.retag).toMatchObject({ reason: 'enable' });
      expect((await jobsOf(topic.id)).map((j) => [j.reason, j.state])).toEqual([
        ['create', 'superseded'],
        ['update', 'superseded'],
        ['update', 'superseded'],
        ['disable', 'superseded'],
        ['enable', 'pending'],
      ]);

      await admin.agent.delete(`/api/topics/${topic.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
      // The topic is gone; its last job stays, to take its id off the mentions.
      expect((await jobsOf(topic.id)).slice(-2).map((j) => [j.reason, j.state])).toEqual([
        ['enable', 'superseded'],
        ['delete', 'pending'],
      ]);
    });

    it('enqueues nothing when the change itself is refused (same transaction), nor for a topic created paused', async () => {
      const taken = (await create({ name: 'Occupato', query: 'a1' }).expect(201)).body as TopicView;
      const other = (await create({ name: 'Altro', query: 'b1' }).expect(201)).body as TopicView;
      await patch(other.id, { name: 'Occupato', query: 'b2' }).expect(409);
      expect(await jobsOf(other.id)).toHaveLength(1);
      const paused = (await create({ name: 'In pausa', query: 'c1', enabled: false }).expect(201)).body as TopicView;
      expect(paused.retag).toBeNull();
      expect(await jobsOf(paused.id)).toEqual([]);
      for (const id of [taken.id, other.id, paused.id]) await admin.agent.delete(`/api/topics/${id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
    });

    it('lists the latest job with its progress while it runs, and how many mentions match when done', async () => {
      const topic = (await create({ name: 'Fibra', query: 'fibra' }).expect(201)).body as TopicView;
      const [job] = await jobsOf(topic.id);
      // What the worker writes as it goes.
      await env.db.dataSource.query(
        `UPDATE topic_retag_jobs SET state = 'running', attempts = 1, total = 200, processed = 90, changed = 12, heartbeat_at = now() WHERE id = $1`,
        [job.id],
      );
      expect((await listed(topic.id))?.retag).toEqual({
        state: 'running',
        reason: 'create',
        total: 200,
        processed: 90,
        changed: 12,
        matched: null,
        error: null,
        attempts: 1,
        requestedAt: topic.retag!.requestedAt,
        finishedAt: null,
      });
      await env.db.dataSource.query(
        `UPDATE topic_retag_jobs SET state = 'succeeded', processed = 200, changed = 31, matched = 31, finished_at = now() WHERE id = $1`,
        [job.id],
      );
      expect((await listed(topic.id))?.retag).toMatchObject({ state: 'succeeded', processed: 200, total: 200, matched: 31, finishedAt: expect.any(String) });

      await env.db.dataSource.query(`UPDATE topic_retag_jobs SET state = 'failed', error = 'cluster_block_exception: index write' WHERE id = $1`, [job.id]);
      expect((await listed(topic.id))?.retag).toMatchObject({ state: 'failed', error: 'cluster_block_exception: index write' });
      await admin.agent.delete(`/api/topics/${topic.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
    });
  });
});
