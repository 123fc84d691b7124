export * from './appstore-fake-server';
