import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceAuthError, SourceConfigError, SourceQuotaExhaustedError, SourceRateLimitedError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse, type ApiRun } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { readRetryAfter } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { MAX_SEEN, MAX_SEEN_VIDEOS, MAX_WATCHED, parseYouTubeCursor, type YouTubeCursor, type YtStreamCursor } from './youtube-cursor';
import { authorChannelsOf, mapComment, mapCommentThread, mapSearchResult, threadTime, type YtMappingContext } from './youtube-mapper';
import type { YtChannel, YtComment, YtCommentThread, YtErrorBody, YtListResponse, YtSearchResult } from './youtube-payload';

/** Quota units per call (developers.google.com/youtube/v3/determine_quota_cost). */
export const YOUTUBE_UNIT_COST = { commentThreads: 1, search: 100, channels: 1, comments: 1 } as const;
/** Reply pages read per thread and run (100 replies each). */
const MAX_REPLY_PAGES = 5;
/** `channels.list` takes at most 50 ids per call. */
const CHANNELS_PER_CALL = 50;
/** Late comments (held for review, clock skew) still inside this window of the mark are picked up. */
const OVERLAP_MS = 5 * 60_000;
/** A disabled or missing video is asked again after this long (owners switch comments back on). */
const UNAVAILABLE_RETRY_MS = 24 * 60 * 60_000;
/** `rateLimitExceeded` is a short burst limit: a few spaced tries, then the source is held a while. */
const RATE_LIMIT_TRIES = 3;
const RATE_LIMIT_HOLD_MS = 5 * 60_000;

/** YouTube's `q`: `|` for OR, `-` to exclude, quoted phrases; no language operator. */
export const YOUTUBE_DIALECT: SearchDialect = { name: 'YouTube', or: '|', not: '-', phrase: true, lang: false, prefix: false, tagsAndHandles: false };

export const YOUTUBE_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'youtube',
  label: { it: 'YouTube (commenti)', en: 'YouTube (comments)' },
  polled: true,
  defaultUrl: 'https://www.googleapis.com/youtube/v3',
  urlLabel: { it: 'Indirizzo della YouTube Data API', en: 'YouTube Data API address' },
  // Every 10 minutes: a channel plus a few videos cost ~150 units a day at this pace, leaving room
  // for an hourly search (100 units each) inside the default 10,000 units.
  defaultSchedule: '*/10 * * * *',
  searchable: true,
  settings: [
    {
      key: 'channelId',
      label: { it: 'ID del canale', en: 'Channel id' },
      kind: 'text',
      required: false,
      help: {
        it: 'Il canale (UC…) di cui seguire tutti i commenti, ad esempio il vostro.',
        en: 'The channel (UC…) whose comments to follow, e.g. your own.',
      },
    },
    {
      key: 'ownChannel',
      label: { it: 'Il canale è del brand', en: "The channel is the brand's own" },
      kind: 'boolean',
      required: false,
      default: false,
      help: {
        it: "I commenti ai suoi video sono scritti al brand (non le risposte del canale stesso): anche senza parole note restano a una persona e compaiono nel filtro «Al brand».",
        en: 'Comments on its videos are written to the brand (the channel\'s own replies are not): even without known words they are kept for a person and show under the "To the brand" filter.',
      },
    },
    {
      key: 'videoIds',
      label: { it: 'Video da seguire', en: 'Videos to watch' },
      kind: 'list',
      required: false,
      help: { it: 'ID dei video (la parte dopo v=), separati da virgole.', en: 'Video ids (the part after v=), comma-separated.' },
    },
    {
      key: 'searchVideos',
      label: { it: 'Cerca nuovi video con la query', en: 'Find new videos with the query' },
      kind: 'boolean',
      required: false,
      default: false,
      help: {
        it: 'Ogni ricerca costa 100 unità di quota: i video trovati vengono seguiti per qualche giorno.',
        en: 'Each search costs 100 quota units: the videos found are watched for a few days.',
      },
    },
    {
      key: 'query',
      label: { it: 'Query di ricerca', en: 'Search query' },
      kind: 'text',
      required: false,
      help: {
        it: 'Sintassi dei topic; vuota: quella del topic collegato. Serve solo alla ricerca di video.',
        en: "Topic syntax; empty: the linked topic's. Used only to find videos.",
      },
    },
    {
      key: 'searchIntervalMinutes',
      label: { it: 'Minuti tra due ricerche', en: 'Minutes between searches' },
      kind: 'number',
      required: false,
      default: 60,
    },
    {
      key: 'searchPages',
      label: { it: 'Pagine per ricerca', en: 'Pages per search' },
      kind: 'number',
      required: false,
      default: 1,
      help: { it: 'Ogni pagina costa 100 unità.', en: 'Each page costs 100 units.' },
    },
    {
      key: 'watchDays',
      label: { it: 'Giorni di osservazione dei video trovati', en: 'Days to watch found videos' },
      kind: 'number',
      required: false,
      default: 3,
    },
    {
      key: 'authorSubscribers',
      label: { it: 'Iscritti degli autori', en: "Authors' subscribers" },
      kind: 'boolean',
      required: false,
      default: true,
      help: {
        it: 'Legge gli iscritti al canale di chi commenta (1 unità ogni 50 autori): pesa nella priorità.',
        en: "Reads commenters' channel subscribers (1 unit per 50 authors): it weighs in priority.",
      },
    },
    {
      key: 'maxPages',
      label: { it: 'Pagine massime per esecuzione', en: 'Most pages per run' },
      kind: 'number',
      required: false,
      default: 10,
      help: { it: "Un'esecuzione interrotta riprende dalla pagina successiva.", en: 'A run cut short continues from the next page.' },
    },
    {
      key: 'pageSize',
      label: { it: 'Discussioni per pagina (1–100)', en: 'Threads per page (1–100)' },
      kind: 'number',
      required: false,
      default: 100,
    },
    {
      key: 'backfillDays',
      label: { it: 'Giorni da recuperare la prima volta', en: 'Days to fetch the first time' },
      kind: 'number',
      required: false,
      default: 7,
    },
  ],
  credentials: [
    {
      key: 'apiKey',
      label: { it: 'Chiave API', en: 'API key' },
      required: true,
      help: { it: 'Chiave della YouTube Data API v3 (Google Cloud Console).', en: 'A YouTube Data API v3 key (Google Cloud Console).' },
    },
  ],
  budget: { unit: 'units', period: 'day', defaultLimit: 10_000 },
};

interface Settings {
  channelId: string | null;
  /** The channel is the brand's own: comments on it are written to the brand. */
  ownChannel: boolean;
  videoIds: string[];
  searchVideos: boolean;
  searchIntervalMs: number;
  searchPages: number;
  watchMs: number;
  maxPages: number;
  pageSize: number;
  backfillMs: number;
  authorSubscribers: boolean;
}

interface Stream {
  key: string;
  kind: 'channel' | 'video';
  id: string;
}

/** Why a run stops early; the first one wins. */
type Stop = { reason: string; resumeAt?: Date } | null;

/**
 * Comment threads of a channel (`allThreadsRelatedToChannelId`) and of watched videos, plus
 * (optionally) videos found for the topic with `search.list`. Quota is the budget: every call's
 * unit cost goes into `req.stats.spent`, and the walk stops before `budgetRemaining` runs out.
 */
export class YouTubeAdapter implements SourceAdapter {
  readonly type: SourceType = 'youtube';
  readonly descriptor: SourceTypeDescriptor = YOUTUBE_DESCRIPTOR;
  private readonly client: ApiClient;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readRetryAfter });
    this.baseDelayMs = options.api?.baseDelayMs ?? 1_000;
    this.sleep = options.api?.sleep ?? defaultSleep;
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = readSettings(req);
    const api = this.client.forRun(req.stats);
    const cursor = parseYouTubeCursor(req.cursor);
    const now = req.now;
    const ctx: YtMappingContext = { sourceId: req.source.id, collectedAt: now.toISOString() };
    const query = settings.searchVideos ? renderSearchQuery(req.source.query, YOUTUBE_DIALECT) : null;
    if (!settings.channelId && !settings.videoIds.length && !query) {
      throw new SourceConfigError('a YouTube source needs a channel id, video ids, or "find new videos" with a query');
    }
    if (!this.fits(req, YOUTUBE_UNIT_COST.commentThreads)) {
      throw new SourceQuotaExhaustedError(`the daily budget of YouTube quota units is spent (${formatRemaining(req)} left)`, nextUtcMidnight(now));
    }

    const items: RawMention[] = [];
    const authorChannels = new Map<string, string>();
    /** Threads delivered now that carry only some of their replies. */
    const partialThreads: Array<{ id: string; videoId: string | null }> = [];
    const delivered = new Set<string>();
    const push = (mention: RawMention) => {
      if (delivered.has(mention.id)) return;
      delivered.add(mention.id);
      items.push(mention);
    };
    let fetched = 0;
    let pagesLeft = settings.maxPages;
    let stop: Stop = null;

    // 1. Discovery: new videos for the topic, at most every `searchIntervalMinutes`.
    if (query && this.searchDue(cursor, settings, now) && this.fits(req, YOUTUBE_UNIT_COST.search + YOUTUBE_UNIT_COST.commentThreads)) {
      const { found, pages } = await this.searchVideos(api, req, query.queries[0], cursor, settings);
      fetched += found.length;
      for (const result of found) {
        const mention = mapSearchResult(result, ctx);
        if (mention) push(mention);
      }
      pagesLeft -= pages;
    }

    // 2. Comment threads, stream by stream, those asked longest ago first.
    const streams = this.streamsOf(settings, cursor, now);
    streams.sort((a, b) => (cursor.streams[a.key]?.polledAt ?? '').localeCompare(cursor.streams[b.key]?.polledAt ?? ''));
    for (const stream of streams) {
      if (stop) break;
      if (pagesLeft <= 0) {
        stop = { reason: `page limit (${settings.maxPages}) reached before every stream was read` };
        break;
      }
      const outcome = await this.walkStream(api, req, stream, cursor, settings, pagesLeft, ctx, authorChannels, partialThreads);
      pagesLeft -= outcome.pages;
      fetched += outcome.fetched;
      for (const mention of outcome.items) push(mention);
      stop = outcome.stop;
    }

    for (const thread of partialThreads) {
      if (req.signal.aborted || !this.fits(req, YOUTUBE_UNIT_COST.comments)) break;
      const replies = await this.allReplies(api, req, thread.id);
      fetched += replies.length;
      for (const reply of replies) {
        const mention = mapComment(reply, thread.videoId, ctx, undefined, thread.id);
        if (!mention) continue;
        const channel = reply.snippet?.authorChannelId?.value;
        if (channel) authorChannels.set(mention.externalId, channel);
        push(mention);
      }
    }
    if (settings.authorSubscribers && items.length) await this.addSubscribers(api, req, items, authorChannels);
    return { items, nextCursor: cursor, notModified: false, fetched, ...(stop ? { incomplete: stop } : {}) };
  }

  /**
   * Every reply of a thread (`comments.list?parentId=`, 1 unit per 100): a thread resource carries
   * only a few. A refusal here costs the extra replies, never the run.
   */
  private async allReplies(api: ApiRun, req: CollectRequest, threadId: string): Promise<YtComment[]> {
    const replies: YtComment[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_REPLY_PAGES; page++) {
      if (page > 0 && !this.fits(req, YOUTUBE_UNIT_COST.comments)) break;
      try {
        const response = await this.send(api, req, 'comments', { part: 'snippet', parentId: threadId, maxResults: 100, textFormat: 'plainText', pageToken }, YOUTUBE_UNIT_COST.comments);
        const body = response.json<YtListResponse<YtComment>>();
        replies.push(...(body.items ?? []));
        pageToken = body.nextPageToken;
      } catch (error) {
        if (error instanceof YtApiError) break;
        throw error;
      }
      if (!pageToken) break;
    }
    return replies;
  }

  /**
   * Subscribers of the commenters' channels (author reach), 50 channels per 1-unit call, as far as
   * the budget goes after the comments themselves. Hidden counts stay null. A failed lookup costs
   * the reach figure, never the run's comments.
   */
  private async addSubscribers(api: ApiRun, req: CollectRequest, items: RawMention[], authorChannels: Map<string, string>): Promise<void> {
    const channelIds = [...new Set(items.map((m) => authorChannels.get(m.externalId)).filter((c): c is string => !!c))];
    const subscribers = new Map<string, number>();
    for (let i = 0; i < channelIds.length; i += CHANNELS_PER_CALL) {
      if (req.signal.aborted || !this.fits(req, YOUTUBE_UNIT_COST.channels)) break;
      const batch = channelIds.slice(i, i + CHANNELS_PER_CALL);
      try {
        const response = await this.send(api, req, 'channels', { part: 'statistics', id: batch.join(','), maxResults: CHANNELS_PER_CALL }, YOUTUBE_UNIT_COST.channels);
        for (const channel of response.json<YtListResponse<YtChannel>>().items ?? []) {
          const count = channel.statistics?.hiddenSubscriberCount ? NaN : Number(channel.statistics?.subscriberCount);
          if (channel.id && Number.isSafeInteger(count) && count >= 0) subscribers.set(channel.id, count);
        }
      } catch {
        // Quota spent or the call refused: the comments stand without reach; a quota problem
        // shows on the next run's first call.
        break;
      }
    }
    for (const item of items) {
      const count = subscribers.get(authorChannels.get(item.externalId) ?? '');
      if (count !== undefined) item.author = { ...item.author, followers: count };
    }
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    const done = (ok: boolean, message: string, sample: SourceConnectionTest['sample'] = []): SourceConnectionTest => ({ ok, message, sample, durationMs: Date.now() - started });
    try {
      const settings = readSettings(req as CollectRequest);
      const api = this.client.forRun(req.stats);
      const ctx: YtMappingContext = { sourceId: req.source.id, collectedAt: req.now.toISOString() };
      const stream: Stream | null = settings.channelId
        ? { key: `channel:${settings.channelId}`, kind: 'channel', id: settings.channelId }
        : settings.videoIds[0]
          ? { key: `video:${settings.videoIds[0]}`, kind: 'video', id: settings.videoIds[0] }
          : null;
      if (stream) {
        const page = await this.threadsPage(api, req as CollectRequest, stream, 5, undefined);
        if (page.kind !== 'ok') return done(false, page.kind === 'unavailable' ? `video ${stream.id}: ${page.reason}` : 'the page token was refused');
        const mentions = (page.body.items ?? []).flatMap((t) => mapCommentThread(t, ctx)).slice(0, 5);
        return done(true, `200 OK, ${page.body.items?.length ?? 0} comment threads`, mentions.map(sampleOf));
      }
      const rendered = renderSearchQuery(req.source.query, YOUTUBE_DIALECT);
      if (!rendered) return done(false, 'nothing to read: set a channel id, video ids, or a query');
      const response = await this.send(api, req as CollectRequest, 'search', { q: rendered.queries[0], maxResults: 5 }, YOUTUBE_UNIT_COST.search);
      const body = response.json<YtListResponse<YtSearchResult>>();
      const mentions = (body.items ?? []).map((r) => mapSearchResult(r, ctx)).filter((m): m is RawMention => !!m);
      return done(true, `200 OK, ${mentions.length} videos found`, mentions.map(sampleOf));
    } catch (error) {
      return done(false, error instanceof Error ? error.message : String(error));
    }
  }

  private fits(req: CollectRequest, cost: number): boolean {
    return req.budgetRemaining === null || req.budgetRemaining - req.stats.spent >= cost;
  }

  private searchDue(cursor: YouTubeCursor, settings: Settings, now: Date): boolean {
    const last = cursor.search.lastRunAt ? Date.parse(cursor.search.lastRunAt) : NaN;
    return Number.isNaN(last) || now.getTime() - last >= settings.searchIntervalMs || now.getTime() < last;
  }

  private streamsOf(settings: Settings, cursor: YouTubeCursor, now: Date): Stream[] {
    const streams: Stream[] = [];
    const keys = new Set<string>();
    const add = (kind: Stream['kind'], id: string) => {
      const key = `${kind}:${id}`;
      if (keys.has(key)) return;
      if (kind === 'video') {
        const off = cursor.unavailable[id];
        if (off && now.getTime() - Date.parse(off.at) < UNAVAILABLE_RETRY_MS) return;
      }
      keys.add(key);
      streams.push({ key, kind, id });
    };
    if (settings.channelId) add('channel', settings.channelId);
    for (const id of settings.videoIds) add('video', id);
    cursor.watched = cursor.watched.filter((w) => Date.parse(w.until) > now.getTime());
    for (const w of cursor.watched) add('video', w.videoId);
    // Streams no longer configured are forgotten, so the cursor does not grow without bound.
    for (const key of Object.keys(cursor.streams)) {
      const id = key.slice(key.indexOf(':') + 1);
      const configured = key === `channel:${settings.channelId}` || settings.videoIds.includes(id) || cursor.watched.some((w) => w.videoId === id);
      if (!configured) delete cursor.streams[key];
    }
    return streams;
  }

  /**
   * Walks one stream newest-first until it reaches the stream's mark (minus the overlap), the end,
   * or the run's page or budget limit. A walk cut short keeps its page token; the mark moves only
   * when a walk reaches the old mark, so nothing between them is skipped.
   */
  private async walkStream(
    api: ApiRun,
    req: CollectRequest,
    stream: Stream,
    cursor: YouTubeCursor,
    settings: Settings,
    pageBudget: number,
    ctx: YtMappingContext,
    authorChannels: Map<string, string>,
    partialThreads: Array<{ id: string; videoId: string | null }>,
  ): Promise<{ items: RawMention[]; fetched: number; pages: number; stop: Stop }> {
    const state: YtStreamCursor = cursor.streams[stream.key] ?? { newest: null, seen: [], walk: null, polledAt: null };
    const firstUntil = state.newest
      ? new Date(Date.parse(state.newest) - OVERLAP_MS).toISOString()
      : new Date(req.now.getTime() - settings.backfillMs).toISOString();
    let pageToken = state.walk?.pageToken;
    const until = state.walk ? state.walk.until : firstUntil;
    const untilMs = until ? Date.parse(until) : Number.NEGATIVE_INFINITY;
    let walkNewest = state.walk?.newest ? Date.parse(state.walk.newest) : Number.NEGATIVE_INFINITY;
    const walkSeen = new Map<string, number>(state.walk?.seen ?? []);
    const known = new Set([...state.seen.map(([id]) => id), ...walkSeen.keys()]);
    const items: RawMention[] = [];
    let fetched = 0;
    let pages = 0;
    let reachedEnd = false;
    let stop: Stop = null;

    while (!reachedEnd) {
      if (req.signal.aborted) {
        stop = { reason: 'the worker is shutting down' };
        break;
      }
      if (pages >= pageBudget) {
        stop = { reason: `page limit (${settings.maxPages}) reached` };
        break;
      }
      if (!this.fits(req, YOUTUBE_UNIT_COST.commentThreads)) {
        // No resumeAt: the worker sees the spent budget on the next tick and holds the source
        // with attention 'quota_exhausted' until the budget period ends.
        stop = { reason: `the daily budget of YouTube quota units is spent (${formatRemaining(req)} left)` };
        break;
      }
      const page = await this.threadsPage(api, req, stream, settings.pageSize, pageToken);
      pages++;
      if (page.kind === 'unavailable') {
        // Comments switched off or the video removed: skip this video, keep the others going.
        cursor.unavailable[stream.id] = { reason: page.reason, at: req.now.toISOString() };
        delete cursor.streams[stream.key];
        return { items, fetched, pages, stop: null };
      }
      if (page.kind === 'bad_token') {
        // An expired page token: walk again from the top down to the same mark (repeats are
        // updates by id; skipping ahead would leave a gap).
        if (!pageToken) throw new SourceConfigError(`YouTube refused the first page of ${stream.key}`);
        pageToken = undefined;
        continue;
      }
      for (const thread of page.body.items ?? []) {
        const time = threadTime(thread);
        if (!Number.isNaN(time) && time < untilMs) {
          reachedEnd = true;
          break;
        }
        if (!Number.isNaN(time) && time > walkNewest) walkNewest = time;
        const mentions = mapCommentThread(thread, ctx);
        for (const [commentId, channelId] of authorChannelsOf(thread)) authorChannels.set(commentId, channelId);
        fetched += mentions.length;
        const threadId = thread.id ?? thread.snippet?.topLevelComment?.id;
        const carried = thread.replies?.comments?.length ?? 0;
        if (threadId && !known.has(threadId) && (thread.snippet?.totalReplyCount ?? 0) > carried) {
          partialThreads.push({ id: threadId, videoId: thread.snippet?.videoId ?? thread.snippet?.topLevelComment?.snippet?.videoId ?? null });
        }
        for (const mention of mentions) {
          // Comments on the brand's own channel are written to it, except the channel's own replies.
          if (stream.kind === 'channel' && settings.ownChannel && authorChannels.get(mention.externalId) !== stream.id) mention.brandChannel = 'own_page';
          walkSeen.set(mention.externalId, Number.isNaN(time) ? walkNewest : time);
          if (known.has(mention.externalId)) continue;
          known.add(mention.externalId);
          items.push(mention);
        }
      }
      // Only the absence of `nextPageToken` ends a walk (correction 62); page sizes say nothing.
      if (!reachedEnd && !page.body.nextPageToken) reachedEnd = true;
      pageToken = page.body.nextPageToken;
    }

    state.polledAt = req.now.toISOString();
    if (reachedEnd) {
      const previous = state.newest ? Date.parse(state.newest) : Number.NEGATIVE_INFINITY;
      const newest = Math.max(previous, walkNewest);
      const merged = new Map<string, number>([...state.seen, ...walkSeen]);
      state.newest = Number.isFinite(newest) ? new Date(newest).toISOString() : state.newest;
      state.seen = keepNear(merged, newest);
      state.walk = null;
    } else if (pageToken) {
      state.walk = {
        pageToken,
        until,
        newest: Number.isFinite(walkNewest) ? new Date(walkNewest).toISOString() : null,
        seen: [...walkSeen].sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN),
      };
    }
    cursor.streams[stream.key] = state;
    return { items, fetched, pages, stop };
  }

  private async threadsPage(
    api: ApiRun,
    req: CollectRequest,
    stream: Stream,
    pageSize: number,
    pageToken: string | undefined,
  ): Promise<{ kind: 'ok'; body: YtListResponse<YtCommentThread> } | { kind: 'unavailable'; reason: string } | { kind: 'bad_token' }> {
    const query = {
      part: 'snippet,replies',
      [stream.kind === 'channel' ? 'allThreadsRelatedToChannelId' : 'videoId']: stream.id,
      order: 'time',
      textFormat: 'plainText',
      maxResults: pageSize,
      pageToken,
    };
    try {
      const response = await this.send(api, req, 'commentThreads', query, YOUTUBE_UNIT_COST.commentThreads);
      return { kind: 'ok', body: response.json<YtListResponse<YtCommentThread>>() };
    } catch (error) {
      if (error instanceof YtApiError) {
        if (stream.kind === 'video' && (error.reason === 'commentsDisabled' || error.reason === 'videoNotFound' || error.status === 404)) {
          return { kind: 'unavailable', reason: error.reason ?? `HTTP ${error.status}` };
        }
        if (error.reason === 'invalidPageToken' || (error.status === 400 && /page ?token/i.test(error.message))) return { kind: 'bad_token' };
        throw new SourceConfigError(`YouTube refused ${stream.key}: ${error.message}`, error.status);
      }
      throw error;
    }
  }

  /**
   * Up to `searchPages` pages of `search.list` (100 units each), newest videos first. The same
   * video comes on consecutive pages and in consecutive searches (correction 44): de-duplicated
   * by `videoId`. Found videos join the watch list.
   */
  private async searchVideos(api: ApiRun, req: CollectRequest, q: string, cursor: YouTubeCursor, settings: Settings): Promise<{ found: YtSearchResult[]; pages: number }> {
    const now = req.now;
    const publishedAfter = cursor.search.publishedAfter ?? new Date(now.getTime() - settings.watchMs).toISOString();
    const seen = new Set(cursor.search.seenVideoIds);
    const found: YtSearchResult[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const response = await this.send(
        api,
        req,
        'search',
        { part: 'snippet', q, type: 'video', order: 'date', publishedAfter: wholeSeconds(publishedAfter), maxResults: Math.min(50, settings.pageSize), pageToken },
        YOUTUBE_UNIT_COST.search,
      ).catch((error: unknown) => {
        if (error instanceof YtApiError) throw new SourceConfigError(`YouTube refused the video search: ${error.message}`, error.status);
        throw error;
      });
      pages++;
      const body = response.json<YtListResponse<YtSearchResult>>();
      for (const result of body.items ?? []) {
        const videoId = result.id?.videoId;
        if (!videoId || seen.has(videoId)) continue;
        seen.add(videoId);
        found.push(result);
      }
      pageToken = body.nextPageToken;
      // A search page must leave room for at least one comment page after it.
    } while (pageToken && pages < settings.searchPages && this.fits(req, YOUTUBE_UNIT_COST.search + YOUTUBE_UNIT_COST.commentThreads));

    for (const result of found) {
      const published = Date.parse(result.snippet?.publishedAt ?? result.snippet?.publishTime ?? '');
      const from = Number.isNaN(published) ? now.getTime() : Math.max(published, now.getTime() - settings.watchMs);
      cursor.watched.unshift({ videoId: result.id!.videoId!, until: new Date(from + settings.watchMs).toISOString() });
    }
    cursor.watched = cursor.watched.slice(0, MAX_WATCHED);
    const foundIds = found.map((r) => r.id!.videoId!);
    cursor.search = {
      lastRunAt: now.toISOString(),
      // Search indexing lags publication: the next search looks back an hour before this one.
      publishedAfter: new Date(now.getTime() - 60 * 60_000).toISOString(),
      seenVideoIds: [...foundIds, ...cursor.search.seenVideoIds.filter((id) => !foundIds.includes(id))].slice(0, MAX_SEEN_VIDEOS),
    };
    return { found, pages };
  }

  /**
   * One API call with its quota cost added to the run's spend (each HTTP attempt counts: Google
   * charges failed calls too). Google errors become `YtApiError`, except the quota and rate-limit
   * reasons, which are handled here.
   */
  private async send(api: ApiRun, req: CollectRequest, resource: 'commentThreads' | 'search' | 'channels' | 'comments', query: Record<string, string | number | undefined>, cost: number): Promise<ApiResponse> {
    const url = `${req.source.url.replace(/\/+$/, '')}/${resource}`;
    for (let attempt = 1; ; attempt++) {
      const before = req.stats.requests;
      let response: ApiResponse;
      try {
        // The key goes in a header, not `key=`: URLs end up in error messages and logs.
        response = await api.send({ url, query, headers: { 'x-goog-api-key': req.credentials.apiKey ?? '' }, signal: req.signal });
      } finally {
        req.stats.spent += cost * Math.max(1, req.stats.requests - before);
      }
      if (response.status >= 200 && response.status < 300) return response;
      const error = parseError(response);
      if (error.reason === 'quotaExceeded' || error.domain === 'youtube.quota') {
        throw new SourceQuotaExhaustedError(`YouTube quota exceeded: ${error.message}`, nextPacificMidnight(req.now));
      }
      if (error.reason === 'rateLimitExceeded' || error.reason === 'userRateLimitExceeded') {
        if (attempt >= RATE_LIMIT_TRIES) {
          throw new SourceRateLimitedError(`YouTube rate limit (${error.reason}) after ${attempt} tries`, new Date(Date.now() + RATE_LIMIT_HOLD_MS));
        }
        await this.sleep(Math.floor(Math.random() * this.baseDelayMs * 2 ** attempt), req.signal);
        continue;
      }
      if (response.status === 401 || error.reason === 'keyInvalid' || error.detailReason === 'API_KEY_INVALID' || /API key not valid/i.test(error.message)) {
        throw new SourceAuthError(`YouTube refused the API key: ${error.message}`);
      }
      throw new YtApiError(response.status, error.reason, error.message);
    }
  }
}

/** A Google error the caller decides about (404 video, 403 comments disabled, 400 bad token). */
class YtApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'YtApiError';
  }
}

function parseError(response: ApiResponse): { reason?: string; domain?: string; detailReason?: string; message: string } {
  let body: YtErrorBody | null = null;
  try {
    body = JSON.parse(response.body) as YtErrorBody;
  } catch {
    // Not Google's JSON envelope (a proxy's HTML page): the status is all we know.
  }
  const first = body?.error?.errors?.[0];
  const message = (body?.error?.message ?? first?.message ?? `HTTP ${response.status}`).slice(0, 300);
  return {
    reason: first?.reason,
    domain: first?.domain,
    detailReason: body?.error?.details?.find((d) => typeof d.reason === 'string')?.reason,
    message: `HTTP ${response.status}${first?.reason ? ` ${first.reason}` : ''}: ${message}`,
  };
}

function readSettings(req: CollectRequest): Settings {
  const s = req.source.settings ?? {};
  const num = (key: string, fallback: number, min: number, max: number) => {
    const value = typeof s[key] === 'number' ? (s[key] as number) : fallback;
    return Math.min(max, Math.max(min, Math.floor(Number.isFinite(value) ? value : fallback)));
  };
  const channelId = typeof s.channelId === 'string' && s.channelId.trim() ? s.channelId.trim() : null;
  if (channelId && !/^[\w-]{1,100}$/.test(channelId)) throw new SourceConfigError(`"${channelId.slice(0, 60)}" is not a YouTube channel id`);
  const videoIds = (Array.isArray(s.videoIds) ? s.videoIds : []).map((v) => String(v).trim()).filter(Boolean);
  const bad = videoIds.find((v) => !/^[\w-]{1,100}$/.test(v));
  if (bad) throw new SourceConfigError(`"${bad.slice(0, 60)}" is not a YouTube video id`);
  return {
    channelId,
    ownChannel: channelId !== null && s.ownChannel === true,
    videoIds: [...new Set(videoIds)],
    searchVideos: s.searchVideos === true,
    searchIntervalMs: num('searchIntervalMinutes', 60, 5, 7 * 24 * 60) * 60_000,
    searchPages: num('searchPages', 1, 1, 10),
    watchMs: num('watchDays', 3, 1, 30) * 24 * 60 * 60_000,
    maxPages: num('maxPages', 10, 1, 200),
    pageSize: num('pageSize', 100, 1, 100),
    backfillMs: num('backfillDays', 7, 0, 365) * 24 * 60 * 60_000,
    authorSubscribers: s.authorSubscribers !== false,
  };
}

function keepNear(seen: Map<string, number>, newest: number): Array<[string, number]> {
  return [...seen]
    .filter(([, at]) => at >= newest - OVERLAP_MS)
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SEEN);
}

/** `publishedAfter` wants RFC 3339; whole seconds keep it in the form every example uses. */
function wholeSeconds(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function formatRemaining(req: CollectRequest): string {
  return req.budgetRemaining === null ? 'no limit' : `${Math.max(0, req.budgetRemaining - req.stats.spent)} units`;
}

function sampleOf(m: RawMention): SourceConnectionTest['sample'][number] {
  return { title: m.title, text: m.content.slice(0, 500), publishedAt: m.publishedAt, url: m.url };
}

/** The worker counts daily budgets per UTC day (`budgetPeriod`): a spent budget is back then. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** YouTube's own quota resets at midnight Pacific time (PST or PDT, whichever is in force then). */
export function nextPacificMidnight(now: Date): Date {
  const zone = 'America/Los_Angeles';
  const local = zonedParts(now, zone);
  // Midnight of the next local day, first read as if it were UTC, then shifted by the zone's
  // offset at that instant (checked twice: the offset can differ across a DST change).
  const naive = Date.UTC(local.year, local.month - 1, local.day + 1);
  let guess = naive - offsetMs(new Date(naive), zone);
  guess = naive - offsetMs(new Date(guess), zone);
  return new Date(guess);
}

function zonedParts(date: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Local time minus UTC at an instant, in ms (negative for the Americas). */
function offsetMs(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(date.getTime() / 1000) * 1000;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
