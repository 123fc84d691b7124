import type { Mention, MentionListItem, MentionPage } from '@ascolto/domain';
import { makeMentions } from '@ascolto/testing';
import { ApiTestEnv, type Agent } from './support/api-test-env';

const HOUR = 3_600_000;
const BASE = Date.parse('2026-03-10T12:00:00.000Z');

describe('mentions over HTTP', () => {
  let env: ApiTestEnv;
  let mentions: Mention[];
  let analyst: Agent;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    // Hourly apart, newest first; the last two fall in February, so two monthly indices answer.
    mentions = makeMentions(14, (i) => ({
      publishedAt: new Date(BASE - i * HOUR - (i >= 12 ? 20 * 24 * HOUR : 0)).toISOString(),
      collectedAt: new Date(BASE - i * HOUR + 60_000).toISOString(),
      priority: (i * 37) % 100,
    }));
    await env.indexMentions(mentions);
    ({ agent: analyst } = await env.login('analyst'));
  });
  afterAll(async () => {
    await env?.close();
  });

  const ids = (items: Array<{ id: string }>) => items.map((m) => m.id);
  const newestFirst = (list: Mention[]) => [...list].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt));

  describe('GET /api/mentions', () => {
    it('lets an analyst read the inbox, newest first, with the total', async () => {
      const page: MentionPage = (await analyst.get('/api/mentions').query({ limit: 100 }).expect(200)).body;
      expect(page.total).toBe(14);
      expect(ids(page.items)).toEqual(ids(newestFirst(mentions)));
      expect(page.nextCursor).toBeNull();
      expect(page.items[0]).toMatchObject({ id: expect.any(String), text: expect.any(String), highlight: null });
    });

    it('filters on comma-separated lists of enum values', async () => {
      const page: MentionPage = (await analyst.get('/api/mentions?status=new&language=it,en&limit=100').expect(200)).body;
      const expected = mentions.filter((m) => m.status === 'new' && ['it', 'en'].includes(m.language));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(14);
      expect(ids(page.items).sort()).toEqual(ids(expected).sort());

      const negative: MentionPage = (await analyst.get('/api/mentions?category=service&sentiment=negative&limit=100').expect(200)).body;
      const expectedNegative = mentions.filter((m) => m.category === 'service' && m.sentiment === 'negative');
      expect(ids(negative.items).sort()).toEqual(ids(expectedNegative).sort());
    });

    it('filters on a publication window (from inclusive, to exclusive)', async () => {
      const from = new Date(BASE - 5 * HOUR).toISOString();
      const to = new Date(BASE - HOUR).toISOString();
      const page: MentionPage = (await analyst.get('/api/mentions').query({ from, to, limit: 100 }).expect(200)).body;
      expect(ids(page.items)).toEqual(ids(newestFirst(mentions.filter((m) => m.publishedAt >= from && m.publishedAt < to))));
      expect(page.items).toHaveLength(4);
    });

    it('sorts by priority', async () => {
      const page: MentionPage = (await analyst.get('/api/mentions?sort=priority&limit=100').expect(200)).body;
      const priorities = page.items.map((m) => m.priority);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
      expect(priorities[0]).toBe(Math.max(...mentions.map((m) => m.priority)));
    });

    it('pages with the cursor: every mention exactly once', async () => {
      const seen: MentionListItem[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const query: Record<string, string | number> = { limit: 5, sort: 'priority' };
        if (cursor) query.cursor = cursor;
        const page: MentionPage = (await analyst.get('/api/mentions').query(query).expect(200)).body;
        sizes.push(page.items.length);
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([5, 5, 4]);
      expect(new Set(ids(seen)).size).toBe(14);
    });

    it('searches text and highlights with escaped HTML and <em> only', async () => {
      const withRefund = mentions.filter((m) => /rimborso/i.test(m.text));
      expect(withRefund.length).toBeGreaterThan(0);
      const page: MentionPage = (await analyst.get('/api/mentions').query({ q: 'rimborso', limit: 100 }).expect(200)).body;
      expect(ids(page.items).sort()).toEqual(ids(withRefund).sort());
      expect(page.items[0].highlight).toMatch(/<em>rimborso<\/em>/i);
    });

    it('answers a malformed q with 400 and the position of the error', async () => {
      const res = await analyst.get('/api/mentions').query({ q: 'refund "carta bloccata' }).expect(400);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/quote/i), position: 7 });
    });

    it('refuses unknown parameters, bad enum values, bad dates and out-of-range limits with 400', async () => {
      const unknown = await analyst.get('/api/mentions?page=2').expect(400);
      expect(unknown.body.message).toEqual(['property page should not exist']);
      const enumValue = await analyst.get('/api/mentions?status=new,archived').expect(400);
      expect(enumValue.body.message[0]).toMatch(/^each value in status must be one of the following values/);
      await analyst.get('/api/mentions?from=last-week').expect(400);
      await analyst.get('/api/mentions?limit=101').expect(400);
      await analyst.get('/api/mentions?sort=oldest').expect(400);
    });

    it('refuses a cursor that is not one of ours with 400', async () => {
      await analyst.get('/api/mentions?cursor=not-a-cursor').expect(400);
    });
  });

  describe('GET /api/mentions/count', () => {
    it('counts mentions collected after `since` that match the filters', async () => {
      const since = new Date(BASE - 4 * HOUR).toISOString();
      const res = await analyst.get('/api/mentions/count').query({ since }).expect(200);
      expect(res.body).toEqual({ count: mentions.filter((m) => m.collectedAt > since).length });
      const filtered = await analyst.get('/api/mentions/count').query({ since, language: 'en' }).expect(200);
      expect(filtered.body.count).toBe(mentions.filter((m) => m.collectedAt > since && m.language === 'en').length);
    });

    it('needs since', async () => {
      const res = await analyst.get('/api/mentions/count').expect(400);
      expect(res.body.message).toContain('since must be a valid ISO 8601 date string');
    });
  });

  describe('GET /api/mentions/:id', () => {
    it('answers the mention, 404 when it does not exist, 400 for a malformed id', async () => {
      const res = await analyst.get(`/api/mentions/${mentions[3].id}`).expect(200);
      expect(res.body).toMatchObject({ id: mentions[3].id, text: mentions[3].text, publishedAt: mentions[3].publishedAt });
      const missing = await analyst.get('/api/mentions/rss-00000000000000000000000000000000').expect(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      await analyst.get('/api/mentions/%3Cscript%3E').expect(400);
    });
  });

  describe('PATCH /api/mentions/:id/status', () => {
    it('lets an agent triage: PostgreSQL state, audit event and the Elasticsearch document all change', async () => {
      const { agent, csrf } = await env.login('agent');
      const target = mentions.find((m) => m.status === 'new')!;
      const before = Date.now();
      const res = await agent.patch(`/api/mentions/${target.id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done' }).expect(200);
      const after = Date.now();

      const expectedSeconds = (t: number) => Math.round((t - Date.parse(target.publishedAt)) / 1000);
      expect(res.body).toMatchObject({ id: target.id, status: 'done', text: target.text });
      expect(res.body.firstResponseSeconds).toBeGreaterThanOrEqual(expectedSeconds(before) - 1);
      expect(res.body.firstResponseSeconds).toBeLessThanOrEqual(expectedSeconds(after) + 1);
      expect(Date.parse(res.body.triagedAt)).toBeGreaterThanOrEqual(before - 1000);

      const [state] = await env.db.dataSource.query('SELECT * FROM mention_states WHERE mention_id = $1', [target.id]);
      expect(state).toMatchObject({ status: 'done', version: 1, synced_version: 1, first_response_seconds: res.body.firstResponseSeconds });

      const audit = await env.auditEvents('mention.status');
      expect(audit).toContainEqual(
        expect.objectContaining({ actor_id: env.users.get('agent')!.user.id, entity_id: target.id, data: expect.objectContaining({ from: 'new', to: 'done' }) }),
      );

      const doc = await env.documentOf(target.id);
      expect(doc).toMatchObject({ status: 'done', firstResponseSeconds: res.body.firstResponseSeconds, firstResponseAt: res.body.firstResponseAt });
      // Visible to the inbox's filters as soon as the answer arrives.
      const done: MentionPage = (await analyst.get('/api/mentions?status=done').expect(200)).body;
      expect(ids(done.items)).toContain(target.id);

      // A later action bumps the version but keeps the first response.
      const again = await agent.patch(`/api/mentions/${target.id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'flushed' }).expect(200);
      expect(again.body).toMatchObject({ status: 'flushed', firstResponseSeconds: res.body.firstResponseSeconds, firstResponseAt: res.body.firstResponseAt });
      const [state2] = await env.db.dataSource.query('SELECT version, synced_version, status FROM mention_states WHERE mention_id = $1', [target.id]);
      expect(state2).toEqual({ version: 2, synced_version: 2, status: 'flushed' });
      expect((await env.documentOf(target.id))?.status).toBe('flushed');
    });

    it('lets a lead triage too', async () => {
      const { agent, csrf } = await env.login('lead');
      await agent.patch(`/api/mentions/${mentions[5].id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'in_progress' }).expect(200);
    });

    it('refuses an analyst (403) and changes nothing', async () => {
      const { agent, csrf } = await env.login('analyst');
      const res = await agent.patch(`/api/mentions/${mentions[6].id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done' }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      const rows = await env.db.dataSource.query('SELECT 1 FROM mention_states WHERE mention_id = $1', [mentions[6].id]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a write without or with a wrong CSRF header (403)', async () => {
      const { agent, csrf } = await env.login('agent');
      await agent.patch(`/api/mentions/${mentions[7].id}/status`).send({ status: 'done' }).expect(403);
      await agent.patch(`/api/mentions/${mentions[7].id}/status`).set('X-XSRF-TOKEN', csrf.toUpperCase()).send({ status: 'done' }).expect(403);
      const rows = await env.db.dataSource.query('SELECT 1 FROM mention_states WHERE mention_id = $1', [mentions[7].id]);
      expect(rows).toHaveLength(0);
    });

    it('refuses unknown fields and values outside the enum with 400', async () => {
      const { agent, csrf } = await env.login('agent');
      const extra = await agent.patch(`/api/mentions/${mentions[8].id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done', note: 'x' }).expect(400);
      expect(extra.body.message).toEqual(['property note should not exist']);
      const bad = await agent.patch(`/api/mentions/${mentions[8].id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'archived' }).expect(400);
      expect(bad.body.message).toEqual(['status must be one of the following values: new, in_progress, done, flushed']);
      await agent.patch(`/api/mentions/${mentions[8].id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 1 }).expect(400);
    });

    describe('when Elasticsearch misbehaves', () => {
      const indexOf = async (id: string) =>
        (await env.es.search({ index: `${env.indexPrefix}mentions`, query: { ids: { values: [id] } } })).hits.hits[0]._index;
      const block = (index: string, kind: 'write' | 'read', on: boolean) =>
        env.es.indices.putSettings({ index, settings: { [`index.blocks.${kind}`]: on } });

      it('still answers 200 from PostgreSQL when the document cannot be written, and leaves the row for the reconciler', async () => {
        const { agent, csrf } = await env.login('agent');
        const target = mentions[9];
        const index = await indexOf(target.id);
        await block(index, 'write', true);
        try {
          const res = await agent.patch(`/api/mentions/${target.id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done' }).expect(200);
          expect(res.body).toMatchObject({ id: target.id, status: 'done', text: target.text, firstResponseSeconds: expect.any(Number) });
        } finally {
          await block(index, 'write', false);
        }
        const [state] = await env.db.dataSource.query('SELECT status, version, synced_version FROM mention_states WHERE mention_id = $1', [target.id]);
        expect(state).toEqual({ status: 'done', version: 1, synced_version: 0 });
        expect((await env.documentOf(target.id))?.status).toBe(target.status);
        // Reading the mention shows the stored state even though the document lags.
        const read = await analyst.get(`/api/mentions/${target.id}`).expect(200);
        expect(read.body.status).toBe('done');
      });

      it('answers 503 when the mention cannot be read, and stores nothing', async () => {
        const { agent, csrf } = await env.login('agent');
        const target = mentions[10];
        const index = await indexOf(target.id);
        await block(index, 'read', true);
        try {
          const res = await agent.patch(`/api/mentions/${target.id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done' }).expect(503);
          expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
        } finally {
          await block(index, 'read', false);
        }
        expect(await env.db.dataSource.query('SELECT 1 FROM mention_states WHERE mention_id = $1', [target.id])).toHaveLength(0);
      });
    });

    it('answers 404 for a mention that does not exist, without storing a state', async () => {
      const { agent, csrf } = await env.login('agent');
      const id = 'rss-ffffffffffffffffffffffffffffffff';
      await agent.patch(`/api/mentions/${id}/status`).set('X-XSRF-TOKEN', csrf).send({ status: 'done' }).expect(404);
      expect(await env.db.dataSource.query('SELECT 1 FROM mention_states WHERE mention_id = $1', [id])).toHaveLength(0);
    });
  });
});
