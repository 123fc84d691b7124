import { BlueskyFakeServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Bluesky through the real worker: loopback PDS fake → adapter → pipeline → Elasticsearch →
 * cursor in PostgreSQL. Each test searches its own word and has its own account, so tests share
 * the fake without seeing each other's posts. Most sources start with a stored session (as after
 * an earlier run): createSession allows 10 logins a day per account and is tested on its own.
 */

interface Cursor {
  v: 1;
  queries: Record<string, { watermark: string | null; seen: Array<[string, number]>; resume: { since: string; until: string; cursor?: string } | null }>;
}

describe('Bluesky through the worker', () => {
  const fake = new BlueskyFakeServer();
  const harness = new WorkerHarness();
  const NOW = Date.now();
  const at = (minutesAgo: number, seconds = 0) => new Date(NOW - minutesAgo * 60_000 + seconds * 1000).toISOString();
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await fake.stop();
  });
  afterEach(() => fake.clearFaults());

  async function newSource(opts: { settings?: Record<string, string | number | boolean>; loggedIn?: boolean } = {}) {
    n++;
    const word = `velabsky${n}`;
    const identifier = `brand${n}.bsky.social`;
    fake.addAccount({ identifier, appPassword: `app-pw-${n}`, email: `privata${n}@acme.it` });
    const credentials: Record<string, string> = { identifier, appPassword: `app-pw-${n}` };
    if (opts.loggedIn !== false) {
      const s = fake.issueSession(identifier);
      Object.assign(credentials, { sessionAccessJwt: s.accessJwt, sessionRefreshJwt: s.refreshJwt, sessionDid: s.did, sessionHandle: s.handle, sessionFor: identifier });
    }
    const source = await harness.addTypedSource({
      type: 'bluesky',
      url: fake.baseUrl,
      name: `Bluesky ${n}`,
      settings: { query: word, pageSize: 3, authorFollowers: true, ...opts.settings },
      credentials,
    });
    return { word, identifier, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string; content: string; text: string; url: string; author: { handle: string | null; followers: number | null }; publishedAt: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId);
  }

  it('logs in once, stores only the session it needs, and a restarted worker reuses it', async () => {
    const { word, identifier, source } = await newSource({ loggedIn: false });
    fake.addPost({ text: `${word} primo`, indexedAt: at(10) });
    const logins = fake.createSessionCalls;
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, error: null });
    expect(fake.createSessionCalls).toBe(logins + 1);
    const stored = await harness.credentialsOf(source.id);
    expect(Object.keys(stored).sort()).toEqual(['appPassword', 'identifier', 'sessionAccessJwt', 'sessionDid', 'sessionFor', 'sessionHandle', 'sessionRefreshJwt']);
    expect(JSON.stringify(stored)).not.toMatch(/privata|didDoc|email/);
    expect(stored.sessionHandle).toBe(identifier);

    fake.addPost({ text: `${word} secondo`, indexedAt: at(2) });
    const restarted = await harness.createWorker({ WORKER_ID: 'restarted-worker' });
    try {
      await restarted.get(CollectionRunService).runSource(source.id, { force: true });
    } finally {
      await restarted.close();
    }
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(fake.createSessionCalls).toBe(logins + 1);
  });

  it('takes a first poll over several pages (short pages and equal times included), then only what is new', async () => {
    const { word, source } = await newSource();
    const same = at(30);
    const first = [0, 1, 2, 3, 4, 5, 6].map((i) => fake.addPost({ text: `${word} post ${i}`, indexedAt: i < 4 ? same : at(25 - i), hidden: false }));
    fake.addPost({ text: `${word} nascosto`, indexedAt: at(24), hidden: true });
    await harness.runs.runSource(source.id);
    const run1 = await lastRun(source.id);
    expect(run1).toMatchObject({ status: 'succeeded', created: 7, error: null });
    expect(run1.requests).toBeGreaterThanOrEqual(3);
    expect((await docsOf(source.id)).map((d) => d.externalId).sort()).toEqual(first.map((p) => p.uri).sort());

    const later = fake.addPost({ text: `${word} nuovo`, indexedAt: at(1) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 0 });
    expect((await docsOf(source.id)).map((d) => d.externalId)).toContain(later.uri);

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0 });
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(Date.parse(cursor.queries[word].watermark!)).toBe(Date.parse(later.indexedAt));
  });

  it('succeeds on an empty result', async () => {
    const { source } = await newSource();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
  });

  it('maps facets by byte offsets after accents and emoji, a late-indexed post in the overlap, and followers', async () => {
    const { word, source } = await newSource();
    const text = `Perché 😡 @acme.it ${word} non va: acme.it/assist… #acmeapp`;
    const bytes = (part: string) => {
      const start = Buffer.byteLength(text.slice(0, text.indexOf(part)));
      return { byteStart: start, byteEnd: start + Buffer.byteLength(part) };
    };
    const post = fake.addPost({
      text,
      handle: 'giulia.bsky.social',
      indexedAt: at(5),
      langs: ['it'],
      facets: [
        { index: bytes('@acme.it'), features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:acme' }] },
        { index: bytes('acme.it/assist…'), features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://acme.it/assistenza/rimborsi' }] },
        { index: bytes('#acmeapp'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'acmeapp' }] },
      ],
    });
    fake.setFollowers('giulia.bsky.social', 4321);
    await harness.runs.runSource(source.id);
    const late = fake.addPost({ text: `${word} arrivato tardi`, createdAt: at(8), indexedAt: at(0) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const docs = await docsOf(source.id);
    const doc = docs.find((d) => d.externalId === post.uri)!;
    expect(doc.content).toContain('<a href="https://acme.it/assistenza/rimborsi">acme.it/assist…</a>');
    expect(doc.text).toBe(text);
    expect(doc.url).toBe(`https://bsky.app/profile/giulia.bsky.social/post/${post.uri.split('/').pop()}`);
    expect(doc.author).toMatchObject({ handle: 'giulia.bsky.social', followers: 4321 });
    expect(docs.map((d) => d.externalId)).toContain(late.uri);
  });

  it('continues a walk cut by the page limit in the next run, without gaps', async () => {
    const { word, source } = await newSource({ settings: { maxPages: 1 } });
    const posts = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => fake.addPost({ text: `${word} ${i}`, indexedAt: at(40 - i) }));
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 3 });
    expect(((await harness.cursorOf(source.id)) as Cursor).queries[word].resume).not.toBeNull();
    for (let i = 0; i < 4; i++) await harness.runs.runSource(source.id, { force: true });
    expect((await docsOf(source.id)).map((d) => d.externalId).sort()).toEqual(posts.map((p) => p.uri).sort());
    expect(((await harness.cursorOf(source.id)) as Cursor).queries[word].resume).toBeNull();
  });

  it('waits out a short 429 with RateLimit-* headers and a 5xx', async () => {
    const { word, source } = await newSource();
    fake.addPost({ text: `${word} a`, indexedAt: at(3) });
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    fake.fault({
      path: /searchPosts/,
      response: { status: 429, headers: { 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': reset, 'RateLimit-Policy': '3000;w=300' }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } },
    });
    fake.fault({ path: /searchPosts/, response: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad Gateway</html>' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await lastRun(source.id)).requests).toBeGreaterThanOrEqual(3);
  });

  it('retries a timeout, and fails clearly on a malformed body with the cursor unchanged', async () => {
    const { word, source } = await newSource();
    fake.addPost({ text: `${word} a`, indexedAt: at(3) });
    fake.fault({ path: /searchPosts/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const cursor = await harness.cursorOf(source.id);

    fake.addPost({ text: `${word} b`, indexedAt: at(1) });
    fake.fault({ path: /searchPosts/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not JSON/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('refreshes an expired token once and stores the rotated one; asks a person when the app password is revoked', async () => {
    const { word, identifier, source } = await newSource();
    fake.addPost({ text: `${word} a`, indexedAt: at(3) });
    const before = await harness.credentialsOf(source.id);
    const refreshes = fake.refreshSessionCalls;
    fake.expireAccessTokens();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(fake.refreshSessionCalls).toBe(refreshes + 1);
    const after = await harness.credentialsOf(source.id);
    expect(after.sessionAccessJwt).not.toBe(before.sessionAccessJwt);
    expect(after.sessionRefreshJwt).not.toBe(before.sessionRefreshJwt);

    fake.revokeAppPassword(identifier);
    fake.expireAccessTokens();
    fake.expireRefreshTokens();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/identifier or app password/) });
    expect((await harness.sourceState(source.id)).attention).toBe('credentials_rejected');
  });

  it('reports the proxy’s HTML 403 as a credentials problem, not a crash', async () => {
    const { source } = await newSource();
    fake.fault({ path: /searchPosts/, response: { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><body>Request forbidden by administrative rules.</body></html>' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/403, an HTML page/) });
    expect((await harness.sourceState(source.id)).attention).toBe('credentials_rejected');
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { word, source } = await newSource();
    fake.addPost({ text: `${word} start`, indexedAt: at(20) });
    await harness.runs.runSource(source.id);
    const a = fake.addPost({ text: `${word} a`, indexedAt: at(5) });
    const b = fake.addPost({ text: `${word} b`, indexedAt: at(5) });
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    const cursorBefore = await harness.cursorOf(source.id);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    commit.mockRestore();

    const c = fake.addPost({ text: `${word} c`, indexedAt: at(4) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    const ids = (await docsOf(source.id)).map((d) => d.externalId);
    expect(ids).toEqual(expect.arrayContaining([a.uri, b.uri, c.uri]));
    expect(ids).toHaveLength(4);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { word, source } = await newSource();
    fake.addPost({ text: `${word} a`, indexedAt: at(2) });
    fake.fault({ path: /searchPosts/, delayMs: 1_200 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [x, y] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([x.kind, y.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
      expect(await docsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  // Last: the PDS limit is per host, so a far reset holds every Bluesky source of this worker.
  it('is held until a far RateLimit-Reset, as rate_limited, with the cursor unchanged', async () => {
    const { word, source } = await newSource();
    fake.addPost({ text: `${word} a`, indexedAt: at(2) });
    const reset = Math.floor(Date.now() / 1000) + 3_600;
    fake.fault({
      path: /searchPosts/,
      response: { status: 429, headers: { 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset), 'RateLimit-Policy': '3000;w=300' }, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' } },
    });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    expect(await harness.cursorOf(source.id)).toBeNull();
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(held.backoffUntil!.getTime()).toBe(reset * 1000);
  });
});
