import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { DiscourseFakeServer } from '../../../testing/src/fakes/discourse';
import { SourceAuthError, SourceConfigError, SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult, SourceDefinition } from '../source-adapter';
import { DiscourseAdapter } from './discourse-adapter';
import type { DiscourseCursor } from './discourse-cursor';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe(DiscourseAdapter.name, () => {
  let forum: DiscourseFakeServer;
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new DiscourseAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_500, maxAttempts: 3 } });
  const source = (settings: SourceDefinition['settings'] = {}, query: TopicQueryNode | null = null): SourceDefinition => ({
    id: 'src-d',
    type: 'discourse',
    name: 'Forum',
    url: `${forum.baseUrl}/`,
    settings,
    query,
  });
  const collect = (cursor: unknown, settings: SourceDefinition['settings'] = {}, extra: Parameters<typeof collectRequest>[1] = {}) =>
    adapter.collect(collectRequest(source(settings), { cursor, now: NOW, ...extra }));
  const ids = (r: CollectResult) => r.items.map((i) => i.externalId);
  const key = () => `127.0.0.1:${new URL(forum.baseUrl).port}`;

  beforeEach(async () => {
    forum = new DiscourseFakeServer();
    forum.pageSize = 5;
    await forum.start();
  });
  afterEach(() => forum.stop());
  afterAll(() => http.close());

  it('takes only the newest page on the first poll and sets the cursor to the highest id', async () => {
    const posts = Array.from({ length: 8 }, () => forum.addPost());
    const result = await collect(null);
    expect(ids(result)).toEqual(posts.slice(3).reverse().map((p) => String(p.id)));
    expect(forum.requestsTo('/posts.json')).toHaveLength(1);
    expect((result.nextCursor as DiscourseCursor).streams.latest).toEqual({ newest: String(posts[7].id), gap: null });
    expect(result.fetched).toBe(5);
  });

  it('pages with before= down to the known id, without repeats, across equal timestamps', async () => {
    const same = new Date('2026-11-20T09:00:00Z');
    forum.addPost({ createdAt: same });
    const first = await collect(null);
    const added = Array.from({ length: 12 }, () => forum.addPost({ createdAt: same }));
    const second = await collect(first.nextCursor);
    expect(ids(second)).toEqual(added.reverse().map((p) => String(p.id)));
    const befores = forum.requestsTo('/posts.json').slice(1).map((r) => r.query.get('before'));
    expect(befores).toEqual([null, String(added[4].id), String(added[9].id)]);
    expect(second.incomplete).toBeUndefined();
    const third = await collect(second.nextCursor);
    expect(third.items).toEqual([]);
    expect(forum.requestsTo('/posts.json')).toHaveLength(5);
  });

  it("on the brand's own forum, marks members' posts as written to the brand and leaves its staff's", async () => {
    const member = forum.addPost({ raw: 'La fattura di ottobre è doppia' });
    const staff = forum.addPost({ raw: 'Ti scriviamo in privato', staff: true });
    const own = await collect(null, { ownForum: true });
    const channel = (r: CollectResult, id: number) => r.items.find((i) => i.externalId === String(id))!.brandChannel;
    expect([channel(own, member.id), channel(own, staff.id)]).toEqual(['own_page', undefined]);
    // Any other forum: nothing says its posts are written to the brand.
    expect(channel(await collect(null), member.id)).toBeUndefined();
  });

  it('returns an empty result for an empty forum and keeps polling from there', async () => {
    const empty = await collect(null);
    expect(empty.items).toEqual([]);
    const post = forum.addPost();
    // No newest yet: the next poll is a first poll again.
    expect(ids(await collect(empty.nextCursor))).toEqual([String(post.id)]);
  });

  it('stops at maxPages with a gap, and the next run fills the gap before the top', async () => {
    const seed = forum.addPost();
    const first = await collect(null, { maxPages: 2 });
    const burst = Array.from({ length: 14 }, () => forum.addPost()).map((p) => String(p.id));
    const cut = await collect(first.nextCursor, { maxPages: 2 });
    expect(ids(cut)).toEqual(burst.slice(4).reverse());
    expect(cut.incomplete?.reason).toMatch(/page limit/);
    expect((cut.nextCursor as DiscourseCursor).streams.latest).toEqual({ newest: burst[13], gap: { above: String(seed.id), below: burst[4], page: null } });
    const late = forum.addPost();
    const rest = await collect(cut.nextCursor, { maxPages: 2 });
    // The gap took one page; the second page of the budget walked the top and found the late post.
    expect(ids(rest)).toEqual([String(late.id), ...burst.slice(0, 4).reverse()]);
    expect((rest.nextCursor as DiscourseCursor).streams.latest).toEqual({ newest: String(late.id), gap: null });
    expect(rest.incomplete).toBeUndefined();
  });

  it('walks older forums that page by id windows, across short and empty windows', async () => {
    forum.legacyIdWindow = 50;
    forum.addPost();
    const first = await collect(null);
    const kept: string[] = [];
    // 130 ids: most are private messages or deleted (invisible), leaving windows with nothing in them.
    for (let i = 0; i < 130; i++) {
      const post = forum.addPost();
      if (i < 3 || i > 125) kept.push(String(post.id));
      else forum.deletePost(post.id);
    }
    const second = await collect(first.nextCursor);
    expect(ids(second).sort()).toEqual(kept.sort());
    expect(second.incomplete).toBeUndefined();
    expect((second.nextCursor as DiscourseCursor).streams.latest.gap).toBeNull();
  });

  it('redelivers an edited post and reports withdrawn ones as deletions', async () => {
    const a = forum.addPost();
    const b = forum.addPost();
    const first = await collect(null);
    forum.editPost(a.id, 'testo corretto');
    forum.withdrawPost(b.id);
    const second = await collect(first.nextCursor);
    expect(ids(second)).toEqual([String(a.id)]);
    expect(second.items[0]).toMatchObject({ content: '<p>testo corretto</p>', editedAt: expect.any(String) });
    expect(second.deletions).toEqual([{ id: mentionId('discourse', key(), String(b.id)), at: expect.any(String) }]);
    const third = await collect(second.nextCursor);
    expect(third.items).toEqual([]);
    expect(third.deletions).toBeUndefined();
  });

  it('does not deliver a new post that is already withdrawn', async () => {
    forum.addPost();
    const first = await collect(null);
    const gone = forum.addPost();
    forum.withdrawPost(gone.id);
    const second = await collect(first.nextCursor);
    expect(second.items).toEqual([]);
    expect(second.deletions?.map((d) => d.id)).toEqual([mentionId('discourse', key(), String(gone.id))]);
  });

  it('resolves reply_to_post_number to the answered post when it is on the pages read', async () => {
    const op = forum.addPost({ topicTitle: 'Fibra giù' });
    const reply = forum.addPost({ topicId: op.topic_id, replyToPostNumber: 1 });
    const result = await collect(null);
    expect(result.items.find((i) => i.externalId === String(reply.id))!.inReplyTo).toBe(String(op.id));
  });

  it('waits out a short 429 (Retry-After / wait_seconds) and succeeds', async () => {
    forum.addPost();
    forum.rateLimit(1);
    const started = Date.now();
    const result = await collect(null);
    expect(result.items).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(forum.requestsTo('/posts.json')).toHaveLength(2);
  });

  it('reads extras.wait_seconds when a 429 has no Retry-After, and retries an HTML 429 from a CDN', async () => {
    forum.addPost();
    forum.fault({
      response: {
        status: 429,
        headers: { 'Discourse-Rate-Limit-Error-Code': 'ip_60_secs_limit' },
        body: { errors: ['Too many requests'], error_type: 'rate_limit', extras: { wait_seconds: 1, time_left: '1 second' } },
      },
    });
    forum.fault({ response: { status: 429, headers: { 'content-type': 'text/html' }, body: '<html><body>429 Too Many Requests</body></html>' } });
    const started = Date.now();
    const result = await collect(null);
    expect(result.items).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(forum.requestsTo('/posts.json')).toHaveLength(3);
  });

  it('throws SourceRateLimitedError with the resume time when the wait is long', async () => {
    forum.addPost();
    forum.rateLimit(600);
    const err = await collect(null).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SourceRateLimitedError);
    expect((err as SourceRateLimitedError).resumeAt.getTime()).toBeGreaterThan(Date.now() + 500_000);
  });

  it('returns what it has when rate limited mid-walk, with a gap and resumeAt', async () => {
    forum.addPost();
    const first = await collect(null);
    const burst = Array.from({ length: 12 }, () => forum.addPost()).map((p) => String(p.id));
    // The first page answers normally (a no-op fault), the second is refused for ten minutes.
    forum.fault({ path: /^\/posts\.json$/, delayMs: 1 });
    forum.rateLimit(600, 1, /^\/posts\.json$/);
    const result = await collect(first.nextCursor);
    expect(ids(result)).toEqual(burst.slice(7).reverse());
    expect(result.incomplete).toEqual({ reason: expect.stringMatching(/rate limited/), resumeAt: expect.any(Date) });
    expect((result.nextCursor as DiscourseCursor).streams.latest.gap).toEqual({ above: first.items[0].externalId, below: burst[7], page: null });
    // The adapter remembers the forum's "wait" for this host; a later run (here: a new worker) continues.
    await expect(collect(result.nextCursor)).rejects.toThrow(SourceRateLimitedError);
    const fresh = new DiscourseAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_500 } });
    const rest = await fresh.collect(collectRequest(source(), { cursor: result.nextCursor, now: NOW }));
    expect(ids(rest)).toEqual(burst.slice(0, 7).reverse());
  });

  it('retries a 5xx and recovers', async () => {
    forum.addPost();
    forum.fault({ response: { status: 502, body: '<html>Bad Gateway</html>' } });
    expect((await collect(null)).items).toHaveLength(1);
  });

  it('refuses a malformed body with a clear error', async () => {
    forum.addPost();
    forum.fault({ truncateBody: true });
    await expect(collect(null)).rejects.toThrow(SourcePayloadError);
    forum.fault({ response: { status: 200, body: { topic_list: {} } } });
    await expect(collect(null)).rejects.toThrow(/latest_posts/);
  });

  it('sends Api-Key and Api-Username to a private forum, and reports a rejected key', async () => {
    forum.requiredKey = { key: 'k-123', username: 'system' };
    forum.addPost();
    await expect(collect(null)).rejects.toThrow(SourceConfigError);
    const ok = await collect(null, {}, { credentials: { apiKey: 'k-123', apiUsername: 'system' } });
    expect(ok.items).toHaveLength(1);
    await expect(collect(null, {}, { credentials: { apiKey: 'wrong', apiUsername: 'system' } })).rejects.toThrow(SourceAuthError);
  });

  it('reports a 404 as configuration', async () => {
    const err = await adapter.collect(collectRequest({ ...source(), url: `${forum.baseUrl}/nope/` }, { now: NOW })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SourceConfigError);
  });

  it('treats a garbage cursor as no cursor', async () => {
    forum.addPost();
    for (const garbage of [1, 'x', { v: 2 }, { v: 1, streams: { latest: { newest: 12 } }, versions: [] }, { v: 1, streams: {}, versions: [['x', 1]] }]) {
      expect((await collect(garbage)).items).toHaveLength(1);
    }
  });

  describe('search mode', () => {
    const word = (value: string): TopicQueryNode => ({ kind: 'word', value, prefix: false }) as TopicQueryNode;
    const searchCollect = (cursor: unknown, query: TopicQueryNode | null = word('fattura')) =>
      adapter.collect(collectRequest(source({ mode: 'search' }, query), { cursor, now: NOW }));

    it('searches order:latest, fetches the full posts of new hits and pages until the known id', async () => {
      forum.searchPageSize = 2;
      forum.addPost({ raw: 'la fattura è sbagliata' });
      forum.addPost({ raw: 'altro discorso' });
      const first = await searchCollect(null);
      expect(first.items).toHaveLength(1);
      expect(forum.requestsTo('/search.json')[0].query.get('q')).toBe('fattura order:latest');
      const more = [forum.addPost({ raw: 'fattura doppia' }), forum.addPost({ raw: 'fattura ancora', topicTitle: 'Bollette' }), forum.addPost({ raw: 'terza fattura' })];
      const second = await searchCollect(first.nextCursor);
      expect(ids(second)).toEqual(more.reverse().map((p) => String(p.id)));
      expect(second.items.every((i) => i.content.startsWith('<p>'))).toBe(true);
      expect(second.items.find((i) => i.content.includes('ancora'))!.title).toBe('Bollette');
      expect(forum.requestsTo(/^\/posts\/\d+\.json$/).length).toBe(4);
    });

    it('resumes a search walk cut by maxPages at the page where it stopped', async () => {
      forum.searchPageSize = 2;
      forum.addPost({ raw: 'fattura vecchia' });
      const collectPages = (cursor: unknown) => adapter.collect(collectRequest(source({ mode: 'search', maxPages: 1 }, word('fattura')), { cursor, now: NOW }));
      const first = await collectPages(null);
      const burst = Array.from({ length: 5 }, (_, i) => String(forum.addPost({ raw: `fattura ${i}` }).id)).reverse();
      const runs = [await collectPages(first.nextCursor)];
      while (runs.at(-1)!.incomplete && runs.length < 6) runs.push(await collectPages(runs.at(-1)!.nextCursor));
      expect(runs.flatMap(ids)).toEqual(burst);
      expect(runs.length).toBe(3);
      expect(forum.requestsTo('/search.json').slice(1).map((r) => r.query.get('page'))).toEqual([null, '2', '3']);
    });

    it('needs a query', async () => {
      await expect(searchCollect(null, null)).rejects.toThrow(/needs a query/);
    });
  });

  it('testConnection answers ok with a sample, and never throws', async () => {
    Array.from({ length: 7 }, () => forum.addPost());
    const ok = await adapter.testConnection(collectRequest(source(), { now: NOW }));
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('5 posts') });
    expect(ok.sample).toHaveLength(5);
    forum.requiredKey = { key: 'k', username: 'u' };
    const refused = await adapter.testConnection(collectRequest(source(), { now: NOW }));
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/403/);
  });
});
