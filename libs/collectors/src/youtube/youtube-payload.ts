/*
 * YouTube Data API v3 payloads as the collector reads them (SOURCES.md §8 and corrections 41–45).
 * Every field is optional: recorded responses from 2019 lack `snippet.channelId`, `textOriginal`
 * comes for everyone's comments, and `pageInfo.totalResults` is a page size, not a total.
 */

export interface YtCommentSnippet {
  channelId?: string;
  videoId?: string;
  textDisplay?: string;
  textOriginal?: string;
  parentId?: string;
  authorDisplayName?: string;
  authorProfileImageUrl?: string;
  authorChannelUrl?: string;
  authorChannelId?: { value?: string } | null;
  canRate?: boolean;
  viewerRating?: string;
  likeCount?: number;
  publishedAt?: string;
  updatedAt?: string;
}

export interface YtComment {
  kind?: string;
  etag?: string;
  id?: string;
  snippet?: YtCommentSnippet;
}

export interface YtCommentThread {
  kind?: string;
  etag?: string;
  id?: string;
  snippet?: {
    channelId?: string;
    videoId?: string;
    canReply?: boolean;
    totalReplyCount?: number;
    isPublic?: boolean;
    topLevelComment?: YtComment;
  };
  replies?: { comments?: YtComment[] };
}

export interface YtSearchResult {
  kind?: string;
  etag?: string;
  id?: { kind?: string; videoId?: string; channelId?: string; playlistId?: string };
  snippet?: {
    publishedAt?: string;
    publishTime?: string;
    channelId?: string;
    title?: string;
    description?: string;
    channelTitle?: string;
    liveBroadcastContent?: string;
  };
}

export interface YtListResponse<T> {
  kind?: string;
  etag?: string;
  nextPageToken?: string;
  prevPageToken?: string;
  regionCode?: string;
  pageInfo?: { totalResults?: number; resultsPerPage?: number };
  items?: T[];
}

/** Google's error envelope: `{"error":{"code":403,"message":"…","errors":[{"domain","reason","message"}]}}`. */
export interface YtErrorBody {
  error?: {
    code?: number;
    message?: string;
    status?: string;
    errors?: Array<{ message?: string; domain?: string; reason?: string }>;
    details?: Array<{ '@type'?: string; reason?: string }>;
  };
}

/** `channels.list?part=statistics`: counts are uint64 sent as strings; `hiddenSubscriberCount` hides the figure. */
export interface YtChannel {
  kind?: string;
  id?: string;
  statistics?: { viewCount?: string; subscriberCount?: string; hiddenSubscriberCount?: boolean; videoCount?: string };
}
