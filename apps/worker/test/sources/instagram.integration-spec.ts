import { FakeMetaGraphServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Instagram hashtags and tagged media through the real worker: loopback Graph API fake → adapter →
 * pipeline → Elasticsearch → cursor in PostgreSQL. Each test has its own IG account and hashtag
 * (and its own token where a test spends the rate limit or kills the token).
 */

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

interface Cursor {
  hashtags: Record<string, { id: string; seen: Array<[string, number]> }>;
  tags: { newest: string | null };
}

describe('Instagram through the worker', () => {
  const fake = new FakeMetaGraphServer();
  const harness = new WorkerHarness();
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await fake.stop();
  });
  afterEach(() => {
    fake.clearFaults();
    fake.usagePercent = 3;
  });

  async function newSource(settings: Record<string, string | number | boolean | string[]> = {}, token = 'fake-page-token') {
    n++;
    const igUserId = `178414053${String(n).padStart(8, '0')}`;
    const hashtag = `velamobile${n}`;
    fake.addIgUser(igUserId);
    fake.addHashtag(hashtag);
    fake.validTokens.add(token);
    const source = await harness.addTypedSource({
      type: 'instagram',
      url: fake.baseUrl,
      name: `Instagram ${n}`,
      settings: { igUserId, hashtags: [`#${hashtag}`], pageSize: 3, maxPagesPerRun: 10, ...settings },
      credentials: { accessToken: token },
    });
    return { igUserId, hashtag, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ sourceId: string; content: string; author: { handle: string | null }; engagement?: { likes?: number } }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId);
  }

  it('collects hashtag and tagged media on the first poll, then only new media, searching the hashtag once', async () => {
    const { igUserId, hashtag, source } = await newSource();
    for (let i = 0; i < 5; i++) fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(30 + i), caption: `Amo #${hashtag} ${i}` });
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(40), media_type: 'CAROUSEL_ALBUM', caption: 'Carosello', likesHidden: true });
    const at = minutesAgo(20);
    for (let i = 0; i < 4; i++) fake.addTagged(igUserId, { timestamp: at, caption: `Taggati ${i}`, username: `fan${i}` });

    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 10, error: null });
    const docs = await docsOf(source.id);
    expect(docs.find((d) => d.content === 'Carosello')!.engagement?.likes).toBeUndefined();
    expect(docs.filter((d) => d.author.handle?.startsWith('fan'))).toHaveLength(4);
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(cursor.hashtags[hashtag].id).toMatch(/^\d+$/);

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0 });

    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(1), caption: 'Nuovissimo' });
    fake.addTagged(igUserId, { timestamp: at, caption: 'Stesso secondo' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    expect(fake.requestsTo(/ig_hashtag_search$/).filter((r) => r.query.get('user_id') === igUserId)).toHaveLength(1);
    expect(await docsOf(source.id)).toHaveLength(12);
  });

  it('ends the recent_media walk on the repeated after cursor and on an empty hashtag', async () => {
    const { hashtag, source } = await newSource({ includeTags: false });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0 });
    for (let i = 0; i < 9; i++) fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(10 + i) });
    await harness.runs.runSource(source.id, { force: true });
    const run = await lastRun(source.id);
    expect(run.status).toBe('succeeded');
    // Page 1, then the constant-`after` page once; following it again would loop forever.
    expect(run.requests).toBe(2);
    expect(run.created).toBe(6);
  });

  it('recovers from a 500 and from a timeout within the run', async () => {
    const { hashtag, source } = await newSource({ includeTags: false });
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(5) });
    fake.fault({ path: /recent_media$/, response: { status: 503, body: 'Service Unavailable' } });
    fake.fault({ path: /recent_media$/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    // search, 503, timeout, page 1, then the (empty) page behind the constant `after`.
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 5 });
  });

  it('fails clearly on a malformed body and keeps the cursor', async () => {
    const { igUserId, source } = await newSource({ hashtags: [] });
    fake.addTagged(igUserId, { timestamp: minutesAgo(5) });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    fake.addTagged(igUserId, { timestamp: minutesAgo(1) });
    fake.fault({ path: /\/tags$/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    const failed = await lastRun(source.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/not JSON/);
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('holds the source on code 80002 until Meta\'s estimate', async () => {
    const { hashtag, source } = await newSource({ includeTags: false }, 'ig-throttled-token');
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(5) });
    fake.throttle({ code: 80002, regainMinutes: 15, path: /recent_media$/ });
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/80002/);
    const state = await harness.sourceState(source.id);
    expect(state.attention).toBe('rate_limited');
    expect(state.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 13 * 60_000);
    expect(await harness.cursorOf(source.id)).toBeNull();
  });

  it('asks for a new token on code 190 and for a fix on an unknown hashtag', async () => {
    const dead = await newSource({}, 'ig-dying-token');
    fake.expireToken('ig-dying-token');
    await harness.runs.runSource(dead.source.id);
    expect(await harness.sourceState(dead.source.id)).toMatchObject({ attention: 'credentials_rejected' });

    const unknown = await newSource({ hashtags: ['nessunoluserebbemai'] });
    await harness.runs.runSource(unknown.source.id);
    expect((await lastRun(unknown.source.id)).error).toMatch(/no hashtag #nessunoluserebbemai/);
    expect(await harness.sourceState(unknown.source.id)).toMatchObject({ attention: 'configuration_rejected' });
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { hashtag, source } = await newSource({ includeTags: false });
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(5), caption: 'Uno' });
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(4), caption: 'Due' });
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect((await lastRun(source.id)).status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    commit.mockRestore();
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(1), caption: 'Tre' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    expect((await docsOf(source.id)).map((d) => d.content).sort()).toEqual(['Due', 'Tre', 'Uno']);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { hashtag, source } = await newSource({ includeTags: false });
    fake.addHashtagMedia(hashtag, { timestamp: minutesAgo(5) });
    fake.fault({ path: /ig_hashtag_search$/, delayMs: 1_500 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([a.kind, b.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
