import { RedditFakeServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Reddit through the real worker: loopback OAuth + API fake → adapter → pipeline →
 * Elasticsearch → cursor in PostgreSQL. Each test reads its own subreddit (or searches its own
 * word), so tests share the fake without seeing each other's items.
 */

interface Cursor {
  v: 1;
  streams: Record<string, { anchor: string | null; watermark: number | null; seen: Array<[string, number]>; resume: { after: string; floor: number } | null }>;
}

describe('Reddit through the worker', () => {
  const fake = new RedditFakeServer();
  const harness = new WorkerHarness();
  const NOW = Math.floor(Date.now() / 1000);
  const ago = (minutes: number) => NOW - minutes * 60;
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

  async function newSource(settings: Record<string, string | number | boolean | string[]> = {}, mode: 'subreddit' | 'search' = 'subreddit') {
    n++;
    const sub = `acmeitalia${n}`;
    const word = `velareddit${n}`;
    const clientId = `client${n}`;
    fake.addApp({ clientId, clientSecret: `secret${n}` });
    const source = await harness.addTypedSource({
      type: 'reddit',
      url: fake.baseUrl,
      name: `Reddit ${n}`,
      settings: { tokenUrl: `${fake.baseUrl}/api/v1/access_token`, pageSize: 3, ...(mode === 'search' ? { query: word } : { subreddits: [sub] }), ...settings },
      credentials: { clientId, clientSecret: `secret${n}` },
    });
    return { sub, word, clientId, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string; title: string | null; content: string; text: string; url: string; editedAt?: string | null; deletedAtSource?: string | null; author: { handle: string | null }; publishedAt: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId);
  }

  it('takes the newest window first, then reads forward with before= over several pages, equal seconds included, and reuses the token', async () => {
    const { sub, source } = await newSource();
    const first = [0, 1].map((i) => fake.addPost({ subreddit: sub, title: `Fibra KO ${i}`, selftext: `Da ieri non va <niente> & nessuno risponde ${i}`, createdUtc: ago(60 - i) }));
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, error: null });
    const tokens = fake.tokenRequests;

    const added = [0, 1, 2, 3, 4, 5, 6].map((i) => fake.addPost({ subreddit: sub, title: `Rimborso ${i}`, createdUtc: i < 4 ? ago(30) : ago(30 - i) }));
    await harness.runs.runSource(source.id, { force: true });
    const run2 = await lastRun(source.id);
    expect(run2).toMatchObject({ status: 'succeeded', created: 7, updated: 0 });
    expect(run2.requests).toBe(3);
    expect(fake.requestsTo(`/r/${sub}/new`).slice(-3).map((r) => r.query.get('before'))).toEqual([first[1], added[2], added[5]]);
    expect((await docsOf(source.id)).map((d) => d.externalId).sort()).toEqual([...first, ...added].sort());
    expect(fake.tokenRequests).toBe(tokens);

    const doc = (await docsOf(source.id)).find((d) => d.externalId === first[0])!;
    expect(doc).toMatchObject({ title: 'Fibra KO 0', author: { handle: 'u/utente_mi' } });
    expect(doc.url).toMatch(new RegExp(`^https://www\\.reddit\\.com/r/${sub}/comments/`));
    expect(doc.text).toContain('Da ieri non va <niente> & nessuno risponde 0');

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0 });
    expect(((await harness.cursorOf(source.id)) as Cursor).streams[`r/${sub}/new`].anchor).toBe(added[6]);
  });

  it('succeeds on an empty subreddit and later takes its first post', async () => {
    const { sub, source } = await newSource();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
    fake.addPost({ subreddit: sub, title: 'Finalmente', createdUtc: ago(1) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('recovers when the before= anchor was deleted (empty page): walks down to the watermark, no gap, no repeat', async () => {
    const { sub, source } = await newSource({ includeComments: true });
    const a = fake.addPost({ subreddit: sub, title: 'Ancora', createdUtc: ago(20) });
    fake.addComment({ linkId: a, body: 'anche io', createdUtc: ago(19) });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    fake.deleteThing(a);
    const b = fake.addPost({ subreddit: sub, title: 'Dopo', createdUtc: ago(5) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await docsOf(source.id)).map((d) => d.externalId)).toContain(b);
    expect(((await harness.cursorOf(source.id)) as Cursor).streams[`r/${sub}/new`].anchor).toBe(b);
  });

  it('marks a post removed at the source as deleted without losing its text, and takes an edit as an update', async () => {
    const { word, source } = await newSource({}, 'search');
    const removed = fake.addPost({ subreddit: 'italy', title: `${word} truffa?`, selftext: 'Mi hanno addebitato due volte', createdUtc: ago(10) });
    const edited = fake.addPost({ subreddit: 'italy', title: `${word} lento`, selftext: 'Sito lento', createdUtc: ago(9) });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    expect(fake.requestsTo('/search').at(-1)!.query.get('sort')).toBe('new');

    // Runs are minutes apart; marking deletions finds documents by search, so let the index refresh.
    await harness.indexedIds();
    fake.deleteThing(removed, 'removed');
    const editedAt = Math.floor(Date.now() / 1000) + 5;
    fake.editThing(edited, 'Sito lento — risolto, grazie', editedAt);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    const docs = await docsOf(source.id);
    const gone = docs.find((d) => d.externalId === removed)!;
    expect(gone.deletedAtSource).toBeTruthy();
    expect(gone.text).toContain('addebitato due volte');
    const changed = docs.find((d) => d.externalId === edited)!;
    expect(changed.text).toContain('risolto');
    expect(changed.editedAt).toBe(new Date(editedAt * 1000).toISOString());
  });

  it('waits out a short 429 with X-Ratelimit-* headers and a 5xx, with float or integer or no headers', async () => {
    const { sub, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'x', createdUtc: ago(2) });
    fake.rateLimitHeaders = 'int';
    fake.fault({ path: /\/new$/, response: { status: 429, headers: { 'x-ratelimit-used': '600', 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '1' }, body: { message: 'Too Many Requests', error: 429 } } });
    fake.fault({ path: /\/new$/, response: { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body>all of our servers are busy right now</body></html>' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await lastRun(source.id)).requests).toBeGreaterThanOrEqual(4); // token + 429 + 503 + listing
    fake.rateLimitHeaders = 'none';
    fake.addPost({ subreddit: sub, title: 'y', createdUtc: ago(1) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    fake.rateLimitHeaders = 'float';
  });

  it('retries a timeout, and fails clearly on a malformed body or an HTML 400 with the cursor unchanged', async () => {
    const { sub, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'a', createdUtc: ago(3) });
    fake.fault({ path: /\/new$/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const cursor = await harness.cursorOf(source.id);

    fake.addPost({ subreddit: sub, title: 'b', createdUtc: ago(1) });
    fake.fault({ path: /\/new$/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not JSON/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);

    fake.fault({ path: /\/new$/, response: { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body>bad request</body></html>' } });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/HTTP 400, an HTML page/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('renews a token the API rejects (once), and asks a person when the app’s secret was changed', async () => {
    const { sub, clientId, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'a', createdUtc: ago(3) });
    await harness.runs.runSource(source.id);
    const before = await harness.credentialsOf(source.id);
    expect(before.accessToken).toBeTruthy();
    fake.expireTokens();
    fake.addPost({ subreddit: sub, title: 'b', createdUtc: ago(1) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await harness.credentialsOf(source.id)).accessToken).not.toBe(before.accessToken);

    fake.rotateSecret(clientId);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/refused the app’s credentials/) });
    expect((await harness.sourceState(source.id)).attention).toBe('credentials_rejected');
  });

  it('asks a person about a forbidden subreddit', async () => {
    const { source } = await newSource();
    fake.fault({ path: /\/new$/, response: { status: 403, body: { message: 'Forbidden', error: 403 } } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/403: Forbidden/) });
    expect((await harness.sourceState(source.id)).attention).toBe('configuration_rejected');
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { sub, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'start', createdUtc: ago(20) });
    await harness.runs.runSource(source.id);
    const a = fake.addPost({ subreddit: sub, title: 'a', createdUtc: ago(5) });
    const b = fake.addPost({ subreddit: sub, title: 'b', createdUtc: ago(5) });
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    const cursorBefore = await harness.cursorOf(source.id);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    commit.mockRestore();

    const c = fake.addPost({ subreddit: sub, title: 'c', createdUtc: ago(4) });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    const ids = (await docsOf(source.id)).map((d) => d.externalId);
    expect(ids).toEqual(expect.arrayContaining([a, b, c]));
    expect(ids).toHaveLength(4);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { sub, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'a', createdUtc: ago(2) });
    fake.fault({ path: /\/new$/, delayMs: 1_200 });
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

  // Last: the limit is per client and host, and a far reset holds every Reddit source on that host.
  it('is held until a far X-Ratelimit-Reset, as rate_limited, with the cursor unchanged', async () => {
    const { sub, source } = await newSource();
    fake.addPost({ subreddit: sub, title: 'a', createdUtc: ago(2) });
    fake.fault({ path: /\/new$/, response: { status: 429, headers: { 'x-ratelimit-used': '600', 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '540' }, body: { message: 'Too Many Requests', error: 429 } } });
    const started = Date.now();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    expect(await harness.cursorOf(source.id)).toBeNull();
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(held.backoffUntil!.getTime()).toBeGreaterThanOrEqual(started + 539_000);
  });
});
