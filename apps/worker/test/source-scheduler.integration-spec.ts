import { CollectorRegistry } from '../src/collection/collector-registry';
import { SourceEntity } from '@ascolto/persistence';
import { LoopbackFeedServer } from '@ascolto/testing';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import type { WorkerConfig } from '../src/config/worker-config';
import { SourceSchedulerService } from '../src/scheduling/source-scheduler.service';
import { WorkerHarness } from './worker-harness';

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the source scheduler', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();
  let scheduler: SourceSchedulerService;
  let base: string;

  beforeAll(async () => {
    base = await feed.start();
    await harness.start();
    const config: WorkerConfig = { ...harness.app.get<WorkerConfig>(WORKER_CONFIG), sourceReloadSeconds: 1 };
    scheduler = new SourceSchedulerService(harness.dataSource, harness.runs, harness.app.get(CollectorRegistry), config);
    await scheduler.onApplicationBootstrap();
  });
  afterAll(async () => {
    await scheduler.onApplicationShutdown();
    await harness.stop();
    await feed.stop();
  });

  it('picks up a new source, runs it on its schedule, follows edits and stops when it is disabled', async () => {
    feed.setItems('/a.xml', [{ guid: 'a-1', title: 'A', link: 'https://forum.example/a/1', description: 'Rete giù a Bari', pubDate: new Date() }]);
    const sources = harness.dataSource.getRepository(SourceEntity);
    const source = await sources.save({ type: 'rss', name: 'Scheduled feed', url: `${base}/a.xml`, schedule: '*/1 * * * * *', enabled: true });

    // Seen at the next reload, polled soon after, then again at each tick.
    await until(async () => (await harness.runsOf(source.id)).length >= 3, 15_000);
    expect(scheduler.schedules()).toEqual([expect.objectContaining({ sourceId: source.id, schedule: '*/1 * * * * *' })]);
    expect(Date.parse(scheduler.schedules()[0].nextRunAt!)).toBeGreaterThan(Date.now() - 1000);
    expect((await harness.runsOf(source.id))[0]).toMatchObject({ status: 'succeeded', created: 1 });

    await sources.update({ id: source.id }, { schedule: '0 0 1 1 *' });
    await scheduler.reload();
    expect(scheduler.schedules()[0].schedule).toBe('0 0 1 1 *');

    await sources.update({ id: source.id }, { enabled: false });
    const disabledAt = Date.now();
    await scheduler.reload();
    expect(scheduler.schedules()).toEqual([]);
    // A run that read the source before it was disabled may still finish and be recorded (on a
    // loaded machine it did); a run started later reads it disabled and records nothing.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const startedLater = (await harness.runsOf(source.id)).filter((run) => run.startedAt.getTime() > disabledAt);
    expect(startedLater).toEqual([]);
  });
});
