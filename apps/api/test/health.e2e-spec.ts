import { ApiTestEnv } from './support/api-test-env';

describe('GET /api/health', () => {
  let env: ApiTestEnv;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
  });
  afterAll(async () => {
    await env?.close();
  });

  const beat = (workerId: string, secondsAgo: number) =>
    env.db.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules)
       VALUES ($1, now() - interval '1 hour', now() - make_interval(secs => $2), $3::jsonb)
       ON CONFLICT (worker_id) DO UPDATE SET last_beat_at = EXCLUDED.last_beat_at, schedules = EXCLUDED.schedules`,
      [
        workerId,
        secondsAgo,
        JSON.stringify([
          { sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000001', name: 'Forum', schedule: '*/2 * * * *', nextRunAt: '2026-03-01T10:02:00.000Z', running: false },
        ]),
      ],
    );

  it('is 503 with a clear message when no worker has reported, while PostgreSQL and Elasticsearch are up', async () => {
    const res = await env.http().get('/api/health').expect(503);
    expect(res.body.status).toBe('error');
    expect(res.body.details.database).toEqual({ status: 'up' });
    expect(res.body.details.elasticsearch).toMatchObject({ status: 'up', cluster: expect.stringMatching(/^(green|yellow)$/) });
    expect(res.body.details.worker).toEqual({ status: 'down', message: expect.stringMatching(/No worker has reported in the last 2 minutes/) });
  });

  it('is still 503 when the only heartbeat is older than two minutes', async () => {
    await beat('old-worker', 180);
    const res = await env.http().get('/api/health').expect(503);
    expect(res.body.details.worker.status).toBe('down');
  });

  it('is 200 with the schedules of live workers, without signing in', async () => {
    await beat('worker-a', 5);
    const res = await env.http().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.worker).toEqual({
      status: 'up',
      workers: [
        {
          workerId: 'worker-a',
          startedAt: expect.any(String),
          lastBeatAt: expect.any(String),
          schedules: [{ sourceId: '0b6f7a52-1f0e-4c3b-9a8e-000000000001', name: 'Forum', schedule: '*/2 * * * *', nextRunAt: '2026-03-01T10:02:00.000Z', running: false }],
        },
      ],
    });
    expect(res.headers['cache-control']).toMatch(/no-store/);
  });

  it('reveals no connection details', async () => {
    const text = JSON.stringify((await env.http().get('/api/health')).body);
    expect(text).not.toContain('postgres://');
    expect(text).not.toContain(env.db.url);
    expect(text).not.toContain('9200');
    expect(text).not.toContain(env.indexPrefix);
  });
});
