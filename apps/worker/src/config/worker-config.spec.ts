import { loadWorkerConfig } from './worker-config';

const BASE = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ascolto' };

describe('loadWorkerConfig', () => {
  it('sizes the database pool for two connections per concurrent run plus spares', () => {
    expect(loadWorkerConfig(BASE).database.poolSize).toBe(36);
    expect(loadWorkerConfig({ ...BASE, COLLECTOR_CONCURRENCY: '2' }).database.poolSize).toBe(10);
    expect(loadWorkerConfig({ ...BASE, COLLECTOR_CONCURRENCY: '20' }).database.poolSize).toBe(44);
    expect(loadWorkerConfig({ ...BASE, COLLECTOR_CONCURRENCY: '2', DATABASE_POOL_SIZE: '30' }).database.poolSize).toBe(30);
  });

  it('fits the default concurrency into an explicit pool', () => {
    const config = loadWorkerConfig({ ...BASE, DATABASE_POOL_SIZE: '10' });
    expect(config.database.poolSize).toBe(10);
    expect(config.collectorConcurrency).toBe(5);
    expect(loadWorkerConfig({ ...BASE, DATABASE_POOL_SIZE: '3' }).collectorConcurrency).toBe(1);
  });

  it('refuses a pool too small for its runs, naming both settings', () => {
    expect(() => loadWorkerConfig({ ...BASE, COLLECTOR_CONCURRENCY: '8', DATABASE_POOL_SIZE: '10' })).toThrow(
      /DATABASE_POOL_SIZE must be at least 16 for COLLECTOR_CONCURRENCY=8/,
    );
    expect(() => loadWorkerConfig({ ...BASE, DATABASE_POOL_SIZE: '1' })).toThrow(/DATABASE_POOL_SIZE must be at least/);
    expect(() => loadWorkerConfig({ ...BASE, COLLECTOR_CONCURRENCY: '0' })).toThrow(/COLLECTOR_CONCURRENCY must be an integer/);
  });

  it('lets a topic fence expire after a minute by default, and refuses one shorter than three polls', () => {
    expect(loadWorkerConfig(BASE)).toMatchObject({ topicFenceSeconds: 60, topicRetagPollMs: 2_000, topicRetagLeaseSeconds: 60, topicRetagMaxAttempts: 5 });
    expect(loadWorkerConfig({ ...BASE, TOPIC_FENCE_SECONDS: '6' }).topicFenceSeconds).toBe(6);
    expect(() => loadWorkerConfig({ ...BASE, TOPIC_FENCE_SECONDS: '5' })).toThrow(/TOPIC_FENCE_SECONDS \(5\) must be at least three TOPIC_RETAG_POLL_MS intervals \(6 s\)/);
    expect(() => loadWorkerConfig({ ...BASE, TOPIC_FENCE_SECONDS: '0' })).toThrow(/TOPIC_FENCE_SECONDS must be an integer between 1 and/);
    expect(() => loadWorkerConfig({ ...BASE, TOPIC_RETAG_LEASE_SECONDS: '0' })).toThrow(/TOPIC_RETAG_LEASE_SECONDS must be an integer/);
  });

  it('re-analyses older mentions in the background by default, and reads the switch strictly', () => {
    expect(loadWorkerConfig(BASE)).toMatchObject({ reanalyseInBackground: true, reanalyseCheckSeconds: 600, reanalysePageSize: 500, reanalysePagePauseMs: 500 });
    expect(loadWorkerConfig({ ...BASE, REANALYSE_IN_BACKGROUND: 'false' }).reanalyseInBackground).toBe(false);
    expect(loadWorkerConfig({ ...BASE, REANALYSE_IN_BACKGROUND: ' OFF ' }).reanalyseInBackground).toBe(false);
    expect(loadWorkerConfig({ ...BASE, REANALYSE_IN_BACKGROUND: '1' }).reanalyseInBackground).toBe(true);
    expect(() => loadWorkerConfig({ ...BASE, REANALYSE_IN_BACKGROUND: 'maybe' })).toThrow(/REANALYSE_IN_BACKGROUND must be true or false \(got "maybe"\)/);
    expect(() => loadWorkerConfig({ ...BASE, REANALYSE_PAGE_SIZE: '20000' })).toThrow(/REANALYSE_PAGE_SIZE must be an integer between 1 and 10000/);
  });
});
