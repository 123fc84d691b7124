import { LoopbackFeedServer } from '@ascolto/testing';
import { WorkerHarness } from './worker-harness';

jest.setTimeout(60_000);

describe('a source that hangs', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();

  beforeAll(async () => {
    await feed.start();
    // One run at a time, requests allowed to be slow, but a whole run capped at one second.
    await harness.start({ COLLECTOR_CONCURRENCY: '1', COLLECTOR_TIMEOUT_MS: '20000', COLLECTOR_RUN_TIMEOUT_MS: '1000' });
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  it('is cut off at the run timeout, cursor untouched, and the source waiting behind it runs', async () => {
    const post = (n: number) => ({ guid: `s-${n}`, title: `Post ${n}`, link: `https://forum.example/s/${n}`, description: `Linea fissa muta da stamattina, ticket ${n}`, pubDate: new Date() });
    feed.setItems('/hangs.xml', [post(1)]);
    feed.setFault('/hangs.xml', { stallBodyMs: 15_000 });
    feed.setItems('/fine.xml', [post(2)]);
    const hangs = await harness.addSource(feed.url('/hangs.xml'), 'Hangs');
    const fine = await harness.addSource(feed.url('/fine.xml'), 'Fine');

    const started = Date.now();
    const [slow, quick] = await Promise.all([harness.runs.runSource(hangs.id), harness.runs.runSource(fine.id)]);
    expect(Date.now() - started).toBeLessThan(8_000);

    expect(slow.kind === 'finished' && slow.run.status).toBe('failed');
    expect(slow.kind === 'finished' && slow.run.error).toMatch(/^run stopped after 1000 ms \(COLLECTOR_RUN_TIMEOUT_MS\)/);
    expect(await harness.cursorOf(hangs.id)).toBeNull();
    expect(quick.kind === 'finished' && quick.run.status).toBe('succeeded');
    expect(await harness.indexedIds()).toHaveLength(1);
  });
});
