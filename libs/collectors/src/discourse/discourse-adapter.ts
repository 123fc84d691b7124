import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceAuthError, SourceConfigError, SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiRun, SourceHttpError } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { OutboundRequestError } from '../http/outbound-errors';
import { readDiscourseRateLimit } from '../http/rate-limit-headers';
import { mentionId } from '../mention-id';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter, SourceCredentials } from '../source-adapter';
import { type DiscourseCursor, type DiscourseStreamCursor, emptyDiscourseCursor, MAX_TRACKED_VERSIONS, parseDiscourseCursor } from './discourse-cursor';
import { compareIds, deletedAt, discourseSourceKey, htmlFragmentText, postIdOf, toRawMention } from './discourse-mapper';
import type { DiscourseErrorBody, DiscourseLatestPosts, DiscoursePost, DiscourseSearchResult } from './discourse-payloads';

const DEFAULT_MAX_PAGES = 10;
/** Older Discourse versions page `/posts.json` by windows of 50 post ids: `(before - 50, before]`. */
const LEGACY_ID_WINDOW = 50n;
/** Search hits carry only a blurb; full posts are fetched one by one, at most this many a run. */
const MAX_FULL_POSTS_PER_RUN = 50;

/** Discourse search: quoted phrases, no OR (one search per alternative), no exclusion; `#`/`@` are filters there, so they become words. */
export const DISCOURSE_DIALECT: SearchDialect = {
  name: 'Discourse',
  or: null,
  not: null,
  phrase: true,
  lang: false,
  prefix: false,
  tagsAndHandles: false,
  maxQueries: 5,
};

export const DISCOURSE_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'discourse',
  label: { it: 'Forum Discourse', en: 'Discourse forum' },
  polled: true,
  defaultUrl: null,
  urlLabel: { it: 'Indirizzo del forum (es. https://forum.esempio.it)', en: 'Forum address (e.g. https://forum.example.com)' },
  // Every 3 minutes: forums are slower than social networks, and the anonymous limit (200
  // requests a minute per IP) leaves ample room for a page walk.
  defaultSchedule: '*/3 * * * *',
  searchable: true,
  settings: [
    {
      key: 'mode',
      label: { it: 'Cosa leggere', en: 'What to read' },
      kind: 'select',
      required: false,
      options: ['latest', 'search'],
      default: 'latest',
      help: {
        it: '"latest": tutti i nuovi messaggi del forum (i temi li filtra Ascolto). "search": solo i messaggi che la ricerca del forum trova per la query (forum grandi).',
        en: '"latest": every new post on the forum (Ascolto matches topics). "search": only posts the forum\'s search finds for the query (big forums).',
      },
    },
    {
      key: 'query',
      label: { it: 'Query di ricerca', en: 'Search query' },
      kind: 'text',
      required: false,
      help: {
        it: 'Solo per "search"; se vuota si usa la query del tema collegato.',
        en: 'Only for "search"; when empty the linked topic\'s query is used.',
      },
    },
    {
      key: 'maxPages',
      label: { it: 'Pagine massime per lettura', en: 'Most pages per poll' },
      kind: 'number',
      required: false,
      default: DEFAULT_MAX_PAGES,
      help: {
        it: 'Ogni pagina ha 50 messaggi; se non bastano, la lettura successiva riprende da dove si è fermata.',
        en: 'Each page holds 50 posts; if that is not enough, the next poll continues where this one stopped.',
      },
    },
    {
      key: 'ownForum',
      label: { it: 'È il forum del brand', en: "It is the brand's own forum" },
      kind: 'boolean',
      required: false,
      default: false,
      help: {
        it: "I messaggi degli utenti sono scritti al brand (non quelli dello staff): anche senza parole note restano a una persona e compaiono nel filtro «Al brand».",
        en: 'Members\' posts are written to the brand (staff posts are not): even without known words they are kept for a person and show under the "To the brand" filter.',
      },
    },
  ],
  credentials: [
    {
      key: 'apiKey',
      label: { it: 'Chiave API (solo forum privati)', en: 'API key (private forums only)' },
      required: false,
      help: { it: 'Creata da un amministratore del forum; inviata come Api-Key.', en: 'Created by a forum admin; sent as Api-Key.' },
    },
    {
      key: 'apiUsername',
      label: { it: 'Utente della chiave API', en: 'API key username' },
      required: false,
      help: { it: 'Inviato come Api-Username insieme alla chiave.', en: 'Sent as Api-Username with the key.' },
    },
  ],
  budget: null,
};

interface Stream {
  key: string;
  /** Null for `/posts.json`. */
  query: string | null;
}

interface WalkOutcome {
  reached: boolean;
  /** Lowest post id fetched in the walk (the new lower edge of what is covered). */
  lowest: string | null;
  highest: string | null;
  /** Search: the page the walk would have fetched next. */
  nextPage: number | null;
}

/**
 * Discourse forums: `/posts.json` (every new public post, newest first, `before=` paging) or
 * `/search.json` for a query. Ids are compared as BigInt; a walk pages down until it reaches the
 * highest post id delivered before, and a walk cut short (page cap, rate limit, shutdown) keeps
 * the rest as a gap that the next run fills first. Quotes of other people's posts are cut out
 * of `content` (see `withoutQuotes`). Posts seen again with a new `version` are delivered again
 * (edits); withdrawn or deleted ones are reported as deletions.
 */
export class DiscourseAdapter implements SourceAdapter {
  readonly type: SourceType = 'discourse';
  readonly descriptor: SourceTypeDescriptor = DISCOURSE_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readDiscourseRateLimit });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const base = forumBase(req.source.url);
    const streams = streamsFor(req);
    const prior = parseDiscourseCursor(req.cursor) ?? emptyDiscourseCursor();
    const walk = new DiscourseWalk(this.client.forRun(req.stats), req, base, maxPagesOf(req.source.settings.maxPages), prior);
    for (const stream of streams) {
      if (walk.stopped) break;
      await walk.run(stream, prior.streams[stream.key] ?? null);
    }
    return walk.result(streams);
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const base = forumBase(req.source.url);
      const api = this.client.forRun(req.stats);
      const posts = await fetchLatest(api, base, req.credentials, undefined, req.signal);
      const ctx = { sourceId: req.source.id, base, sourceKey: discourseSourceKey(base), now: req.now, ownForum: req.source.settings.ownForum === true };
      const sample = posts
        .map((post) => toRawMention(post, ctx))
        .filter((m): m is RawMention => m !== null)
        .slice(0, 5)
        .map((m) => ({ title: m.title, text: htmlFragmentText(m.content).slice(0, 300), publishedAt: m.publishedAt, url: m.url }));
      return { ok: true, message: `200 OK, ${posts.length} posts`, sample, durationMs: Date.now() - started };
    } catch (error) {
      return { ok: false, message: (error as Error).message, sample: [], durationMs: Date.now() - started };
    }
  }
}

/** The state of one collect call: what was taken, what is left, and the cursor being built. */
class DiscourseWalk {
  private readonly posts = new Map<string, DiscoursePost>();
  private readonly deletions = new Map<string, string>();
  private readonly versions: Map<string, number>;
  private readonly knownByNumber = new Map<string, string>();
  private readonly topicTitles = new Map<string, string>();
  private readonly streams: Record<string, DiscourseStreamCursor>;
  private readonly sourceKey: string;
  private pagesLeft: number;
  private fetched = 0;
  private fullPostsLeft = MAX_FULL_POSTS_PER_RUN;
  stopped: { reason: string; resumeAt?: Date } | null = null;

  constructor(
    private readonly api: ApiRun,
    private readonly req: CollectRequest,
    private readonly base: string,
    maxPages: number,
    prior: DiscourseCursor,
  ) {
    this.pagesLeft = maxPages;
    this.versions = new Map(prior.versions);
    this.streams = { ...prior.streams };
    this.sourceKey = discourseSourceKey(base);
  }

  async run(stream: Stream, cursor: DiscourseStreamCursor | null): Promise<void> {
    // First poll of a stream: the newest page only. History is not backfilled (it would flood the
    // inbox with old posts); from here on nothing is missed.
    if (!cursor || cursor.newest === null) {
      const outcome = await this.walk(stream, { startPage: 1, before: undefined, stopAt: null, below: null, singlePage: true });
      this.streams[stream.key] = { newest: outcome.highest ?? cursor?.newest ?? null, gap: null };
      return;
    }
    let { newest, gap } = cursor;
    if (gap) {
      const outcome = await this.walk(stream, {
        // Search pages only shift towards higher numbers as posts arrive, so what is left of the
        // gap cannot have moved above the page where the walk stopped: it resumes there.
        startPage: gap.page ?? 1,
        before: gap.below,
        stopAt: gap.above,
        below: gap.below,
        singlePage: false,
      });
      gap = outcome.reached ? null : { above: gap.above, below: minId(outcome.lowest, gap.below), page: stream.query ? outcome.nextPage : null };
    }
    if (!gap && !this.stopped && this.pagesLeft > 0) {
      const outcome = await this.walk(stream, { startPage: 1, before: undefined, stopAt: newest, below: null, singlePage: false });
      const top = outcome.highest && compareIds(outcome.highest, newest) > 0 ? outcome.highest : newest;
      if (!outcome.reached && outcome.lowest && compareIds(outcome.lowest, newest) > 0) {
        gap = { above: newest, below: outcome.lowest, page: stream.query ? outcome.nextPage : null };
      }
      newest = top;
    }
    this.streams[stream.key] = { newest, gap };
  }

  /**
   * Pages down from `before` (or page `startPage` of a search) taking posts with
   * `stopAt < id < below`, until a page reaches `stopAt`, the forum has nothing older, or the
   * run's page budget is spent.
   */
  private async walk(
    stream: Stream,
    opts: { startPage: number; before: string | undefined; stopAt: string | null; below: string | null; singlePage: boolean },
  ): Promise<WalkOutcome> {
    let before = stream.query ? undefined : opts.before;
    let page = opts.startPage;
    let lowest: string | null = null;
    let highest: string | null = null;
    // Older forums answer `before=` with the window `(before - 50, before]` (the `before` post
    // itself included) instead of the 50 posts below it; an empty window there is not the end.
    let windowed = false;
    for (;;) {
      if (this.pagesLeft <= 0) {
        this.stop('the page limit of this poll was reached; the next poll continues');
        return { reached: false, lowest, highest, nextPage: page };
      }
      if (this.req.signal.aborted) {
        this.stop('the worker is shutting down');
        return { reached: false, lowest, highest, nextPage: page };
      }
      let batch: { posts: DiscoursePost[]; more: boolean };
      try {
        batch = stream.query ? await this.fetchSearchPage(stream.query, page) : { posts: await this.fetchLatestPage(before), more: true };
      } catch (error) {
        if (!this.canStopOn(error)) throw error;
        return { reached: false, lowest, highest, nextPage: page };
      }
      this.pagesLeft--;
      this.fetched += batch.posts.length;
      let reached = false;
      let pageLowest: string | null = null;
      const fresh: DiscoursePost[] = [];
      for (const post of batch.posts) {
        const id = postIdOf(post);
        if (!id) continue;
        if (before !== undefined && id === before) windowed = true;
        this.remember(post, id);
        pageLowest = minId(pageLowest, id);
        if (opts.below && compareIds(id, opts.below) >= 0) {
          // Above the gap: delivered by an earlier walk (or repeated by an inclusive `before`).
          this.checkKnown(post, id);
          continue;
        }
        if (opts.stopAt && compareIds(id, opts.stopAt) <= 0) {
          reached = true;
          this.checkKnown(post, id);
          continue;
        }
        highest = maxId(highest, id);
        fresh.push(post);
      }
      for (const post of fresh) await this.take(post, stream);
      if (pageLowest === null || batch.posts.length === 0) {
        if (windowed && before !== undefined && opts.stopAt && BigInt(before) - LEGACY_ID_WINDOW > BigInt(opts.stopAt)) {
          lowest = minId(lowest, (BigInt(before) - LEGACY_ID_WINDOW + 1n).toString());
          before = (BigInt(before) - LEGACY_ID_WINDOW).toString();
          continue;
        }
        return { reached: true, lowest, highest, nextPage: null };
      }
      lowest = minId(lowest, pageLowest);
      if (reached || !batch.more || opts.singlePage) return { reached: true, lowest, highest, nextPage: null };
      if (stream.query) {
        page++;
      } else if (windowed && before !== undefined) {
        // Window after window, contiguous: (before - 100, before - 50] follows (before - 50, before].
        lowest = minId(lowest, (BigInt(before) - LEGACY_ID_WINDOW + 1n).toString());
        before = (BigInt(before) - LEGACY_ID_WINDOW).toString();
      } else if (before !== undefined && compareIds(pageLowest, before) >= 0) {
        // The forum ignored `before` (a proxy stripping the query, a plugin): paging further
        // would loop. Stop with the gap kept rather than skip posts silently.
        this.stop('the forum did not page older posts with before=; the gap is kept for the next poll');
        return { reached: false, lowest, highest, nextPage: null };
      } else {
        before = pageLowest;
      }
    }
  }

  /** A new post: kept for delivery, unless it is already gone (nothing left to listen to). */
  private async take(post: DiscoursePost, stream: Stream): Promise<void> {
    const id = postIdOf(post)!;
    const gone = deletedAt(post, this.req.now);
    if (gone) {
      this.versions.set(id, -1);
      this.deletions.set(id, gone);
      return;
    }
    let full = post;
    if (stream.query && !post.cooked && this.fullPostsLeft > 0) {
      this.fullPostsLeft--;
      full = (await this.fetchFullPost(id)) ?? post;
      this.remember(full, id);
    }
    this.posts.set(id, full);
    this.versions.set(id, versionOf(full));
  }

  /** A post delivered before: an edit is delivered again, a withdrawal or deletion is reported once. */
  private checkKnown(post: DiscoursePost, id: string): void {
    const known = this.versions.get(id);
    if (known === undefined || known === -1) return;
    const gone = deletedAt(post, this.req.now);
    if (gone) {
      this.versions.set(id, -1);
      this.deletions.set(id, gone);
      return;
    }
    if (versionOf(post) !== known && (post.cooked || post.raw)) {
      this.posts.set(id, post);
      this.versions.set(id, versionOf(post));
    }
  }

  private remember(post: DiscoursePost, id: string): void {
    if (post.topic_id !== undefined && post.topic_id !== null && typeof post.post_number === 'number') {
      this.knownByNumber.set(`${String(post.topic_id)}:${post.post_number}`, id);
    }
  }

  private canStopOn(error: unknown): boolean {
    // Before anything was fetched a failure is the run's failure (the worker backs off); after
    // some pages, what was fetched is delivered and the rest stays a gap.
    if (this.fetched === 0 && this.posts.size === 0) return false;
    if (error instanceof SourceRateLimitedError) {
      this.stop(`rate limited by the forum: ${error.message}`, error.resumeAt);
      return true;
    }
    if (error instanceof SourceHttpError || (error instanceof OutboundRequestError && (error.kind === 'timeout' || error.kind === 'network'))) {
      this.stop(`the forum failed mid-walk: ${error.message}`);
      return true;
    }
    return false;
  }

  private stop(reason: string, resumeAt?: Date): void {
    this.stopped ??= resumeAt ? { reason, resumeAt } : { reason };
  }

  private fetchLatestPage(before: string | undefined): Promise<DiscoursePost[]> {
    return fetchLatest(this.api, this.base, this.req.credentials, before, this.req.signal);
  }

  private async fetchSearchPage(query: string, page: number): Promise<{ posts: DiscoursePost[]; more: boolean }> {
    const response = await this.api.send({
      url: `${this.base}/search.json`,
      query: { q: `${query} order:latest`, page: page > 1 ? page : undefined },
      headers: authHeaders(this.req.credentials),
      signal: this.req.signal,
    });
    throwForStatus(response.status, response.body, this.req.credentials, `${this.base}/search.json`);
    const body = response.json<DiscourseSearchResult>();
    if (!body || typeof body !== 'object' || (body.posts !== undefined && body.posts !== null && !Array.isArray(body.posts))) {
      throw new SourcePayloadError(`${this.base}/search.json did not answer with search results`);
    }
    for (const topic of Array.isArray(body.topics) ? body.topics : []) {
      const title = topic?.title ?? (topic?.fancy_title ? htmlFragmentText(topic.fancy_title) : null);
      if (topic?.id !== undefined && title) this.topicTitles.set(String(topic.id), title);
    }
    const posts = (body.posts ?? []).filter(isPostObject);
    return { posts, more: body.grouped_search_result?.more_posts === true };
  }

  private async fetchFullPost(id: string): Promise<DiscoursePost | null> {
    const response = await this.api.send({ url: `${this.base}/posts/${id}.json`, headers: authHeaders(this.req.credentials), signal: this.req.signal });
    // Deleted or hidden between the search and now: keep the search hit's blurb.
    if (response.status === 404 || response.status === 403) return null;
    throwForStatus(response.status, response.body, this.req.credentials, `${this.base}/posts/${id}.json`);
    const post = response.json<DiscoursePost>();
    return isPostObject(post) && postIdOf(post) === id ? post : null;
  }

  result(streams: Stream[]): CollectResult {
    const ctx = {
      sourceId: this.req.source.id,
      base: this.base,
      sourceKey: this.sourceKey,
      now: this.req.now,
      topicTitles: this.topicTitles,
      postIdsByNumber: this.knownByNumber,
      ownForum: this.req.source.settings.ownForum === true,
    };
    const items = [...this.posts.values()]
      .map((post) => toRawMention(post, ctx))
      .filter((m): m is RawMention => m !== null)
      .sort((a, b) => compareIds(b.externalId, a.externalId));
    const keep = new Set(streams.map((s) => s.key));
    const nextCursor: DiscourseCursor = {
      v: 1,
      // Streams of queries no longer asked for are dropped; a changed query starts afresh.
      streams: Object.fromEntries(Object.entries(this.streams).filter(([key]) => keep.has(key))),
      versions: [...this.versions.entries()].sort((a, b) => compareIds(b[0], a[0])).slice(0, MAX_TRACKED_VERSIONS),
    };
    const deletions = [...this.deletions.entries()].map(([id, at]) => ({ id: mentionId('discourse', this.sourceKey, id), at }));
    const result: CollectResult = { items, nextCursor, notModified: false, fetched: this.fetched };
    if (deletions.length) result.deletions = deletions;
    if (this.stopped) result.incomplete = this.stopped;
    return result;
  }
}

async function fetchLatest(api: ApiRun, base: string, credentials: SourceCredentials, before: string | undefined, signal: AbortSignal): Promise<DiscoursePost[]> {
  const url = `${base}/posts.json`;
  const response = await api.send({ url, query: { before }, headers: authHeaders(credentials), signal });
  throwForStatus(response.status, response.body, credentials, url);
  const body = response.json<DiscourseLatestPosts>();
  if (!body || typeof body !== 'object' || !Array.isArray(body.latest_posts)) {
    throw new SourcePayloadError(`${url} answered without latest_posts: is this a Discourse forum?`);
  }
  return body.latest_posts.filter(isPostObject);
}

/** What a non-2xx status means here (429 and 5xx were already retried by the ApiClient). */
function throwForStatus(status: number, body: string, credentials: SourceCredentials, url: string): void {
  if (status >= 200 && status < 300) return;
  const reason = errorReason(body);
  if (status === 401 || status === 403) {
    if (credentials.apiKey) throw new SourceAuthError(`the forum refused the API key (HTTP ${status}${reason ? `: ${reason}` : ''})`);
    throw new SourceConfigError(`the forum requires a login for ${url} (HTTP ${status}${reason ? `: ${reason}` : ''}); add an API key`, status);
  }
  if (status === 404) throw new SourceConfigError(`${url} was not found (HTTP 404): is the address a Discourse forum?`, status);
  if (status >= 400 && status < 500) throw new SourceConfigError(`the forum refused ${url} (HTTP ${status}${reason ? `: ${reason}` : ''})`, status);
  throw new SourceHttpError(status, `HTTP ${status} from ${url}`, body.slice(0, 500));
}

function errorReason(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as DiscourseErrorBody;
    const text = parsed.errors?.find((e) => typeof e === 'string') ?? parsed.message;
    return typeof text === 'string' ? text.slice(0, 200) : null;
  } catch {
    return null;
  }
}

function authHeaders(credentials: SourceCredentials): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (credentials.apiKey) {
    headers['api-key'] = credentials.apiKey;
    if (credentials.apiUsername) headers['api-username'] = credentials.apiUsername;
  }
  return headers;
}

function streamsFor(req: Pick<CollectRequest, 'source'>): Stream[] {
  if (req.source.settings.mode !== 'search') return [{ key: 'latest', query: null }];
  const rendered = renderSearchQuery(req.source.query, DISCOURSE_DIALECT);
  if (!rendered) throw new SourceConfigError('search mode needs a query: set the source\'s query or link it to a topic with a query');
  return rendered.queries.map((query) => ({ key: `search:${query}`, query }));
}

/** The forum's base URL without a trailing slash (forums can live under a sub-folder). */
function forumBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceConfigError(`"${url.slice(0, 200)}" is not a forum address`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SourceConfigError('the forum address must start with https:// or http://');
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/(posts|latest)(\.json)?$/, '');
  return `${parsed.origin}${path}`;
}

function maxPagesOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 ? Math.min(100, Math.floor(value)) : DEFAULT_MAX_PAGES;
}

function versionOf(post: DiscoursePost): number {
  return typeof post.version === 'number' && Number.isInteger(post.version) ? post.version : 1;
}

function isPostObject(value: unknown): value is DiscoursePost {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function minId(a: string | null, b: string): string;
function minId(a: string | null, b: string | null): string | null;
function minId(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareIds(a, b) <= 0 ? a : b;
}

function maxId(a: string | null, b: string): string {
  return a === null || compareIds(b, a) > 0 ? b : a;
}
