/*
 * X API v2 recent-search payloads as the collector reads them (SOURCES.md §7, corrections 33–40).
 * Everything is optional: a 200 may carry only `errors[]` (no `data`, no `meta`), pre-2022 posts
 * lack `edit_history_tweet_ids`, and `meta.newest_id` is on the first page only.
 */

export interface XPublicMetrics {
  retweet_count?: number;
  reply_count?: number;
  like_count?: number;
  quote_count?: number;
  bookmark_count?: number;
  impression_count?: number;
}

export interface XTweet {
  id?: string;
  text?: string;
  edit_history_tweet_ids?: string[];
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  lang?: string;
  public_metrics?: XPublicMetrics;
  referenced_tweets?: Array<{ type?: string; id?: string }>;
  note_tweet?: { text?: string };
  entities?: unknown;
}

export interface XUser {
  id?: string;
  name?: string;
  username?: string;
  verified?: boolean;
  verified_type?: string;
  profile_image_url?: string;
  public_metrics?: { followers_count?: number; following_count?: number; tweet_count?: number; listed_count?: number; like_count?: number };
}

/** One partial error (`not-authorized-for-field`, `resource-not-found`, …) or a problem's parameter error. */
export interface XErrorItem {
  title?: string;
  detail?: string;
  type?: string;
  message?: string;
  code?: number;
  parameters?: Record<string, unknown>;
  resource_type?: string;
  value?: string;
}

export interface XSearchResponse {
  data?: XTweet[];
  includes?: { users?: XUser[]; tweets?: XTweet[] };
  meta?: { newest_id?: string; oldest_id?: string; result_count?: number; next_token?: string };
  errors?: XErrorItem[];
}

/** RFC 7807 problem (400 has no `status`, 401/429 use `about:blank`) or the legacy `{errors:[{code,message}]}`. */
export interface XProblem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  period?: string;
  scope?: string;
  reason?: string;
  errors?: XErrorItem[];
}
