import { FakeHackerNewsServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Hacker News through the real worker: loopback Algolia fake → adapter → pipeline →
 * Elasticsearch → cursor in PostgreSQL. Every test searches its own word, so tests share the fake
 * without seeing each other's hits.
 */

interface Cursor {
  v: 1;
  searches: Record<string, { since: number; seen: Array<[string, number]>; walk: { upper: number; top: number } | null }>;
}

describe('Hacker News through the worker', () => {
  const fake = new FakeHackerNewsServer();
  const harness = new WorkerHarness();
  const T = Math.floor(Date.now() / 1000) - 3_600;
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

  async function newSource(settings: Record<string, string | number> = {}) {
    n++;
    const word = `velamobile${n}`;
    const source = await harness.addTypedSource({ type: 'hackernews', url: fake.baseUrl, name: `HN ${n}`, settings: { query: word, hitsPerPage: 3, ...settings } });
    return { word, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function externalIdsOf(sourceId: string): Promise<string[]> {
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).map((d) => d.externalId).sort();
  }

  it('starts with the newest page, then takes new stories and comments over several pages, equal seconds included, never twice', async () => {
    const { word, source } = await newSource();
    const first = [0, 1, 2].map((i) => fake.addComment({ created_at_i: T + i, comment_text: `<p>La fibra ${word} non va&#x27;, giorno ${i}</p>` }));
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 3, error: null });

    const added = [
      fake.addStory({ created_at_i: T + 100, title: `Ask HN: ${word} down again?`, story_text: 'Since this morning', points: 12, num_comments: 4 }),
      ...[0, 1, 2, 3].map((i) => fake.addComment({ created_at_i: T + 200, comment_text: `${word} ha problemi anche qui ${i}` })),
      fake.addComment({ created_at_i: T + 201, comment_text: `${word} rimborso?`, style: '2014' }),
    ];
    await harness.runs.runSource(source.id, { force: true });
    const second = await lastRun(source.id);
    expect(second).toMatchObject({ status: 'succeeded', created: 6, error: null });
    expect(second.requests).toBeGreaterThanOrEqual(2);
    expect(await externalIdsOf(source.id)).toEqual([...first, ...added].sort());
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(cursor.searches[`(story,comment) ${word}`].since).toBe(T + 201);

    const docs = await harness.indexedMentions<{ externalId: string; title: string | null; url: string; engagement?: { likes?: number; replies?: number }; author: { handle: string } }>();
    const story = [...docs.values()].find((d) => d.externalId === added[0])!;
    expect(story).toMatchObject({ title: `Ask HN: ${word} down again?`, url: `https://news.ycombinator.com/item?id=${added[0]}`, engagement: { likes: 12, replies: 4 }, author: { handle: 'pg_fan' } });

    // Nothing new: the overlap is read again, seen ids drop it all.
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0 });
    expect((await lastRun(source.id)).fetched).toBeGreaterThan(0);
  });

  it('succeeds on an empty result and keeps listening from now', async () => {
    const { source } = await newSource();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(Object.values(cursor.searches)[0].since).toBeGreaterThan(T);
  });

  it('finds a hit that the index shows late with an older time', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T + 500, comment_text: `${word} uno` });
    await harness.runs.runSource(source.id);
    const late = fake.addComment({ created_at_i: T + 450, comment_text: `${word} in ritardo`, hidden: true });
    fake.addComment({ created_at_i: T + 510, comment_text: `${word} due` });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ created: 1 });
    fake.reveal(late);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ created: 1 });
    expect(await externalIdsOf(source.id)).toContain(late);
  });

  it('waits out a short 429 and a 5xx', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T, comment_text: `${word} a` });
    fake.fault({ path: /search_by_date/, response: { status: 429, headers: { 'Retry-After': '1' }, body: 'Too Many Requests' } });
    fake.fault({ path: /search_by_date/, response: { status: 503, body: { message: 'Service Unavailable', status: 503 } } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 3 });
  });

  it('retries a timeout, and fails clearly on a malformed body with the cursor unchanged', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T, comment_text: `${word} a` });
    fake.fault({ path: /search_by_date/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 2 });
    const cursor = await harness.cursorOf(source.id);

    fake.addComment({ created_at_i: T + 10, comment_text: `${word} b` });
    fake.fault({ path: /search_by_date/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not JSON/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('asks a person for a query when there is none', async () => {
    const { source } = await newSource({ query: '' });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/needs a query/) });
    expect((await harness.sourceState(source.id)).attention).toBe('configuration_rejected');
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T, comment_text: `${word} start` });
    await harness.runs.runSource(source.id);
    const a = fake.addComment({ created_at_i: T + 20, comment_text: `${word} a` });
    const b = fake.addComment({ created_at_i: T + 20, comment_text: `${word} b` });
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    const cursorBefore = await harness.cursorOf(source.id);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    commit.mockRestore();

    const c = fake.addComment({ created_at_i: T + 21, comment_text: `${word} c` });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    const ids = await externalIdsOf(source.id);
    expect(ids).toEqual(expect.arrayContaining([a, b, c]));
    expect(ids).toHaveLength(4);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T, comment_text: `${word} a` });
    fake.fault({ path: /search_by_date/, delayMs: 1_200 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [x, y] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([x.kind, y.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
      expect(await externalIdsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  // Last: Algolia limits per IP, so a far Retry-After holds every HN source of this worker.
  it('is held until a far Retry-After, as rate_limited', async () => {
    const { word, source } = await newSource();
    fake.addComment({ created_at_i: T, comment_text: `${word} a` });
    fake.fault({ path: /search_by_date/, response: { status: 429, headers: { 'Retry-After': '3600' }, body: 'Too Many Requests' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    expect(await harness.cursorOf(source.id)).toBeNull();
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'backoff' });
  });
});
