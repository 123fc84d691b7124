export * from './loopback-feed-server';
