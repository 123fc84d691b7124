export * from './demo-posts';
export * from './demo-feed-publisher';
