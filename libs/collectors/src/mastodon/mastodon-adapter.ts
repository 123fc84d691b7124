import { createHash } from 'node:crypto';
import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { MissingCredentialsError, SourceAuthError, SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse, type ApiRun, type QueryValue } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { safeUrlForMessage } from '../http/outbound-errors';
import { readMastodonRateLimit } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { MASTODON_MAX_RECENT, parseMastodonCursor, type MastodonCursor, type MastodonFeedCursor } from './mastodon-cursor';
import {
  compareIds,
  isMastodonId,
  maxId,
  originalOf,
  statusToMention,
  type MastodonNotification,
  type MastodonStatus,
} from './mastodon-mapper';

/**
 * Mastodon's full-text search (4.2+) takes quoted phrases and `-word`, but no OR: alternatives
 * become separate searches. `#tag` and `@user` have meanings of their own there, so they go as
 * plain words.
 */
export const MASTODON_DIALECT: SearchDialect = { name: 'Mastodon', or: null, not: '-', phrase: true, lang: false, prefix: false, tagsAndHandles: false };

type Mode = 'hashtag' | 'search' | 'mentions';

const DEFAULT_MAX_PAGES = 10;
/** Tag timelines and search answer at most 40 per page, notifications 80 (since 4.1). */
const PAGE_LIMIT: Record<Mode, number> = { hashtag: 40, search: 40, mentions: 80 };
/**
 * How far below the cursor each run looks again for statuses that arrived late. Recorded walks
 * show remote statuses getting ids from their arrival time (SOURCES.md correction 2), so this is
 * the safety net for servers that derive them from `created_at`, plus the way edits are noticed.
 */
export const MASTODON_RESCAN_MS = 15 * 60_000;
const RESCAN_PAGES = 2;
/** A cut search walk resumes up to this many places (an eighth of a page) before where it stopped: deleted statuses move the rest up. */
const SEARCH_RESUME_OVERLAP = 5;
/** Snowflake ids hold milliseconds since 1970 shifted left by 16 bits; ids below 2010 are not snowflakes. */
const SNOWFLAKE_MIN_MS = 1_262_304_000_000n;
const MAX_EXTRA_TAGS = 4;

export const MASTODON_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'mastodon',
  label: { it: 'Mastodon (hashtag, ricerca o menzioni)', en: 'Mastodon (hashtag, search or mentions)' },
  polled: true,
  defaultUrl: null,
  urlLabel: { it: "Indirizzo dell'istanza (es. https://mastodon.social)", en: 'Instance address (e.g. https://mastodon.social)' },
  // Cursor requests count as paging requests (300 per 15 minutes per IP or user): every 2 minutes
  // leaves room for about ten feeds on one instance.
  defaultSchedule: '*/2 * * * *',
  searchable: true,
  settings: [
    {
      key: 'mode',
      label: { it: 'Cosa ascoltare', en: 'What to listen to' },
      kind: 'select',
      required: false,
      options: ['hashtag', 'search', 'mentions'],
      default: 'hashtag',
      help: {
        it: "hashtag: la timeline pubblica di un hashtag (senza credenziali). search: ricerca per parole (serve un token; copre solo i post che l'istanza indicizza). mentions: le menzioni del vostro account (serve un token con read:notifications).",
        en: 'hashtag: the public timeline of a hashtag (no credentials). search: keyword search (needs a token; covers only posts the instance indexes). mentions: mentions of your own account (needs a token with read:notifications).',
      },
    },
    {
      key: 'hashtag',
      label: { it: 'Hashtag', en: 'Hashtag' },
      kind: 'text',
      required: false,
      help: { it: 'Senza #; obbligatorio in modalità hashtag.', en: 'Without #; required in hashtag mode.' },
    },
    {
      key: 'anyTags',
      label: { it: 'Anche uno di questi hashtag', en: 'Or any of these hashtags' },
      kind: 'list',
      required: false,
      help: { it: 'Al massimo 4.', en: 'At most 4.' },
    },
    { key: 'allTags', label: { it: 'E tutti questi hashtag', en: 'And all of these hashtags' }, kind: 'list', required: false, help: { it: 'Al massimo 4.', en: 'At most 4.' } },
    { key: 'noneTags', label: { it: 'Ma nessuno di questi hashtag', en: 'But none of these hashtags' }, kind: 'list', required: false, help: { it: 'Al massimo 4.', en: 'At most 4.' } },
    {
      key: 'localOnly',
      label: { it: "Solo post dell'istanza", en: 'Only posts of this instance' },
      kind: 'boolean',
      required: false,
      default: false,
    },
    {
      key: 'query',
      label: { it: 'Ricerca', en: 'Search' },
      kind: 'text',
      required: false,
      help: {
        it: 'Modalità search: sintassi delle query dei topic; vuoto = la query del topic collegato.',
        en: "Search mode: topic query syntax; empty = the linked topic's query.",
      },
    },
    {
      key: 'maxPages',
      label: { it: 'Pagine per esecuzione', en: 'Pages per run' },
      kind: 'number',
      required: false,
      default: DEFAULT_MAX_PAGES,
      help: { it: 'Le pagine oltre questo limite arrivano alla prossima esecuzione, senza buchi.', en: 'Pages beyond this limit come with the next run, without gaps.' },
    },
    {
      key: 'pageSize',
      label: { it: 'Elementi per pagina', en: 'Items per page' },
      kind: 'number',
      required: false,
      help: { it: 'Massimo 40 (80 per le menzioni).', en: 'At most 40 (80 for mentions).' },
    },
  ],
  credentials: [
    {
      key: 'accessToken',
      label: { it: 'Token di accesso', en: 'Access token' },
      required: false,
      help: {
        it: "Obbligatorio per ricerca e menzioni (Preferenze → Sviluppo → Nuova applicazione, permessi read:search e read:notifications). Facoltativo per gli hashtag: serve se l'istanza ha disattivato l'anteprima pubblica.",
        en: 'Required for search and mentions (Preferences → Development → New application, scopes read:search and read:notifications). Optional for hashtags: needed when the instance turned its public preview off.',
      },
    },
  ],
  budget: null,
};

interface Settings {
  mode: Mode;
  tag: string | null;
  any: string[];
  all: string[];
  none: string[];
  localOnly: boolean;
  maxPages: number;
  pageSize: number;
}

interface Run {
  req: Pick<CollectRequest, 'source' | 'credentials' | 'signal'>;
  api: ApiRun;
  settings: Settings;
  host: string;
  base: string;
  collectedAt: string;
  items: Map<string, RawMention>;
  fetched: number;
  pagesLeft: number;
}

interface FeedOutcome {
  cursor: MastodonFeedCursor;
  complete: boolean;
}

/**
 * Mastodon, any instance, in three modes:
 *  - `hashtag`: `GET /api/v1/timelines/tag/:tag`, public (a token helps where the instance hides it).
 *  - `search`: `GET /api/v2/search?type=statuses` with the topic query, user token.
 *  - `mentions`: `GET /api/v1/notifications?types[]=mention`, user token.
 *
 * Hashtag and mentions walk forward from the cursor with `min_id` (each page is the `limit` items
 * right after the cursor, sent newest first), so the cursor moves to the page's highest id with
 * nothing skipped, and a walk cut by the page limit is simply continued. Each hashtag run first
 * looks once below the cursor (`max_id` = cursor + 1, `since_id` = 15 minutes earlier by the
 * snowflake's clock) for statuses that arrived late with a lower id, and for edits. Search pages
 * newest first between the cursor and a moving `max_id`; a cut walk is finished before the cursor
 * moves. Ids are compared as BigInt.
 */
export class MastodonAdapter implements SourceAdapter {
  readonly type: SourceType = 'mastodon';
  readonly descriptor: SourceTypeDescriptor = MASTODON_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readMastodonRateLimit });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = settingsOf(req);
    const run = this.startRun(req, settings);
    const feeds = feedsOf(req, settings);
    const key = cursorKey(settings, feeds);
    const stored = parseMastodonCursor(req.cursor);
    const previous = stored && stored.key === key ? stored : null;
    const next: MastodonCursor = { v: 1, key, feeds: {} };
    let complete = true;

    for (const feed of feeds) {
      const cursor = previous?.feeds[feed] ?? { newestId: null, startId: null, recent: [], walk: null };
      if (run.pagesLeft <= 0 || req.signal.aborted) {
        next.feeds[feed] = cursor;
        complete = false;
        continue;
      }
      const outcome =
        settings.mode === 'search' ? await this.searchFeed(run, feed, cursor) : await this.forwardFeed(run, cursor);
      next.feeds[feed] = outcome.cursor;
      complete &&= outcome.complete;
    }
    return {
      items: [...run.items.values()],
      nextCursor: next,
      notModified: false,
      fetched: run.fetched,
      ...(complete ? {} : { incomplete: { reason: `page limit (${settings.maxPages}) reached; the next run continues` } }),
    };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const settings = { ...settingsOf(req), pageSize: 5 };
      const run = this.startRun(req, settings);
      let statuses: MastodonStatus[];
      if (settings.mode === 'search') statuses = await this.searchPage(run, feedsOf(req, settings)[0], 0);
      else statuses = (await this.timelinePage(run, {})).statuses;
      const mentions = statuses.map((s) => statusToMention(s, req.source.id, run.host, run.collectedAt)).filter((m): m is RawMention => m !== null);
      return {
        ok: true,
        message:
          settings.mode === 'hashtag' && mentions.length === 0
            ? // Mastodon answers an unknown tag, and (4.5+) a feed closed to visitors, with an empty page.
              `200 OK, no public statuses with #${settings.tag} on ${run.host} yet (or its hashtag feeds are closed to visitors: then add an access token)`
            : `200 OK, ${mentions.length} ${settings.mode === 'mentions' ? 'mentions' : 'statuses'}`,
        sample: mentions.slice(0, 5).map((m) => ({ title: m.title, text: m.content, publishedAt: m.publishedAt, url: m.url })),
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { ok: false, message: (error as Error).message, sample: [], durationMs: Date.now() - started };
    }
  }

  private startRun(req: Omit<CollectRequest, 'cursor'>, settings: Settings): Run {
    let base: URL;
    try {
      base = new URL(req.source.url);
    } catch {
      throw new SourceConfigError(`"${req.source.url}" is not an instance address`);
    }
    if (settings.mode !== 'hashtag' && !req.credentials.accessToken) throw new MissingCredentialsError(['accessToken']);
    return {
      req,
      api: this.client.forRun(req.stats),
      settings,
      host: base.host,
      base: base.origin,
      collectedAt: req.now.toISOString(),
      items: new Map(),
      fetched: 0,
      pagesLeft: settings.maxPages,
    };
  }

  /**
   * Hashtag timeline or mentions: a look below the cursor (hashtags), then `min_id` pages up from
   * it until an empty page or the page limit.
   */
  private async forwardFeed(run: Run, cursor: MastodonFeedCursor): Promise<FeedOutcome> {
    const recent = new Map(cursor.recent);
    if (cursor.newestId === null) {
      // First run: the newest page marks where listening starts (no backfill).
      const page = await this.timelinePage(run, {});
      this.deliver(run, page.statuses, recent, false);
      const first = maxId(page.positions);
      // A full page leaves older statuses untaken: the re-scan must not back-fill them later. A
      // short page held the whole timeline, so anything that shows up below it later is late.
      const lowest = page.positions.length >= run.settings.pageSize ? page.positions.reduce((a, b) => (compareIds(a, b) < 0 ? a : b)) : null;
      return { cursor: { newestId: first, startId: lowest, recent: this.recentToKeep(run, recent, first), walk: null }, complete: true };
    }
    if (run.settings.mode === 'hashtag') await this.rescanBelow(run, cursor.newestId, cursor.startId, recent);

    let newest = cursor.newestId;
    for (;;) {
      if (run.pagesLeft <= 0 || run.req.signal.aborted) {
        return { cursor: { newestId: newest, startId: cursor.startId, recent: this.recentToKeep(run, recent, newest), walk: null }, complete: false };
      }
      const page = await this.timelinePage(run, { min_id: newest });
      if (!page.positions.length) break;
      this.deliver(run, page.statuses, recent, false);
      newest = maxId(page.positions, newest)!;
    }
    return { cursor: { newestId: newest, startId: cursor.startId, recent: this.recentToKeep(run, recent, newest), walk: null }, complete: true };
  }

  /** Only hashtag timelines are re-scanned below the cursor; notification ids come in arrival order. */
  private recentToKeep(run: Run, recent: Map<string, string>, newestId: string | null): Array<[string, string]> {
    return run.settings.mode === 'hashtag' ? keepRecent(recent, newestId) : [];
  }

  /** Statuses just below the cursor that were not delivered (or were edited since). */
  private async rescanBelow(run: Run, newestId: string, startId: string | null, recent: Map<string, string>): Promise<void> {
    const windowFloor = snowflakeFloor(newestId, MASTODON_RESCAN_MS);
    // Never below where listening started (the first run took the newest page only, by choice).
    const floor = startId !== null && (windowFloor === null || compareIds(startId, windowFloor) > 0) ? (BigInt(startId) - 1n).toString() : windowFloor;
    let upper = (BigInt(newestId) + 1n).toString();
    for (let i = 0; i < RESCAN_PAGES && !run.req.signal.aborted; i++) {
      const page = await this.timelinePage(run, { max_id: upper, since_id: floor ?? undefined }, false);
      this.deliver(run, page.statuses, recent, true);
      if (page.positions.length < run.settings.pageSize) return;
      const lowest = page.positions.reduce((a, b) => (compareIds(a, b) < 0 ? a : b));
      // The server's own "next" link when it sends one (max_id = the page's lowest id), else ours.
      const nextMax = page.links.get('next')?.searchParams.get('max_id');
      upper = isMastodonId(nextMax) && compareIds(nextMax, upper) < 0 ? nextMax : lowest;
      if (floor !== null && compareIds(upper, floor) <= 0) return;
    }
  }

  /**
   * Search: pages newest first by `offset` down to the cursor. Not `min_id`/`max_id`: since 4.2
   * Mastodon turns them into `after:`/`before:` on `created_at` at whole seconds, which drops
   * late remote statuses (new id, old `created_at`, SOURCES.md correction 2) and statuses sharing
   * the second of a page's last one. Results are ordered by id, so the walk stops at the first id
   * at or below the cursor. A walk cut short resumes a few places before its offset (new statuses
   * only push older ones further down; the overlap covers deletions) and skips what it delivered.
   */
  private async searchFeed(run: Run, text: string, cursor: MastodonFeedCursor): Promise<FeedOutcome> {
    const recent = new Map<string, string>();
    const floor = cursor.newestId;
    let upper = cursor.walk?.upper ?? null;
    let top = cursor.walk?.top ?? floor;
    let offset = cursor.walk ? Math.max(0, cursor.walk.offset - Math.min(SEARCH_RESUME_OVERLAP, Math.floor(run.settings.pageSize / 8))) : 0;
    for (;;) {
      if (run.pagesLeft <= 0 || run.req.signal.aborted) {
        if (upper === null || top === null) return { cursor, complete: false };
        return { cursor: { newestId: floor, startId: null, recent: [], walk: { upper, top, offset } }, complete: false };
      }
      const statuses = await this.searchPage(run, text, offset);
      offset += statuses.length;
      let reachedCursor = false;
      const fresh: MastodonStatus[] = [];
      for (const status of statuses) {
        if (!isMastodonId(status.id)) continue;
        if (floor !== null && compareIds(status.id, floor) <= 0) {
          reachedCursor = true;
          continue;
        }
        // Delivered earlier in this walk (at or above where it was cut).
        if (cursor.walk && compareIds(status.id, cursor.walk.upper) >= 0) continue;
        fresh.push(status);
      }
      this.deliver(run, fresh, recent, false);
      const ids = fresh.map((s) => s.id as string);
      top = maxId(ids, top);
      if (ids.length) upper = ids.reduce((a, b) => (compareIds(a, b) < 0 ? a : b), upper ?? ids[0]);
      // First run: the newest page only (no backfill).
      if (floor === null || reachedCursor || statuses.length < run.settings.pageSize) break;
    }
    return { cursor: { newestId: top, startId: null, recent: [], walk: null }, complete: true };
  }

  /** Maps and collects statuses. With `onlyUnseenOrEdited`, statuses already delivered unchanged are skipped. */
  private deliver(run: Run, statuses: MastodonStatus[], recent: Map<string, string>, onlyUnseenOrEdited: boolean): void {
    for (const status of statuses) {
      if (!isMastodonId(status.id)) continue;
      const edited = originalOf(status).edited_at ?? '';
      if (onlyUnseenOrEdited && recent.get(status.id) === edited) continue;
      const mention = statusToMention(status, run.req.source.id, run.host, run.collectedAt);
      if (!mention) continue;
      // A mention notification is a post written to the brand's account.
      if (run.settings.mode === 'mentions') mention.brandChannel = 'account_mention';
      recent.set(status.id, edited);
      run.items.set(mention.id, mention);
    }
  }

  /**
   * One page of the hashtag timeline or of the mention notifications. `positions` are the ids the
   * cursor moves by (status ids on timelines, notification ids for mentions); `statuses` what to map.
   */
  private async timelinePage(
    run: Run,
    bounds: { min_id?: string; max_id?: string; since_id?: string },
    countsAsPage = true,
  ): Promise<{ positions: string[]; statuses: MastodonStatus[]; links: Map<string, URL> }> {
    const { settings } = run;
    if (countsAsPage) run.pagesLeft--;
    let url: string;
    let query: Record<string, QueryValue>;
    if (settings.mode === 'mentions') {
      url = `${run.base}/api/v1/notifications`;
      query = { 'types[]': ['mention'], limit: settings.pageSize, ...bounds };
    } else {
      url = `${run.base}/api/v1/timelines/tag/${encodeURIComponent(settings.tag!)}`;
      query = {
        'any[]': settings.any,
        'all[]': settings.all,
        'none[]': settings.none,
        local: settings.localOnly ? 'true' : undefined,
        limit: settings.pageSize,
        ...bounds,
      };
    }
    const response = await this.send(run, url, query);
    const body = response.json<unknown>();
    if (!Array.isArray(body)) throw new SourcePayloadError(`${safeUrlForMessage(url)} answered with ${typeof body} instead of a list`);
    run.fetched += body.length;
    const links = parseLinkHeader(response.headers['link'], response.finalUrl);
    if (settings.mode === 'mentions') {
      const notifications = body as MastodonNotification[];
      const positions = notifications.map((n) => n?.id).filter(isMastodonId);
      // A notification whose status was deleted has `status: null`: nothing to map (and not a deletion we can place).
      const statuses = notifications.filter((n) => n && (n.type === undefined || n.type === 'mention') && n.status && typeof n.status === 'object').map((n) => n.status!);
      return { positions, statuses, links };
    }
    const statuses = (body as MastodonStatus[]).filter((s) => s && typeof s === 'object');
    return { positions: statuses.map((s) => s.id).filter(isMastodonId), statuses, links };
  }

  private async searchPage(run: Run, text: string, offset: number): Promise<MastodonStatus[]> {
    run.pagesLeft--;
    const url = `${run.base}/api/v2/search`;
    // `offset` needs `type` and a signed-in user; both are given in search mode.
    const response = await this.send(run, url, { q: text, type: 'statuses', resolve: 'false', limit: run.settings.pageSize, offset: offset || undefined });
    const body = response.json<{ statuses?: unknown }>();
    // 4.6 adds `collections` next to accounts/statuses/hashtags: only `statuses` is read.
    if (!body || typeof body !== 'object' || !Array.isArray(body.statuses)) {
      throw new SourcePayloadError(`${safeUrlForMessage(url)} answered without a "statuses" list`);
    }
    run.fetched += body.statuses.length;
    return (body.statuses as MastodonStatus[]).filter((s) => s && typeof s === 'object');
  }

  private async send(run: Run, url: string, query: Record<string, QueryValue>): Promise<ApiResponse> {
    const token = run.req.credentials.accessToken;
    const response = await run.api.send({
      url,
      query,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      // Limits count per token (or per IP without one): sources sharing a token share the state.
      limitKey: `${run.host}|${token ? createHash('sha256').update(token).digest('hex').slice(0, 16) : 'anonymous'}`,
      signal: run.req.signal,
    });
    if (response.status >= 200 && response.status <= 299) return response;
    const detail = errorText(response.body);
    const where = safeUrlForMessage(url);
    const { mode, tag } = run.settings;
    if (response.status === 401) {
      if (token) throw new SourceAuthError(`${run.host} rejected the access token (HTTP 401${detail})`);
      throw new SourceConfigError(`${run.host} shows this timeline only to signed-in users (public preview is off; HTTP 401${detail}): add an access token`, 401);
    }
    if (response.status === 403) throw new SourceConfigError(`${run.host} refused the request (HTTP 403${detail}); check the token's scopes`, 403);
    if (response.status === 404) {
      if (mode === 'hashtag') throw new SourceConfigError(`${run.host} does not know the hashtag #${tag} (HTTP 404${detail})`, 404);
      throw new SourceConfigError(`${where} was not found (HTTP 404${detail}): is ${run.host} a Mastodon instance?`, 404);
    }
    if (response.status === 400 || response.status === 410 || response.status === 422) {
      throw new SourceConfigError(`${run.host} refused the request (HTTP ${response.status}${detail})`, response.status);
    }
    throw new Error(`HTTP ${response.status} from ${where}${detail}`);
  }
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    const text = [parsed.error, parsed.error_description].filter((v) => typeof v === 'string').join(' — ');
    return text ? `: ${text.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}

/** `<url>; rel="next", <url>; rel="prev"` → rel → URL. Absent on empty pages. */
export function parseLinkHeader(value: string | undefined, base: string): Map<string, URL> {
  const links = new Map<string, URL>();
  if (!value) return links;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m) continue;
    const rel = /rel="?([^";]+)"?/i.exec(m[2])?.[1]?.trim().toLowerCase();
    if (!rel) continue;
    try {
      for (const name of rel.split(/\s+/)) links.set(name, new URL(m[1], base));
    } catch {
      // An unparseable link is no link.
    }
  }
  return links;
}

/** The lowest status id of `windowMs` before `id`'s time, or null when `id` is not a snowflake. */
export function snowflakeFloor(id: string, windowMs: number): string | null {
  const ms = BigInt(id) >> 16n;
  if (ms < SNOWFLAKE_MIN_MS) return null;
  const floorMs = ms - BigInt(windowMs);
  return (floorMs << 16n).toString();
}

/** Keeps the delivered ids the next re-scan can meet: at or above the snowflake floor, newest first, bounded. */
function keepRecent(recent: Map<string, string>, newestId: string | null): Array<[string, string]> {
  if (newestId === null) return [];
  const floor = snowflakeFloor(newestId, MASTODON_RESCAN_MS);
  return [...recent]
    .filter(([id]) => floor === null || compareIds(id, floor) >= 0)
    .sort((a, b) => compareIds(b[0], a[0]))
    .slice(0, MASTODON_MAX_RECENT);
}

function settingsOf(req: Pick<CollectRequest, 'source'>): Settings {
  const s = req.source.settings;
  const mode: Mode = s.mode === 'search' || s.mode === 'mentions' ? s.mode : 'hashtag';
  const list = (value: unknown, name: string): string[] => {
    const items = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [])
      .map((v) => (typeof v === 'string' ? normaliseTag(v) : null))
      .filter((v): v is string => !!v);
    if (items.length > MAX_EXTRA_TAGS) throw new SourceConfigError(`${name}: Mastodon takes at most ${MAX_EXTRA_TAGS} tags`);
    return items;
  };
  let tag: string | null = null;
  if (mode === 'hashtag') {
    const raw = typeof s.hashtag === 'string' ? s.hashtag : '';
    tag = normaliseTag(raw);
    if (!tag) throw new SourceConfigError(raw.trim() ? `"${raw.trim().slice(0, 100)}" is not a hashtag` : 'hashtag mode needs a hashtag');
  }
  const num = (value: unknown, fallback: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(1, Math.floor(value))) : fallback;
  return {
    mode,
    tag,
    any: mode === 'hashtag' ? list(s.anyTags, 'anyTags') : [],
    all: mode === 'hashtag' ? list(s.allTags, 'allTags') : [],
    none: mode === 'hashtag' ? list(s.noneTags, 'noneTags') : [],
    localOnly: s.localOnly === true,
    maxPages: num(s.maxPages, DEFAULT_MAX_PAGES, 100),
    pageSize: num(s.pageSize, PAGE_LIMIT[mode], PAGE_LIMIT[mode]),
  };
}

/** A hashtag as Mastodon accepts it (letters, digits, `_`, middle dot), without `#`; case is kept (the server matches case-insensitively). */
function normaliseTag(value: string): string | null {
  const tag = value.trim().replace(/^#/, '');
  return tag.length > 0 && tag.length <= 100 && /^[\p{L}\p{M}\p{N}_\u00b7\u200c]+$/u.test(tag) ? tag : null;
}

function feedsOf(req: Pick<CollectRequest, 'source'>, settings: Settings): string[] {
  if (settings.mode !== 'search') return [''];
  const rendered = renderSearchQuery(req.source.query, MASTODON_DIALECT);
  if (!rendered) throw new SourceConfigError('Mastodon search needs a query: set the source\'s "query" setting or link it to a topic with a query');
  return rendered.queries;
}

function cursorKey(settings: Settings, feeds: string[]): string {
  if (settings.mode === 'hashtag') {
    const tags = (list: string[]) => list.map((t) => t.toLowerCase()).sort().join(',');
    return `hashtag:${settings.tag!.toLowerCase()}|any:${tags(settings.any)}|all:${tags(settings.all)}|none:${tags(settings.none)}|local:${settings.localOnly}`;
  }
  // Search keeps one cursor per search text (in `feeds`), so editing one alternative keeps the others'.
  void feeds;
  return settings.mode;
}
