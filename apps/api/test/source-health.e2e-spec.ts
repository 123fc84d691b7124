import { randomBytes } from 'node:crypto';
import type {
  SourceConnectionTest,
  SourceHealth,
  SourceRunView,
  SourceSettingValue,
  SourceTypeDescriptor,
  SourceView,
} from '@ascolto/domain';
import { SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { LoopbackFeedServer } from '@ascolto/testing';
import type { INestApplication } from '@nestjs/common';
import { ApiTestEnv, type Agent } from './support/api-test-env';

const PUBLIC_FEED = 'http://93.184.215.14/feed.xml';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** A budgeted type (YouTube units, X dollars) with its required settings and credentials filled in. */
function budgetedSourceBody(): { descriptor: SourceTypeDescriptor; body: Record<string, unknown> } {
  const descriptor = Object.values(SOURCE_TYPE_DESCRIPTORS).find((d) => d?.budget && d.defaultUrl);
  if (!descriptor) throw new Error('no budgeted source type is registered in SOURCE_TYPE_DESCRIPTORS');
  const settings: Record<string, SourceSettingValue> = {};
  for (const field of descriptor.settings.filter((f) => f.required)) {
    settings[field.key] =
      field.kind === 'number'
        ? 1
        : field.kind === 'boolean'
          ? true
          : field.kind === 'list'
            ? ['sample']
            : field.kind === 'select'
              ? field.options![0]
              : 'sample';
  }
  const credentials = Object.fromEntries(
    descriptor.credentials.map((field) => [field.key, `test-${field.key}-${randomBytes(6).toString('hex')}`]),
  );
  return { descriptor, body: { type: descriptor.type, name: `Budgeted ${descriptor.type}`, settings, credentials } };
}

/** The budget period the worker keys spend by (UTC day or month). */
const periodKey = (period: 'day' | 'month', at: Date): string =>
  period === 'month' ? at.toISOString().slice(0, 7) : at.toISOString().slice(0, 10);

describe('source health, run history and connection tests over HTTP', () => {
  let env: ApiTestEnv;
  let admin: { agent: Agent; csrf: string };
  const feeds = new LoopbackFeedServer();

  beforeAll(async () => {
    await feeds.start();
    env = await ApiTestEnv.start({ ASCOLTO_CREDENTIALS_KEY: randomBytes(32).toString('base64') });
    await env.createUsers();
    admin = await env.login('admin');
  });
  afterAll(async () => {
    await env?.close();
    await feeds.stop();
  });

  const createSource = async (body: object, as = admin): Promise<SourceView> =>
    (await as.agent.post('/api/sources').set('X-XSRF-TOKEN', as.csrf).send(body).expect(201)).body as SourceView;
  const healthOf = async (id: string): Promise<SourceHealth> =>
    (await admin.agent.get(`/api/sources/${id}/health`).expect(200)).body as SourceHealth;
  const sql = (text: string, params: unknown[] = []): Promise<unknown[]> => env.db.dataSource.query(text, params);

  describe('GET /api/sources/:id/health', () => {
    it('shows a new source as idle, with nothing run and no quota', async () => {
      const source = await createSource({ type: 'rss', name: 'Fresh', url: PUBLIC_FEED });
      expect(await healthOf(source.id)).toEqual({
        sourceId: source.id,
        enabled: true,
        state: 'idle',
        attention: null,
        lastRunAt: null,
        lastSuccessAt: null,
        lastError: null,
        consecutiveFailures: 0,
        nextRunAt: null,
        backoffUntil: null,
        quota: null,
        freshness: null,
        last24h: { runs: 0, failed: 0, fetched: 0, created: 0, duplicates: 0 },
        recentRuns: [],
      });
      await admin.agent.get(`/api/sources/${UNKNOWN_ID}/health`).expect(404);
      await admin.agent.get('/api/sources/nope/health').expect(400);
    });

    it('computes totals, freshness percentiles, last error and state from the runs of the last 24 hours', async () => {
      const source = await createSource({ type: 'rss', name: 'Busy', url: PUBLIC_FEED });
      // Lags 0, 10, …, 200 s over two recent runs: the median is 100 s and the 95th percentile 190 s.
      const lags = Array.from({ length: 21 }, (_, i) => i * 10);
      await sql(
        `INSERT INTO collector_runs (source_id, worker_id, status, started_at, finished_at, fetched, created, updated, duplicates, requests, lag_seconds, error, rejected_items) VALUES
           ($1, 'w1', 'succeeded', now() - interval '3 hours', now() - interval '3 hours' + interval '2 seconds', 20, 11, 1, 9, 2, $2::jsonb, NULL, '[{"id":"x","reason":"bad"}]'),
           ($1, 'w2', 'succeeded', now() - interval '2 hours', now() - interval '2 hours' + interval '2 seconds', 15, 10, 0, 5, 1, $3::jsonb, NULL, '[]'),
           ($1, 'w1', 'failed',    now() - interval '1 hour',  now() - interval '1 hour' + interval '1 second', 0, 0, 0, 0, 4, '[]', 'SourceHttpError: 503 Service Unavailable from http://93.184.215.14/feed.xml', '[]'),
           ($1, 'w1', 'succeeded', now() - interval '30 hours', now() - interval '30 hours', 500, 400, 0, 100, 1, '[5000, 6000]', NULL, '[]')`,
        [source.id, JSON.stringify(lags.slice(0, 11)), JSON.stringify(lags.slice(11))],
      );
      // As the worker leaves it: one failure in a row, and the time of the last success (before the failure).
      await sql(
        `UPDATE sources SET consecutive_failures = 1,
                last_success_at = (SELECT max(finished_at) FROM collector_runs WHERE source_id = $1 AND status = 'succeeded')
          WHERE id = $1`,
        [source.id],
      );

      const health = await healthOf(source.id);
      expect(health).toMatchObject({
        state: 'failing',
        consecutiveFailures: 1,
        lastError: 'SourceHttpError: 503 Service Unavailable from http://93.184.215.14/feed.xml',
        freshness: { p50Seconds: 100, p95Seconds: 190, sample: 21 },
        last24h: { runs: 3, failed: 1, fetched: 35, created: 21, duplicates: 14 },
      });
      const [times] = (await sql(
        `SELECT max(finished_at) FILTER (WHERE status = 'failed') AS failed_at, max(finished_at) FILTER (WHERE status = 'succeeded') AS ok_at FROM collector_runs WHERE source_id = $1`,
        [source.id],
      )) as Array<{ failed_at: Date; ok_at: Date }>;
      expect(health.lastRunAt).toBe(times.failed_at.toISOString());
      expect(health.lastSuccessAt).toBe(times.ok_at.toISOString());
      expect(health.recentRuns.map((r) => [r.status, r.workerId, r.fetched])).toEqual([
        ['failed', 'w1', 0],
        ['succeeded', 'w2', 15],
        ['succeeded', 'w1', 20],
        ['succeeded', 'w1', 500],
      ]);
      expect(health.recentRuns[2]).toEqual<SourceRunView>({
        id: expect.any(String),
        status: 'succeeded',
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
        fetched: 20,
        created: 11,
        updated: 1,
        duplicates: 9,
        rejected: 1,
        requests: 2,
        error: null,
        workerId: 'w1',
      });
    });

    it('takes the next run from live workers only, holds it to the backoff, and drops it while paused or waiting for a person', async () => {
      const source = await createSource({ type: 'rss', name: 'Scheduled', url: PUBLIC_FEED });
      const soon = new Date(Date.now() + 90_000).toISOString();
      const earlier = new Date(Date.now() + 30_000).toISOString();
      await sql(
        `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules) VALUES
           ('live', now() - interval '1 hour', now(), $1::jsonb),
           ('gone', now() - interval '2 hours', now() - interval '10 minutes', $2::jsonb)`,
        [
          JSON.stringify([{ sourceId: source.id, name: source.name, schedule: source.schedule, nextRunAt: soon, running: false }]),
          JSON.stringify([{ sourceId: source.id, name: source.name, schedule: source.schedule, nextRunAt: earlier, running: false }]),
        ],
      );
      expect((await healthOf(source.id)).nextRunAt).toBe(soon);

      const backoff = new Date(Date.now() + 10 * 60_000);
      await sql(`UPDATE sources SET backoff_until = $2, attention = 'rate_limited' WHERE id = $1`, [source.id, backoff]);
      expect(await healthOf(source.id)).toMatchObject({
        nextRunAt: backoff.toISOString(),
        backoffUntil: backoff.toISOString(),
        state: 'attention',
        attention: 'rate_limited',
      });

      await sql(`UPDATE sources SET backoff_until = NULL, attention = 'credentials_rejected' WHERE id = $1`, [source.id]);
      expect(await healthOf(source.id)).toMatchObject({ nextRunAt: null, state: 'attention', attention: 'credentials_rejected' });

      await admin.agent.patch(`/api/sources/${source.id}`).set('X-XSRF-TOKEN', admin.csrf).send({ enabled: false }).expect(200);
      expect(await healthOf(source.id)).toMatchObject({ nextRunAt: null, state: 'paused', enabled: false, attention: null });
      await admin.agent.patch(`/api/sources/${source.id}`).set('X-XSRF-TOKEN', admin.csrf).send({ enabled: true }).expect(200);
      expect(await healthOf(source.id)).toMatchObject({ nextRunAt: soon, state: 'idle' });
    });

    it("shows a budgeted source's quota for the current period, with its own limit", async () => {
      const { descriptor, body } = budgetedSourceBody();
      const budget = descriptor.budget!;
      const source = await createSource(body);
      const now = new Date();
      const used = budget.defaultLimit / 4;
      const previous =
        budget.period === 'month'
          ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15))
          : new Date(now.getTime() - 86_400_000);
      await sql('INSERT INTO source_budgets (source_id, period, used) VALUES ($1, $2, $3), ($1, $4, $5)', [
        source.id,
        periodKey(budget.period, now),
        used,
        periodKey(budget.period, previous),
        budget.defaultLimit,
      ]);
      expect((await healthOf(source.id)).quota).toEqual({
        unit: budget.unit,
        period: periodKey(budget.period, now),
        used,
        limit: budget.defaultLimit,
        remaining: budget.defaultLimit - used,
      });
      const own = used / 2;
      await admin.agent.patch(`/api/sources/${source.id}`).set('X-XSRF-TOKEN', admin.csrf).send({ budgetLimit: own }).expect(200);
      expect((await healthOf(source.id)).quota).toMatchObject({ used, limit: own, remaining: 0 });
    });
  });

  describe('GET /api/sources/:id/runs', () => {
    it('pages the run history newest first, up to 200', async () => {
      const source = await createSource({ type: 'rss', name: 'Long history', url: PUBLIC_FEED });
      await sql(
        `INSERT INTO collector_runs (source_id, worker_id, status, started_at, finished_at, fetched)
         SELECT $1, 'w1', 'succeeded', now() - make_interval(mins => n), now() - make_interval(mins => n), n FROM generate_series(1, 60) AS n`,
        [source.id],
      );
      const page = (await admin.agent.get(`/api/sources/${source.id}/runs?limit=3`).expect(200)).body as SourceRunView[];
      expect(page.map((r) => r.fetched)).toEqual([1, 2, 3]);
      expect(((await admin.agent.get(`/api/sources/${source.id}/runs`).expect(200)).body as SourceRunView[]).length).toBe(50);
      expect((await healthOf(source.id)).recentRuns.length).toBe(20);
      for (const limit of ['0', '201', 'ten']) await admin.agent.get(`/api/sources/${source.id}/runs?limit=${limit}`).expect(400);
      await admin.agent.get(`/api/sources/${UNKNOWN_ID}/runs`).expect(404);
    });
  });

  describe('test connection', () => {
    let loopbackApp: INestApplication;
    let loopAdmin: { agent: Agent; csrf: string };
    const test = async (
      as: { agent: Agent; csrf: string },
      path: string,
      body?: object,
    ): Promise<{ status: number; body: SourceConnectionTest & { message: unknown } }> => {
      const res = await as.agent
        .post(path)
        .set('X-XSRF-TOKEN', as.csrf)
        .send(body ?? {});
      return { status: res.status, body: res.body };
    };

    beforeAll(async () => {
      feeds.setItems('/care.xml', [
        {
          guid: 'a',
          title: 'Ordine in ritardo',
          link: 'https://shop.example/a',
          description: '<p>Il mio <b>ordine</b> non è arrivato</p>',
          pubDate: new Date(Date.now() - 60_000),
        },
        {
          guid: 'b',
          title: 'Refund please',
          link: 'https://shop.example/b',
          description: 'Still waiting for my refund',
          pubDate: new Date(Date.now() - 120_000),
        },
        {
          guid: 'c',
          title: 'Ottimo servizio',
          link: 'https://shop.example/c',
          description: 'Grazie!',
          pubDate: new Date(Date.now() - 180_000),
        },
      ]);
      loopbackApp = await env.startAnotherApp({ OUTBOUND_ALLOWLIST: '127.0.0.1' });
      loopAdmin = await env.login('admin', loopbackApp);
    });

    it('tries an unsaved source with one real request and stores nothing', async () => {
      const before = feeds.requestsFor('/care.xml').length;
      const res = await test(loopAdmin, '/api/sources/test', { type: 'rss', url: feeds.url('/care.xml') });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ok: true,
        message: 'Connected: 3 items',
        sample: [
          {
            title: 'Ordine in ritardo',
            text: 'Il mio ordine non è arrivato',
            publishedAt: expect.any(String),
            url: 'https://shop.example/a',
          },
          { title: 'Refund please', text: 'Still waiting for my refund', publishedAt: expect.any(String), url: 'https://shop.example/b' },
          { title: 'Ottimo servizio', text: 'Grazie!', publishedAt: expect.any(String), url: 'https://shop.example/c' },
        ],
        durationMs: expect.any(Number),
      });
      expect(feeds.requestsFor('/care.xml').length).toBe(before + 1);
      expect(await sql('SELECT 1 FROM sources WHERE url = $1', [feeds.url('/care.xml')])).toEqual([]);
    });

    it('tries a saved source without moving its cursor or recording a run', async () => {
      const source = await createSource({ type: 'rss', name: 'Care feed', url: feeds.url('/care.xml') }, loopAdmin);
      const res = await test(loopAdmin, `/api/sources/${source.id}/test`);
      expect(res.body).toMatchObject({ ok: true, message: 'Connected: 3 items' });
      expect(res.body.sample).toHaveLength(3);
      expect(await sql('SELECT 1 FROM source_cursors WHERE source_id = $1', [source.id])).toEqual([]);
      expect(await sql('SELECT 1 FROM collector_runs WHERE source_id = $1', [source.id])).toEqual([]);
      expect((await healthOf(source.id)).state).toBe('idle');
    });

    it("tries a saved source's unsaved edits with its stored credentials, and checks them like a PATCH", async () => {
      feeds.setItems('/moved.xml', [
        {
          guid: 'm',
          title: 'Nuovo indirizzo',
          link: 'https://shop.example/m',
          description: 'Moved',
          pubDate: new Date(Date.now() - 60_000),
        },
      ]);
      const rss = await createSource({ type: 'rss', name: 'Moving feed', url: feeds.url('/care.xml') }, loopAdmin);
      const moved = await test(loopAdmin, `/api/sources/${rss.id}/test`, { url: feeds.url('/moved.xml') });
      expect(moved.body).toMatchObject({ ok: true, message: 'Connected: 1 item' });
      expect((await sql('SELECT url FROM sources WHERE id = $1', [rss.id]))[0]).toEqual({ url: feeds.url('/care.xml') });
      const bad = await test(loopAdmin, `/api/sources/${rss.id}/test`, { url: 'http://10.0.0.1/feed', settings: { nope: true } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(
        expect.arrayContaining(['nope is not a setting of rss sources', expect.stringMatching(/^url refused: .*private/)]),
      );

      // The stored token travels with the edited settings (the Graph client sends it as a bearer token).
      const token = `EAAB-stored-${randomBytes(10).toString('hex')}`;
      const page = await createSource(
        { type: 'facebook', name: 'Page', url: feeds.baseUrl, settings: { pageId: '1111' }, credentials: { accessToken: token } },
        loopAdmin,
      );
      const before = feeds.requests.length;
      const res = await test(loopAdmin, `/api/sources/${page.id}/test`, { settings: { pageId: '2222' } });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      const sent = feeds.requests.slice(before);
      expect(sent.length).toBeGreaterThan(0);
      expect(sent[0].path).toContain('2222');
      expect(sent[0].headers.authorization).toBe(`Bearer ${token}`);
      expect(JSON.stringify(res.body)).not.toContain(token);
    });

    it('answers ok:false with the reason when the source fails, never a 500', async () => {
      feeds.setItems('/broken.xml', []);
      feeds.setFault('/broken.xml', { status: 503, body: 'down for maintenance' });
      const failing = await test(loopAdmin, '/api/sources/test', { type: 'rss', url: feeds.url('/broken.xml') });
      expect(failing.status).toBe(200);
      expect(failing.body).toMatchObject({ ok: false, sample: [] });
      expect(failing.body.message).toMatch(/503/);

      feeds.setFault('/broken.xml', { notAFeed: true });
      const html = await test(loopAdmin, '/api/sources/test', { type: 'rss', url: feeds.url('/broken.xml') });
      expect(html.body.ok).toBe(false);

      // Nothing listens on port 1 of the loopback: the connection is refused.
      const closed = await test(loopAdmin, '/api/sources/test', { type: 'rss', url: 'http://127.0.0.1:1/feed.xml' });
      expect(closed.status).toBe(200);
      expect(closed.body.ok).toBe(false);
    });

    it('refuses private addresses: 400 for an unsaved source, ok:false for a saved one the guard now refuses', async () => {
      const refused = await test(admin, '/api/sources/test', { type: 'rss', url: feeds.url('/care.xml') });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toEqual([expect.stringMatching(/^url refused: .*loopback/)]);
      const metadata = await test(loopAdmin, '/api/sources/test', { type: 'rss', url: 'http://169.254.169.254/latest/meta-data/' });
      expect(metadata.status).toBe(400);

      // Saved through the allow-listed app, tested through the one without an allow-list.
      const source = await createSource({ type: 'rss', name: 'Loopback only', url: feeds.url('/care.xml') }, loopAdmin);
      const before = feeds.requestsFor('/care.xml').length;
      const res = await test(admin, `/api/sources/${source.id}/test`);
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      expect(res.body.message).toMatch(/^URL refused: .*loopback/);
      expect(feeds.requestsFor('/care.xml').length).toBe(before);
    });

    it('keeps credentials out of the answer even when the source fails with them in the URL', async () => {
      const token = `EAAB-secret-${randomBytes(10).toString('hex')}`;
      // The Graph API adapter sends the token to this loopback address, which knows no Graph paths.
      const res = await test(loopAdmin, '/api/sources/test', {
        type: 'facebook',
        url: feeds.baseUrl,
        settings: { pageId: '1234' },
        credentials: { accessToken: token },
      });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(false);
      expect(JSON.stringify(res.body)).not.toContain(token);
      const missing = await test(loopAdmin, '/api/sources/test', { type: 'facebook', settings: { pageId: '1234' } });
      expect(missing.body).toMatchObject({ ok: false, message: 'Missing credentials: accessToken' });
    });

    it('validates the unsaved source like a create, and refuses types that are pushed, not fetched', async () => {
      const bad = await test(loopAdmin, '/api/sources/test', { type: 'facebook', settings: { nope: 1 } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(expect.arrayContaining(['nope is not a setting of facebook sources', 'pageId is required']));
      const pushed = await test(loopAdmin, '/api/sources/test', { type: 'import' });
      expect(pushed.status).toBe(400);
      expect(pushed.body.message).toEqual(['import sources are pushed to Ascolto, not fetched: there is no connection to test']);
      expect((await test(loopAdmin, `/api/sources/${UNKNOWN_ID}/test`)).status).toBe(404);
    });

    it('is for admins and leads only', async () => {
      const lead = await env.login('lead', loopbackApp);
      expect((await test(lead, '/api/sources/test', { type: 'rss', url: feeds.url('/care.xml') })).body.ok).toBe(true);
      for (const role of ['agent', 'analyst'] as const) {
        const other = await env.login(role, loopbackApp);
        expect((await test(other, '/api/sources/test', { type: 'rss', url: feeds.url('/care.xml') })).status).toBe(403);
        expect((await test(other, `/api/sources/${UNKNOWN_ID}/test`)).status).toBe(403);
      }
    });
  });
});
