import { LoopbackFeedServer } from '@ascolto/testing';
import { CollectionRunService } from '../src/collection/collection-run.service';
import { CollectorRegistry } from '../src/collection/collector-registry';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import type { WorkerConfig } from '../src/config/worker-config';
import { SourceSchedulerService } from '../src/scheduling/source-scheduler.service';
import { WorkerHarness } from './worker-harness';

jest.setTimeout(60_000);

const item = (n: number) => ({ guid: `g-${n}`, title: `Post ${n}`, link: `https://forum.example/t/${n}`, description: `Disservizio numero ${n} a Torino`, pubDate: new Date() });

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('graceful shutdown of the scheduler', () => {
  const feed = new LoopbackFeedServer();
  // Requests may take long here: the point is what shutdown does with a run in progress.
  const harness = new WorkerHarness();

  beforeAll(async () => {
    await feed.start();
    await harness.start({ COLLECTOR_TIMEOUT_MS: '20000' });
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  const schedulerWithGrace = (graceMs: number) =>
    new SourceSchedulerService(harness.dataSource, harness.runs, harness.app.get(CollectorRegistry), {
      ...harness.app.get<WorkerConfig>(WORKER_CONFIG),
      shutdownGraceMs: graceMs,
    });

  it('lets a run that finishes within the grace period write its cursor', async () => {
    feed.setItems('/quick.xml', [item(1)]);
    feed.setFault('/quick.xml', { delayMs: 600 });
    const source = await harness.addSource(feed.url('/quick.xml'), 'Quick feed');
    const scheduler = schedulerWithGrace(5_000);
    const running = scheduler.trigger(source.id);
    await until(() => feed.requestsFor('/quick.xml').length > 0, 10_000);
    await scheduler.onApplicationShutdown();
    await running;
    expect((await harness.runsOf(source.id))[0]).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await harness.cursorOf(source.id)).not.toBeNull();
  });

  it('cancels a run still going after the grace period, leaving its cursor where it was', async () => {
    feed.setItems('/stuck.xml', [item(2)]);
    feed.setFault('/stuck.xml', { stallBodyMs: 15_000 });
    const source = await harness.addSource(feed.url('/stuck.xml'), 'Stuck feed');
    // A fresh worker context: cancelling is for good, as in a real process exit.
    const app = await harness.createWorker({ COLLECTOR_TIMEOUT_MS: '20000' });
    try {
      const scheduler = new SourceSchedulerService(harness.dataSource, app.get(CollectionRunService), app.get(CollectorRegistry), {
        ...app.get<WorkerConfig>(WORKER_CONFIG),
        shutdownGraceMs: 300,
      });
      const running = scheduler.trigger(source.id);
      await until(() => feed.requestsFor('/stuck.xml').length > 0, 10_000);
      const started = Date.now();
      await scheduler.onApplicationShutdown();
      await running;
      expect(Date.now() - started).toBeLessThan(5_000);
      const [run] = await harness.runsOf(source.id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/cancel/i);
      expect(await harness.cursorOf(source.id)).toBeNull();
      // Only the first test's mention: nothing of the cancelled run was indexed.
      expect(await harness.indexedIds()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
