/*
 * The parts of Bluesky's XRPC payloads the collector reads (lexicons app.bsky.feed.defs#postView,
 * app.bsky.feed.post, app.bsky.richtext.facet, com.atproto.server.createSession). Everything is
 * optional: recorded responses lack `quoteCount`, `langs`, `author.createdAt` and `hitsTotal` in
 * some years and never carry `bookmarkCount` (SOURCES.md corrections 12, 16).
 */

export interface BskyStrongRef {
  uri?: string;
  cid?: string;
}

export interface BskyFacetFeature {
  $type?: string;
  /** `#link` */
  uri?: string;
  /** `#mention` */
  did?: string;
  /** `#tag` (without `#`) */
  tag?: string;
}

export interface BskyFacet {
  index?: { byteStart?: number; byteEnd?: number };
  features?: BskyFacetFeature[];
}

export interface BskyPostRecord {
  $type?: string;
  text?: string;
  createdAt?: string;
  langs?: string[];
  facets?: BskyFacet[];
  reply?: { root?: BskyStrongRef; parent?: BskyStrongRef };
}

export interface BskyAuthor {
  did?: string;
  handle?: string;
  displayName?: string;
  avatar?: string;
  createdAt?: string;
}

export interface BskyPostView {
  uri?: string;
  cid?: string;
  author?: BskyAuthor;
  record?: BskyPostRecord;
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  quoteCount?: number;
  indexedAt?: string;
  labels?: unknown[];
}

export interface BskySearchPostsResponse {
  cursor?: string;
  hitsTotal?: number;
  posts?: BskyPostView[];
}

export interface BskyProfileView {
  did?: string;
  handle?: string;
  followersCount?: number;
}

/** What the collector keeps of a session: never `email`, `didDoc` or the other PII of the 200 body. */
export interface BskySession {
  accessJwt: string;
  refreshJwt: string;
  did: string;
  handle: string;
}

export interface XrpcError {
  error?: string;
  message?: string;
}
