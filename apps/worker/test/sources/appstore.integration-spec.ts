import { AppStoreFakeServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * App Store reviews through the real worker: loopback Apple feed → adapter → pipeline →
 * Elasticsearch → cursor in PostgreSQL. One fake, pages of 3; every test uses its own app id.
 */

interface Doc {
  sourceId: string;
  sourceKey: string;
  externalId: string;
  title: string | null;
  text: string;
  rating?: number | null;
  publishedAt: string;
  editedAt?: string | null;
}

describe('App Store reviews through the worker', () => {
  const apple = new AppStoreFakeServer();
  const harness = new WorkerHarness();
  let app = 900_000_000;

  beforeAll(async () => {
    apple.pageSize = 3;
    await apple.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await apple.stop();
  });
  afterEach(() => {
    apple.clearFaults();
    apple.metadataEntry = false;
  });

  async function newApp(settings: Record<string, string | number> = {}) {
    const appId = String(++app);
    const source = await harness.addTypedSource({ type: 'appstore', url: apple.baseUrl, name: `App ${appId}`, settings: { appId, ...settings } });
    return { appId, source };
  }
  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;
  async function docsOf(sourceId: string): Promise<Doc[]> {
    const docs = await harness.indexedMentions<Doc>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).sort((a, b) => a.externalId.localeCompare(b.externalId));
  }

  it('reads every page on the first poll, then only new reviews (equal dates too), never twice', async () => {
    const { appId, source } = await newApp();
    const at = new Date('2026-11-20T08:00:00Z');
    for (let i = 0; i < 7; i++) apple.addReview(appId, 'it', { title: `Login impossibile ${i}`, text: 'Dopo l’aggiornamento non entro più', rating: 1 + (i % 5), updated: at });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 7, requests: 3, error: null });
    const docs = await docsOf(source.id);
    expect(docs[0]).toMatchObject({ sourceKey: `apple:it:${appId}`, publishedAt: '2026-11-20T08:00:00.000Z', title: expect.stringMatching(/^Login impossibile \d · v5\.4\.1$/) });
    expect(docs.map((d) => d.rating).sort()).toEqual([1, 1, 2, 2, 3, 4, 5]);

    for (let i = 0; i < 4; i++) apple.addReview(appId, 'it', { text: `Nuova ${i}` });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 4, requests: 2 });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0, requests: 1 });
    expect(await docsOf(source.id)).toHaveLength(11);
  });

  it('succeeds on an app without reviews (JSON feed without entry), and reads JSON shapes later', async () => {
    const { appId, source } = await newApp({ format: 'json' });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
    apple.metadataEntry = true;
    apple.addReview(appId, 'it', { text: 'Unica recensione', rating: 4 });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 2, created: 1 });
    expect((await docsOf(source.id))[0]).toMatchObject({ rating: 4, text: 'Unica recensione' });
  });

  it('re-indexes an edited review with its new rating', async () => {
    const { appId, source } = await newApp();
    const id = apple.addReview(appId, 'it', { text: 'Non funziona', rating: 1 });
    await harness.runs.runSource(source.id);
    apple.editReview(id, 'Ora funziona, grazie', 5);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    expect((await docsOf(source.id))[0]).toMatchObject({ rating: 5, text: 'Ora funziona, grazie', editedAt: expect.any(String) });
  });

  it('continues a walk cut by maxPages on the next run, without a gap', async () => {
    const { appId, source } = await newApp({ maxPages: 1 });
    apple.addReview(appId, 'it');
    await harness.runs.runSource(source.id);
    for (let i = 0; i < 5; i++) apple.addReview(appId, 'it');
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 3 });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    expect(await docsOf(source.id)).toHaveLength(6);
  });

  it('waits out a short 429 and holds the source for a long Retry-After', async () => {
    // Its own host: Apple's limit is per client, so a long hold on one host holds every app there.
    const limited = new AppStoreFakeServer();
    await limited.start();
    try {
      const appId = String(++app);
      const source = await harness.addTypedSource({ type: 'appstore', url: limited.baseUrl, name: 'Limited', settings: { appId } });
      limited.addReview(appId, 'it');
      limited.fault({ response: { status: 429, headers: { 'Retry-After': '1' }, body: '' } });
      await harness.runs.runSource(source.id);
      expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 2 });
      limited.fault({ response: { status: 429, headers: { 'Retry-After': '3600' }, body: '' } });
      const before = await harness.cursorOf(source.id);
      await harness.runs.runSource(source.id, { force: true });
      expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
      const held = await harness.sourceState(source.id);
      expect(held).toMatchObject({ attention: 'rate_limited' });
      expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
      expect(await harness.cursorOf(source.id)).toEqual(before);
      expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'backoff' });
    } finally {
      await limited.stop();
    }
  });

  it('retries a 5xx and recovers; fails a timeout and malformed XML cleanly with the cursor kept', async () => {
    const { appId, source } = await newApp();
    apple.addReview(appId, 'it');
    apple.fault({ response: { status: 503, body: 'Service Unavailable' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const cursor = await harness.cursorOf(source.id);
    apple.addReview(appId, 'it');

    apple.fault({ delayMs: 2_200, times: 4 });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Timed out/i) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);

    apple.fault({ response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Oops</body></html>' } });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/no <feed> element/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursor);

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  }, 30_000);

  it('asks for attention on a bad app id instead of retrying forever', async () => {
    const { source } = await newApp({ appId: 'not-an-app' });
    await harness.runs.runSource(source.id);
    expect(await harness.sourceState(source.id)).toMatchObject({ attention: 'configuration_rejected' });
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { appId, source } = await newApp();
    apple.addReview(appId, 'it');
    apple.addReview(appId, 'it');
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toBeNull();
    commit.mockRestore();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect(await docsOf(source.id)).toHaveLength(2);
  });

  it('lets only one of two workers run an app at a time', async () => {
    const { appId, source } = await newApp();
    apple.addReview(appId, 'it');
    apple.fault({ delayMs: 1_200 });
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
