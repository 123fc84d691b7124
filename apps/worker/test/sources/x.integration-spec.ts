import { FakeXServer } from '@ascolto/testing';
import { X_PRICE_PER_POST_USD, X_PRICE_PER_USER_USD } from '@ascolto/collectors';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * X recent search through the real worker: loopback X API fake → adapter → pipeline →
 * Elasticsearch → cursor and spend in PostgreSQL. Each test searches its own word, so tests share
 * the fake without seeing each other's posts.
 */

const TOKEN = 'test-x-bearer';

/** The stored cursor, as far as these tests read it (libs/collectors/src/x/x-adapter.ts). */
interface XCursor {
  sinceId: string | null;
  walk: { nextToken: string; sinceId: string | null; newestId: string | null } | null;
}

describe('X recent search through the worker', () => {
  const fake = new FakeXServer();
  const harness = new WorkerHarness();
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    await harness.start();
    fake.addUser({ id: '2244994945', name: 'Paola Tesi', username: 'paola_t', followers: 845 });
    fake.addUser({ id: '783214', name: 'Marco', username: 'marco_b', followers: 12 });
  });
  afterAll(async () => {
    await harness.stop();
    await fake.stop();
  });
  afterEach(() => {
    fake.clearFaults();
    fake.shortPageBy = 0;
    fake.partialErrors = [];
  });

  function word(): string {
    n++;
    return `velax${n}`;
  }

  let t = 0;
  const post = (w: string, extra: Partial<Parameters<FakeXServer['addTweet']>[0]> = {}) =>
    fake.addTweet({ text: `Il servizio ${w} non risponde da giorni, numero ${++t} ${'abcdefgh'.slice(t % 8)}`, authorId: t % 2 ? '2244994945' : '783214', ...extra });

  async function addSource(settings: Record<string, string | number | boolean>, budgetLimit: number | null = null, credentials = { bearerToken: TOKEN }) {
    return harness.addTypedSource({ type: 'x', url: fake.baseUrl, name: `X ${n}`, settings, credentials, budgetLimit });
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ id: string; sourceId: string; externalId: string; content: string; text: string; url: string; editedAt: string | null; author: { handle: string | null; followers: number | null } }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId);
  }
  const externalIdsOf = async (sourceId: string) => (await docsOf(sourceId)).map((d) => d.externalId).sort();
  const searches = () => fake.requestsTo('/2/tweets/search/recent');

  it('takes a first poll over several pages (short pages with next_token, equal times), then only what is new with since_id', async () => {
    const w = word();
    const sameTime = new Date(Date.now() - 60_000);
    const first = Array.from({ length: 23 }, (_, i) => post(w, { createdAt: i < 4 ? sameTime : new Date(Date.now() - (30 - i) * 60_000) }));
    fake.shortPageBy = 1;
    const source = await addSource({ query: w, pageSize: 10 });
    await harness.runs.runSource(source.id);
    // Pages of 9 although 10 were asked: only a missing next_token ends the walk.
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 23, requests: 3 });
    expect(await externalIdsOf(source.id)).toEqual([...first].sort());
    const walk = searches().slice(-3);
    expect(walk[0].query.get('query')).toBe(`${w} -is:retweet`);
    // The first search looks back a day (the default), not the whole billed 7-day window.
    expect(Date.parse(walk[0].query.get('start_time')!)).toBeGreaterThan(Date.now() - 24 * 3_600_000 - 60_000);
    expect(walk[0].query.get('since_id')).toBeNull();
    expect(walk[0].query.get('expansions')).toBe('author_id');
    expect(walk[0].query.get('tweet.fields')).toContain('edit_history_tweet_ids');
    expect(walk[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(walk[1].query.get('next_token')).toBeTruthy();
    const newest = [...first].sort((a, b) => (BigInt(a) < BigInt(b) ? 1 : -1))[0];
    // An id beyond 2^53, kept exactly (as a JS number it would round).
    expect(((await harness.cursorOf(source.id)) as XCursor).sinceId).toBe(newest);

    const later = [post(w), post(w)];
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, requests: 1 });
    expect(searches().at(-1)!.query.get('since_id')).toBe(newest);
    expect(await externalIdsOf(source.id)).toEqual([...first, ...later].sort());
    const doc = (await docsOf(source.id)).find((d) => d.externalId === later[0])!;
    expect(doc.url).toMatch(new RegExp(`^https://x\\.com/(paola_t|marco_b)/status/${later[0]}$`));
    expect(doc.author.followers === 845 || doc.author.followers === 12).toBe(true);
  });

  it('keeps the cursor on an empty result (result_count 0, no newest_id)', async () => {
    const w = word();
    post(w);
    const source = await addSource({ query: w, pageSize: 10 });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, fetched: 0 });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
  });

  it('renders the topic query in X syntax, leaves out reposts, and keeps emoji and escapes intact', async () => {
    const w = word();
    const original = post(w, { text: `${w} &lt;3 ma il rimborso? 🤨 #${w}` });
    post(w, { text: `RT @paola_t: ${w} repost`, retweetOf: original });
    const source = await addSource({ query: `${w} OR "${w} fibra"`, pageSize: 10 });
    await harness.runs.runSource(source.id);
    expect(searches().at(-1)!.query.get('query')).toBe(`(${w} OR "${w} fibra") -is:retweet`);
    const docs = await docsOf(source.id);
    expect(docs.map((d) => d.externalId)).toEqual([original]);
    expect(docs[0].content).toContain('🤨');
    expect(docs[0].content).toContain('&amp;lt;3');
  });

  it('maps an edit (a new post id) onto the same mention, the newest version replacing the older', async () => {
    const w = word();
    const id = post(w, { text: `${w}: consegna in ritardo` });
    const source = await addSource({ query: w, pageSize: 10 });
    await harness.runs.runSource(source.id);
    const before = await docsOf(source.id);
    expect(before).toHaveLength(1);
    const newId = fake.editTweet(id, `${w}: consegna in ritardo di una settimana, nessuna risposta`);
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    const after = await docsOf(source.id);
    expect(after).toHaveLength(1);
    expect(after[0].id).toBe(before[0].id);
    expect(after[0]).toMatchObject({ externalId: id, content: expect.stringContaining('una settimana') });
    expect(after[0].url).toContain(newId);
    expect(after[0].editedAt).not.toBeNull();
  });

  it('waits out a 429 whose x-rate-limit-reset is near, and retries a 5xx and a timeout', async () => {
    const w = word();
    const id = post(w);
    const source = await addSource({ query: w, pageSize: 10 });
    fake.exhaustRateLimit(1);
    fake.fault({ path: /search\/recent/, response: { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503 } } });
    fake.fault({ path: /search\/recent/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await externalIdsOf(source.id)).toEqual([id]);
  });

  it('fails clearly on a malformed body and keeps the cursor', async () => {
    const w = word();
    post(w);
    const source = await addSource({ query: w, pageSize: 10 });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    post(w);
    fake.fault({ path: /search\/recent/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/not JSON/);
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('asks a person when the bearer token is refused (401 about:blank)', async () => {
    const w = word();
    const source = await addSource({ query: w }, null, { bearerToken: 'revoked' });
    await harness.runs.runSource(source.id);
    expect((await lastRun(source.id)).error).toMatch(/bearer token.*Unauthorized/);
    expect((await harness.sourceState(source.id)).attention).toBe('credentials_rejected');
  });

  it('reads a 400 problem without status as a configuration problem', async () => {
    const w = word();
    const source = await addSource({ query: w });
    fake.fault({
      path: /search\/recent/,
      response: {
        status: 400,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          errors: [{ parameters: { query: [w] }, message: 'There were errors processing your request: Reference to invalid operator (at position 9)' }],
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          type: 'https://api.twitter.com/2/problems/invalid-request',
        },
      },
    });
    await harness.runs.runSource(source.id);
    expect((await lastRun(source.id)).error).toMatch(/Invalid Request.*invalid operator/);
    expect((await harness.sourceState(source.id)).attention).toBe('configuration_rejected');
  });

  it('takes a 200 with only errors[] as an empty page, and indexes data that comes with partial errors', async () => {
    const w = word();
    const source = await addSource({ query: w, pageSize: 10 });
    fake.errorsOnlyOnce = [{ detail: 'User has been suspended: [acme_fake].', title: 'Forbidden', resource_type: 'user', type: 'https://api.twitter.com/2/problems/resource-not-found' }];
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0 });
    expect((await harness.cursorOf(source.id)) as XCursor).toMatchObject({ sinceId: null });

    const id = post(w);
    fake.partialErrors = [{ title: 'Authorization Error', detail: 'Sorry, you are not authorized to see the field public_metrics.impression_count.', type: 'https://api.twitter.com/2/problems/not-authorized-for-field' }];
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await externalIdsOf(source.id)).toEqual([id]);
  });

  it('keeps to the monthly spending cap across runs: stops before it, waits for the next month, then continues without a gap', async () => {
    const w = word();
    const month1 = new Date(Date.UTC(2030, 2, 10, 12));
    const month2 = new Date(Date.UTC(2030, 3, 2, 12));
    const ids = Array.from({ length: 60 }, (_, i) => post(w, { authorId: '2244994945', createdAt: new Date(month1.getTime() - (90 - i) * 60_000) }));
    // A page of 10 costs at most 10 × (post + user); four pages fit in $0.35, a fifth would not.
    const source = await addSource({ query: w, pageSize: 10 }, 0.35);

    await harness.runs.runSource(source.id, { now: month1 });
    const first = await lastRun(source.id);
    expect(first).toMatchObject({ status: 'succeeded', created: 40, requests: 4 });
    const perPage = 10 * X_PRICE_PER_POST_USD + 1 * X_PRICE_PER_USER_USD;
    expect(Number(first.spent)).toBeCloseTo(4 * perPage, 6);
    const rows = await harness.dataSource.query('SELECT period, used FROM source_budgets WHERE source_id = $1', [source.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].period).toBe('2030-03');
    expect(Number(rows[0].used)).toBeCloseTo(4 * perPage, 6);
    expect(((await harness.cursorOf(source.id)) as XCursor).walk?.nextToken).toBeTruthy();

    // What is left ($0.11) cannot pay for a page: no request, the source waits for April.
    const before = searches().length;
    await harness.runs.runSource(source.id, { now: new Date(month1.getTime() + 60_000) });
    expect(searches().length).toBe(before);
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('quota_exhausted');
    expect(held.backoffUntil?.toISOString()).toBe('2030-04-01T00:00:00.000Z');
    expect((await harness.runs.runSource(source.id, { now: new Date(month1.getTime() + 120_000) })).kind).toBe('skipped');

    await harness.runs.runSource(source.id, { now: month2 });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 20 });
    expect(await externalIdsOf(source.id)).toEqual([...ids].sort());
    expect((await harness.sourceState(source.id)).attention).toBeNull();
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const w = word();
    const ids = [post(w), post(w)];
    const source = await addSource({ query: w, pageSize: 10 });
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    try {
      await harness.runs.runSource(source.id);
    } finally {
      commit.mockRestore();
    }
    expect((await lastRun(source.id)).status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect(await externalIdsOf(source.id)).toEqual([...ids].sort());
  });

  it('lets only one of two workers run a source at a time', async () => {
    const w = word();
    post(w);
    const source = await addSource({ query: w, pageSize: 10 });
    fake.fault({ path: /search\/recent/, delayMs: 1_500 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([a.kind, b.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  // Last: the adapter remembers a spent window for its token, as it should, until the reset.
  it('is held until a far x-rate-limit-reset, as rate_limited, with the cursor unchanged', async () => {
    const w = word();
    post(w);
    const source = await addSource({ query: w, pageSize: 10 });
    fake.exhaustRateLimit(600);
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    const state = await harness.sourceState(source.id);
    expect(state.attention).toBe('rate_limited');
    expect(Math.abs(state.backoffUntil!.getTime() - (Date.now() + 600_000))).toBeLessThan(15_000);
    expect(await harness.cursorOf(source.id)).toBeNull();
  });
});
