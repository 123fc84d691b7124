import { LoopbackFeedServer } from '@ascolto/testing';
import { CollectionRunService } from '../src/collection/collection-run.service';
import { MentionIngestService } from '../src/collection/mention-ingest.service';
import { WorkerHarness } from './worker-harness';

const FEED = '/brand/feed.xml';

function post(n: number, extra: Partial<{ description: string; author: string }> = {}) {
  return {
    guid: `post-${n}`,
    title: `Post ${n}`,
    link: `https://forum.example/t/${n}`,
    description: extra.description ?? `<p>La fibra di Vela Mobile non funziona da ieri sera, post numero ${n}. Qualcuno sa qualcosa?</p>`,
    author: extra.author ?? `utente${n}`,
    pubDate: new Date(Date.UTC(2026, 10, 20, 8, n)),
  };
}

describe('a collector run (worker → loopback feed → pipeline → Elasticsearch → cursor)', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();
  let feedUrl: string;

  beforeAll(async () => {
    feedUrl = `${await feed.start()}${FEED}`;
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  it('indexes new items, then uses a conditional GET and takes nothing twice', async () => {
    feed.setItems(FEED, [post(1), post(2), post(3)]);
    const source = await harness.addSource(feedUrl);

    const first = await harness.runs.runSource(source.id);
    expect(first.kind).toBe('finished');
    const firstRun = (await harness.runsOf(source.id))[0];
    expect(firstRun).toMatchObject({ status: 'succeeded', fetched: 3, created: 3, updated: 0, error: null });
    expect(await harness.indexedIds()).toHaveLength(3);
    const cursor = (await harness.cursorOf(source.id)) as { etag: string | null; seenIds: string[] };
    expect(cursor.seenIds).toEqual(expect.arrayContaining(['post-1', 'post-2', 'post-3']));

    await harness.runs.runSource(source.id);
    const second = (await harness.runsOf(source.id))[1];
    expect(second.status).toBe('not_modified');
    const lastRequest = feed.requests.filter((r) => r.path === FEED).at(-1)!;
    expect(lastRequest.headers['if-none-match'] ?? lastRequest.headers['if-modified-since']).toBeTruthy();

    feed.addItem(FEED, post(4));
    await harness.runs.runSource(source.id);
    const third = (await harness.runsOf(source.id))[2];
    expect(third).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await harness.indexedIds()).toHaveLength(4);
  });

  it('records a failed run with the reason, keeps the cursor, and recovers on the next run', async () => {
    const path = '/faulty/feed.xml';
    feed.setItems(path, [post(10), post(11)]);
    const source = await harness.addSource(`${feedUrl.replace(FEED, path)}`, 'Faulty feed');
    await harness.runs.runSource(source.id, { force: true });
    const cursorBefore = await harness.cursorOf(source.id);
    feed.addItem(path, post(12));

    for (const [fault, expected] of [
      [{ status: 404 }, /404/],
      [{ status: 500 }, /500/],
      [{ notAFeed: true }, /not an RSS or Atom feed/i],
      [{ redirectLoop: true }, /redirect/i],
    ] as const) {
      feed.setFault(path, fault);
      await harness.runs.runSource(source.id, { force: true });
      const run = (await harness.runsOf(source.id)).at(-1)!;
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(expected);
      expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    }

    feed.setFault(path, null);
    await harness.runs.runSource(source.id, { force: true });
    const recovered = (await harness.runsOf(source.id)).at(-1)!;
    expect(recovered).toMatchObject({ status: 'succeeded', created: 1, requests: 1, duplicates: 2 });
    expect(await harness.sourceState(source.id)).toMatchObject({ consecutiveFailures: 0, backoffUntil: null, attention: null });
  });

  it('holds a source that keeps failing back with a growing backoff, and a person can still run it now', async () => {
    const path = '/down/feed.xml';
    feed.setItems(path, [post(30)]);
    const source = await harness.addSource(`${feedUrl.replace(FEED, path)}`, 'Down feed');
    feed.setFault(path, { status: 503 });

    expect((await harness.runs.runSource(source.id)).kind).toBe('finished');
    expect(await harness.sourceState(source.id)).toMatchObject({ consecutiveFailures: 1, backoffUntil: null });
    expect((await harness.runs.runSource(source.id)).kind).toBe('finished');
    const held = await harness.sourceState(source.id);
    expect(held.consecutiveFailures).toBe(2);
    expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 10_000);

    expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'backoff' });
    expect(await harness.runsOf(source.id)).toHaveLength(2);

    feed.setFault(path, null);
    const forced = await harness.runs.runSource(source.id, { force: true });
    expect(forced.kind === 'finished' && forced.run.status).toBe('succeeded');
    expect(await harness.sourceState(source.id)).toMatchObject({ consecutiveFailures: 0, backoffUntil: null });
  });

  it('keeps hostile markup as inert data: raw in content, stripped from text', async () => {
    const path = '/hostile/feed.xml';
    feed.setItems(path, [post(20, { description: '<p>Ciao <script>alert(1)</script><img src=x onerror=alert(2)> rimborso?</p>', author: '<b>Mallory</b>' })]);
    const source = await harness.addSource(`${feedUrl.replace(FEED, path)}`, 'Hostile feed');
    await harness.runs.runSource(source.id);
    await harness.indexedIds(); // refreshes the index
    const response = await harness.search.search<{ text: string; content: string; sourceId: string }>({
      index: `${harness.indexPrefix}mentions`,
      query: { term: { sourceId: source.id } },
    });
    const doc = response.hits.hits[0]._source!;
    expect(doc.text).not.toMatch(/<script|<img|onerror/);
    expect(doc.text).toContain('rimborso');
    expect(doc.content).toContain('<script>');
  });

  it('lets only one of two workers run a source at a time', async () => {
    const path = '/slow/feed.xml';
    feed.setItems(path, [post(30)]);
    feed.setFault(path, { delayMs: 1500 });
    const source = await harness.addSource(`${feedUrl.replace(FEED, path)}`, 'Slow feed');
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      const kinds = [a.kind, b.kind].sort();
      expect(kinds).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
    } finally {
      feed.setFault(path, null);
      await other.close();
    }
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const path = '/crash/feed.xml';
    feed.setItems(path, [post(40), post(41)]);
    const source = await harness.addSource(`${feedUrl.replace(FEED, path)}`, 'Crash feed');
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    const before = (await harness.indexedIds()).length;

    await harness.runs.runSource(source.id);
    expect((await harness.runsOf(source.id)).at(-1)!.status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    expect((await harness.indexedIds()).length).toBe(before + 2);

    commit.mockRestore();
    await harness.runs.runSource(source.id);
    const rerun = (await harness.runsOf(source.id)).at(-1)!;
    expect(rerun).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect((await harness.indexedIds()).length).toBe(before + 2);
    expect(await harness.cursorOf(source.id)).not.toBeNull();
  });
});
