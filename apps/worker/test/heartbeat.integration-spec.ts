import { HeartbeatService } from '../src/scheduling/heartbeat.service';
import type { SourceSchedulerService } from '../src/scheduling/source-scheduler.service';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import type { WorkerConfig } from '../src/config/worker-config';
import { WorkerHarness } from './worker-harness';

interface HeartbeatRow {
  started_at: Date;
  last_beat_at: Date;
  beat_age_seconds: number;
  alive: boolean;
}

describe('worker heartbeat', () => {
  const harness = new WorkerHarness();
  beforeAll(async () => {
    await harness.start({ WORKER_ID: 'heartbeat-test-worker' });
  });
  afterEach(() => {
    jest.useRealTimers();
  });
  afterAll(async () => {
    await harness.stop();
  });

  // Tests build workers without schedules, so the service is built here; it reports no schedules.
  const noSchedules = { schedules: () => [] } as unknown as SourceSchedulerService;
  const heartbeat = () => new HeartbeatService(harness.dataSource, noSchedules, harness.app.get<WorkerConfig>(WORKER_CONFIG));

  const row = async (): Promise<HeartbeatRow> => {
    const rows = await harness.dataSource.query<HeartbeatRow[]>(
      `SELECT started_at, last_beat_at,
              EXTRACT(EPOCH FROM now() - last_beat_at)::float8 AS beat_age_seconds,
              last_beat_at > now() - interval '2 minutes' AS alive
         FROM worker_heartbeats WHERE worker_id = 'heartbeat-test-worker'`,
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  it('stamps its beats with the database clock, so a worker whose clock is ten minutes behind still counts as alive', async () => {
    // Only Date is faked: timers, and so the PostgreSQL driver, run as usual.
    jest.useFakeTimers({
      now: Date.now() - 10 * 60_000,
      doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'],
    });
    await heartbeat().beat();
    const beat = await row();
    expect(Math.abs(beat.beat_age_seconds)).toBeLessThan(5);
    expect(beat.alive).toBe(true);
  });

  it('keeps its start time across beats, and a new process reusing the id starts its own', async () => {
    const service = heartbeat();
    await service.beat();
    const first = await row();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await service.beat();
    const second = await row();
    expect(second.started_at.getTime()).toBe(first.started_at.getTime());
    expect(second.last_beat_at.getTime()).toBeGreaterThan(first.last_beat_at.getTime());

    // The same id after a restart (WORKER_ID set in the environment): a fresh service, first beat.
    const restarted = heartbeat();
    await restarted.beat();
    const third = await row();
    expect(third.started_at.getTime()).toBeGreaterThan(first.started_at.getTime());
  });
});
