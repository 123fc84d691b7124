export * from './bluesky-fake-server';
