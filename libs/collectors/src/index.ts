export * from './mention-id';
export * from './source-adapter';
export { GuardedHttpClient, type GuardedHttpClientOptions, type GuardedResponse } from './http/guarded-http-client';
export { OutboundRequestError, OutboundUrlRefusedError, type OutboundRequestErrorKind } from './http/outbound-errors';
export { assertOutboundUrlAllowed, parseAllowList } from './http/outbound-guard';
export { RssFeedAdapter } from './rss/rss-feed-adapter';
export { type RssCursor, parseRssCursor, MAX_SEEN_IDS } from './rss/rss-cursor';
export { FeedHttpError, FeedParseError } from './rss/feed-errors';
