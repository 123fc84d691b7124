import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback YouTube Data API v3 (`/youtube/v3/commentThreads` and `/youtube/v3/search`) for tests
 * and the demo, speaking the real API as SOURCES.md §8, §0.4 and corrections 41–45 describe: the
 * API key as `key=` or the `X-Goog-Api-Key` header (400 `API_KEY_INVALID`, 403 unregistered
 * callers), a daily quota in units (1 per commentThreads call, 100 per search) answered with
 * 403 `quotaExceeded` in domain `youtube.quota` once spent, threads newest first with opaque
 * `nextPageToken`s, `textFormat=html` (escaped text, `<br>`, links) or `plainText`, `textOriginal`
 * for everyone, `pageInfo.totalResults` equal to the page size, 403 `commentsDisabled`,
 * 404 `videoNotFound`, 400 `invalidPageToken`, timestamps with `.000Z` (older captures) or
 * without a fraction, 2019-style threads without `snippet.channelId`, entity-escaped search
 * titles, a search total of 1000000 and the same video on two consecutive search pages.
 */

export interface FakeYouTubeVideo {
  id: string;
  channelId: string;
  channelTitle?: string;
  /** Plain text; the fake entity-escapes it in search results as Google does. */
  title: string;
  description?: string;
  publishedAt: Date;
  commentsDisabled?: boolean;
}

export interface FakeYouTubeCommentSpec {
  id?: string;
  text: string;
  author?: string;
  authorChannelId?: string;
  publishedAt?: Date;
  likeCount?: number;
  /** 2019-era shape: `.000Z` timestamps and no `snippet.channelId` on the thread. */
  legacy?: boolean;
}

interface StoredComment {
  id: string;
  videoId: string;
  parentId: string | null;
  text: string;
  author: string;
  authorChannelId: string;
  publishedAt: Date;
  updatedAt: Date;
  likeCount: number;
  legacy: boolean;
}

const UNIT_COST = { commentThreads: 1, search: 100, channels: 1, comments: 1 };

export class FakeYouTubeServer extends FakeApiServer {
  readonly apiKeys = new Set<string>(['test-youtube-key']);
  /** Units per day for all keys together (Google counts per project). */
  quotaLimit = 10_000;
  quotaUsed = 0;
  /** Units charged per endpoint, as Google charges them (errors included). */
  readonly unitsCharged: Record<string, number> = { commentThreads: 0, search: 0, channels: 0, comments: 0 };
  /** Repeat the last video of each search page at the top of the next one (correction 44). */
  repeatAcrossSearchPages = true;
  private readonly videos = new Map<string, FakeYouTubeVideo>();
  private readonly comments = new Map<string, StoredComment>();
  private readonly subscribers = new Map<string, { count: number; hidden: boolean }>();
  private seq = 0;

  constructor() {
    super();
    this.route('GET', '/youtube/v3/commentThreads', (req) => this.commentThreads(req));
    this.route('GET', '/youtube/v3/search', (req) => this.search(req));
    this.route('GET', '/youtube/v3/channels', (req) => this.channels(req));
    this.route('GET', '/youtube/v3/comments', (req) => this.replies(req));
  }

  /** A channel's subscriber count for `channels.list?part=statistics` (hidden: the owner hides it). */
  setSubscribers(channelId: string, count: number, hidden = false): void {
    this.subscribers.set(channelId, { count, hidden });
  }

  /** The base URL a source uses (`https://www.googleapis.com/youtube/v3` in production). */
  get apiUrl(): string {
    return `${this.baseUrl}/youtube/v3`;
  }

  addVideo(video: FakeYouTubeVideo): this {
    this.videos.set(video.id, { ...video });
    return this;
  }

  setCommentsDisabled(videoId: string, disabled: boolean): void {
    const video = this.videos.get(videoId);
    if (video) video.commentsDisabled = disabled;
  }

  /** A top-level comment (a new thread); returns its id. */
  addComment(videoId: string, spec: FakeYouTubeCommentSpec): string {
    if (!this.videos.has(videoId)) throw new Error(`unknown fake video ${videoId}`);
    const id = spec.id ?? `Ugx${(++this.seq).toString(36).padStart(6, '0')}${'AaBbCcDdEeFf'.slice(0, 8)}4AaABAg`;
    this.comments.set(id, this.stored(id, videoId, null, spec));
    return id;
  }

  /** A reply in a thread; its id is `<threadId>.<suffix>` as on YouTube. */
  addReply(threadId: string, spec: FakeYouTubeCommentSpec): string {
    const thread = this.comments.get(threadId);
    if (!thread) throw new Error(`unknown fake thread ${threadId}`);
    const id = spec.id ?? `${threadId}.9${(++this.seq).toString(36).padStart(10, '0')}`;
    this.comments.set(id, this.stored(id, thread.videoId, threadId, spec));
    return id;
  }

  editComment(id: string, text: string, at = new Date()): void {
    const comment = this.comments.get(id);
    if (!comment) throw new Error(`unknown fake comment ${id}`);
    comment.text = text;
    comment.updatedAt = at;
  }

  deleteComment(id: string): void {
    this.comments.delete(id);
    for (const [key, c] of this.comments) if (c.parentId === id) this.comments.delete(key);
  }

  /** Google's quota resets at midnight Pacific; tests call this to start a new day. */
  resetQuota(): void {
    this.quotaUsed = 0;
  }

  /** Google's error envelope. */
  static error(code: number, reason: string, message: string, domain = 'youtube.commentThread'): FakeResponse {
    const status = code === 400 ? 'INVALID_ARGUMENT' : code === 403 ? 'PERMISSION_DENIED' : code === 404 ? 'NOT_FOUND' : code === 429 ? 'RESOURCE_EXHAUSTED' : 'UNKNOWN';
    return {
      status: code,
      headers: { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer' },
      body: { error: { code, message, errors: [{ message, domain, reason }], status } },
    };
  }

  static quotaExceeded(): FakeResponse {
    return FakeYouTubeServer.error(
      403,
      'quotaExceeded',
      'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
      'youtube.quota',
    );
  }

  static rateLimitExceeded(): FakeResponse {
    return FakeYouTubeServer.error(403, 'rateLimitExceeded', 'The request was sent too quickly. Please slow down.', 'usageLimits');
  }

  private stored(id: string, videoId: string, parentId: string | null, spec: FakeYouTubeCommentSpec): StoredComment {
    const at = spec.publishedAt ?? new Date();
    const author = spec.author ?? `@utente${this.seq}`;
    return {
      id,
      videoId,
      parentId,
      text: spec.text,
      author,
      authorChannelId: spec.authorChannelId ?? `UC${author.replace(/\W/g, '').padEnd(22, 'x').slice(0, 22)}`,
      publishedAt: at,
      updatedAt: at,
      likeCount: spec.likeCount ?? 0,
      legacy: spec.legacy ?? false,
    };
  }

  /** Checks the key and charges the units; an error response when either fails. */
  private admit(req: FakeRequest, endpoint: keyof typeof UNIT_COST): FakeResponse | null {
    const key = req.query.get('key') ?? (req.headers['x-goog-api-key'] as string | undefined);
    if (!key) {
      return FakeYouTubeServer.error(
        403,
        'forbidden',
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        'global',
      );
    }
    if (!this.apiKeys.has(key)) {
      const response = FakeYouTubeServer.error(400, 'badRequest', 'API key not valid. Please pass a valid API key.', 'global');
      (response.body as { error: Record<string, unknown> }).error.details = [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'youtube.googleapis.com' } },
      ];
      return response;
    }
    const cost = UNIT_COST[endpoint];
    if (this.quotaUsed + cost > this.quotaLimit) return FakeYouTubeServer.quotaExceeded();
    this.quotaUsed += cost;
    this.unitsCharged[endpoint] += cost;
    return null;
  }

  private commentThreads(req: FakeRequest): FakeResponse {
    const refused = this.admit(req, 'commentThreads');
    if (refused) return refused;
    const part = req.query.get('part');
    if (!part) return FakeYouTubeServer.error(400, 'required', 'Required parameter: part', 'global');
    const filters = ['videoId', 'allThreadsRelatedToChannelId', 'id'].filter((f) => req.query.has(f));
    if (filters.length !== 1) {
      return FakeYouTubeServer.error(400, 'incompatibleParameters', 'The request specifies incompatible filter parameters.', 'youtube.parameter');
    }
    const maxResults = Number(req.query.get('maxResults') ?? 20);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      return FakeYouTubeServer.error(400, 'invalidParameter', `Invalid value '${req.query.get('maxResults')}'. Values must be within the range: [1, 100]`, 'youtube.parameter');
    }
    let threads: StoredComment[];
    const videoId = req.query.get('videoId');
    const channelId = req.query.get('allThreadsRelatedToChannelId');
    if (videoId) {
      const video = this.videos.get(videoId);
      if (!video) return FakeYouTubeServer.error(404, 'videoNotFound', 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter could not be found.');
      if (video.commentsDisabled) {
        return FakeYouTubeServer.error(403, 'commentsDisabled', 'The video identified by the <code><a href="/youtube/v3/docs/commentThreads/list#videoId">videoId</a></code> parameter has disabled comments.');
      }
      threads = [...this.comments.values()].filter((c) => c.parentId === null && c.videoId === videoId);
    } else if (channelId) {
      const videos = new Set([...this.videos.values()].filter((v) => v.channelId === channelId && !v.commentsDisabled).map((v) => v.id));
      if (![...this.videos.values()].some((v) => v.channelId === channelId)) {
        return FakeYouTubeServer.error(404, 'channelNotFound', 'The channel identified by the <code>allThreadsRelatedToChannelId</code> parameter could not be found.');
      }
      threads = [...this.comments.values()].filter((c) => c.parentId === null && videos.has(c.videoId));
    } else {
      const ids = new Set((req.query.get('id') ?? '').split(','));
      threads = [...this.comments.values()].filter((c) => c.parentId === null && ids.has(c.id));
    }
    // order=time (the default): newest thread first; ties in a stable order.
    threads.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime() || (a.id < b.id ? -1 : 1));
    const filterKey = videoId ?? channelId ?? req.query.get('id') ?? '';
    const offset = this.readToken(req.query.get('pageToken'), `threads:${filterKey}`);
    if (offset === null) return FakeYouTubeServer.error(400, 'invalidPageToken', 'The request specifies an invalid page token.');
    const page = threads.slice(offset, offset + maxResults);
    const html = (req.query.get('textFormat') ?? 'html') !== 'plainText';
    const withReplies = part.split(',').includes('replies');
    const body: Record<string, unknown> = {
      kind: 'youtube#commentThreadListResponse',
      etag: `etag-${offset}-${page.length}`,
    };
    if (offset + maxResults < threads.length) body.nextPageToken = this.token(offset + maxResults, `threads:${filterKey}`);
    // Not a total: the number of items on this page (correction 43).
    body.pageInfo = { totalResults: page.length, resultsPerPage: maxResults };
    body.items = page.map((thread) => this.threadResource(thread, html, withReplies));
    return { headers: { 'content-type': 'application/json; charset=UTF-8' }, body };
  }

  private threadResource(thread: StoredComment, html: boolean, withReplies: boolean): Record<string, unknown> {
    const video = this.videos.get(thread.videoId)!;
    const replies = [...this.comments.values()].filter((c) => c.parentId === thread.id).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    const snippet: Record<string, unknown> = {
      channelId: video.channelId,
      videoId: thread.videoId,
      topLevelComment: this.commentResource(thread, video, html),
      canReply: true,
      totalReplyCount: replies.length,
      isPublic: true,
    };
    if (thread.legacy) delete snippet.channelId;
    const resource: Record<string, unknown> = { kind: 'youtube#commentThread', etag: `t-${thread.id.slice(0, 8)}`, id: thread.id, snippet };
    // The thread carries only some replies (up to 5 here), as the real API does.
    if (withReplies && replies.length) resource.replies = { comments: replies.slice(0, 5).map((r) => this.commentResource(r, video, html)) };
    return resource;
  }

  private commentResource(c: StoredComment, video: FakeYouTubeVideo, html: boolean): Record<string, unknown> {
    const time = (d: Date) => (c.legacy ? d.toISOString() : d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const snippet: Record<string, unknown> = {
      channelId: video.channelId,
      videoId: c.videoId,
      textDisplay: html ? toYouTubeHtml(c.text) : c.text,
      // Returned for everyone's comments (correction 41).
      textOriginal: c.text,
      authorDisplayName: c.author,
      authorProfileImageUrl: `https://yt3.ggpht.com/ytc/${c.authorChannelId}=s48-c-k-c0x00ffffff-no-rj`,
      authorChannelUrl: `http://www.youtube.com/${c.author.startsWith('@') ? c.author : `channel/${c.authorChannelId}`}`,
      authorChannelId: { value: c.authorChannelId },
      canRate: true,
      viewerRating: 'none',
      likeCount: c.likeCount,
      publishedAt: time(c.publishedAt),
      updatedAt: time(c.updatedAt),
    };
    if (c.parentId) snippet.parentId = c.parentId;
    if (c.legacy) delete snippet.channelId;
    return { kind: 'youtube#comment', etag: `c-${c.id.slice(-8)}`, id: c.id, snippet };
  }

  private search(req: FakeRequest): FakeResponse {
    const refused = this.admit(req, 'search');
    if (refused) return refused;
    const maxResults = Number(req.query.get('maxResults') ?? 5);
    if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 50) {
      return FakeYouTubeServer.error(400, 'invalidParameter', `Invalid value '${req.query.get('maxResults')}'. Values must be within the range: [0, 50]`, 'youtube.parameter');
    }
    const q = req.query.get('q') ?? '';
    const after = req.query.get('publishedAfter');
    const afterMs = after ? Date.parse(after) : Number.NEGATIVE_INFINITY;
    const videos = [...this.videos.values()]
      .filter((v) => v.publishedAt.getTime() >= afterMs && matches(q, `${v.title} ${v.description ?? ''}`))
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
    const offset = this.readToken(req.query.get('pageToken'), `search:${q}`);
    if (offset === null) return FakeYouTubeServer.error(400, 'invalidPageToken', 'The request specifies an invalid page token.', 'youtube.search');
    // Correction 44: page 2 starts with page 1's last video.
    const start = offset > 0 && this.repeatAcrossSearchPages ? offset - 1 : offset;
    const page = videos.slice(start, start + maxResults);
    const body: Record<string, unknown> = { kind: 'youtube#searchListResponse', etag: `s-${offset}` };
    if (start + maxResults < videos.length) body.nextPageToken = this.token(start + maxResults, `search:${q}`);
    body.regionCode = 'IT';
    body.pageInfo = { totalResults: 1000000, resultsPerPage: maxResults };
    body.items = page.map((v) => ({
      kind: 'youtube#searchResult',
      etag: `v-${v.id}`,
      id: { kind: 'youtube#video', videoId: v.id },
      snippet: {
        publishedAt: v.publishedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        channelId: v.channelId,
        title: escapeEntities(v.title),
        description: escapeEntities((v.description ?? '').slice(0, 160)),
        thumbnails: { default: { url: `https://i.ytimg.com/vi/${v.id}/default.jpg`, width: 120, height: 90 } },
        channelTitle: escapeEntities(v.channelTitle ?? 'Canale'),
        liveBroadcastContent: 'none',
        publishTime: v.publishedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    }));
    return { headers: { 'content-type': 'application/json; charset=UTF-8' }, body };
  }

  /** `comments.list?parentId=`: every reply of a thread, oldest first, paged. */
  private replies(req: FakeRequest): FakeResponse {
    const refused = this.admit(req, 'comments');
    if (refused) return refused;
    const parentId = req.query.get('parentId');
    if (!parentId) return FakeYouTubeServer.error(400, 'missingRequiredParameter', 'No filter selected. Expected one of: parentId, id', 'youtube.parameter');
    const thread = this.comments.get(parentId);
    if (!thread) return FakeYouTubeServer.error(404, 'commentNotFound', 'The comment identified by the parentId parameter could not be found.', 'youtube.comment');
    const maxResults = Number(req.query.get('maxResults') ?? 20);
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
      return FakeYouTubeServer.error(400, 'invalidParameter', `Invalid value '${req.query.get('maxResults')}'. Values must be within the range: [1, 100]`, 'youtube.parameter');
    }
    const all = [...this.comments.values()].filter((c) => c.parentId === parentId).sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    const offset = this.readToken(req.query.get('pageToken'), `replies:${parentId}`);
    if (offset === null) return FakeYouTubeServer.error(400, 'invalidPageToken', 'The request specifies an invalid page token.', 'youtube.comment');
    const page = all.slice(offset, offset + maxResults);
    const video = this.videos.get(thread.videoId)!;
    const html = (req.query.get('textFormat') ?? 'html') !== 'plainText';
    const body: Record<string, unknown> = { kind: 'youtube#commentListResponse', etag: `r-${offset}` };
    if (offset + maxResults < all.length) {
      body.nextPageToken = this.token(offset + maxResults, `replies:${parentId}`);
      body.pageInfo = { totalResults: page.length, resultsPerPage: maxResults };
    }
    // The last page has no pageInfo.totalResults (correction 43).
    else body.pageInfo = { resultsPerPage: maxResults };
    body.items = page.map((c) => this.commentResource(c, video, html));
    return { headers: { 'content-type': 'application/json; charset=UTF-8' }, body };
  }

  private channels(req: FakeRequest): FakeResponse {
    const refused = this.admit(req, 'channels');
    if (refused) return refused;
    const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
    if (ids.length > 50) return FakeYouTubeServer.error(400, 'invalidParameter', 'The request specifies more than 50 channel ids.', 'youtube.parameter');
    const parts = (req.query.get('part') ?? '').split(',');
    // Unknown ids are left out, not reported; counts are uint64 strings; hidden counts read "0".
    const items = ids
      .filter((id) => this.subscribers.has(id))
      .map((id) => {
        const s = this.subscribers.get(id)!;
        const item: Record<string, unknown> = { kind: 'youtube#channel', etag: `ch-${id.slice(-6)}`, id };
        if (parts.includes('statistics')) {
          item.statistics = { viewCount: String(s.count * 40), subscriberCount: s.hidden ? '0' : String(s.count), hiddenSubscriberCount: s.hidden, videoCount: '12' };
        }
        return item;
      });
    return {
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: { kind: 'youtube#channelListResponse', etag: 'channels', pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items },
    };
  }

  private token(offset: number, scope: string): string {
    return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
  }

  /** Offset from a page token; 0 without one; null when the token is not ours or not for this query. */
  private readToken(token: string | null, scope: string): number | null {
    if (!token) return 0;
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
      return typeof parsed.o === 'number' && parsed.s === scope ? parsed.o : null;
    } catch {
      return null;
    }
  }
}

/** Loose search: an alternative (`|`) matches when all its positive words are in the text. */
function matches(q: string, text: string): boolean {
  const haystack = text.toLowerCase();
  const alternatives = q.split('|').map((a) => a.trim()).filter(Boolean);
  if (!alternatives.length) return true;
  return alternatives.some((alt) => {
    const words = alt.replace(/[()"]/g, ' ').split(/\s+/).filter((w) => w && !w.startsWith('-'));
    const excluded = alt.split(/\s+/).filter((w) => w.startsWith('-') && w.length > 1).map((w) => w.slice(1).replace(/"/g, '').toLowerCase());
    return words.every((w) => haystack.includes(w.toLowerCase())) && !excluded.some((w) => haystack.includes(w));
  });
}

function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `textFormat=html`: escaped text, `<br>` for newlines, links as anchors. */
function toYouTubeHtml(text: string): string {
  return escapeEntities(text)
    .replace(/\n/g, '<br>')
    .replace(/(https?:\/\/[^\s<]+)/g, (url) => `<a href="${url}">${url}</a>`);
}
