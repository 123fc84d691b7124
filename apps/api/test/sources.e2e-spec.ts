import type { SourceView } from '@ascolto/domain';
import { ApiTestEnv, type Agent } from './support/api-test-env';

// A public unicast address written as an IP literal: accepted without any DNS lookup, and never
// contacted (creating a source does not fetch it).
const PUBLIC_FEED = 'http://93.184.215.14/feed.xml';

describe('sources over HTTP', () => {
  let env: ApiTestEnv;
  let admin: { agent: Agent; csrf: string };

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    admin = await env.login('admin');
  });
  afterAll(async () => {
    await env?.close();
  });

  const create = (body: unknown, as = admin) => as.agent.post('/api/sources').set('X-XSRF-TOKEN', as.csrf).send(body as object);

  it('lets an admin create an RSS source with the default schedule, and audits it', async () => {
    const res = await create({ type: 'rss', name: '  Forum consumatori ', url: PUBLIC_FEED }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'rss',
      name: 'Forum consumatori',
      url: PUBLIC_FEED,
      schedule: '*/2 * * * *',
      enabled: true,
      lastRunAt: null,
      lastRunStatus: null,
      lastError: null,
      topicId: null,
    });
    const audit = await env.auditEvents('source.create');
    expect(audit).toEqual([
      expect.objectContaining({ actor_id: env.users.get('admin')!.user.id, entity_id: res.body.id, data: expect.objectContaining({ url: PUBLIC_FEED }) }),
    ]);
  });

  it.each([
    ['http://127.0.0.1/feed', /loopback/],
    ['http://169.254.169.254/', /link-local/],
    ['http://[::ffff:127.0.0.1]/feed', /loopback/],
    ['http://10.1.2.3/rss', /private/],
  ])('refuses %s with 400 and the reason', async (url, reason) => {
    const res = await create({ type: 'rss', name: 'Internal', url }).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toMatch(/^url refused: /);
    expect(res.body.message).toMatch(reason);
  });

  it.each([
    ['ftp://93.184.215.14/feed.xml', 'url must use http or https'],
    ['not a url', 'url must be an absolute http(s) URL'],
    ['http://user:secret@93.184.215.14/feed', 'url must not contain a user name or password'],
  ])('refuses the URL %s', async (url, message) => {
    const res = await create({ type: 'rss', name: 'Bad', url }).expect(400);
    expect(res.body.message).toBe(message);
  });

  it('accepts an allow-listed loopback address, and only that', async () => {
    const app = await env.startAnotherApp({ OUTBOUND_ALLOWLIST: '127.0.0.1' });
    const admin2 = await env.login('admin', app);
    const ok = await admin2.agent.post('/api/sources').set('X-XSRF-TOKEN', admin2.csrf).send({ type: 'rss', name: 'Demo feed', url: 'http://127.0.0.1:8123/feed' });
    expect(ok.status).toBe(201);
    const metadata = await admin2.agent.post('/api/sources').set('X-XSRF-TOKEN', admin2.csrf).send({ type: 'rss', name: 'Metadata', url: 'http://169.254.169.254/' });
    expect(metadata.status).toBe(400);
  });

  it.each([
    ['hour 25', '0 25 * * *'],
    ['minute 61', '61 * * * *'],
    ['words', 'every five minutes'],
    ['a number', 5],
  ])('refuses an invalid cron schedule (%s) with 400', async (_label, schedule) => {
    const res = await create({ type: 'rss', name: 'Cron', url: PUBLIC_FEED, schedule }).expect(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^schedule must be a cron expression/)]);
  });

  it('keeps a valid custom schedule, with or without a seconds field', async () => {
    const res = await create({ type: 'rss', name: 'Hourly', url: PUBLIC_FEED, schedule: '0 * * * *' }).expect(201);
    expect(res.body.schedule).toBe('0 * * * *');
    const fast = await create({ type: 'rss', name: 'Every 5 s', url: PUBLIC_FEED, schedule: '*/5 * * * * *' }).expect(201);
    expect(fast.body.schedule).toBe('*/5 * * * * *');
  });

  it('refuses other source types, unknown fields and missing names with 400', async () => {
    expect((await create({ type: 'twitter', name: 'X', url: PUBLIC_FEED }).expect(400)).body.message).toEqual([
      'type must be one of the following values: rss',
    ]);
    expect((await create({ type: 'rss', name: 'X', url: PUBLIC_FEED, secret: 1 }).expect(400)).body.message).toEqual([
      'property secret should not exist',
    ]);
    await create({ type: 'rss', url: PUBLIC_FEED }).expect(400);
    await create({ type: 'rss', name: '   ', url: PUBLIC_FEED }).expect(400);
  });

  it('lets only admins create; leads read; agents and analysts do neither', async () => {
    const lead = await env.login('lead');
    await create({ type: 'rss', name: 'By lead', url: PUBLIC_FEED }, lead).expect(403);
    const list: SourceView[] = (await lead.agent.get('/api/sources').expect(200)).body;
    expect(list.map((s) => s.name)).toContain('Forum consumatori');
    for (const role of ['agent', 'analyst'] as const) {
      const other = await env.login(role);
      await other.agent.get('/api/sources').expect(403);
      await create({ type: 'rss', name: 'Nope', url: PUBLIC_FEED }, other).expect(403);
    }
  });

  it('shows the latest finished collector run of each source', async () => {
    const [source] = (await admin.agent.get('/api/sources').expect(200)).body as SourceView[];
    await env.db.dataSource.query(
      `INSERT INTO collector_runs (source_id, worker_id, status, started_at, finished_at, error) VALUES
         ($1, 'w1', 'succeeded', '2026-03-01T10:00:00Z', '2026-03-01T10:00:05Z', NULL),
         ($1, 'w1', 'failed',    '2026-03-01T10:02:00Z', '2026-03-01T10:02:03Z', 'Feed answered 503'),
         ($1, 'w1', 'running',   '2026-03-01T10:04:00Z', NULL, NULL)`,
      [source.id],
    );
    const list: SourceView[] = (await admin.agent.get('/api/sources').expect(200)).body;
    expect(list.find((s) => s.id === source.id)).toMatchObject({
      lastRunAt: '2026-03-01T10:02:03.000Z',
      lastRunStatus: 'failed',
      lastError: 'Feed answered 503',
    });
  });

  it('updates name, schedule and enabled; validates them; 404 for an unknown source', async () => {
    const [source] = (await admin.agent.get('/api/sources').expect(200)).body as SourceView[];
    const patch = (id: string, body: object) => admin.agent.patch(`/api/sources/${id}`).set('X-XSRF-TOKEN', admin.csrf).send(body);

    const res = await patch(source.id, { enabled: false, schedule: '*/10 * * * *' }).expect(200);
    expect(res.body).toMatchObject({ id: source.id, enabled: false, schedule: '*/10 * * * *', name: source.name });
    const [row] = await env.db.dataSource.query('SELECT enabled, schedule FROM sources WHERE id = $1', [source.id]);
    expect(row).toEqual({ enabled: false, schedule: '*/10 * * * *' });

    await patch(source.id, { schedule: 'soon' }).expect(400);
    await patch(source.id, { enabled: 'no' }).expect(400);
    await patch(source.id, { url: 'http://127.0.0.1/' }).expect(400);
    await patch(source.id, {}).expect(400);
    await patch('00000000-0000-4000-8000-000000000000', { enabled: true }).expect(404);
    const lead = await env.login('lead');
    await lead.agent.patch(`/api/sources/${source.id}`).set('X-XSRF-TOKEN', lead.csrf).send({ enabled: true }).expect(403);
    expect((await env.auditEvents('source.update')).length).toBe(1);
  });

  it('links a source to a topic on create and update, unlinks it with null, and refuses unknown topics', async () => {
    const patchSource = (id: string, body: object) => admin.agent.patch(`/api/sources/${id}`).set('X-XSRF-TOKEN', admin.csrf).send(body);
    const topic = await admin.agent.post('/api/topics').set('X-XSRF-TOKEN', admin.csrf).send({ name: 'Own page' }).expect(201);
    const linked = await create({ type: 'rss', name: 'Brand page', url: PUBLIC_FEED, topicId: topic.body.id }).expect(201);
    expect(linked.body.topicId).toBe(topic.body.id);
    const topics = (await admin.agent.get('/api/topics').expect(200)).body as Array<{ id: string; sourceIds: string[] }>;
    expect(topics.find((t) => t.id === topic.body.id)?.sourceIds).toEqual([linked.body.id]);

    expect((await patchSource(linked.body.id, { topicId: null }).expect(200)).body.topicId).toBeNull();
    expect((await patchSource(linked.body.id, { topicId: topic.body.id }).expect(200)).body.topicId).toBe(topic.body.id);
    // Other changes leave the link alone.
    expect((await patchSource(linked.body.id, { name: 'Brand page (IT)' }).expect(200)).body.topicId).toBe(topic.body.id);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await create({ type: 'rss', name: 'Orphan', url: PUBLIC_FEED, topicId: unknown }).expect(400)).body.message).toBe('topicId names no topic');
    expect((await patchSource(linked.body.id, { topicId: unknown }).expect(400)).body.message).toBe('topicId names no topic');
    expect((await patchSource(linked.body.id, { topicId: 'nope' }).expect(400)).body.message).toEqual(['topicId must be a topic id (UUID)']);
  });
});
