import { collectRequest } from '../../../testing/src/collectors';
import { FakeMetaGraphServer } from '../../../testing/src/fakes/meta/fake-meta-graph-server';
import { MissingCredentialsError, SourceAuthError, SourceConfigError, SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import { ApiClient } from '../http/api-client';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { readMetaRateLimit } from '../http/rate-limit-headers';
import { afterOf, countOf, GraphApiError, graphBaseUrl, GraphRun, nextOf, parseGraphTime, safeLink } from './graph-client';

const NOW = new Date('2026-11-20T12:00:00.000Z');

describe('graph-client helpers', () => {
  it('parses Meta times with +0000 (no colon), with a colon, Z and unix seconds', () => {
    expect(parseGraphTime('2026-02-10T09:00:00+0000')?.toISOString()).toBe('2026-02-10T09:00:00.000Z');
    expect(parseGraphTime('2026-02-10T11:00:00+0200')?.toISOString()).toBe('2026-02-10T09:00:00.000Z');
    expect(parseGraphTime('2026-02-10T09:00:00-05:30')?.toISOString()).toBe('2026-02-10T14:30:00.000Z');
    expect(parseGraphTime('2026-02-10T09:00:00Z')?.toISOString()).toBe('2026-02-10T09:00:00.000Z');
    expect(parseGraphTime(1_770_714_000)?.toISOString()).toBe('2026-02-10T09:00:00.000Z');
    expect(parseGraphTime('1770714000')?.toISOString()).toBe('2026-02-10T09:00:00.000Z');
    for (const bad of ['', 'ieri', null, undefined, {}, '2026-13-45T99:00:00+0000']) expect(parseGraphTime(bad)).toBeNull();
  });

  it('builds the versioned base URL and refuses a version that is not one', () => {
    expect(graphBaseUrl('https://graph.facebook.com', undefined)).toBe('https://graph.facebook.com/v25.0');
    expect(graphBaseUrl('https://graph.facebook.com/', 'v26.0')).toBe('https://graph.facebook.com/v26.0');
    expect(graphBaseUrl('https://graph.facebook.com', '24.0')).toBe('https://graph.facebook.com/v24.0');
    expect(graphBaseUrl('https://graph.facebook.com/v23.0', 'v26.0')).toBe('https://graph.facebook.com/v23.0');
    expect(() => graphBaseUrl('https://graph.facebook.com', 'latest/../me')).toThrow(SourceConfigError);
  });

  it('stops on no paging.next only, and finds after in cursors or in next', () => {
    expect(nextOf({ data: [], paging: { cursors: { before: 'b' }, previous: 'https://x/prev' } })).toBeNull();
    expect(nextOf({ data: [] })).toBeNull();
    expect(nextOf({ data: [], paging: { next: 'https://graph.facebook.com/v25.0/1/posts?until=1&__paging_token=enc' } })).not.toBeNull();
    expect(afterOf({ paging: { cursors: { after: 'QVFI' } } })).toBe('QVFI');
    expect(afterOf({ paging: { next: 'https://graph.facebook.com/v25.0/1/recent_media?after=QVFJ' } })).toBe('QVFJ');
    expect(afterOf({ paging: { next: 'https://graph.facebook.com/v25.0/1/posts?until=17' } })).toBeNull();
  });

  it('reads counts from numbers, summary objects and shares, and keeps only http(s) links', () => {
    expect(countOf(4)).toBe(4);
    expect(countOf({ data: [], summary: { total_count: 9 } })).toBe(9);
    expect(countOf({ count: 3 })).toBe(3);
    expect(countOf(undefined)).toBeUndefined();
    expect(countOf(-1)).toBeUndefined();
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('https://www.facebook.com/1/posts/2')).toBe('https://www.facebook.com/1/posts/2');
  });
});

describe(GraphRun.name, () => {
  const fake = new FakeMetaGraphServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  let url: string;
  const run = (credentials: Record<string, string> = { accessToken: 'fake-page-token' }) => {
    const req = collectRequest({ type: 'facebook', url }, { now: NOW });
    // A client per test: a throttled answer holds the token's limit key, as it should.
    const client = new ApiClient(http, { readRateLimit: readMetaRateLimit, baseDelayMs: 5, maxWaitMs: 200 });
    return { graph: new GraphRun(client.forRun(req.stats), req, credentials, 'v25.0', { paceMs: 1 }), req };
  };

  beforeAll(async () => {
    url = await fake.start();
    fake.addPage({ id: '104000000000001', name: 'Vela Mobile' });
  });
  afterAll(async () => {
    await fake.stop();
    await http.close();
  });
  afterEach(() => {
    fake.clearFaults();
    fake.usagePercent = 3;
    fake.validTokens.add('fake-page-token');
  });

  it('sends the token in a header, never in the URL, and drops the token of a next link', async () => {
    const { graph } = run();
    await graph.get('104000000000001', { fields: 'id,name' });
    const sent = fake.requests.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer fake-page-token');
    expect(sent.query.has('access_token')).toBe(false);
    const next = graph.resolveNext('https://evil.example/v25.0/104000000000001/feed?after=QQ&access_token=EAAG');
    expect(next).toBe(`${url}/v25.0/104000000000001/feed?after=QQ`);
  });

  it('adds appsecret_proof when an app secret is set', async () => {
    const { graph } = run({ accessToken: 'fake-page-token', appSecret: 's3cret' });
    await graph.get('104000000000001', { fields: 'id' });
    expect(fake.requests.at(-1)!.query.get('appsecret_proof')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('requires a token', () => {
    expect(() => run({})).toThrow(MissingCredentialsError);
  });

  it('maps 190 to an auth error that says the token must be replaced', async () => {
    fake.expireToken();
    const error = await run().graph.get('104000000000001').catch((e: Error) => e);
    expect(error).toBeInstanceOf(SourceAuthError);
    expect((error as Error).message).toMatch(/code 190\/460/);
    expect((error as Error).message).toMatch(/cannot be refreshed/);
    expect((error as Error).message).not.toContain('fake-page-token');
  });

  it.each([4, 17, 32, 613, 80001, 80002] as const)('maps throttling code %s to a rate limit with the BUC estimate', async (code) => {
    fake.throttle({ code, regainMinutes: 7 });
    const error = await run().graph.get('104000000000001').catch((e: Error) => e);
    expect(error).toBeInstanceOf(SourceRateLimitedError);
    const resumeAt = (error as SourceRateLimitedError).resumeAt.getTime();
    expect(resumeAt).toBeGreaterThan(Date.now() + 6 * 60_000);
    expect(resumeAt).toBeLessThan(Date.now() + 8 * 60_000);
  });

  it('waits ten minutes when a throttled answer gives no estimate', async () => {
    fake.throttle({ code: 32, regainMinutes: 0 });
    const error = (await run().graph.get('104000000000001').catch((e: Error) => e)) as SourceRateLimitedError;
    expect(error).toBeInstanceOf(SourceRateLimitedError);
    expect(error.resumeAt.getTime()).toBe(NOW.getTime() + 10 * 60_000);
  });

  it('maps permission codes and missing objects to configuration errors, code 2 to a plain failure', async () => {
    fake.fault({ response: { status: 403, body: { error: { message: '(#10) Requires pages_read_engagement permission', type: 'OAuthException', code: 10 } } } });
    await expect(run().graph.get('104000000000001')).rejects.toBeInstanceOf(SourceConfigError);
    fake.fault({ response: { status: 400, body: { error: { message: '(#200) Permissions error', type: 'OAuthException', code: 200 } } } });
    await expect(run().graph.get('104000000000001')).rejects.toBeInstanceOf(SourceConfigError);
    await expect(run().graph.get('999_1/comments')).rejects.toThrow(/code 100\/33/);
    fake.fault({ response: { status: 400, body: { error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true } } } });
    await expect(run().graph.get('104000000000001')).rejects.toBeInstanceOf(GraphApiError);
  });

  it('treats an error object inside a 200 and a body that is not JSON as failures', async () => {
    fake.fault({ response: { status: 200, body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } } } });
    await expect(run().graph.get('104000000000001')).rejects.toBeInstanceOf(SourceAuthError);
    fake.fault({ truncateBody: true });
    await expect(run().graph.get('104000000000001', { fields: 'id,name' })).rejects.toBeInstanceOf(SourcePayloadError);
  });

  it('spaces requests out while usage is high, and not while it is low', async () => {
    const req = collectRequest({ type: 'facebook', url }, { now: NOW });
    const client = new ApiClient(http, { readRateLimit: readMetaRateLimit, baseDelayMs: 5, maxWaitMs: 200 });
    const pauses: number[] = [];
    const graph = new GraphRun(client.forRun(req.stats), req, { accessToken: 'fake-page-token' }, 'v25.0', { paceMs: 42 }, async (ms) => {
      pauses.push(ms);
    });
    await graph.get('104000000000001');
    expect(pauses).toEqual([]);
    fake.usagePercent = 80;
    await graph.get('104000000000001');
    expect(pauses).toEqual([42]);
    expect(graph.exhausted).toBeNull();
  });

  it('notes when usage reaches 95% so that the walk stops before Meta throttles', async () => {
    fake.usagePercent = 96;
    fake.regainMinutes = 0;
    const { graph } = run();
    await graph.get('104000000000001');
    expect(graph.exhausted?.percent).toBe(96);
    await expect(graph.get('104000000000001')).rejects.toThrow(/usage/);
  });
});
