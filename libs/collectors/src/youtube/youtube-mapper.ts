import type { RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import type { YtComment, YtCommentThread, YtSearchResult } from './youtube-payload';

/** Comments and videos are the same whatever source found them: one key for all YouTube sources. */
export const YOUTUBE_SOURCE_KEY = 'youtube.com';
const MAX_TITLE_LENGTH = 1_000;
const MAX_NAME_LENGTH = 300;

export interface YtMappingContext {
  sourceId: string;
  collectedAt: string;
}

/** A thread's top-level comment and the replies the thread carries, as mentions. */
export function mapCommentThread(thread: YtCommentThread, ctx: YtMappingContext): RawMention[] {
  const top = thread.snippet?.topLevelComment;
  const videoId = thread.snippet?.videoId ?? top?.snippet?.videoId ?? null;
  const mentions: RawMention[] = [];
  if (top) {
    const mention = mapComment({ ...top, id: top.id ?? thread.id }, videoId, ctx, thread.snippet?.totalReplyCount);
    if (mention) mentions.push(mention);
  }
  for (const reply of thread.replies?.comments ?? []) {
    const mention = mapComment(reply, videoId, ctx, undefined, top?.id ?? thread.id ?? null);
    if (mention) mentions.push(mention);
  }
  return mentions;
}

/** One comment; null when it has no id (nothing stable to key it on). */
export function mapComment(
  comment: YtComment,
  threadVideoId: string | null,
  ctx: YtMappingContext,
  totalReplyCount?: number,
  threadId: string | null = null,
): RawMention | null {
  const id = comment.id?.trim();
  if (!id) return null;
  const s = comment.snippet ?? {};
  const videoId = s.videoId ?? threadVideoId;
  const published = isoDate(s.publishedAt);
  const updated = isoDate(s.updatedAt);
  // `textFormat=plainText` makes `textDisplay` plain; `textOriginal` (sent for everyone's comments,
  // correction 41) is the fallback when a response carries only that.
  const content = s.textDisplay ?? s.textOriginal ?? '';
  const name = clip(s.authorDisplayName, MAX_NAME_LENGTH);
  const engagement: RawMention['engagement'] = {};
  if (typeof s.likeCount === 'number' && Number.isFinite(s.likeCount)) engagement.likes = s.likeCount;
  if (typeof totalReplyCount === 'number' && Number.isFinite(totalReplyCount)) engagement.replies = totalReplyCount;
  // A reply's id is `<threadId>.<suffix>`: that names the parent when `parentId` is missing.
  const parent = s.parentId ?? (threadId && threadId !== id ? threadId : id.includes('.') ? id.slice(0, id.indexOf('.')) : null);
  return {
    id: mentionId('youtube', YOUTUBE_SOURCE_KEY, id),
    sourceType: 'youtube',
    sourceId: ctx.sourceId,
    sourceKey: YOUTUBE_SOURCE_KEY,
    externalId: id,
    url: videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(id)}` : null,
    title: null,
    content,
    author: {
      name: name ?? 'YouTube user',
      // Since 2023 the display name is the channel's @handle; older comments carry a free name.
      handle: name?.startsWith('@') ? name : null,
      url: httpUrl(s.authorChannelUrl) ?? (s.authorChannelId?.value ? `https://www.youtube.com/channel/${encodeURIComponent(s.authorChannelId.value)}` : null),
      // Subscribers need a channels.list call per author (quota); not fetched.
      followers: null,
    },
    publishedAt: published ?? updated ?? ctx.collectedAt,
    collectedAt: ctx.collectedAt,
    editedAt: updated && published && Date.parse(updated) > Date.parse(published) ? updated : null,
    engagement,
    inReplyTo: parent && parent !== id ? parent : null,
    // YouTube declares no language for comments.
    sourceLanguage: null,
  };
}

/** A video that `search.list` found for the topic: itself a mention (its title and description). */
export function mapSearchResult(result: YtSearchResult, ctx: YtMappingContext): RawMention | null {
  const videoId = result.id?.videoId?.trim();
  if (!videoId) return null;
  const s = result.snippet ?? {};
  const externalId = `video:${videoId}`;
  const channelTitle = clip(decodeHtmlEntities(s.channelTitle ?? ''), MAX_NAME_LENGTH);
  return {
    id: mentionId('youtube', YOUTUBE_SOURCE_KEY, externalId),
    sourceType: 'youtube',
    sourceId: ctx.sourceId,
    sourceKey: YOUTUBE_SOURCE_KEY,
    externalId,
    url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`,
    // Search titles arrive entity-escaped (`&#39;`, `&amp;`, correction 42); `title` is plain text.
    title: clip(decodeHtmlEntities(s.title ?? ''), MAX_TITLE_LENGTH),
    // Kept as given: entity-escaped text is valid HTML for the same text, the pipeline decodes it.
    content: s.description ?? '',
    author: {
      name: channelTitle ?? 'YouTube channel',
      handle: null,
      url: s.channelId ? `https://www.youtube.com/channel/${encodeURIComponent(s.channelId)}` : null,
      followers: null,
    },
    publishedAt: isoDate(s.publishedAt) ?? isoDate(s.publishTime) ?? ctx.collectedAt,
    collectedAt: ctx.collectedAt,
    editedAt: null,
    inReplyTo: null,
    sourceLanguage: null,
  };
}

/** Comment id → author channel id, for every comment a thread carries (to look up subscribers). */
export function authorChannelsOf(thread: YtCommentThread): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const top = thread.snippet?.topLevelComment;
  for (const c of [top, ...(thread.replies?.comments ?? [])]) {
    const id = c === top ? (c?.id ?? thread.id) : c?.id;
    const channel = c?.snippet?.authorChannelId?.value;
    if (id && channel && /^[\w-]{1,100}$/.test(channel)) pairs.push([id, channel]);
  }
  return pairs;
}

/** The thread's own time (its top-level comment's publication), in ms; NaN when absent or unreadable. */
export function threadTime(thread: YtCommentThread): number {
  const value = thread.snippet?.topLevelComment?.snippet?.publishedAt;
  return value ? Date.parse(value) : NaN;
}

/** RFC 3339 with or without fractional seconds (`.000Z` until 2020, none since: correction 45) → UTC ISO. */
export function isoDate(value: string | null | undefined): string | null {
  if (!value || typeof value !== 'string') return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities Google puts in search titles and channel names (named basics and numeric). */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : match;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  });
}

function httpUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function clip(value: string | null | undefined, max: number): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}
