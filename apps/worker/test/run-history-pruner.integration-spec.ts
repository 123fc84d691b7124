import { CollectorRunEntity, SourceBudgetEntity } from '@ascolto/persistence';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import type { WorkerConfig } from '../src/config/worker-config';
import { RunHistoryPrunerService } from '../src/scheduling/run-history-pruner.service';
import { WorkerHarness } from './worker-harness';

describe('run history pruning', () => {
  const harness = new WorkerHarness();
  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('deletes runs older than the retention but always keeps the newest run of each source', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const day = 86_400_000;
    const busy = await harness.addSource('http://127.0.0.1:9/busy.xml', 'Busy');
    const quiet = await harness.addSource('http://127.0.0.1:9/quiet.xml', 'Quiet');
    const runs = harness.dataSource.getRepository(CollectorRunEntity);
    const run = (sourceId: string, daysAgo: number) =>
      runs.create({ sourceId, workerId: 'w', status: 'succeeded', startedAt: new Date(now.getTime() - daysAgo * day), finishedAt: null, fetched: 0, created: 0, updated: 0, rejectedItems: [], error: null });
    await runs.save([run(busy.id, 30), run(busy.id, 20), run(busy.id, 13), run(busy.id, 1), run(quiet.id, 40), run(quiet.id, 35)]);
    await harness.dataSource.getRepository(SourceBudgetEntity).save([
      { sourceId: busy.id, period: '2024-05', used: 10 },
      { sourceId: busy.id, period: '2026-11-22', used: 3 },
    ]);

    const pruner = new RunHistoryPrunerService(harness.dataSource, { ...harness.app.get<WorkerConfig>(WORKER_CONFIG), runHistoryDays: 14 });
    expect(await pruner.pruneOnce(now)).toBe(3);

    const left = await runs.find({ order: { startedAt: 'ASC' } });
    const age = (r: CollectorRunEntity) => Math.round((now.getTime() - r.startedAt.getTime()) / day);
    expect(left.filter((r) => r.sourceId === busy.id).map(age)).toEqual([13, 1]);
    // The quiet source's newest run stays although it is old: its health still has a last run.
    expect(left.filter((r) => r.sourceId === quiet.id).map(age)).toEqual([35]);
    expect((await harness.dataSource.getRepository(SourceBudgetEntity).find()).map((b) => b.period)).toEqual(['2026-11-22']);
    expect(await pruner.pruneOnce(now)).toBe(0);
  });
});
