import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiRun } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { safeUrlForMessage } from '../http/outbound-errors';
import { readRetryAfter } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { HN_MAX_SEEN, parseHnCursor, type HnCursor, type HnQueryCursor } from './hackernews-cursor';
import { hitId, hitSeconds, hitToMention, type HnHit, type HnSearchPage } from './hackernews-mapper';

/**
 * Algolia's query language has no OR and no exclusion we can rely on: a topic with alternatives
 * becomes several searches, and whatever cannot be said is widened (the pipeline's topic matching
 * applies the full query afterwards). Algolia matches the last word as a prefix already, and
 * phrases need `advancedSyntax`, so phrases go as their words (a superset).
 */
export const HN_DIALECT: SearchDialect = { name: 'Hacker News', or: null, not: null, phrase: false, lang: false, prefix: false, tagsAndHandles: false };

/** Re-scanned below the newest second walked: Algolia's index lags HN by about a minute (SOURCES.md §4). */
export const HN_OVERLAP_SECONDS = 120;
/** Algolia's `paginationLimitedTo`: no query reaches beyond its first 1,000 hits. */
const ALGOLIA_HIT_CAP = 1_000;
const DEFAULT_MAX_PAGES = 10;
const DEFAULT_HITS_PER_PAGE = 100;

const TAGS: Record<string, string> = { both: '(story,comment)', stories: 'story', comments: 'comment' };

export const HACKERNEWS_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'hackernews',
  label: { it: 'Hacker News (ricerca Algolia)', en: 'Hacker News (Algolia search)' },
  polled: true,
  defaultUrl: 'https://hn.algolia.com',
  urlLabel: { it: "Indirizzo dell'API HN Algolia", en: 'HN Algolia API address' },
  // 10,000 requests an hour per IP: every 3 minutes leaves room for dozens of searches, and HN's
  // pace (a few mentions an hour for most brands) needs no more.
  defaultSchedule: '*/3 * * * *',
  searchable: true,
  settings: [
    {
      key: 'query',
      label: { it: 'Ricerca', en: 'Search' },
      kind: 'text',
      required: false,
      help: {
        it: "Sintassi delle query dei topic; vuoto = la query del topic collegato. Hacker News non ha OR: ogni alternativa diventa una ricerca (al massimo 5).",
        en: "Topic query syntax; empty = the linked topic's query. Hacker News has no OR: each alternative becomes its own search (at most 5).",
      },
    },
    {
      key: 'collect',
      label: { it: 'Cosa raccogliere', en: 'What to collect' },
      kind: 'select',
      required: false,
      options: ['both', 'stories', 'comments'],
      default: 'both',
      help: { it: 'Storie, commenti o entrambi.', en: 'Stories, comments or both.' },
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
      key: 'hitsPerPage',
      label: { it: 'Risultati per pagina', en: 'Hits per page' },
      kind: 'number',
      required: false,
      default: DEFAULT_HITS_PER_PAGE,
    },
  ],
  credentials: [],
  budget: null,
};

interface Search {
  key: string;
  query: string;
  tags: string;
}

interface WalkOutcome {
  state: HnQueryCursor;
  complete: boolean;
}

/**
 * Hacker News through Algolia's `search_by_date` (newest first). Each search walks down from the
 * newest hit to `since − overlap` in `created_at_i` windows: page numbers inside a window, and
 * when a window reaches Algolia's 1,000-hit cap the window's upper bound moves down to the oldest
 * second reached instead of paging further. Seen ids remove the hits that equal seconds and the
 * overlap bring back. A walk cut short by the page limit is finished by the next run before
 * `since` moves.
 */
export class HackerNewsAdapter implements SourceAdapter {
  readonly type: SourceType = 'hackernews';
  readonly descriptor: SourceTypeDescriptor = HACKERNEWS_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readRetryAfter });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const api = this.client.forRun(req.stats);
    const searches = searchesOf(req);
    const settings = settingsOf(req);
    const previous = parseHnCursor(req.cursor);
    const next: HnCursor = { v: 1, searches: {} };
    const collectedAt = req.now.toISOString();
    const items = new Map<string, RawMention>();
    let fetched = 0;
    let pagesLeft = settings.maxPages;
    let complete = true;

    for (const search of searches) {
      const state = previous?.searches[search.key] ?? null;
      if (pagesLeft <= 0 || req.signal.aborted) {
        if (state) next.searches[search.key] = state;
        complete = false;
        continue;
      }
      const fetchPage = async (numericFilters: string[], page: number, hitsPerPage = settings.hitsPerPage): Promise<HnSearchPage> => {
        pagesLeft--;
        const result = await this.search(api, req, search, numericFilters, page, hitsPerPage);
        fetched += result.hits?.length ?? 0;
        return result;
      };
      const deliver = (hit: HnHit) => {
        const mention = hitToMention(hit, req.source.id, collectedAt);
        if (mention && !items.has(mention.id)) items.set(mention.id, mention);
      };
      const outcome = state
        ? await walk(state, settings.hitsPerPage, () => pagesLeft > 0 && !req.signal.aborted, fetchPage, deliver)
        : await firstPage(req.now, fetchPage, deliver);
      next.searches[search.key] = outcome.state;
      complete &&= outcome.complete;
    }

    return {
      items: [...items.values()],
      nextCursor: next,
      notModified: false,
      fetched,
      ...(complete ? {} : { incomplete: { reason: `page limit (${settings.maxPages}) reached; the next run continues the walk` } }),
    };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const [search] = searchesOf(req);
      const page = await this.search(this.client.forRun(req.stats), req, search, [], 0, 5);
      const mentions = (page.hits ?? []).map((hit) => hitToMention(hit, req.source.id, req.now.toISOString())).filter((m): m is RawMention => m !== null);
      return {
        ok: true,
        message: `200 OK, ${page.nbHits ?? mentions.length} hits for "${search.query}"`,
        sample: mentions.slice(0, 5).map((m) => ({ title: m.title, text: m.content, publishedAt: m.publishedAt, url: m.url })),
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { ok: false, message: (error as Error).message, sample: [], durationMs: Date.now() - started };
    }
  }

  private async search(api: ApiRun, req: Pick<CollectRequest, 'source' | 'signal'>, search: Search, numericFilters: string[], page: number, hitsPerPage: number): Promise<HnSearchPage> {
    const url = `${apiBase(req.source.url)}/search_by_date`;
    const response = await api.send({
      url,
      query: {
        query: search.query,
        tags: search.tags,
        numericFilters: numericFilters.length ? numericFilters.join(',') : undefined,
        hitsPerPage,
        page,
      },
      signal: req.signal,
    });
    if (response.status < 200 || response.status > 299) {
      // Algolia errors are `{"message": "...", "status": 400}`.
      let detail = '';
      try {
        const body = JSON.parse(response.body) as { message?: unknown };
        if (typeof body.message === 'string') detail = `: ${body.message.slice(0, 200)}`;
      } catch {
        // Not JSON: the status says enough.
      }
      const where = safeUrlForMessage(url);
      if (response.status === 400) throw new SourceConfigError(`Hacker News search refused the query "${search.query}" (HTTP 400${detail})`, 400);
      if (response.status === 403) throw new SourceConfigError(`${where} refused the request (HTTP 403${detail}); Algolia blocks abusive IPs`, 403);
      if (response.status === 404) throw new SourceConfigError(`${where} is not the HN Algolia API (HTTP 404)`, 404);
      throw new Error(`HTTP ${response.status} from ${where}${detail}`);
    }
    const body = response.json<HnSearchPage>();
    if (!body || typeof body !== 'object' || !Array.isArray(body.hits)) {
      throw new SourcePayloadError(`${safeUrlForMessage(url)} answered without a "hits" list`);
    }
    return body;
  }
}

/** The source URL is the API's host (`https://hn.algolia.com`); a URL already ending in `/api/v1` is accepted too. */
function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

function settingsOf(req: Pick<CollectRequest, 'source'>): { maxPages: number; hitsPerPage: number } {
  const num = (value: unknown, fallback: number, min: number, max: number) =>
    typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;
  return {
    maxPages: num(req.source.settings.maxPages, DEFAULT_MAX_PAGES, 1, 100),
    hitsPerPage: num(req.source.settings.hitsPerPage, DEFAULT_HITS_PER_PAGE, 1, ALGOLIA_HIT_CAP),
  };
}

function searchesOf(req: Pick<CollectRequest, 'source'>): Search[] {
  const rendered = renderSearchQuery(req.source.query, HN_DIALECT);
  if (!rendered) {
    throw new SourceConfigError('Hacker News needs a query: set the source\'s "query" setting or link it to a topic with a query');
  }
  const collect = typeof req.source.settings.collect === 'string' ? req.source.settings.collect : 'both';
  const tags = TAGS[collect] ?? TAGS.both;
  return rendered.queries.map((query) => ({ key: `${tags} ${query}`, query, tags }));
}

type FetchPage = (numericFilters: string[], page: number) => Promise<HnSearchPage>;

/** No cursor yet: the newest page is delivered and marks where listening starts (no backfill). */
async function firstPage(now: Date, fetchPage: FetchPage, deliver: (hit: HnHit) => void): Promise<WalkOutcome> {
  const page = await fetchPage([], 0);
  const seen: Array<[string, number]> = [];
  let top = 0;
  for (const hit of page.hits ?? []) {
    const id = hitId(hit);
    const t = hitSeconds(hit);
    if (!id || t === null) continue;
    deliver(hit);
    seen.push([id, t]);
    top = Math.max(top, t);
  }
  // An empty search starts listening from now (less the overlap, for hits still being indexed).
  const since = top || Math.max(0, Math.floor(now.getTime() / 1000) - HN_OVERLAP_SECONDS);
  return { state: { since, seen: prune(seen, since - HN_OVERLAP_SECONDS, null), walk: null }, complete: true };
}

/**
 * Walks one search from the newest hit down to `since − overlap`. Within a window pages are
 * numbered; at the last reachable page of a window that holds more hits than Algolia lets us
 * reach, the window's upper bound becomes the oldest second seen (inclusive: the rest of that
 * second's hits are on the other side of the cut, and seen ids drop the ones already delivered).
 */
async function walk(
  state: HnQueryCursor,
  hitsPerPage: number,
  mayFetch: () => boolean,
  fetchPage: FetchPage,
  deliver: (hit: HnHit) => void,
): Promise<WalkOutcome> {
  const lower = Math.max(0, state.since - HN_OVERLAP_SECONDS);
  const seen = new Map(state.seen);
  let upper: number | null = state.walk?.upper ?? null;
  let top = state.walk?.top ?? state.since;
  let page = 0;
  let oldestReached: number | null = upper;

  for (;;) {
    if (!mayFetch()) {
      // Cut short: everything from `oldestReached` up has been delivered; the next run goes on below it.
      const cutAt = oldestReached ?? upper;
      if (cutAt === null) return { state, complete: false };
      return { state: { since: state.since, seen: prune([...seen], top - HN_OVERLAP_SECONDS, cutAt), walk: { upper: cutAt, top } }, complete: false };
    }
    const filters = [`created_at_i>=${lower}`];
    if (upper !== null) filters.push(`created_at_i<=${upper}`);
    const result = await fetchPage(filters, page);
    const hits = result.hits ?? [];
    let pageOldest: number | null = null;
    for (const hit of hits) {
      const id = hitId(hit);
      const t = hitSeconds(hit);
      if (!id || t === null || t < lower) continue;
      pageOldest = pageOldest === null ? t : Math.min(pageOldest, t);
      top = Math.max(top, t);
      if (seen.has(id)) continue;
      seen.set(id, t);
      deliver(hit);
    }
    if (pageOldest !== null) oldestReached = oldestReached === null ? pageOldest : Math.min(oldestReached, pageOldest);
    if (!hits.length) break;
    const nbPages = typeof result.nbPages === 'number' ? result.nbPages : 1;
    if (page + 1 < nbPages) {
      page++;
      continue;
    }
    // Last reachable page of this window: more hits than the cap lets us page to means narrowing.
    const nbHits = typeof result.nbHits === 'number' ? result.nbHits : 0;
    // What this window let us reach: never more than the cap, even when pages do not divide it.
    const reached = Math.min((page + 1) * hitsPerPage, ALGOLIA_HIT_CAP);
    if (nbHits <= reached || pageOldest === null) break;
    // All reachable hits in one second would loop forever; step below it (Algolia cannot show more of that second).
    upper = upper !== null && pageOldest >= upper ? upper - 1 : pageOldest;
    if (upper < lower) break;
    page = 0;
  }
  return { state: { since: top, seen: prune([...seen], top - HN_OVERLAP_SECONDS, null), walk: null }, complete: true };
}

/**
 * Keeps the ids that can come back: those in the overlap below the newest second, and (during a
 * cut walk) those at or below where it stopped. Newest first, bounded.
 */
function prune(seen: Array<[string, number]>, keepFrom: number, keepUpTo: number | null): Array<[string, number]> {
  return seen
    .filter(([, t]) => t >= keepFrom || (keepUpTo !== null && t <= keepUpTo))
    .sort((a, b) => b[1] - a[1])
    .slice(0, HN_MAX_SEEN);
}
