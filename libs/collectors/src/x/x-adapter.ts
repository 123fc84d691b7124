import { createHash } from 'node:crypto';
import type { SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceAuthError, SourceConfigError, SourceQuotaExhaustedError, SourceRateLimitedError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse, type ApiRun } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { type RateLimitReader, readXRateLimit } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { isXId, maxXId } from './x-ids';
import { mapTweets, usersById } from './x-mapper';
import type { XProblem, XSearchResponse, XTweet, XUser } from './x-payload';

/**
 * What one read costs, in USD: "Posts: Read $0.005 per resource" and "User: Read $0.010 per
 * resource" on X's pay-per-usage price list (docs.x.com/x-api/getting-started/pricing, as quoted
 * in SOURCES.md §7). The authors expanded with `expansions=author_id` come back as user resources,
 * so they are counted too. X bills a post once per UTC day however often it is read; we count every
 * read, so the cap is never overshot.
 */
export const X_PRICE_PER_POST_USD = 0.005;
export const X_PRICE_PER_USER_USD = 0.01;
/** Recent search's `query` limit (SOURCES.md §7). */
const MAX_QUERY_LENGTH = 512;
/** Recent search covers 7 days; a `since_id` older than that is refused, then we start from here. */
const WINDOW_MS = 7 * 24 * 60 * 60_000 - 60_000;

/** X's operators: OR, `-`, quotes, `#tag`, `@handle`, `lang:xx`; no wildcards. */
export const X_DIALECT: SearchDialect = { name: 'X', or: 'OR', not: '-', phrase: true, lang: true, prefix: false, tagsAndHandles: true };

const TWEET_FIELDS = 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,public_metrics,entities,edit_history_tweet_ids,note_tweet';
const USER_FIELDS = 'username,name,public_metrics,verified,verified_type,profile_image_url';

export const X_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'x',
  label: { it: 'X (Twitter), ricerca recente', en: 'X (Twitter), recent search' },
  polled: true,
  defaultUrl: 'https://api.x.com',
  urlLabel: { it: "Indirizzo dell'API di X", en: 'X API address' },
  // Every 10 minutes: 450 searches per 15 minutes are far away, and each poll costs only the new
  // posts it returns; tighten it when the budget allows.
  defaultSchedule: '*/10 * * * *',
  searchable: true,
  settings: [
    {
      key: 'query',
      label: { it: 'Query di ricerca', en: 'Search query' },
      kind: 'text',
      required: false,
      help: {
        it: 'Sintassi dei topic (OR, -, "frasi", #tag, @utente, lang:it); vuota: quella del topic collegato.',
        en: 'Topic syntax (OR, -, "phrases", #tag, @user, lang:en); empty: the linked topic\'s.',
      },
    },
    {
      key: 'excludeRetweets',
      label: { it: 'Escludi i repost', en: 'Leave out reposts' },
      kind: 'boolean',
      required: false,
      default: true,
      help: {
        it: 'Aggiunge -is:retweet: i repost ripetono il testo e ogni post letto si paga.',
        en: 'Adds -is:retweet: reposts repeat the text and every post read is billed.',
      },
    },
    {
      key: 'backfillHours',
      label: { it: 'Ore da recuperare la prima volta', en: 'Hours to fetch the first time' },
      kind: 'number',
      required: false,
      default: 24,
      help: {
        it: 'La prima ricerca guarda indietro solo di tante ore (massimo 7 giorni): ogni post letto si paga.',
        en: 'The first search looks back only this many hours (at most 7 days): every post read is billed.',
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
      label: { it: 'Post per pagina (10–100)', en: 'Posts per page (10–100)' },
      kind: 'number',
      required: false,
      default: 100,
    },
  ],
  credentials: [
    {
      key: 'bearerToken',
      label: { it: 'Bearer token', en: 'Bearer token' },
      required: true,
      help: { it: "Il token app-only dell'app nel Developer Console di X.", en: "The app-only token of your app in X's Developer Console." },
    },
  ],
  budget: { unit: 'usd', period: 'month', defaultLimit: 25 },
};

/**
 * Between runs: the newest post id delivered (`since_id` for the next search), and a walk through
 * `next_token` pages that was cut short. The walk keeps the `since_id` it started from and the
 * first page's `newest_id`; only when the walk reaches its last page does `sinceId` move.
 */
export interface XCursor {
  sinceId: string | null;
  walk: { nextToken: string; sinceId: string | null; startTime: string | null; newestId: string | null; query: string } | null;
}

export function parseXCursor(value: unknown): XCursor {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { sinceId: null, walk: null };
  const v = value as Record<string, unknown>;
  const sinceId = isXId(v.sinceId) ? v.sinceId : null;
  let walk: XCursor['walk'] = null;
  const w = v.walk as Record<string, unknown> | null | undefined;
  if (w && typeof w === 'object' && typeof w.nextToken === 'string' && w.nextToken.length > 0 && w.nextToken.length <= 1_024 && typeof w.query === 'string') {
    walk = {
      nextToken: w.nextToken,
      sinceId: isXId(w.sinceId) ? w.sinceId : null,
      startTime: typeof w.startTime === 'string' && !Number.isNaN(Date.parse(w.startTime)) ? w.startTime : null,
      newestId: isXId(w.newestId) ? w.newestId : null,
      query: w.query.slice(0, MAX_QUERY_LENGTH * 2),
    };
  }
  return { sinceId, walk };
}

type Stop = { reason: string; resumeAt?: Date } | null;

/** `GET /2/tweets/search/recent` with a bearer token, newest first, `since_id` to `next_token`. */
export class XRecentSearchAdapter implements SourceAdapter {
  readonly type: SourceType = 'x';
  readonly descriptor: SourceTypeDescriptor = X_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readXLimitOrCap });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = readSettings(req);
    const query = buildQuery(req);
    const api = this.client.forRun(req.stats);
    const cursor = parseXCursor(req.cursor);
    const ctxBase = { sourceId: req.source.id, collectedAt: req.now.toISOString() };

    // A walk belongs to its query: `next_token` is only valid with the same parameters.
    const walk = cursor.walk && cursor.walk.query === query ? cursor.walk : null;
    let sinceId = walk ? walk.sinceId : cursor.sinceId;
    if (!walk && cursor.walk) sinceId = cursor.walk.sinceId ?? cursor.sinceId;
    // The first search looks back `backfillHours` only: every post returned is billed.
    let startTime = walk?.startTime ?? (sinceId ? null : xTime(new Date(req.now.getTime() - settings.backfillMs)));
    let nextToken = walk?.nextToken;
    let newestId = walk?.newestId ?? null;
    if (this.pageSizeWithin(req, settings.pageSize) < 10) {
      throw new SourceQuotaExhaustedError(`the monthly X spending cap is reached (${remainingText(req)} left)`, nextUtcMonth(req.now));
    }

    const tweets: XTweet[] = [];
    const users = new Map<string, XUser>();
    let fetched = 0;
    let pages = 0;
    let finished = false;
    let stop: Stop = null;
    let triedWindowStart = false;

    while (!finished) {
      if (req.signal.aborted) {
        stop = { reason: 'the worker is shutting down' };
        break;
      }
      if (pages >= settings.maxPages) {
        stop = { reason: `page limit (${settings.maxPages}) reached` };
        break;
      }
      const pageSize = this.pageSizeWithin(req, settings.pageSize);
      if (pageSize < 10) {
        // No resumeAt: the worker sees the spent budget on its next tick and holds the source with
        // attention 'quota_exhausted' until the month ends.
        stop = { reason: `the monthly X spending cap is nearly reached (${remainingText(req)} left)` };
        break;
      }
      const params: Record<string, string | number | undefined> = {
        query,
        max_results: pageSize,
        sort_order: 'recency',
        since_id: sinceId ?? undefined,
        start_time: sinceId ? undefined : (startTime ?? undefined),
        next_token: nextToken,
        'tweet.fields': TWEET_FIELDS,
        expansions: 'author_id',
        'user.fields': USER_FIELDS,
      };
      const response = await this.send(api, req, params);
      pages++;
      if (response.status === 400) {
        const problem = readProblem(response);
        const names = problemParameters(problem);
        if (nextToken && (names.includes('next_token') || names.includes('pagination_token'))) {
          // An expired page token: start the walk again from the top, down to the same since_id.
          nextToken = undefined;
          newestId = null;
          continue;
        }
        if (sinceId && !triedWindowStart && (names.includes('since_id') || /since_id/i.test(problem.detail ?? ''))) {
          // The stored since_id fell out of the 7-day window: search the whole window instead.
          triedWindowStart = true;
          sinceId = null;
          startTime = xTime(new Date(req.now.getTime() - WINDOW_MS));
          nextToken = undefined;
          newestId = null;
          continue;
        }
        throw new SourceConfigError(`X refused the search: ${describeProblem(problem, response.status)}`, 400);
      }
      const body = response.json<XSearchResponse>();
      const pageTweets = Array.isArray(body.data) ? body.data : [];
      const pageUsers = Array.isArray(body.includes?.users) ? body.includes!.users! : [];
      // Billed per resource returned; a response without data costs nothing.
      req.stats.spent += pageTweets.length * X_PRICE_PER_POST_USD + pageUsers.length * X_PRICE_PER_USER_USD;
      fetched += pageTweets.length;
      // `newest_id` is on the first page only (and absent when `result_count` is 0); the ids on
      // the page are the fallback, compared as BigInt.
      if (!nextToken) newestId = maxXId(newestId, body.meta?.newest_id);
      for (const t of pageTweets) newestId = maxXId(newestId, t.id);
      tweets.push(...pageTweets);
      for (const [id, user] of usersById(pageUsers)) users.set(id, user);
      // Only a missing `next_token` ends the walk: short pages carry one too (correction 37).
      const token = body.meta?.next_token;
      if (typeof token === 'string' && token.length > 0 && token.length <= 1_024) nextToken = token;
      else finished = true;
    }

    const nextCursor: XCursor = finished
      ? { sinceId: maxXId(sinceId, newestId), walk: null }
      : {
          sinceId: cursor.sinceId,
          walk: nextToken ? { nextToken, sinceId, startTime, newestId, query } : cursor.walk,
        };
    // Mapped together: two versions of an edited post on different pages become one mention, the newest.
    const items = mapTweets(tweets, { ...ctxBase, users });
    return { items, nextCursor, notModified: false, fetched, ...(stop ? { incomplete: stop } : {}) };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    const done = (ok: boolean, message: string, sample: SourceConnectionTest['sample'] = []): SourceConnectionTest => ({ ok, message, sample, durationMs: Date.now() - started });
    try {
      const query = buildQuery(req as CollectRequest);
      if (this.pageSizeWithin(req as CollectRequest, 10) < 10) return done(false, `the monthly X spending cap is reached (${remainingText(req as CollectRequest)} left)`);
      const api = this.client.forRun(req.stats);
      const response = await this.send(api, req as CollectRequest, {
        query,
        max_results: 10,
        sort_order: 'recency',
        'tweet.fields': TWEET_FIELDS,
        expansions: 'author_id',
        'user.fields': USER_FIELDS,
      });
      if (response.status === 400) return done(false, `X refused the search: ${describeProblem(readProblem(response), 400)}`);
      const body = response.json<XSearchResponse>();
      const tweets = body.data ?? [];
      const users = body.includes?.users ?? [];
      req.stats.spent += tweets.length * X_PRICE_PER_POST_USD + users.length * X_PRICE_PER_USER_USD;
      const mentions = mapTweets(tweets, { sourceId: req.source.id, collectedAt: req.now.toISOString(), users: usersById(users) });
      return done(
        true,
        `200 OK, ${tweets.length} posts`,
        mentions.slice(0, 5).map((m) => ({ title: m.title, text: m.content.slice(0, 500), publishedAt: m.publishedAt, url: m.url })),
      );
    } catch (error) {
      return done(false, error instanceof Error ? error.message : String(error));
    }
  }

  /** The largest page (≤ the setting) whose worst-case cost still fits the remaining budget. */
  private pageSizeWithin(req: CollectRequest, wanted: number): number {
    if (req.budgetRemaining === null) return wanted;
    const left = req.budgetRemaining - req.stats.spent;
    // Worst case: every post by a different author, each billed as a user read too.
    const affordable = Math.floor((left + 1e-9) / (X_PRICE_PER_POST_USD + X_PRICE_PER_USER_USD));
    return Math.min(wanted, affordable);
  }

  /** One search request; 400 is returned to the caller, other refusals become the collector errors. */
  private async send(api: ApiRun, req: CollectRequest, query: Record<string, string | number | undefined>): Promise<ApiResponse> {
    const url = `${req.source.url.replace(/\/+$/, '')}/2/tweets/search/recent`;
    const token = req.credentials.bearerToken ?? '';
    const response = await api
      .send({
        url,
      query,
      headers: { authorization: `Bearer ${token}` },
      // Recent search is limited per app (450 / 15 min): sources with the same token share the
      // count, sources with another app's token do not. The token itself is never kept as a key.
        limitKey: `${new URL(url).host}:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`,
        signal: req.signal,
      })
      .catch((error: unknown) => {
        // A usage cap arrives as a 429 whose wait runs to the end of the cap's period (see
        // readXLimitOrCap): that is a spent budget, not a rate limit.
        if (error instanceof SourceRateLimitedError && isCapBoundary(error.resumeAt)) {
          throw new SourceQuotaExhaustedError(`X usage cap reached until ${error.resumeAt.toISOString()}`, error.resumeAt);
        }
        throw error;
      });
    if (response.status >= 200 && response.status < 300) return response;
    if (response.status === 400) return response;
    const problem = readProblem(response);
    if (response.status === 401) throw new SourceAuthError(`X refused the bearer token: ${describeProblem(problem, 401)}`);
    const type = problem.type ?? '';
    if (type.endsWith('/usage-capped')) {
      const reset = /daily/i.test(problem.period ?? '') ? nextUtcDay(req.now) : nextUtcMonth(req.now);
      throw new SourceQuotaExhaustedError(`X usage cap reached: ${describeProblem(problem, response.status)}`, reset);
    }
    throw new SourceConfigError(`X refused the search: ${describeProblem(problem, response.status)}`, response.status);
  }
}

interface Settings {
  excludeRetweets: boolean;
  backfillMs: number;
  maxPages: number;
  pageSize: number;
}

function readSettings(req: CollectRequest): Settings {
  const s = req.source.settings ?? {};
  const num = (key: string, fallback: number, min: number, max: number) => {
    const value = typeof s[key] === 'number' && Number.isFinite(s[key]) ? (s[key] as number) : fallback;
    return Math.min(max, Math.max(min, Math.floor(value)));
  };
  return { excludeRetweets: s.excludeRetweets !== false, backfillMs: num('backfillHours', 24, 1, 167) * 3_600_000, maxPages: num('maxPages', 10, 1, 100), pageSize: num('pageSize', 100, 10, 100) };
}

/** The topic query in X's syntax, plus `-is:retweet` unless reposts are wanted. */
export function buildQuery(req: Pick<CollectRequest, 'source'>): string {
  const rendered = renderSearchQuery(req.source.query, X_DIALECT);
  if (!rendered) throw new SourceConfigError('an X source needs a search query: set its query or link it to a topic with one');
  const settings = readSettings(req as CollectRequest);
  const base = rendered.queries[0];
  const query = settings.excludeRetweets ? `${hasTopLevelOr(base) ? `(${base})` : base} -is:retweet` : base;
  if (query.length > MAX_QUERY_LENGTH) throw new SourceConfigError(`the X query is ${query.length} characters long; recent search takes at most ${MAX_QUERY_LENGTH}`);
  return query;
}

/** An OR outside parentheses and quotes binds looser than the added `-is:retweet`: it needs brackets then. */
function hasTopLevelOr(query: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && query.startsWith(' OR ', i)) return true;
  }
  return false;
}

function readProblem(response: ApiResponse): XProblem {
  try {
    const parsed = JSON.parse(response.body) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as XProblem) : {};
  } catch {
    return {};
  }
}

function problemParameters(problem: XProblem): string[] {
  return (problem.errors ?? []).flatMap((e) => (e.parameters && typeof e.parameters === 'object' ? Object.keys(e.parameters) : []));
}

/** `title: detail` of a problem (400s have no `status`, correction 33), or the legacy `errors[].message`. */
function describeProblem(problem: XProblem, status: number): string {
  const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const messages = (problem.errors ?? []).map((e) => e.message ?? e.detail).filter((m): m is string => typeof m === 'string');
  const text = [...parts, ...messages].join(': ') || 'no details';
  return `HTTP ${status} ${text}`.slice(0, 500);
}

function remainingText(req: CollectRequest): string {
  return req.budgetRemaining === null ? 'no cap' : `$${Math.max(0, req.budgetRemaining - req.stats.spent).toFixed(3)}`;
}

/**
 * X's reader, plus usage caps: a 429 (or 403) with a `usage-capped` problem is not worth retrying
 * before the cap's period ends, so its wait is set to that boundary; the ApiClient then gives up at
 * once instead of retrying, and `send` reports a spent quota.
 */
const readXLimitOrCap: RateLimitReader = (response, now) => {
  const reading = readXRateLimit(response, now);
  if (response.status !== 429 || !response.body.includes('usage-capped')) return reading;
  try {
    const problem = JSON.parse(response.body) as XProblem;
    if (!problem.type?.endsWith('/usage-capped')) return reading;
    return { ...reading, retryAt: /daily/i.test(problem.period ?? '') ? nextUtcDay(now) : nextUtcMonth(now) };
  } catch {
    return reading;
  }
};

/**
 * Whether a rate-limit resume time is a UTC day or month boundary (where usage caps end). A
 * 15-minute window that happens to reset exactly at midnight reads as a cap too: the source then
 * waits for the same instant either way, only labelled 'quota_exhausted'.
 */
function isCapBoundary(at: Date): boolean {
  return at.getUTCHours() === 0 && at.getUTCMinutes() === 0 && at.getUTCSeconds() === 0 && at.getUTCMilliseconds() === 0;
}

/** `start_time` wants `YYYY-MM-DDTHH:mm:ssZ`. */
function xTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nextUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** The worker counts monthly budgets per UTC month (`budgetPeriod`). */
export function nextUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
