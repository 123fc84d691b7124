import { FakeMastodonServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Mastodon through the real worker: loopback instance → adapter → pipeline → Elasticsearch →
 * cursor in PostgreSQL. Every test follows its own hashtag (or its own token), so tests share the
 * fake without seeing each other's statuses or rate-limit windows.
 */

interface Cursor {
  v: 1;
  key: string;
  feeds: Record<string, { newestId: string | null; startId: string | null; recent: Array<[string, string]>; walk: unknown }>;
}

const isoReset = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString().replace(/Z$/, '000Z');

describe('Mastodon through the worker', () => {
  const fake = new FakeMastodonServer();
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
    fake.publicPreview = true;
    fake.unknownTagAnswer = 'empty';
  });

  async function newHashtagSource(settings: Record<string, string | number | boolean> = {}, credentials?: Record<string, string>) {
    n++;
    const tag = `VelaMobile${n}`;
    fake.knowTag(tag);
    const source = await harness.addTypedSource({
      type: 'mastodon',
      url: fake.baseUrl,
      name: `Mastodon #${tag}`,
      settings: { mode: 'hashtag', hashtag: tag, pageSize: 2, ...settings },
      credentials,
    });
    return { tag, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string; content: string; editedAt: string | null; title: string | null; author: { handle: string | null }; publishedAt: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId);
  }
  const idsOf = async (sourceId: string) => (await docsOf(sourceId)).map((d) => d.externalId).sort();

  it('takes the newest page first, then every new status over several min_id pages, equal seconds included, never twice', async () => {
    const { tag, source } = await newHashtagSource();
    fake.addStatus({ tags: [tag] });
    const firstPage = [fake.addStatus({ tags: [tag] }), fake.addStatus({ tags: [tag.toLowerCase()] })];
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, error: null });

    // Remote statuses created in the same whole second, one behind a content warning.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000 - 30_000);
    const added = [
      fake.addStatus({ tags: [tag], remote: true, createdAt: second }),
      fake.addStatus({ tags: [tag], remote: true, createdAt: second, spoilerText: 'Reclamo' }),
      fake.addStatus({ tags: [tag], remote: true, createdAt: second }),
      fake.addStatus({ tags: [tag.toUpperCase()] }),
      fake.addStatus({ tags: [tag], legacy: true }),
    ];
    await harness.runs.runSource(source.id, { force: true });
    const run = await lastRun(source.id);
    expect(run).toMatchObject({ status: 'succeeded', created: 5, error: null });
    expect(run.requests).toBeGreaterThanOrEqual(4);
    expect(await idsOf(source.id)).toEqual([...firstPage, ...added].sort());
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(cursor.feeds[''].newestId).toBe(added[4]);

    const docs = await docsOf(source.id);
    const warned = docs.find((d) => d.externalId === added[1])!;
    expect(warned).toMatchObject({ title: 'Reclamo', author: { handle: expect.stringMatching(/@altra\.example$/) }, publishedAt: second.toISOString() });

    // Nothing new: an empty page, no Link header, nothing indexed again.
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0 });
    expect(fake.requestsTo(`/api/v1/timelines/tag/${tag}`).at(-1)!.query.get('min_id')).toBe(added[4]);
  });

  it('finds a late status whose id is below the cursor, and an edit, on the next run', async () => {
    const { tag, source } = await newHashtagSource();
    const edited = fake.addStatus({ tags: [tag] });
    await harness.runs.runSource(source.id);
    const cursorId = ((await harness.cursorOf(source.id)) as Cursor).feeds[''].newestId!;
    const cursorMs = Number(BigInt(cursorId) >> 16n);
    const late = fake.addStatus({ tags: [tag], remote: true, createdAt: new Date(cursorMs - 90_000), idFrom: 'created_at' });
    expect(BigInt(late) < BigInt(cursorId)).toBe(true);
    fake.edit(edited, '<p>Aggiornamento: ordine arrivato</p>');

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 1 });
    const docs = await docsOf(source.id);
    expect(docs.map((d) => d.externalId).sort()).toEqual([edited, late].sort());
    expect(docs.find((d) => d.externalId === edited)).toMatchObject({ content: '<p>Aggiornamento: ordine arrivato</p>', editedAt: expect.any(String) });

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0 });
  });

  it('waits for a near X-RateLimit-Reset, retries a 503 and a timeout', async () => {
    const { tag, source } = await newHashtagSource();
    fake.addStatus({ tags: [tag] });
    const path = new RegExp(`/tag/${tag}$`);
    fake.fault({ path, response: { status: 429, headers: { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': isoReset(800) }, body: { error: 'Too many requests' } } });
    fake.fault({ path, response: { status: 503, body: { error: 'Remote data could not be fetched' } } });
    fake.fault({ path, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 4 });
  });

  it('fails clearly on a malformed body and keeps the cursor', async () => {
    const { tag, source } = await newHashtagSource();
    fake.addStatus({ tags: [tag] });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    fake.addStatus({ tags: [tag] });
    fake.fault({ path: new RegExp(`/tag/${tag}$`), truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not JSON/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('asks a person when the hashtag is unknown, the public preview is off, or a token is missing or rejected', async () => {
    // Mastodon answers a tag it has never seen with an empty page: nothing to report yet.
    const unseen = await harness.addTypedSource({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'hashtag', hashtag: 'MaiVisto' } });
    await harness.runs.runSource(unseen.id);
    expect(await lastRun(unseen.id)).toMatchObject({ status: 'succeeded', fetched: 0 });
    // Servers that answer 404 Record not found (SOURCES.md §1) get the source held for a person.
    fake.unknownTagAnswer = 404;
    const unknown = await harness.addTypedSource({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'hashtag', hashtag: 'NessunoLoUsa' } });
    await harness.runs.runSource(unknown.id);
    expect(await lastRun(unknown.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/does not know the hashtag #NessunoLoUsa/) });
    expect((await harness.sourceState(unknown.id)).attention).toBe('configuration_rejected');

    const { source: hidden } = await newHashtagSource();
    fake.publicPreview = false;
    await harness.runs.runSource(hidden.id);
    expect(await lastRun(hidden.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/public preview is off/) });
    expect((await harness.sourceState(hidden.id)).attention).toBe('configuration_rejected');

    const noToken = await harness.addTypedSource({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'mentions' } });
    await harness.runs.runSource(noToken.id);
    expect((await harness.sourceState(noToken.id)).attention).toBe('credentials_missing');

    const revoked = await harness.addTypedSource({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'mentions' }, credentials: { accessToken: 'revoked-token' } });
    await harness.runs.runSource(revoked.id);
    expect(await lastRun(revoked.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/rejected the access token/) });
    expect((await harness.sourceState(revoked.id)).attention).toBe('credentials_rejected');
  });

  it('collects mentions of the brand account by notification id, and searches with a token', async () => {
    fake.tokens.add('token-care');
    const mentions = await harness.addTypedSource({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'mentions' }, credentials: { accessToken: 'token-care' } });
    const [first] = fake.addMention();
    await harness.runs.runSource(mentions.id);
    expect(await lastRun(mentions.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const [second] = fake.addMention({ remote: true });
    const [gone] = fake.addMention();
    fake.delete(gone);
    await harness.runs.runSource(mentions.id, { force: true });
    expect(await lastRun(mentions.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await idsOf(mentions.id)).toEqual([first, second].sort());
    expect(((await harness.cursorOf(mentions.id)) as Cursor).feeds[''].newestId).toMatch(/^\d{2,4}$/);

    const search = await harness.addTypedSource({
      type: 'mastodon',
      url: fake.baseUrl,
      settings: { mode: 'search', query: '"fibra spenta" OR blackout', pageSize: 2 },
      credentials: { accessToken: 'token-care' },
    });
    fake.addStatus({ content: '<p>La fibra spenta da ieri</p>' });
    await harness.runs.runSource(search.id);
    expect(await lastRun(search.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const news = [fake.addStatus({ content: '<p>blackout a Roma</p>' }), fake.addStatus({ content: '<p>ancora fibra spenta</p>' }), fake.addStatus({ content: '<p>blackout totale</p>' })];
    await harness.runs.runSource(search.id, { force: true });
    expect(await lastRun(search.id)).toMatchObject({ status: 'succeeded', created: 3 });
    expect(await idsOf(search.id)).toEqual(expect.arrayContaining(news));
    expect(fake.requestsTo('/api/v2/search').map((r) => r.query.get('q'))).toEqual(expect.arrayContaining(['"fibra spenta"', 'blackout']));
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { tag, source } = await newHashtagSource();
    fake.addStatus({ tags: [tag] });
    await harness.runs.runSource(source.id);
    const a = fake.addStatus({ tags: [tag] });
    const b = fake.addStatus({ tags: [tag] });
    const cursorBefore = await harness.cursorOf(source.id);
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    commit.mockRestore();

    const c = fake.addStatus({ tags: [tag] });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    const ids = await idsOf(source.id);
    expect(ids).toEqual(expect.arrayContaining([a, b, c]));
    expect(ids).toHaveLength(4);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { tag, source } = await newHashtagSource();
    fake.addStatus({ tags: [tag] });
    fake.fault({ path: new RegExp(`/tag/${tag}$`), delayMs: 1_200 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [x, y] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([x.kind, y.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
      expect(await idsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('is held until a far X-RateLimit-Reset (an ISO date), as rate_limited, with the cursor unchanged', async () => {
    fake.tokens.add('token-busy');
    const { tag, source } = await newHashtagSource({}, { accessToken: 'token-busy' });
    fake.addStatus({ tags: [tag] });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    const reset = isoReset(3_600_000);
    fake.fault({ path: new RegExp(`/tag/${tag}$`), response: { status: 429, headers: { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset }, body: { error: 'Too many requests' } } });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(Math.abs(held.backoffUntil!.getTime() - Date.parse(reset))).toBeLessThan(1_000);
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
  });
});
