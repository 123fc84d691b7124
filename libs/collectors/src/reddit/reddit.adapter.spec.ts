import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { RedditFakeServer } from '../../../testing/src/fakes/reddit';
import { SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult } from '../source-adapter';
import { RedditAdapter } from './reddit.adapter';
import type { RedditCursor } from './reddit-cursor';

const NOW = Math.floor(Date.now() / 1000);
const ago = (minutes: number) => NOW - minutes * 60;

describe(RedditAdapter.name, () => {
  const fake = new RedditFakeServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1'], timeoutMs: 2_000 });
  const adapter = new RedditAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_000 } });
  let credentials: Record<string, string>;

  beforeAll(async () => {
    await fake.start();
    fake.addApp({ clientId: 'cid123', clientSecret: 'sekret', username: 'acme_care', password: 'pw', expiresIn: 86_400 });
    fake.addApp({ clientId: 'apponly', clientSecret: 's2' });
  });
  afterAll(async () => {
    await fake.stop();
    await http.close();
  });
  beforeEach(() => {
    credentials = { clientId: 'apponly', clientSecret: 's2' };
  });

  function request(settings: Record<string, unknown>, cursor: unknown, query: TopicQueryNode | null = null) {
    const req = collectRequest(
      { type: 'reddit', url: fake.baseUrl, query, settings: { tokenUrl: `${fake.baseUrl}/api/v1/access_token`, pageSize: 3, ...settings } as CollectRequest['source']['settings'] },
      { cursor, credentials, now: new Date(NOW * 1000) },
    );
    const save = req.saveCredentials;
    req.saveCredentials = async (next) => {
      credentials = next;
      await save(next);
    };
    return req;
  }

  async function drain(settings: Record<string, unknown>, cursor: unknown, query: TopicQueryNode | null = null) {
    const results: CollectResult[] = [];
    let current = cursor;
    for (let i = 0; i < 10; i++) {
      const result = await adapter.collect(request(settings, current, query));
      results.push(result);
      current = result.nextCursor;
      if (!result.incomplete) break;
    }
    return { results, cursor: current, items: results.flatMap((r) => r.items) };
  }

  it('gets an app-only token with Basic auth, sends a descriptive User-Agent and raw_json=1, and reuses the token until expires_in', async () => {
    fake.addPost({ subreddit: 'acmeuno', title: 'Primo', selftext: 'a <b> & c', createdUtc: ago(30) });
    const tokensBefore = fake.tokenRequests;
    const first = await adapter.collect(request({ subreddits: ['acmeuno'] }, null));
    expect(first.items.map((m) => m.title)).toEqual(['Primo']);
    expect(first.items[0].content).toContain('a &lt;b&gt; &amp; c');
    const tokenCall = fake.requestsTo('/api/v1/access_token').at(-1)!;
    expect(tokenCall.headers.authorization).toBe(`Basic ${Buffer.from('apponly:s2').toString('base64')}`);
    expect(tokenCall.body).toBe('grant_type=client_credentials');
    const listing = fake.requestsTo('/r/acmeuno/new').at(-1)!;
    expect(listing.query.get('raw_json')).toBe('1');
    expect(listing.headers['user-agent']).toMatch(/^server:ascolto\.apponly:0\.1/);
    // From expires_in (3600 for app-only here), not a constant.
    const expiresIn = (Date.parse(credentials.accessTokenExpiresAt) - NOW * 1000) / 1000;
    expect(expiresIn).toBeGreaterThanOrEqual(3600);
    expect(expiresIn).toBeLessThan(3610);

    await adapter.collect(request({ subreddits: ['acmeuno'] }, first.nextCursor));
    expect(fake.tokenRequests).toBe(tokensBefore + 1);
  });

  it('uses the password grant of a script app, keeps its refresh token, and renews once on a 401', async () => {
    credentials = { clientId: 'cid123', clientSecret: 'sekret', username: 'acme_care', password: 'pw' };
    fake.addPost({ subreddit: 'acmedue', title: 'Uno', createdUtc: ago(20) });
    const first = await adapter.collect(request({ subreddits: ['acmedue'] }, null));
    expect(first.items).toHaveLength(1);
    expect(credentials.refreshToken).toBeTruthy();
    expect(fake.requestsTo('/r/acmedue/new').at(-1)!.headers['user-agent']).toMatch(/\(by \/u\/acme_care\)$/);

    fake.expireTokens(); // the cached expiry still looks fine: the API's 401 must trigger the renewal
    fake.addPost({ subreddit: 'acmedue', title: 'Due', createdUtc: ago(1) });
    const second = await adapter.collect(request({ subreddits: ['acmedue'] }, first.nextCursor));
    expect(second.items.map((m) => m.title)).toEqual(['Due']);
    expect(fake.requestsTo('/api/v1/access_token').at(-1)!.body).toMatch(/^grant_type=refresh_token/);
  });

  it('reports wrong keys and a wrong password (200 invalid_grant) as rejected credentials', async () => {
    credentials = { clientId: 'cid123', clientSecret: 'nope' };
    await expect(adapter.collect(request({ subreddits: ['acmeuno'] }, null))).rejects.toThrow(SourceAuthError);
    credentials = { clientId: 'cid123', clientSecret: 'sekret', username: 'acme_care', password: 'wrong' };
    await expect(adapter.collect(request({ subreddits: ['acmeuno'] }, null))).rejects.toThrow(/invalid_grant/);
  });

  it('reads a subreddit forward with before= (next anchor from the first child), across pages and runs, without gaps or repeats', async () => {
    fake.addPost({ subreddit: 'acmetre', title: 'p0', createdUtc: ago(50) });
    const { cursor } = await drain({ subreddits: ['acmetre'] }, null);
    const names: string[] = [];
    for (let i = 1; i <= 7; i++) names.push(fake.addPost({ subreddit: 'acmetre', title: `p${i}`, createdUtc: ago(40 - i) }));
    const first = await adapter.collect(request({ subreddits: ['acmetre'], maxPages: 2 }, cursor));
    expect(first.incomplete).toBeDefined();
    const befores = fake.requestsTo('/r/acmetre/new').slice(-2).map((r) => r.query.get('before'));
    expect(befores[1]).toBe(names[2]); // the newest of the first page (p3 is names[2])
    const rest = await drain({ subreddits: ['acmetre'], maxPages: 2 }, first.nextCursor);
    const titles = [...first.items, ...rest.items].map((m) => m.title).sort();
    expect(titles).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
    expect((rest.cursor as RedditCursor).streams['r/acmetre/new'].anchor).toBe(names[6]);
  });

  it('recovers when the before= anchor was deleted: walks down to the watermark and takes what is new', async () => {
    const a = fake.addPost({ subreddit: 'acmequattro', title: 'a', createdUtc: ago(30) });
    const { cursor } = await drain({ subreddits: ['acmequattro'] }, null);
    expect((cursor as RedditCursor).streams['r/acmequattro/new'].anchor).toBe(a);
    fake.deleteThing(a);
    fake.addPost({ subreddit: 'acmequattro', title: 'b', createdUtc: ago(5) });
    fake.addPost({ subreddit: 'acmequattro', title: 'c', createdUtc: ago(4) });
    const next = await adapter.collect(request({ subreddits: ['acmequattro'] }, cursor));
    expect(next.items.map((m) => m.title).sort()).toEqual(['b', 'c']);
    const again = await adapter.collect(request({ subreddits: ['acmequattro'] }, next.nextCursor));
    expect(again.items).toEqual([]);
  });

  it('searches with sort=new, reports [deleted]/[removed] items as deletions without their text, and re-delivers an edit', async () => {
    const query: TopicQueryNode = { kind: 'or', children: [{ kind: 'word', value: 'zorblax', prefix: false }, { kind: 'phrase', words: ['acme', 'help'], slop: null }] };
    const keep = fake.addPost({ subreddit: 'cinque', title: 'zorblax rotto', selftext: 'non va', createdUtc: ago(10) });
    const gone = fake.addPost({ subreddit: 'cinque', title: 'acme help please', selftext: 'x', createdUtc: ago(9) });
    fake.addPost({ subreddit: 'cinque', title: 'altro', createdUtc: ago(8) });
    const first = await adapter.collect(request({}, null, query));
    expect(first.items.map((m) => m.externalId).sort()).toEqual([keep, gone].sort());
    expect(fake.requestsTo('/search').at(-1)!.query.get('q')).toBe('zorblax OR "acme help"');
    expect(fake.requestsTo('/search').at(-1)!.query.get('sort')).toBe('new');

    fake.deleteThing(gone, 'removed');
    fake.editThing(keep, 'ora funziona', NOW + 1);
    const second = await adapter.collect(request({}, first.nextCursor, query));
    expect(second.deletions).toEqual([{ id: mentionId('reddit', 'reddit.com', gone), at: new Date(NOW * 1000).toISOString() }]);
    expect(second.items.map((m) => m.externalId)).toEqual([keep]);
    expect(second.items[0].content).toContain('ora funziona');
  });

  it('reads forward the same way when a before= page fills data.before/after (the pre-2023 shape)', async () => {
    fake.legacyBeforeShape = true;
    try {
      fake.addPost({ subreddit: 'vecchio', title: 'v0', createdUtc: ago(50) });
      const { cursor } = await drain({ subreddits: ['vecchio'] }, null);
      for (let i = 1; i <= 5; i++) fake.addPost({ subreddit: 'vecchio', title: `v${i}`, createdUtc: ago(40 - i) });
      const next = await drain({ subreddits: ['vecchio'] }, cursor);
      expect(next.items.map((m) => m.title).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    } finally {
      fake.legacyBeforeShape = false;
    }
  });

  it('continues a search walk cut by the page limit with after= down to the old watermark', async () => {
    const query: TopicQueryNode = { kind: 'word', value: 'quuxalot', prefix: false };
    fake.addPost({ subreddit: 'nove', title: 'quuxalot 0', createdUtc: ago(60) });
    const { cursor } = await drain({}, null, query);
    const names: string[] = [];
    for (let i = 1; i <= 8; i++) names.push(fake.addPost({ subreddit: 'nove', title: `quuxalot ${i}`, createdUtc: ago(50 - i) }));
    const first = await adapter.collect(request({ maxPages: 1 }, cursor, query));
    expect(first.items).toHaveLength(3);
    expect((first.nextCursor as RedditCursor).streams['search:all:quuxalot'].resume).toMatchObject({ after: names[5] });
    const rest = await drain({ maxPages: 1 }, first.nextCursor, query);
    expect([...first.items, ...rest.items].map((m) => m.externalId).sort()).toEqual([...names].sort());
    expect((rest.cursor as RedditCursor).streams['search:all:quuxalot'].resume).toBeNull();
  });

  it('does not keep resuming when only the overlap is left to read', async () => {
    const query: TopicQueryNode = { kind: 'word', value: 'frobnitz', prefix: false };
    for (let i = 0; i < 8; i++) fake.addPost({ subreddit: 'dieci', title: `frobnitz ${i}`, createdUtc: ago(12 - i) });
    const { cursor } = await drain({ maxPages: 1 }, null, query);
    // Everything is inside the 15-minute overlap: a cut walk there leaves nothing unread.
    const again = await adapter.collect(request({ maxPages: 1 }, cursor, query));
    expect(again.items).toEqual([]);
    expect(again.incomplete).toBeUndefined();
  });

  it('reads without rate-limit headers or with integer ones', async () => {
    fake.rateLimitHeaders = 'none';
    fake.addPost({ subreddit: 'sei', title: 'x', createdUtc: ago(3) });
    expect((await adapter.collect(request({ subreddits: ['sei'] }, null))).items).toHaveLength(1);
    fake.rateLimitHeaders = 'int';
    expect((await adapter.collect(request({ subreddits: ['sei'] }, null))).items).toHaveLength(1);
    fake.rateLimitHeaders = 'float';
  });

  it('turns an HTML 400, a 403 and a cut body into clear errors', async () => {
    fake.fault({ path: /\/r\/sette\/new/, response: { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body>bad request</body></html>' } });
    await expect(adapter.collect(request({ subreddits: ['sette'] }, null))).rejects.toThrow(/HTTP 400, an HTML page/);
    fake.fault({ path: /\/r\/sette\/new/, response: { status: 403, body: { message: 'Forbidden', error: 403 } } });
    await expect(adapter.collect(request({ subreddits: ['sette'] }, null))).rejects.toThrow(SourceConfigError);
    fake.fault({ path: /\/r\/sette\/new/, truncateBody: true });
    await expect(adapter.collect(request({ subreddits: ['sette'] }, null))).rejects.toThrow(SourcePayloadError);
  });

  it('needs subreddits or a query, and refuses a bad subreddit name', async () => {
    await expect(adapter.collect(request({}, null))).rejects.toThrow(/subreddits or a query/);
    await expect(adapter.collect(request({ subreddits: ['../etc'] }, null))).rejects.toThrow(/not a subreddit name/);
  });

  it('tests the connection with one small request and never throws', async () => {
    fake.addPost({ subreddit: 'otto', title: 'ciao', selftext: 'a < b', createdUtc: ago(1) });
    const ok = await adapter.testConnection(request({ subreddits: ['otto'] }, null));
    expect(ok).toMatchObject({ ok: true, sample: [{ title: 'ciao', text: 'a < b' }] });
    credentials = { clientId: 'x', clientSecret: 'y' };
    expect((await adapter.testConnection(request({ subreddits: ['otto'] }, null))).ok).toBe(false);
  });
});
