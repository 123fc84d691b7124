export * from './fake-api-server';
export * from './hackernews/fake-hackernews-server';
