/*
 * Discourse JSON as forums send it (SOURCES.md §5 and corrections 51–55). Every field is optional:
 * plugins, versions and the viewer's rights change what a post carries, and `name` is null or ""
 * for most users.
 */

export interface DiscourseActionSummary {
  id?: number;
  count?: number;
}

export interface DiscoursePost {
  id?: number | string;
  topic_id?: number | string;
  post_number?: number;
  reply_to_post_number?: number | null;
  topic_slug?: string | null;
  topic_title?: string | null;
  topic_html_title?: string | null;
  category_id?: number | null;
  username?: string | null;
  name?: string | null;
  user_id?: number | null;
  avatar_template?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
  last_version_at?: string | null;
  version?: number | null;
  /** Rendered HTML: quotes in `<aside class="quote">`, oneboxes, mentions, emoji images. */
  cooked?: string | null;
  /** Markdown source (posts.json has it, search results do not). */
  raw?: string | null;
  excerpt?: string | null;
  truncated?: boolean | null;
  /** Search results: an excerpt of plain text around the match. */
  blurb?: string | null;
  post_url?: string | null;
  reply_count?: number | null;
  reads?: number | null;
  like_count?: number | null;
  score?: number | null;
  hidden?: boolean | null;
  deleted_at?: string | null;
  user_deleted?: boolean | null;
  post_type?: number | null;
  actions_summary?: DiscourseActionSummary[] | null;
  /** Newer forums with content localization. */
  locale?: string | null;
  /** The author is one of the forum's admins or moderators. */
  staff?: boolean | null;
}

/** `GET /posts.json[?before=ID]`: newest first, 50 a page, no paging hint (correction 51). */
export interface DiscourseLatestPosts {
  latest_posts?: DiscoursePost[] | null;
}

export interface DiscourseSearchTopic {
  id?: number | string;
  title?: string | null;
  fancy_title?: string | null;
  slug?: string | null;
  posts_count?: number | null;
  category_id?: number | null;
}

/** `GET /search.json?q=…&page=N`. */
export interface DiscourseSearchResult {
  posts?: DiscoursePost[] | null;
  topics?: DiscourseSearchTopic[] | null;
  grouped_search_result?: {
    more_posts?: boolean | null;
    post_ids?: Array<number | string> | null;
    term?: string | null;
  } | null;
}

/** Error bodies: `{"errors":[…],"error_type":"rate_limit","extras":{"wait_seconds":N}}`, or `{"message":…}` on anonymous search. */
export interface DiscourseErrorBody {
  errors?: string[];
  error_type?: string;
  message?: string;
  extras?: { wait_seconds?: number; time_left?: string };
}
