import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { BlueskyFakeServer } from '../../../testing/src/fakes/bluesky';
import { SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import type { CollectRequest, CollectResult } from '../source-adapter';
import { BlueskyAdapter } from './bluesky.adapter';
import type { BlueskyCursor } from './bluesky-cursor';

const word = (value: string): TopicQueryNode => ({ kind: 'word', value, prefix: false });
const NOW = Date.now();
const at = (minutesAgo: number, seconds = 0) => new Date(NOW - minutesAgo * 60_000 + seconds * 1000).toISOString();

describe(BlueskyAdapter.name, () => {
  const fake = new BlueskyFakeServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1'], timeoutMs: 2_000 });
  const adapter = new BlueskyAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_000 } });
  let credentials: Record<string, string>;

  beforeAll(async () => {
    await fake.start();
    fake.addAccount({ identifier: 'acme.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop', email: 'segreto@acme.it' });
  });
  afterAll(async () => {
    await fake.stop();
    await http.close();
  });
  beforeEach(() => {
    credentials = { identifier: 'acme.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' };
  });

  function request(query: string, cursor: unknown, settings: Record<string, unknown> = {}) {
    const req = collectRequest(
      { type: 'bluesky', url: fake.baseUrl, query: word(query), settings: { pageSize: 3, ...settings } as CollectRequest['source']['settings'] },
      { cursor, credentials, now: new Date(NOW) },
    );
    const save = req.saveCredentials;
    req.saveCredentials = async (next) => {
      credentials = next;
      await save(next);
    };
    return req;
  }

  async function drain(query: string, cursor: unknown = null, settings: Record<string, unknown> = {}): Promise<{ results: CollectResult[]; cursor: unknown }> {
    const results: CollectResult[] = [];
    let current = cursor;
    for (let i = 0; i < 10; i++) {
      const result = await adapter.collect(request(query, current, settings));
      results.push(result);
      current = result.nextCursor;
      if (!result.incomplete) break;
    }
    return { results, cursor: current };
  }

  it('logs in once, keeps only tokens, DID and handle, walks every page (short pages included) and reuses the session', async () => {
    for (let i = 0; i < 7; i++) fake.addPost({ text: `pagina alfa ${i}`, indexedAt: at(30 - i), hidden: i === 2 });
    const before = fake.createSessionCalls;
    const first = await adapter.collect(request('alfa', null));
    expect(fake.createSessionCalls).toBe(before + 1);
    expect(first.items.map((m) => m.content).sort()).toEqual(['pagina alfa 0', 'pagina alfa 1', 'pagina alfa 3', 'pagina alfa 4', 'pagina alfa 5', 'pagina alfa 6']);
    expect(first.incomplete).toBeUndefined();
    expect(Object.keys(credentials).sort()).toEqual(['appPassword', 'identifier', 'sessionAccessJwt', 'sessionDid', 'sessionFor', 'sessionHandle', 'sessionRefreshJwt']);
    expect(JSON.stringify(credentials)).not.toContain('segreto@acme.it');
    const searches = fake.requestsTo('/xrpc/app.bsky.feed.searchPosts');
    expect(searches.at(-1)!.headers.authorization).toBe(`Bearer ${credentials.sessionAccessJwt}`);
    expect(searches.at(-1)!.query.get('sort')).toBe('latest');

    fake.addPost({ text: 'alfa nuovo', indexedAt: at(1) });
    const second = await adapter.collect(request('alfa', first.nextCursor));
    expect(fake.createSessionCalls).toBe(before + 1);
    expect(second.items.map((m) => m.content)).toEqual(['alfa nuovo']);
  });

  it('refreshes an expired access token once and saves the rotated tokens; logs in again only when the refresh token is dead too', async () => {
    fake.addPost({ text: 'beta uno', indexedAt: at(5) });
    const { cursor } = await drain('beta');
    const logins = fake.createSessionCalls;
    const oldRefresh = credentials.sessionRefreshJwt;

    fake.expireAccessTokens();
    fake.addPost({ text: 'beta due', indexedAt: at(2) });
    const refreshed = await adapter.collect(request('beta', cursor));
    expect(refreshed.items.map((m) => m.content)).toEqual(['beta due']);
    expect(fake.createSessionCalls).toBe(logins);
    expect(credentials.sessionRefreshJwt).not.toBe(oldRefresh);

    fake.expireAccessTokens();
    fake.expireRefreshTokens();
    const relogged = await adapter.collect(request('beta', refreshed.nextCursor));
    expect(relogged.items).toEqual([]);
    expect(fake.createSessionCalls).toBe(logins + 1);
  });

  it('stops logging in when createSession’s daily allowance is spent (10 a day), and says until when', async () => {
    fake.addAccount({ identifier: 'spesa.bsky.social', appPassword: 'pw' });
    credentials = { identifier: 'spesa.bsky.social', appPassword: 'wrong' };
    // Its own adapter: the spent allowance is remembered by the client, as it should be.
    const own = new BlueskyAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_000 } });
    const callsBefore = fake.createSessionCalls;
    const errors: string[] = [];
    for (let i = 0; i < 12; i++) errors.push(await own.collect(request('alfa', null)).then(() => 'ok', (e: Error) => e.name));
    expect(errors.slice(0, 2)).toEqual(['SourceAuthError', 'SourceAuthError']);
    expect(errors.at(-1)).toBe('SourceRateLimitedError');
    // Ten refused logins spend the day's allowance (RateLimit-Remaining: 0); the client then holds
    // back by itself instead of calling into a 429.
    expect(fake.createSessionCalls - callsBefore).toBe(10);
    fake.resetRateLimits();
  });

  it('reports a revoked app password as rejected credentials', async () => {
    fake.addAccount({ identifier: 'revocata.bsky.social', appPassword: 'pw' });
    fake.revokeAppPassword('revocata.bsky.social');
    credentials = { identifier: 'revocata.bsky.social', appPassword: 'pw' };
    await expect(adapter.collect(request('alfa', null))).rejects.toThrow(SourceAuthError);
    await expect(adapter.collect(request('alfa', null))).rejects.toThrow(/identifier or app password/);
  });

  it('turns the proxy’s HTML 403 into a clear credentials error, a bad query into a configuration error, a cut body into a payload error', async () => {
    fake.fault({ path: /searchPosts/, response: { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><body>Request forbidden by administrative rules.</body></html>' } });
    await expect(adapter.collect(request('alfa', null))).rejects.toThrow(/403, an HTML page\): searchPosts needs a logged-in session/);
    fake.fault({ path: /searchPosts/, response: { status: 400, body: { error: 'BadQueryString', message: 'unbalanced quotes' } } });
    await expect(adapter.collect(request('alfa', null))).rejects.toThrow(SourceConfigError);
    fake.fault({ path: /searchPosts/, truncateBody: true });
    await expect(adapter.collect(request('alfa', null))).rejects.toThrow(SourcePayloadError);
  });

  it('continues a walk cut by the page limit in the next run, without gaps or repeats, equal timestamps included', async () => {
    const same = at(20);
    for (let i = 0; i < 8; i++) fake.addPost({ text: `gamma ${i}`, indexedAt: i < 5 ? same : at(19 - i) });
    const first = await adapter.collect(request('gamma', null, { maxPages: 1 }));
    expect(first.incomplete?.reason).toMatch(/page limit/);
    expect((first.nextCursor as BlueskyCursor).queries.gamma.resume).not.toBeNull();
    const rest = await drain('gamma', first.nextCursor, { maxPages: 1 });
    const contents = [...first.items, ...rest.results.flatMap((r) => r.items)].map((m) => m.content);
    expect(contents.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `gamma ${i}`));
    expect((rest.cursor as BlueskyCursor).queries.gamma.resume).toBeNull();
  });

  it('finds a post indexed late with an older sortAt inside the overlap, and not one it already delivered', async () => {
    fake.addPost({ text: 'delta primo', indexedAt: at(3) });
    const { cursor } = await drain('delta');
    fake.addPost({ text: 'delta in ritardo', createdAt: at(6), indexedAt: at(0) });
    const next = await adapter.collect(request('delta', cursor));
    expect(next.items.map((m) => m.content)).toEqual(['delta in ritardo']);
    expect(next.fetched).toBe(2);
  });

  it('asks getProfiles for the authors’ followers, 25 at a time', async () => {
    fake.addPost({ text: 'epsilon', handle: 'famosa.bsky.social', indexedAt: at(2) });
    fake.setFollowers('famosa.bsky.social', 98_765);
    const result = await adapter.collect(request('epsilon', null));
    expect(result.items[0].author).toMatchObject({ handle: 'famosa.bsky.social', followers: 98_765 });
  });

  it('needs a query', async () => {
    const req = request('x', null);
    req.source.query = null;
    await expect(adapter.collect(req)).rejects.toThrow(/needs a query/);
  });

  it('tests the connection with one small search and never throws', async () => {
    fake.addPost({ text: 'zeta test <3 & co', indexedAt: at(1) });
    const ok = await adapter.testConnection(request('zeta', null));
    expect(ok).toMatchObject({ ok: true, sample: [expect.objectContaining({ text: 'zeta test <3 & co' })] });
    credentials = { identifier: 'nessuno', appPassword: 'x' };
    fake.resetRateLimits();
    const bad = await adapter.testConnection(request('zeta', null));
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/identifier or app password/);
  });
});
