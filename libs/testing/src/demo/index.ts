export * from './demo-posts';
export * from './demo-feed-publisher';
export * from './demo-sources-publisher';
