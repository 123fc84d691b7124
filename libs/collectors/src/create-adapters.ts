import type { SourceType } from '@ascolto/domain';
import type { ApiClientOptions } from './http/api-client';
import type { GuardedHttpClient } from './http/guarded-http-client';
import { RssFeedAdapter } from './rss/rss-feed-adapter';
import { RedditAdapter } from './reddit/reddit.adapter';
import { BlueskyAdapter } from './bluesky/bluesky.adapter';
import { FacebookPageAdapter } from './meta/facebook-page-adapter';
import { InstagramAdapter } from './meta/instagram-adapter';
import { HackerNewsAdapter } from './hackernews/hackernews-adapter';
import { MastodonAdapter } from './mastodon/mastodon-adapter';
import { DiscourseAdapter } from './discourse/discourse-adapter';
import { AppStoreAdapter } from './appstore/appstore-adapter';
import { YouTubeAdapter } from './youtube/youtube-adapter';
import { XRecentSearchAdapter } from './x/x-adapter';
import type { SourceAdapter } from './source-adapter';

/** What every adapter constructor takes besides the guarded client. */
export interface AdapterOptions {
  /** Retry, backoff and pacing settings of the adapter's `ApiClient` (tests make them fast). */
  api?: ApiClientOptions;
}

/**
 * One adapter per polled source type, all sharing the guarded HTTP client. Used by the worker
 * (runs) and the API ("test connection"). Push types (`webhook`, `import`) are read from
 * PostgreSQL by the worker itself and have no adapter here.
 */
export function createSourceAdapters(http: GuardedHttpClient, options: AdapterOptions = {}): Map<SourceType, SourceAdapter> {
  const adapters: SourceAdapter[] = [new RssFeedAdapter(http), new HackerNewsAdapter(http, options), new MastodonAdapter(http, options)];
  void options;
  adapters.push(new RedditAdapter(http, options));
  adapters.push(new BlueskyAdapter(http, options));
  adapters.push(new FacebookPageAdapter(http, options), new InstagramAdapter(http, options));
  adapters.push(new DiscourseAdapter(http, options));
  adapters.push(new AppStoreAdapter(http, options));
  adapters.push(new YouTubeAdapter(http, options), new XRecentSearchAdapter(http, options));
  return new Map(adapters.map((adapter) => [adapter.type, adapter]));
}
