import { LoopbackFeedServer } from '@ascolto/testing';
import { WorkerHarness } from './worker-harness';

jest.setTimeout(60_000);

describe('many sources due at the same second', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();

  beforeAll(async () => {
    await feed.start();
    // A pool that fits two concurrent runs, and far more runs than connections: without the
    // run slots every connection would hold a lock and wait forever for a second one.
    await harness.start({ COLLECTOR_CONCURRENCY: '2', DATABASE_POOL_SIZE: '8' });
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  it('runs them all, a few at a time, without exhausting the connection pool', async () => {
    const sources = [];
    for (let i = 0; i < 12; i++) {
      const path = `/many/${i}.xml`;
      feed.setItems(path, [{ guid: `m-${i}`, title: `Post ${i}`, link: `https://forum.example/m/${i}`, description: `Rete assente a Parma, segnalazione ${i}`, pubDate: new Date() }]);
      feed.setFault(path, { delayMs: 150 });
      sources.push(await harness.addSource(feed.url(path), `Many ${i}`));
    }
    const outcomes = await Promise.all(sources.map((source) => harness.runs.runSource(source.id)));
    expect(outcomes.every((o) => o.kind === 'finished' && o.run.status === 'succeeded')).toBe(true);
    expect(await harness.indexedIds()).toHaveLength(12);

    // Never more than two fetches in flight: each waited 150 ms, so arrivals come in pairs.
    const arrivals = feed.requests.filter((r) => r.path.startsWith('/many/')).map((r) => r.at.getTime()).sort((a, b) => a - b);
    for (let i = 2; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 2]).toBeGreaterThanOrEqual(120);
  });
});
