import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { FakeXServer } from '../../../testing/src/fakes/x/fake-x-server';
import { SourceAuthError, SourceQuotaExhaustedError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { XRecentSearchAdapter, type XCursor } from './x-adapter';

describe('XRecentSearchAdapter against the fake API', () => {
  const fake = new FakeXServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new XRecentSearchAdapter(http, { api: { baseDelayMs: 1, maxWaitMs: 300 } });
  const NOW = new Date();
  let n = 0;
  const word = (): TopicQueryNode => ({ kind: 'word', value: `acmex${++n}`, prefix: false });
  const request = (query: TopicQueryNode, cursor: unknown = null, extra: { budgetRemaining?: number | null; bearerToken?: string } = {}) =>
    collectRequest(
      { type: 'x', url: fake.baseUrl, settings: { pageSize: 10 }, query },
      { cursor, credentials: { bearerToken: extra.bearerToken ?? 'test-x-bearer' }, now: NOW, budgetRemaining: extra.budgetRemaining ?? null },
    );
  const post = (q: TopicQueryNode) => fake.addTweet({ text: `${(q as { value: string }).value} testo`, authorId: '42' });

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });
  afterEach(() => {
    fake.clearFaults();
    fake.oldestSinceId = null;
  });

  it('falls back to the 7-day window when the stored since_id is too old', async () => {
    const q = word();
    const id = post(q);
    fake.oldestSinceId = '1800000000000000000';
    const result = await adapter.collect(request(q, { sinceId: '1700000000000000000', walk: null }));
    expect(result.items.map((m) => m.externalId)).toEqual([id]);
    expect((result.nextCursor as XCursor).sinceId).toBe(id);
    const last = fake.requestsTo('/2/tweets/search/recent').at(-1)!;
    expect(last.query.get('since_id')).toBeNull();
    expect(last.query.get('start_time')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('walks again from the top, down to the same since_id, when a stored next_token is refused', async () => {
    const q = word();
    const ids = [post(q), post(q)];
    const query = `${(q as { value: string }).value} -is:retweet`;
    const result = await adapter.collect(request(q, { sinceId: null, walk: { nextToken: 'expired-token', sinceId: null, startTime: null, newestId: null, query } }));
    expect(result.items.map((m) => m.externalId).sort()).toEqual(ids.sort());
    expect(result.incomplete).toBeUndefined();
    expect((result.nextCursor as XCursor).walk).toBeNull();
  });

  it('spends per post and per author returned, and never starts a page it cannot pay for', async () => {
    const q = word();
    for (let i = 0; i < 15; i++) post(q);
    const req = request(q, null, { budgetRemaining: 0.2 });
    const result = await adapter.collect(req);
    // One page of 10 (posts $0.05 + one author $0.01); a second page's worst case ($0.15) would not fit.
    expect(result.items).toHaveLength(10);
    expect(req.stats.spent).toBeCloseTo(0.06, 9);
    expect(result.incomplete?.reason).toMatch(/spending cap/);
    expect((result.nextCursor as XCursor).walk?.nextToken).toBeTruthy();
    await expect(adapter.collect(request(q, result.nextCursor, { budgetRemaining: 0.1 }))).rejects.toBeInstanceOf(SourceQuotaExhaustedError);
  });

  it('turns usage-capped into a spent quota and 401 into refused credentials', async () => {
    const q = word();
    // As a 429: not retried until the month ends, reported as a spent budget.
    fake.fault({ response: FakeXServer.problem(429, 'UsageCapExceeded', 'Usage cap exceeded: Monthly product cap', 'https://api.twitter.com/2/problems/usage-capped', { period: 'Monthly', scope: 'Product' }) });
    // (Its own token: the cap holds every later request with that token until the month ends.)
    fake.tokens.add('capped-app');
    const before = fake.requests.length;
    const capped = await adapter.collect(request(q, null, { bearerToken: 'capped-app' })).catch((e: unknown) => e);
    expect(capped).toBeInstanceOf(SourceQuotaExhaustedError);
    expect(fake.requests.length).toBe(before + 1);
    await expect(adapter.collect(request(q, null, { bearerToken: 'capped-app' }))).rejects.toBeInstanceOf(SourceQuotaExhaustedError);
    expect(fake.requests.length).toBe(before + 1);
    fake.fault({ response: FakeXServer.problem(403, 'UsageCapExceeded', 'Usage cap exceeded: Monthly product cap', 'https://api.twitter.com/2/problems/usage-capped', { period: 'Monthly', scope: 'Product' }) });
    const error = await adapter.collect(request(q)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceQuotaExhaustedError);
    expect((error as SourceQuotaExhaustedError).resetAt?.toISOString()).toBe(new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + 1, 1)).toISOString());
    await expect(adapter.collect(request(q, null, { bearerToken: 'wrong' }))).rejects.toBeInstanceOf(SourceAuthError);
  });

  it('tests the connection with one small request and never throws', async () => {
    const q = word();
    post(q);
    const ok = await adapter.testConnection(request(q));
    expect(ok).toMatchObject({ ok: true, message: '200 OK, 1 posts' });
    expect(ok.sample).toHaveLength(1);
    expect(fake.requestsTo('/2/tweets/search/recent').at(-1)!.query.get('max_results')).toBe('10');
    const refused = await adapter.testConnection(request(q, null, { bearerToken: 'wrong' }));
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/Unauthorized/);
    expect((await adapter.testConnection(collectRequest({ type: 'x', url: fake.baseUrl }, { credentials: { bearerToken: 'test-x-bearer' } }))).message).toMatch(/needs a search query/);
  });
});
