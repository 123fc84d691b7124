export * from './fake-api-server';
export * from './hackernews/fake-hackernews-server';
export * from './discourse';
export * from './meta/fake-meta-graph-server';
export * from './bluesky';
export * from './mastodon/fake-mastodon-server';
export * from './appstore';
export * from './reddit';
