import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { readBlueskyRateLimit } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { type BlueskyCursor, type BlueskyQueryCursor, MAX_BLUESKY_SEEN, parseBlueskyCursor } from './bluesky-cursor';
import { BlueskySessionManager, describe } from './bluesky-session';
import { blueskyPostToMention, parsePostUri, sortAtOf } from './bluesky.mapper';
import type { BskyPostView, BskyProfileView, BskySearchPostsResponse } from './bluesky.types';

const DEFAULT_URL = 'https://bsky.social';
const SEARCH = 'app.bsky.feed.searchPosts';
const PROFILES = 'app.bsky.actor.getProfiles';
const PROFILES_PER_CALL = 25;

/**
 * Bluesky's search takes quoted phrases and `#tags`; OR and exclusions are not reliable there, so
 * alternatives become separate queries and exclusions are left to the pipeline's topic matching.
 */
export const BLUESKY_DIALECT: SearchDialect = { name: 'Bluesky', or: null, not: null, phrase: true, lang: false, prefix: false, tagsAndHandles: true, maxQueries: 5 };

export const BLUESKY_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'bluesky',
  label: { it: 'Bluesky (ricerca post)', en: 'Bluesky (post search)' },
  polled: true,
  defaultUrl: DEFAULT_URL,
  urlLabel: { it: "Server PDS dell'account (es. https://bsky.social)", en: "The account's PDS (e.g. https://bsky.social)" },
  // Search is meant for human-directed queries (SOURCES.md §2): every 3 minutes per query is
  // close to real time and far below the PDS's 3,000 requests per 5 minutes.
  defaultSchedule: '*/3 * * * *',
  searchable: true,
  settings: [
    {
      key: 'query',
      label: { it: 'Ricerca', en: 'Search' },
      kind: 'text',
      required: false,
      help: {
        it: "Sintassi delle regole dei topic; vuoto = la query del topic collegato. Le esclusioni sono applicate da Ascolto dopo la raccolta.",
        en: 'Topic rule syntax; empty = the linked topic’s query. Exclusions are applied by Ascolto after collection.',
      },
    },
    {
      key: 'lang',
      label: { it: 'Lingua dei post', en: 'Post language' },
      kind: 'text',
      required: false,
      help: { it: 'Codice ISO (es. it). Vuoto: tutte. Molti post non dichiarano la lingua.', en: 'ISO code (e.g. it). Empty: all. Many posts declare no language.' },
    },
    {
      key: 'overlapMinutes',
      label: { it: 'Sovrapposizione (minuti)', en: 'Overlap (minutes)' },
      kind: 'number',
      required: false,
      default: 10,
      help: {
        it: 'Ogni ricerca rilegge questi minuti prima dell’ultimo post visto: i post indicizzati in ritardo non vanno persi.',
        en: 'Each search re-reads this many minutes before the newest post seen, so late-indexed posts are not lost.',
      },
    },
    {
      key: 'backfillHours',
      label: { it: 'Prima raccolta (ore)', en: 'First collection (hours)' },
      kind: 'number',
      required: false,
      default: 24,
      help: { it: 'Quante ore indietro legge la prima raccolta.', en: 'How far back the first collection reads.' },
    },
    { key: 'maxPages', label: { it: 'Pagine per raccolta', en: 'Pages per run' }, kind: 'number', required: false, default: 10 },
    { key: 'pageSize', label: { it: 'Post per pagina (1–100)', en: 'Posts per page (1–100)' }, kind: 'number', required: false, default: 100 },
    {
      key: 'authorFollowers',
      label: { it: 'Leggi i follower degli autori', en: 'Read authors’ followers' },
      kind: 'boolean',
      required: false,
      default: true,
      help: { it: 'Una richiesta ogni 25 autori nuovi; serve alla priorità.', en: 'One request per 25 new authors; feeds the priority.' },
    },
  ],
  credentials: [
    {
      key: 'identifier',
      label: { it: 'Handle o DID', en: 'Handle or DID' },
      required: true,
      help: { it: 'Es. brand.bsky.social', en: 'E.g. brand.bsky.social' },
    },
    {
      key: 'appPassword',
      label: { it: 'App password', en: 'App password' },
      required: true,
      help: {
        it: 'Creala in Impostazioni → Privacy e sicurezza → App password; non usare la password dell’account.',
        en: 'Create one in Settings → Privacy and security → App passwords; never the account password.',
      },
    },
  ],
  budget: null,
};

interface Settings {
  lang: string | null;
  overlapMs: number;
  backfillMs: number;
  maxPages: number;
  pageSize: number;
  followers: boolean;
}

function numberSetting(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
}

function readSettings(settings: Record<string, unknown>): Settings {
  const lang = typeof settings.lang === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?$/.test(settings.lang.trim()) ? settings.lang.trim().toLowerCase() : null;
  return {
    lang,
    overlapMs: numberSetting(settings.overlapMinutes, 10, 0, 24 * 60) * 60_000,
    backfillMs: numberSetting(settings.backfillHours, 24, 1, 24 * 30) * 3_600_000,
    maxPages: numberSetting(settings.maxPages, 10, 1, 100),
    pageSize: numberSetting(settings.pageSize, 100, 1, 100),
    followers: settings.authorFollowers !== false,
  };
}

/** The search base: the source's URL without a trailing slash or `/xrpc`. */
function baseUrl(url: string): string {
  const trimmed = (url || DEFAULT_URL).trim().replace(/\/+$/, '').replace(/\/xrpc$/, '');
  const parsed = new URL(trimmed);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new SourceConfigError(`${parsed.protocol} is not an http(s) URL`);
  return trimmed;
}

interface WalkResult {
  posts: BskyPostView[];
  /** Lowest / highest `sortAt` among the posts read (seen ones included), epoch ms. */
  min: number | null;
  max: number | null;
  /** True when the result list ended; false when the page limit cut it. */
  complete: boolean;
  /** Where a cut walk would go on. */
  nextCursor?: string;
  pages: number;
  fetched: number;
}

/**
 * Bluesky keyword, hashtag and mention search (`app.bsky.feed.searchPosts`, authenticated through
 * the account's PDS). Each query keeps a `sortAt` watermark and the uris seen in its overlap; a
 * run reads `since = watermark − overlap` page by page (short pages are not the end: only a
 * missing cursor is), skips what it has seen, and a walk cut by the page limit leaves a `resume`
 * range that the next run reads first, so nothing between is skipped.
 */
export class BlueskyAdapter implements SourceAdapter {
  readonly type: SourceType = 'bluesky';
  readonly descriptor: SourceTypeDescriptor = BLUESKY_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readBlueskyRateLimit });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = readSettings(req.source.settings);
    const queries = this.queriesOf(req);
    const base = baseUrl(req.source.url);
    const api = this.client.forRun(req.stats);
    const session = new BlueskySessionManager(api, base, req.credentials, req.saveCredentials, req.signal);
    const previous = parseBlueskyCursor(req.cursor);
    const next: BlueskyCursor = { v: 1, queries: {} };
    const delivered = new Map<string, BskyPostView>();
    let fetched = 0;
    const cut: string[] = [];

    for (const q of queries) {
      const state = previous.queries[q] ?? { watermark: null, seen: [], resume: null };
      const outcome = await this.pollQuery(session, q, state, settings, req.now, req.signal);
      next.queries[q] = outcome.cursor;
      fetched += outcome.fetched;
      for (const post of outcome.posts) delivered.set(post.uri!, post);
      if (outcome.cut) cut.push(q);
    }

    const posts = [...delivered.values()];
    const followers = settings.followers ? await this.followersOf(session, posts, req.signal) : new Map<string, number>();
    const items: RawMention[] = [];
    for (const post of posts) {
      const mention = blueskyPostToMention(post, { sourceId: req.source.id, collectedAt: req.now, followers });
      if (mention) items.push(mention);
    }
    return {
      items,
      nextCursor: next,
      notModified: false,
      fetched,
      incomplete: cut.length ? { reason: `page limit (${settings.maxPages}) reached for ${cut.length} Bluesky quer${cut.length === 1 ? 'y' : 'ies'}; the next run continues` } : undefined,
    };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const [q] = this.queriesOf(req);
      const base = baseUrl(req.source.url);
      const session = new BlueskySessionManager(this.client.forRun(req.stats), base, req.credentials, req.saveCredentials, req.signal);
      const lang = readSettings(req.source.settings).lang;
      const page = await this.searchPage(session, { q, sort: 'latest', limit: 5, lang: lang ?? undefined });
      const sample = (page.posts ?? [])
        .slice(0, 5)
        .map((post) => ({ post, mention: blueskyPostToMention(post, { sourceId: req.source.id, collectedAt: req.now }) }))
        .filter((p): p is { post: BskyPostView; mention: RawMention } => p.mention !== null)
        // The post's own plain text: the sample is shown as text, not the escaped HTML of `content`.
        .map(({ post, mention: m }) => ({ title: m.title, text: typeof post.record?.text === 'string' ? post.record.text : '', publishedAt: m.publishedAt, url: m.url }));
      return { ok: true, message: `200 OK, ${sample.length} posts for "${q}"`, sample, durationMs: Date.now() - started };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), sample: [], durationMs: Date.now() - started };
    }
  }

  private queriesOf(req: Pick<CollectRequest, 'source'>): string[] {
    const rendered = renderSearchQuery(req.source.query, BLUESKY_DIALECT);
    if (!rendered) throw new SourceConfigError('Bluesky search needs a query: set the source’s query or link it to a topic with one');
    return rendered.queries;
  }

  private async pollQuery(
    session: BlueskySessionManager,
    q: string,
    state: BlueskyQueryCursor,
    settings: Settings,
    now: Date,
    signal: AbortSignal,
  ): Promise<{ posts: BskyPostView[]; cursor: BlueskyQueryCursor; fetched: number; cut: boolean }> {
    const seen = new Map<string, number>(state.seen);
    const posts: BskyPostView[] = [];
    let pagesLeft = settings.maxPages;
    let fetched = 0;
    let resume = state.resume;
    let watermark = state.watermark ? Date.parse(state.watermark) : null;
    const accept = (walk: WalkResult) => {
      fetched += walk.fetched;
      pagesLeft -= walk.pages;
      for (const post of walk.posts) {
        seen.set(post.uri!, sortAtOf(post) ?? now.getTime());
        posts.push(post);
      }
    };

    // An older range a previous run could not finish comes first: it is the oldest gap.
    if (resume) {
      const walk = await this.walk(session, q, settings, { since: resume.since, until: resume.until }, seen, pagesLeft, signal, resume.cursor);
      accept(walk);
      resume = walk.complete ? null : { since: resume.since, until: resume.until, ...(walk.nextCursor ? { cursor: walk.nextCursor } : {}) };
    }
    if (!resume && pagesLeft > 0) {
      const floor = watermark !== null ? watermark - settings.overlapMs : now.getTime() - settings.backfillMs;
      const since = new Date(floor).toISOString();
      const walk = await this.walk(session, q, settings, { since }, seen, pagesLeft, signal);
      accept(walk);
      const before = watermark;
      if (walk.max !== null) watermark = Math.max(watermark ?? walk.max, Math.min(walk.max, now.getTime()));
      // Cut above the old watermark: posts between were never read, so the next run reads them
      // first. Cut below it, only the overlap (read last time) is left, and the next run's overlap
      // covers it again.
      if (!walk.complete && walk.min !== null && (before === null || walk.min > before)) resume = { since, until: untilAbove(walk.min, now.toISOString()) };
    }

    // Keep the uris that the next run can meet again: the overlap window and the resume boundary.
    const keepFrom = Math.min(
      watermark !== null ? watermark - settings.overlapMs : now.getTime() - settings.backfillMs,
      resume ? Date.parse(resume.until) - 2_000 : Number.POSITIVE_INFINITY,
    );
    const kept = [...seen.entries()].filter(([, at]) => at >= keepFrom).sort((a, b) => b[1] - a[1]).slice(0, MAX_BLUESKY_SEEN);
    return {
      posts,
      fetched,
      cut: resume !== null,
      cursor: { watermark: watermark !== null ? new Date(watermark).toISOString() : null, seen: kept, resume },
    };
  }

  /**
   * Follows searchPosts' offset cursor through `[since, until)`. Posts arriving meanwhile shift
   * the offsets, so a post can come twice (dropped by uri) — the overlap of the next run re-reads
   * what a shift could have skipped.
   */
  private async walk(
    session: BlueskySessionManager,
    q: string,
    settings: Settings,
    range: { since: string; until?: string },
    seen: Map<string, number>,
    maxPages: number,
    signal: AbortSignal,
    startCursor?: string,
  ): Promise<WalkResult> {
    const result: WalkResult = { posts: [], min: null, max: null, complete: false, pages: 0, fetched: 0 };
    const inWalk = new Set<string>();
    let cursor: string | undefined = startCursor;
    while (result.pages < maxPages) {
      if (signal.aborted) return result;
      const page = await this.searchPage(session, { q, sort: 'latest', limit: settings.pageSize, since: range.since, until: range.until, lang: settings.lang ?? undefined, cursor });
      result.pages++;
      const list = page.posts ?? [];
      result.fetched += list.length;
      for (const post of list) {
        if (!parsePostUri(post?.uri)) continue;
        const at = sortAtOf(post);
        if (at !== null) {
          result.min = result.min === null ? at : Math.min(result.min, at);
          result.max = result.max === null ? at : Math.max(result.max, at);
        }
        const uri = post.uri!;
        if (inWalk.has(uri) || seen.has(uri)) continue;
        inWalk.add(uri);
        result.posts.push(post);
      }
      // Only a missing cursor ends the list (SOURCES.md correction 14: short pages are not the end).
      const nextCursor = typeof page.cursor === 'string' && page.cursor.length > 0 ? page.cursor : undefined;
      if (!nextCursor || list.length === 0 || nextCursor === cursor) {
        result.complete = true;
        return result;
      }
      cursor = nextCursor;
      result.nextCursor = nextCursor;
    }
    return result;
  }

  private async searchPage(session: BlueskySessionManager, query: Record<string, string | number | undefined>): Promise<BskySearchPostsResponse> {
    const response = await session.get(SEARCH, query);
    if (response.status !== 200) throw searchError(response);
    const body = response.json<BskySearchPostsResponse>();
    if (!body || typeof body !== 'object' || (body.posts !== undefined && !Array.isArray(body.posts))) {
      throw new SourcePayloadError(`Bluesky ${SEARCH} answered 200 without a posts list`);
    }
    return body;
  }

  /** Followers are not on search results: getProfiles, 25 authors a call. Best effort: reach is a nicety, not the post. */
  private async followersOf(session: BlueskySessionManager, posts: BskyPostView[], signal: AbortSignal): Promise<Map<string, number>> {
    const dids = [...new Set(posts.map((p) => p.author?.did).filter((d): d is string => typeof d === 'string' && d.startsWith('did:')))];
    const followers = new Map<string, number>();
    for (let i = 0; i < dids.length; i += PROFILES_PER_CALL) {
      if (signal.aborted) break;
      let response: ApiResponse;
      try {
        response = await session.get(PROFILES, { actors: dids.slice(i, i + PROFILES_PER_CALL) });
      } catch (error) {
        if (error instanceof SourceAuthError) throw error;
        break;
      }
      if (response.status !== 200) break;
      let profiles: BskyProfileView[];
      try {
        profiles = response.json<{ profiles?: BskyProfileView[] }>().profiles ?? [];
      } catch {
        break;
      }
      for (const profile of Array.isArray(profiles) ? profiles : []) {
        if (typeof profile?.did === 'string' && typeof profile.followersCount === 'number' && profile.followersCount >= 0) {
          followers.set(profile.did, Math.floor(profile.followersCount));
        }
      }
    }
    return followers;
  }
}

/** One second above the oldest post read, so posts sharing its timestamp are read again (`until` is exclusive). */
function untilAbove(min: number | null, fallback: string): string {
  return min === null ? fallback : new Date(min + 1_000).toISOString();
}

function searchError(response: ApiResponse): Error {
  const detail = describe(response);
  if (response.status === 400) return new SourceConfigError(`Bluesky refused the search query (HTTP 400${detail})`, 400);
  if (response.status === 403) {
    // The public AppView answers unauthenticated searches with an HTML 403 from its proxy.
    return new SourceAuthError(`Bluesky refused the search (HTTP 403${detail}): searchPosts needs a logged-in session on the account's PDS`);
  }
  if (response.status === 404 || response.status === 501) {
    return new SourceConfigError(`${SEARCH} is not served at this URL (HTTP ${response.status}${detail}): use the account's PDS, e.g. https://bsky.social`, response.status);
  }
  return new SourceConfigError(`Bluesky ${SEARCH} answered HTTP ${response.status}${detail}`, response.status);
}

