export * from './reddit-fake-server';
