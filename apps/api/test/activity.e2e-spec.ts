import { ApiTestEnv } from './support/api-test-env';

describe('GET /api/activity', () => {
  let env: ApiTestEnv;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
  });
  afterAll(async () => {
    await env?.close();
  });

  const beat = (workerId: string, secondsAgo: number, activity: unknown) =>
    env.db.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules, activity)
       VALUES ($1, now() - interval '1 hour', now() - make_interval(secs => $2), '[]'::jsonb, $3::jsonb)
       ON CONFLICT (worker_id) DO UPDATE SET last_beat_at = EXCLUDED.last_beat_at, activity = EXCLUDED.activity`,
      [workerId, secondsAgo, activity === null ? null : JSON.stringify(activity)],
    );
  const reanalysis = { kind: 'reanalysis', pipelineVersion: 'linear-5', processed: 1500, total: 80000, startedAt: '2026-11-23T08:00:00.000Z' };

  it('lists the background work of live workers, for any signed-in role', async () => {
    await beat('worker-busy', 3, reanalysis);
    await beat('worker-idle', 3, null);
    // Stopped two minutes ago without clearing what it reported: not shown.
    await beat('worker-gone', 180, { ...reanalysis, processed: 10 });
    // Something this version does not know: not passed on.
    await beat('worker-odd', 3, { kind: 'mining', processed: -1 });

    const { agent } = await env.login('analyst');
    const res = await agent.get('/api/activity').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({ items: [{ ...reanalysis, workerId: 'worker-busy' }] });
  });

  it('is empty when nothing runs', async () => {
    await env.db.dataSource.query('UPDATE worker_heartbeats SET activity = NULL');
    const { agent } = await env.login('agent');
    expect((await agent.get('/api/activity').expect(200)).body).toEqual({ items: [] });
  });

  it('asks for a session', async () => {
    await env.http().get('/api/activity').expect(401);
  });
});
