import { LoopbackFeedServer, type FeedItem } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Feeds in the wild through the real worker: Google Alerts, phpBB and vBulletin shapes from the
 * loopback feed server → RSS adapter → pipeline → Elasticsearch → cursor in PostgreSQL.
 */

interface Doc {
  sourceId: string;
  externalId: string;
  url: string | null;
  title: string | null;
  content: string;
  text: string;
  publishedAt: string;
  author: { name: string };
}

describe('RSS/Atom feeds in the wild through the worker', () => {
  const feeds = new LoopbackFeedServer();
  const harness = new WorkerHarness();
  let n = 0;

  beforeAll(async () => {
    await feeds.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await feeds.stop();
  });

  const post = (i: number, extra: Partial<FeedItem> = {}): FeedItem => ({
    guid: `https://forum.example.it/viewtopic.php?p=${i}#p${i}`,
    title: `Addebito doppio ${i}`,
    link: `https://forum.example.it/viewtopic.php?p=${i}#p${i}`,
    description: `<p>Vela Mobile mi ha addebitato due volte la bolletta, caso ${i}</p>`,
    author: `cliente${i}`,
    pubDate: new Date(Date.UTC(2026, 10, 20, 8, i)),
    ...extra,
  });

  async function newFeed(items: FeedItem[], options: Parameters<LoopbackFeedServer['setItems']>[2] = {}) {
    const path = `/wild/${++n}/feed`;
    feeds.setItems(path, items, options);
    const source = await harness.addSource(feeds.url(path), `Feed ${n}`);
    return { path, source };
  }
  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;
  async function docsOf(sourceId: string): Promise<Doc[]> {
    const docs = await harness.indexedMentions<Doc>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
  }

  it('Google Alerts: article links unwrapped, plain titles; then only the new alert', async () => {
    const { path, source } = await newFeed(
      [post(1, { title: 'Vela Mobile aumenta le tariffe', link: 'https://news.example.it/tariffe?utm_source=ga', description: 'Da marzo Vela Mobile aumenta' })],
      { format: 'google-alerts', title: 'Vela Mobile' },
    );
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    feeds.addItem(path, post(2, { title: 'Guasto Vela Mobile al nord', link: 'https://news.example.it/guasto' }));
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, duplicates: 1 });
    const docs = await docsOf(source.id);
    expect(docs.map((d) => [d.url, d.title])).toEqual([
      ['https://news.example.it/tariffe', 'Vela Mobile aumenta le tariffe'],
      ['https://news.example.it/guasto', 'Guasto Vela Mobile al nord'],
    ]);
    expect(docs[0].text).not.toMatch(/<b>|nbsp/);
  });

  it('phpBB: a PHP error after the feed, the statistics footer out of the text, Italian dates', async () => {
    const { source } = await newFeed([post(1, { pubDateText: 'mer, 16 nov 2022 10:00:00 +0100' }), post(2)], {
      format: 'phpbb',
      title: 'Forum Vela',
      trailer: '\n<b>Fatal error</b>: Uncaught Error in /var/www/forum/feed.php:42',
    });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, error: null });
    const [older] = await docsOf(source.id);
    expect(older).toMatchObject({ publishedAt: '2022-11-16T09:00:00.000Z', author: { name: 'cliente1' }, title: 'Assistenza clienti • Addebito doppio 1' });
    expect(older.text).toContain('addebitato due volte');
    expect(older.text).not.toMatch(/Statistiche|Inviato da/);
  });

  it('vBulletin: Windows-1252 bytes behind an ISO-8859-1 label arrive as the right characters', async () => {
    const { source } = await newFeed([post(1, { title: 'Canone “fantasma” da 9,99 €', description: 'L’operatore dice — attendere' })], { format: 'vbulletin', title: 'Forum' });
    await harness.runs.runSource(source.id);
    const [doc] = await docsOf(source.id);
    expect(doc.title).toBe('Canone “fantasma” da 9,99 €');
    expect(doc.text).toContain('L’operatore dice — attendere');
  });

  it('indexes the whole items of a truncated feed, says so, and takes the rest once the feed is whole', async () => {
    const { path, source } = await newFeed([post(1), post(2), post(3)]);
    const whole = await (await fetch(feeds.url(path))).text();
    feeds.setFault(path, { status: 200, body: whole.slice(0, whole.lastIndexOf('<item>') + 30), headers: { 'content-type': 'application/rss+xml' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    expect(((await harness.cursorOf(source.id)) as { etag: string | null }).etag).toBeNull();
    feeds.setFault(path, null);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await docsOf(source.id)).toHaveLength(3);
  });

  it('holds a feed that answers 429 with Retry-After until then, with the cursor kept', async () => {
    const { path, source } = await newFeed([post(1)]);
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    feeds.setFault(path, { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '900' } });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    feeds.setFault(path, null);
    feeds.addItem(path, post(2));
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await harness.sourceState(source.id)).toMatchObject({ attention: null, backoffUntil: null });
  });

  it('fails a timeout and a 5xx cleanly, then recovers', async () => {
    const { path, source } = await newFeed([post(1)], { format: 'phpbb', title: 'Forum' });
    feeds.setFault(path, { delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Timed out/i) });
    feeds.setFault(path, { status: 502, body: '<html>Bad Gateway</html>' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/502/) });
    expect(await harness.cursorOf(source.id)).toBeNull();
    feeds.setFault(path, null);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('keeps a forum post that reuses an earlier guid as its own mention', async () => {
    const { path, source } = await newFeed([post(1, { guid: 'thread-7' })]);
    await harness.runs.runSource(source.id);
    feeds.setItems(path, [post(2, { guid: 'thread-7' }), post(1, { guid: 'thread-7' })]);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 0 });
    expect((await docsOf(source.id)).map((d) => d.title)).toEqual(['Addebito doppio 1', 'Addebito doppio 2']);
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates', async () => {
    const { source } = await newFeed([post(1), post(2)], { format: 'google-alerts', title: 'Vela' });
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect(await harness.cursorOf(source.id)).toBeNull();
    commit.mockRestore();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect(await docsOf(source.id)).toHaveLength(2);
  });

  it('lets only one of two workers run a feed at a time', async () => {
    const { path, source } = await newFeed([post(1)], { format: 'vbulletin', title: 'Forum' });
    feeds.setFault(path, { delayMs: 1_200 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([a.kind, b.kind].sort()).toEqual(['finished', 'skipped']);
    } finally {
      feeds.setFault(path, null);
      await other.close();
    }
  });
});
