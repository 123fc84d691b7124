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

  it('starts topic re-tags once every worker has re-read its topics, unless told otherwise (0 allowed)', () => {
    expect(loadWorkerConfig(BASE)).toMatchObject({ topicRetagSettleMs: 15_000, topicRetagLeaseSeconds: 60, topicRetagMaxAttempts: 5 });
    expect(loadWorkerConfig({ ...BASE, SOURCE_RELOAD_SECONDS: '40' }).topicRetagSettleMs).toBe(40_000);
    expect(loadWorkerConfig({ ...BASE, SOURCE_RELOAD_SECONDS: '40', TOPIC_RETAG_SETTLE_MS: '0' }).topicRetagSettleMs).toBe(0);
    expect(() => loadWorkerConfig({ ...BASE, TOPIC_RETAG_SETTLE_MS: '-1' })).toThrow(/TOPIC_RETAG_SETTLE_MS must be an integer between 0 and/);
    expect(() => loadWorkerConfig({ ...BASE, TOPIC_RETAG_LEASE_SECONDS: '0' })).toThrow(/TOPIC_RETAG_LEASE_SECONDS must be an integer/);
  });
});
