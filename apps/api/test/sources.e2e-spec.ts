import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import type { SourceTypeDescriptor, SourceView } from '@ascolto/domain';
import { SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { CredentialCipher } from '@ascolto/persistence';
import { ApiTestEnv, type Agent } from './support/api-test-env';

// A public unicast address written as an IP literal: accepted without any DNS lookup, and never
// contacted (creating a source does not fetch it).
const PUBLIC_FEED = 'http://93.184.215.14/feed.xml';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A type whose credentials and settings are required (Facebook Page comments). */
const FACEBOOK = 'facebook';

describe('sources over HTTP', () => {
  const key = randomBytes(32);
  const logDir = mkdtempSync(join(tmpdir(), 'ascolto-sources-e2e-'));
  const logFile = join(logDir, 'api.log');
  // Values that must never leave the server in clear: responses, logs, audit, the sources row.
  const secrets = {
    accessToken: `EAAB-token-${randomBytes(12).toString('hex')}`,
    appSecret: `app-secret-${randomBytes(12).toString('hex')}`,
    rotated: `EAAB-rotated-${randomBytes(12).toString('hex')}`,
  };
  const responses: string[] = [];
  let env: ApiTestEnv;
  let admin: { agent: Agent; csrf: string };

  /** Keeps every response body, to prove afterwards that none carried a credential. */
  const seen = (res: Response): Response => {
    responses.push(res.text ?? '');
    return res;
  };

  beforeAll(async () => {
    env = await ApiTestEnv.start({ ASCOLTO_CREDENTIALS_KEY: key.toString('base64'), LOG_LEVEL: 'trace', LOG_FILE: logFile });
    await env.createUsers();
    admin = await env.login('admin');
  });
  afterAll(async () => {
    await env?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  const create = async (body: unknown, as = admin): Promise<Response> =>
    seen(
      await as.agent
        .post('/api/sources')
        .set('X-XSRF-TOKEN', as.csrf)
        .send(body as object),
    );
  const patch = async (id: string, body: object, as = admin): Promise<Response> =>
    seen(await as.agent.patch(`/api/sources/${id}`).set('X-XSRF-TOKEN', as.csrf).send(body));
  const list = async (as = admin): Promise<SourceView[]> => seen(await as.agent.get('/api/sources').expect(200)).body as SourceView[];
  const facebookBody = (overrides: object = {}): object => ({
    type: FACEBOOK,
    name: 'Pagina Facebook',
    settings: { pageId: '1234567890' },
    credentials: { accessToken: secrets.accessToken, appSecret: secrets.appSecret },
    ...overrides,
  });

  describe('GET /api/source-types', () => {
    it('gives every role the descriptor of every configurable type', async () => {
      const expected = Object.values(SOURCE_TYPE_DESCRIPTORS) as SourceTypeDescriptor[];
      for (const role of ['admin', 'lead', 'agent', 'analyst'] as const) {
        const { agent } = await env.login(role);
        const res = await agent.get('/api/source-types').expect(200);
        expect(res.body).toEqual(JSON.parse(JSON.stringify(expected)));
      }
      expect(expected.map((d) => d.type)).toEqual(expect.arrayContaining(['rss', FACEBOOK]));
      await env.http().get('/api/source-types').expect(401);
    });
  });

  describe('create', () => {
    it('lets an admin create an RSS source with the default schedule, and audits it', async () => {
      const res = await create({ type: 'rss', name: '  Forum consumatori ', url: PUBLIC_FEED });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'rss',
        name: 'Forum consumatori',
        url: PUBLIC_FEED,
        schedule: SOURCE_TYPE_DESCRIPTORS.rss!.defaultSchedule,
        enabled: true,
        lastRunAt: null,
        lastRunStatus: null,
        lastError: null,
        topicId: null,
        settings: {},
        credentialKeys: [],
        attention: null,
        consecutiveFailures: 0,
        budgetLimit: null,
      });
      const audit = await env.auditEvents('source.create');
      expect(audit).toEqual([
        expect.objectContaining({
          actor_id: env.users.get('admin')!.user.id,
          entity_id: res.body.id,
          data: expect.objectContaining({ url: PUBLIC_FEED }),
        }),
      ]);
    });

    it.each([
      ['http://127.0.0.1/feed', /loopback/],
      ['http://169.254.169.254/', /link-local/],
      ['http://[::ffff:127.0.0.1]/feed', /loopback/],
      ['http://10.1.2.3/rss', /private/],
    ])('refuses %s with 400 and the reason', async (url, reason) => {
      const res = await create({ type: 'rss', name: 'Internal', url });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toEqual([expect.stringMatching(/^url refused: /)]);
      expect(res.body.message[0]).toMatch(reason);
    });

    it.each([
      ['ftp://93.184.215.14/feed.xml', 'url must use http or https'],
      ['not a url', 'url must be an absolute http(s) URL'],
      ['http://user:secret@93.184.215.14/feed', 'url must not contain a user name or password'],
    ])('refuses the URL %s', async (url, message) => {
      const res = await create({ type: 'rss', name: 'Bad', url });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([message]);
    });

    it('needs a URL only where the type has no default address', async () => {
      const rss = await create({ type: 'rss', name: 'No URL' });
      expect(rss.status).toBe(400);
      expect(rss.body.message).toEqual(['url is required for rss sources (Feed URL)']);
      const fb = await create(facebookBody({ name: 'Default URL' }));
      expect(fb.status).toBe(201);
      expect(fb.body.url).toBe(SOURCE_TYPE_DESCRIPTORS.facebook!.defaultUrl);
      expect(fb.body.schedule).toBe(SOURCE_TYPE_DESCRIPTORS.facebook!.defaultSchedule);
    });

    it('takes pushed types without a URL, or with a descriptive one checked for syntax only', async () => {
      const bare = await create({ type: 'webhook', name: 'Partner push', credentials: { signingSecret: secrets.appSecret } });
      expect(bare.status).toBe(201);
      expect(bare.body).toMatchObject({ url: '', credentialKeys: ['signingSecret'], settings: { channel: 'generic' } });
      // Never fetched, so a host that does not resolve here is fine; the scheme still matters.
      const described = await create({ type: 'import', name: 'CRM export', url: 'https://crm.invalid/exports' });
      expect(described.status).toBe(201);
      expect((await create({ type: 'import', name: 'CRM export', url: 'file:///etc/passwd' })).body.message).toEqual([
        'url must use http or https',
      ]);
    });

    it('accepts an allow-listed loopback address, and only that', async () => {
      const app = await env.startAnotherApp({ OUTBOUND_ALLOWLIST: '127.0.0.1' });
      const admin2 = await env.login('admin', app);
      const ok = await admin2.agent
        .post('/api/sources')
        .set('X-XSRF-TOKEN', admin2.csrf)
        .send({ type: 'rss', name: 'Demo feed', url: 'http://127.0.0.1:8123/feed' });
      expect(ok.status).toBe(201);
      const metadata = await admin2.agent
        .post('/api/sources')
        .set('X-XSRF-TOKEN', admin2.csrf)
        .send({ type: 'rss', name: 'Metadata', url: 'http://169.254.169.254/' });
      expect(metadata.status).toBe(400);
    });

    it.each([
      ['hour 25', '0 25 * * *'],
      ['minute 61', '61 * * * *'],
      ['words', 'every five minutes'],
      ['a number', 5],
    ])('refuses an invalid cron schedule (%s) with 400', async (_label, schedule) => {
      const res = await create({ type: 'rss', name: 'Cron', url: PUBLIC_FEED, schedule });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^schedule must be a cron expression/)]);
    });

    it('keeps a valid custom schedule, with or without a seconds field', async () => {
      expect((await create({ type: 'rss', name: 'Hourly', url: PUBLIC_FEED, schedule: '0 * * * *' })).body.schedule).toBe('0 * * * *');
      expect((await create({ type: 'rss', name: 'Every 5 s', url: PUBLIC_FEED, schedule: '*/5 * * * * *' })).body.schedule).toBe(
        '*/5 * * * * *',
      );
    });

    it('refuses unknown types, unknown fields and missing names with 400', async () => {
      const unknownType = await create({ type: 'twitter', name: 'X', url: PUBLIC_FEED });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.message).toEqual([expect.stringMatching(/^type must be one of the following values: rss, /)]);
      expect((await create({ type: 'rss', name: 'X', url: PUBLIC_FEED, secret: 1 })).body.message).toEqual([
        'property secret should not exist',
      ]);
      expect((await create({ type: 'rss', url: PUBLIC_FEED })).status).toBe(400);
      expect((await create({ type: 'rss', name: '   ', url: PUBLIC_FEED })).status).toBe(400);
    });

    it('lists every settings and credentials problem in one 400', async () => {
      const res = await create({
        type: FACEBOOK,
        name: 'Broken',
        settings: { edge: 'nope', pageSize: 'many', colour: 'blue' },
        credentials: { appSecret: secrets.appSecret, password: 'hunter2hunter2' },
        budgetLimit: 10,
      });
      expect(res.status).toBe(400);
      const expected = [
        'colour is not a setting of facebook sources',
        'pageId is required',
        expect.stringMatching(/^edge must be one of feed/),
        'pageSize must be a number',
        'credentials.password is not a credential of facebook sources',
        'credentials.accessToken is required for facebook sources',
        expect.stringMatching(/^budgetLimit applies only to source types with a budget/),
      ];
      expect(res.body.message).toEqual(expect.arrayContaining(expected));
      expect(res.body.message).toHaveLength(expected.length);
      expect(await env.db.dataSource.query("SELECT 1 FROM sources WHERE name = 'Broken'")).toEqual([]);
    });

    it('refuses credentials that are not an object of short texts, without echoing them', async () => {
      for (const credentials of [{ accessToken: 42 }, ['x'], 'token', { accessToken: 'x'.repeat(9000) }]) {
        const res = await create(facebookBody({ credentials }));
        expect(res.status).toBe(400);
        expect(res.body.message).toEqual([expect.stringMatching(/^credentials must be an object of at most 20 text values/)]);
      }
    });
  });

  describe('credentials', () => {
    let sourceId: string;

    it('stores them encrypted, returns only their names, and audits names only', async () => {
      const res = await create(facebookBody({ name: 'Brand page' }));
      expect(res.status).toBe(201);
      sourceId = res.body.id;
      expect(res.body.credentialKeys).toEqual(['accessToken', 'appSecret']);
      expect(res.body.settings).toMatchObject({ pageId: '1234567890' });

      const [row] = await env.db.dataSource.query(
        'SELECT row_to_json(s)::text AS text, credentials_encrypted FROM sources s WHERE id = $1',
        [sourceId],
      );
      for (const value of [secrets.accessToken, secrets.appSecret]) {
        expect(row.text).not.toContain(value);
        expect(row.text).not.toContain(Buffer.from(value).toString('base64'));
      }
      expect(CredentialCipher.withKey(key).decrypt(sourceId, row.credentials_encrypted)).toEqual({
        accessToken: secrets.accessToken,
        appSecret: secrets.appSecret,
      });

      const audit = await env.auditEvents('source.create');
      const event = audit.find((e) => e.entity_id === sourceId)!;
      expect(event.data).toMatchObject({ credentialKeys: ['accessToken', 'appSecret'] });
      expect(JSON.stringify(audit)).not.toContain(secrets.accessToken);
    });

    it('merges them on update: a new value replaces, "" removes, a required one cannot be removed', async () => {
      expect((await patch(sourceId, { credentials: { appSecret: '' } })).body.credentialKeys).toEqual(['accessToken']);
      expect((await patch(sourceId, { credentials: { accessToken: secrets.rotated } })).body.credentialKeys).toEqual(['accessToken']);
      const [row] = await env.db.dataSource.query('SELECT credentials_encrypted FROM sources WHERE id = $1', [sourceId]);
      expect(CredentialCipher.withKey(key).decrypt(sourceId, row.credentials_encrypted)).toEqual({ accessToken: secrets.rotated });

      const removed = await patch(sourceId, { credentials: { accessToken: '' } });
      expect(removed.status).toBe(400);
      expect(removed.body.message).toEqual(['credentials.accessToken is required for facebook sources']);
      const unknown = await patch(sourceId, { credentials: { token: 'abcdefgh' } });
      expect(unknown.body.message).toEqual(['credentials.token is not a credential of facebook sources']);

      const updates = await env.auditEvents('source.update');
      expect(updates.filter((e) => e.entity_id === sourceId).map((e) => e.data)).toEqual([
        { credentialKeysSet: [], credentialKeysRemoved: ['appSecret'] },
        { credentialKeysSet: ['accessToken'], credentialKeysRemoved: [] },
      ]);
    });

    it('refuses credentials with a clear 400 when the server has no ASCOLTO_CREDENTIALS_KEY', async () => {
      const app = await env.startAnotherApp({ ASCOLTO_CREDENTIALS_KEY: '' });
      const admin2 = await env.login('admin', app);
      const res = seen(
        await admin2.agent
          .post('/api/sources')
          .set('X-XSRF-TOKEN', admin2.csrf)
          .send(facebookBody({ name: 'Keyless' })),
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^credentials cannot be stored: ASCOLTO_CREDENTIALS_KEY is not configured/)]);
      // Sources without credentials still work there.
      await admin2.agent
        .post('/api/sources')
        .set('X-XSRF-TOKEN', admin2.csrf)
        .send({ type: 'rss', name: 'Keyless feed', url: PUBLIC_FEED })
        .expect(201);
    });

    it('keeps credentials sent to "test connection" out of the answer and the log', async () => {
      // Refused before any request (the loopback is not allow-listed here): the body still went through the logger.
      const res = seen(
        await admin.agent
          .post('/api/sources/test')
          .set('X-XSRF-TOKEN', admin.csrf)
          .send(facebookBody({ url: 'http://127.0.0.1:9/graph' })),
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^url refused: .*loopback/)]);
    });

    it('lets an edit replace settings and clear the state a person fixed', async () => {
      await env.db.dataSource.query(
        "UPDATE sources SET attention = 'credentials_rejected', consecutive_failures = 4, backoff_until = now() + interval '1 hour' WHERE id = $1",
        [sourceId],
      );
      expect((await list()).find((s) => s.id === sourceId)).toMatchObject({ attention: 'credentials_rejected', consecutiveFailures: 4 });
      const res = await patch(sourceId, { settings: { pageId: '555', edge: 'feed' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ attention: null, consecutiveFailures: 0, settings: { pageId: '555', edge: 'feed' } });
      const [row] = await env.db.dataSource.query('SELECT attention, consecutive_failures, backoff_until FROM sources WHERE id = $1', [
        sourceId,
      ]);
      expect(row).toEqual({ attention: null, consecutive_failures: 0, backoff_until: null });
      expect((await patch(sourceId, { settings: { edge: 'feed' } })).body.message).toEqual(['pageId is required']);
    });
  });

  describe('update, pause and delete', () => {
    let source: SourceView;
    beforeAll(async () => {
      source = (await create({ type: 'rss', name: 'To edit', url: PUBLIC_FEED })).body;
    });

    it('shows the latest finished collector run of each source', async () => {
      await env.db.dataSource.query(
        `INSERT INTO collector_runs (source_id, worker_id, status, started_at, finished_at, error) VALUES
           ($1, 'w1', 'succeeded', '2026-03-01T10:00:00Z', '2026-03-01T10:00:05Z', NULL),
           ($1, 'w1', 'failed',    '2026-03-01T10:02:00Z', '2026-03-01T10:02:03Z', 'Feed answered 503'),
           ($1, 'w1', 'running',   '2026-03-01T10:04:00Z', NULL, NULL)`,
        [source.id],
      );
      expect((await list()).find((s) => s.id === source.id)).toMatchObject({
        lastRunAt: '2026-03-01T10:02:03.000Z',
        lastRunStatus: 'failed',
        lastError: 'Feed answered 503',
      });
    });

    it('pauses and resumes, updates schedule and URL, validates them; 404 for an unknown source', async () => {
      const paused = await patch(source.id, { enabled: false, schedule: '*/10 * * * *' });
      expect(paused.body).toMatchObject({ id: source.id, enabled: false, schedule: '*/10 * * * *', name: source.name });
      const [row] = await env.db.dataSource.query('SELECT enabled, schedule FROM sources WHERE id = $1', [source.id]);
      expect(row).toEqual({ enabled: false, schedule: '*/10 * * * *' });
      expect((await patch(source.id, { enabled: true })).body.enabled).toBe(true);
      expect((await patch(source.id, { url: 'http://93.184.215.15/other.xml' })).body.url).toBe('http://93.184.215.15/other.xml');

      expect((await patch(source.id, { schedule: 'soon' })).status).toBe(400);
      expect((await patch(source.id, { enabled: 'no' })).status).toBe(400);
      expect((await patch(source.id, { url: 'http://127.0.0.1/' })).body.message).toEqual([
        expect.stringMatching(/^url refused: .*loopback/),
      ]);
      expect((await patch(source.id, { url: '' })).body.message).toEqual(['url is required for rss sources (Feed URL)']);
      expect((await patch(source.id, { budgetLimit: 5 })).status).toBe(400);
      expect((await patch(source.id, {})).status).toBe(400);
      expect((await patch(UNKNOWN_ID, { enabled: true })).status).toBe(404);
    });

    it('links a source to a topic on create and update, unlinks it with null, and refuses unknown topics', async () => {
      const topic = await admin.agent.post('/api/topics').set('X-XSRF-TOKEN', admin.csrf).send({ name: 'Own page' }).expect(201);
      const linked = await create({ type: 'rss', name: 'Brand feed', url: PUBLIC_FEED, topicId: topic.body.id });
      expect(linked.body.topicId).toBe(topic.body.id);
      const topics = (await admin.agent.get('/api/topics').expect(200)).body as Array<{ id: string; sourceIds: string[] }>;
      expect(topics.find((t) => t.id === topic.body.id)?.sourceIds).toEqual([linked.body.id]);

      expect((await patch(linked.body.id, { topicId: null })).body.topicId).toBeNull();
      expect((await patch(linked.body.id, { topicId: topic.body.id })).body.topicId).toBe(topic.body.id);
      expect((await patch(linked.body.id, { name: 'Brand feed (IT)' })).body.topicId).toBe(topic.body.id);
      // The empty-query topic holds its sources' mentions: each link and unlink re-tags them (a rename does not).
      const jobs: Array<{ reason: string; state: string }> = await env.db.dataSource.query(
        'SELECT reason, state FROM topic_retag_jobs WHERE topic_id = $1 ORDER BY created_at',
        [topic.body.id],
      );
      expect(jobs.map((job) => `${job.reason}:${job.state}`)).toEqual(['create:superseded', 'update:superseded', 'update:superseded', 'update:pending']);

      expect((await create({ type: 'rss', name: 'Orphan', url: PUBLIC_FEED, topicId: UNKNOWN_ID })).body.message).toBe(
        'topicId names no topic',
      );
      expect((await patch(linked.body.id, { topicId: UNKNOWN_ID })).body.message).toBe('topicId names no topic');
      expect((await patch(linked.body.id, { topicId: 'nope' })).body.message).toEqual(['topicId must be a topic id (UUID)']);
      // Deleting the linked source unlinks it too: its mentions leave the topic.
      await admin.agent.delete(`/api/sources/${linked.body.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
      const afterDelete: Array<{ reason: string; state: string }> = await env.db.dataSource.query(
        'SELECT reason, state FROM topic_retag_jobs WHERE topic_id = $1 ORDER BY created_at',
        [topic.body.id],
      );
      expect(afterDelete.map((job) => `${job.reason}:${job.state}`)).toEqual([
        'create:superseded',
        'update:superseded',
        'update:superseded',
        'update:superseded',
        'update:pending',
      ]);
    });

    it('deletes a source with its cursor, runs and budgets, and audits it', async () => {
      const doomed = (await create({ type: 'rss', name: 'Doomed', url: PUBLIC_FEED })).body as SourceView;
      await env.db.dataSource.query(`INSERT INTO source_cursors (source_id, cursor) VALUES ($1, '{"seen":["a"]}')`, [doomed.id]);
      await env.db.dataSource.query(
        `INSERT INTO collector_runs (source_id, worker_id, status, started_at) VALUES ($1, 'w1', 'succeeded', now())`,
        [doomed.id],
      );
      await env.db.dataSource.query(`INSERT INTO source_budgets (source_id, period, used) VALUES ($1, '2026-11', 3)`, [doomed.id]);

      const lead = await env.login('lead');
      await lead.agent.delete(`/api/sources/${doomed.id}`).set('X-XSRF-TOKEN', lead.csrf).expect(403);
      await admin.agent.delete(`/api/sources/${doomed.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(204);
      await admin.agent.delete(`/api/sources/${doomed.id}`).set('X-XSRF-TOKEN', admin.csrf).expect(404);
      await admin.agent.get(`/api/sources/${doomed.id}/health`).expect(404);
      for (const table of ['sources', 'source_cursors', 'collector_runs', 'source_budgets']) {
        const column = table === 'sources' ? 'id' : 'source_id';
        expect(await env.db.dataSource.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [doomed.id])).toEqual([]);
      }
      expect((await list()).map((s) => s.id)).not.toContain(doomed.id);
      // One event for this source (the test above deleted another).
      expect((await env.auditEvents('source.delete')).filter((event) => event.entity_id === doomed.id)).toEqual([
        expect.objectContaining({ actor_id: env.users.get('admin')!.user.id, entity_id: doomed.id, data: { type: 'rss', name: 'Doomed' } }),
      ]);
    });

    it('lets only admins write; leads read; agents and analysts do neither', async () => {
      const lead = await env.login('lead');
      expect((await create({ type: 'rss', name: 'By lead', url: PUBLIC_FEED }, lead)).status).toBe(403);
      expect((await patch(source.id, { enabled: false }, lead)).status).toBe(403);
      expect((await list(lead)).map((s) => s.name)).toContain('Forum consumatori');
      await lead.agent.get(`/api/sources/${source.id}/health`).expect(200);
      await lead.agent.get(`/api/sources/${source.id}/runs`).expect(200);
      for (const role of ['agent', 'analyst'] as const) {
        const other = await env.login(role);
        await other.agent.get('/api/sources').expect(403);
        await other.agent.get(`/api/sources/${source.id}/health`).expect(403);
        await other.agent.get(`/api/sources/${source.id}/runs`).expect(403);
        expect((await create({ type: 'rss', name: 'Nope', url: PUBLIC_FEED }, other)).status).toBe(403);
        await other.agent.delete(`/api/sources/${source.id}`).set('X-XSRF-TOKEN', other.csrf).expect(403);
      }
    });
  });

  // Last, so it sees every request above: a credential value never reached a response or the log.
  it('never wrote a credential value into a response or the log', async () => {
    const log = readFileSync(logFile, 'utf8');
    // The log is really there and at trace level: request lines and the service's own lines.
    expect(log).toContain('"url":"/api/sources"');
    expect(log).toContain('"url":"/api/sources/test"');
    expect(log).toContain('Source created');
    expect(responses.length).toBeGreaterThan(20);
    for (const value of Object.values(secrets)) {
      expect(log).not.toContain(value);
      for (const body of responses) expect(body).not.toContain(value);
    }
  });
});
