// The test harness: real services set up and torn down per test file, loopback fake sources,
// demo content and factories. Used by tests, benchmarks and the demo; never by the apps.
export * from './database';
export * from './deferred';
export * from './elasticsearch';
export * from './elasticsearch-fault-proxy';
export * from './mention-factory';
export * from './mention-stream';
export * from './feeds';
export * from './demo';
export * from './collectors';
export * from './fakes';
