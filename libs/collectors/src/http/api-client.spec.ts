import { FakeApiServer } from '../../../testing/src/fakes/fake-api-server';
import { SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import { ApiClient, SourceHttpError } from './api-client';
import { GuardedHttpClient } from './guarded-http-client';
import { OutboundRequestError } from './outbound-errors';
import { readMastodonRateLimit, readRedditRateLimit, readXRateLimit } from './rate-limit-headers';

/** Records the waits the client asks for instead of sleeping them, with a clock that moves along. */
class VirtualTime {
  now = new Date('2026-11-22T10:00:00.000Z');
  readonly sleeps: number[] = [];
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.now = new Date(this.now.getTime() + ms);
  };
  clock = () => this.now;
}

describe('ApiClient', () => {
  const server = new FakeApiServer();
  // Generous for a loopback answer: a loaded CI machine has taken over 400 ms for one, which read as a
  // timeout and added a retry to tests that count them.
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1'], timeoutMs: 2_000 });
  let hits = 0;

  beforeAll(async () => {
    server
      .route('GET', '/ok', () => ({ body: { ok: true } }))
      .route('GET', '/count', () => ({ body: { n: ++hits } }))
      .route('POST', '/echo', (req) => ({ body: { type: req.headers['content-type'], body: req.body } }))
      .route('GET', '/html', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' }))
      .route('GET', '/missing', () => ({ status: 404, body: { error: 'Record not found' } }));
    await server.start();
  });
  afterAll(async () => {
    await http.close();
    await server.stop();
  });
  beforeEach(() => {
    server.clearFaults();
    hits = 0;
  });

  const client = (time: VirtualTime, options: ConstructorParameters<typeof ApiClient>[1] = {}) =>
    new ApiClient(http, { sleep: time.sleep, now: time.clock, random: () => 0.5, baseDelayMs: 1000, ...options });

  it('returns statuses that are not retryable to the caller, and parses JSON on demand', async () => {
    const time = new VirtualTime();
    const api = client(time).forRun();
    const missing = await api.send({ url: `${server.baseUrl}/missing` });
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'Record not found' });
    expect(api.requests).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries 5xx and dropped connections with exponential full-jitter backoff, then succeeds', async () => {
    const time = new VirtualTime();
    server.fault({ path: /^\/count$/, response: { status: 503, body: 'busy' } }).fault({ path: /^\/count$/, dropConnection: true });
    const api = client(time).forRun();
    const response = await api.send({ url: `${server.baseUrl}/count` });
    expect(response.json()).toEqual({ n: 1 });
    expect(api.requests).toBe(3);
    // random() = 0.5 of 1 s, then of 2 s.
    expect(time.sleeps).toEqual([500, 1000]);
  });

  it('gives up after its attempts with the last status', async () => {
    const time = new VirtualTime();
    server.fault({ path: /^\/ok$/, response: { status: 502, body: 'bad gateway' }, times: 10 });
    const error = await client(time, { maxAttempts: 3 }).send({ url: `${server.baseUrl}/ok` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceHttpError);
    expect((error as SourceHttpError).status).toBe(502);
    expect(server.requestsTo('/ok')).toHaveLength(3);
  });

  it('honours Retry-After (seconds) before the reset header and retries once it has passed', async () => {
    const time = new VirtualTime();
    server.fault({ path: /^\/count$/, response: { status: 429, headers: { 'retry-after': '7', 'x-rate-limit-reset': '9999999999' }, body: {} } });
    const response = await client(time, { readRateLimit: readXRateLimit }).send({ url: `${server.baseUrl}/count` });
    expect(response.status).toBe(200);
    expect(time.sleeps).toEqual([7000]);
  });

  it('hands a long wait to the scheduler: SourceRateLimitedError with the reset time', async () => {
    const time = new VirtualTime();
    const reset = new Date(time.now.getTime() + 15 * 60_000);
    server.fault({
      path: /^\/ok$/,
      response: { status: 429, headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset.toISOString().replace('Z', '000Z') }, body: { error: 'Too many requests' } },
    });
    const error = await client(time, { readRateLimit: readMastodonRateLimit, maxWaitMs: 60_000 }).send({ url: `${server.baseUrl}/ok` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceRateLimitedError);
    expect((error as SourceRateLimitedError).resumeAt.toISOString()).toBe(reset.toISOString());
  });

  it('paces requests when the allowance runs low instead of bursting into a 429', async () => {
    const time = new VirtualTime();
    // Reddit style: 5 of 600 left, window ends in 60 s.
    server.route('GET', '/low', () => ({ headers: { 'x-ratelimit-used': '595', 'x-ratelimit-remaining': '5.0', 'x-ratelimit-reset': '60' }, body: [] }));
    const api = client(time, { readRateLimit: readRedditRateLimit });
    await api.send({ url: `${server.baseUrl}/low` });
    expect(time.sleeps).toEqual([]);
    await api.send({ url: `${server.baseUrl}/low` });
    // 60 s left for 5 calls: one every 10 s.
    expect(time.sleeps).toEqual([10_000]);
  });

  it('waits for a spent window to reset when that is soon, and shares the state per limit key', async () => {
    const time = new VirtualTime();
    const resetAt = Math.floor(time.now.getTime() / 1000) + 20;
    server.route('GET', '/spent', () => ({ headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetAt) }, body: {} }));
    const api = client(time, { readRateLimit: readXRateLimit });
    await api.send({ url: `${server.baseUrl}/spent`, limitKey: 'token-a' });
    await api.send({ url: `${server.baseUrl}/ok`, limitKey: 'token-b' });
    expect(time.sleeps).toEqual([]);
    await api.send({ url: `${server.baseUrl}/ok`, limitKey: 'token-a' });
    expect(time.sleeps).toEqual([20_000]);
  });

  it('times out a slow answer, retries it, and reports a body that is not JSON clearly', async () => {
    const time = new VirtualTime();
    server.fault({ path: /^\/ok$/, delayMs: 3_000 });
    const response = await client(time).send({ url: `${server.baseUrl}/ok` });
    expect(response.json()).toEqual({ ok: true });
    expect(server.requestsTo('/ok').length).toBeGreaterThanOrEqual(2);

    const html = await client(time).send({ url: `${server.baseUrl}/html` });
    expect(() => html.json()).toThrow(SourcePayloadError);
    expect(() => html.json()).toThrow(/not JSON: "<html>maintenance<\/html>"/);
  });

  it('sends forms and JSON bodies with their content types, and stops when cancelled', async () => {
    const time = new VirtualTime();
    const api = client(time);
    const form = await api.send({ method: 'POST', url: `${server.baseUrl}/echo`, form: { grant_type: 'client_credentials', scope: 'read' } });
    expect(form.json()).toEqual({ type: 'application/x-www-form-urlencoded', body: 'grant_type=client_credentials&scope=read' });
    const json = await api.send({ method: 'POST', url: `${server.baseUrl}/echo`, json: { identifier: 'brand.bsky.social' } });
    expect(json.json()).toEqual({ type: 'application/json', body: '{"identifier":"brand.bsky.social"}' });

    const controller = new AbortController();
    server.fault({ path: /^\/ok$/, delayMs: 300 });
    const pending = new ApiClient(http).send({ url: `${server.baseUrl}/ok`, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRequestError);
    expect((error as OutboundRequestError).kind).toBe('aborted');
  });

  it('keeps at most `concurrency` requests in flight per limit key', async () => {
    server.fault({ path: /^\/count$/, delayMs: 250, times: 2 });
    const api = new ApiClient(http, { concurrency: 1 });
    const started = Date.now();
    await Promise.all([api.send({ url: `${server.baseUrl}/count` }), api.send({ url: `${server.baseUrl}/count` })]);
    const [first, second] = server.requestsTo('/count').slice(-2);
    expect(second.at.getTime() - first.at.getTime()).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });

  it('builds query strings with repeated parameters and skips empty ones', async () => {
    const time = new VirtualTime();
    await client(time).send({ url: `${server.baseUrl}/ok`, query: { 'types[]': ['mention', 'status'], limit: 40, max_id: undefined, q: 'vela mobile' } });
    const request = server.requestsTo('/ok').at(-1)!;
    expect(request.query.getAll('types[]')).toEqual(['mention', 'status']);
    expect(request.query.get('limit')).toBe('40');
    expect(request.query.has('max_id')).toBe(false);
    expect(request.query.get('q')).toBe('vela mobile');
  });
});
