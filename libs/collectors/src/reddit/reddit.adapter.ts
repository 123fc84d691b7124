import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceConfigError, SourcePayloadError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { readRedditRateLimit } from '../http/rate-limit-headers';
import { renderSearchQuery, type SearchDialect } from '../query/search-dialect';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { DEFAULT_REDDIT_TOKEN_URL, describeReddit, RedditTokenManager } from './reddit-auth';
import { MAX_REDDIT_SEEN, parseRedditCursor, type RedditCursor, type RedditStreamCursor } from './reddit-cursor';
import { createdUtc, isDeletedThing, isFullname, redditThingToMention, type RedditListing, type RedditThing } from './reddit.mapper';

const DEFAULT_URL = 'https://oauth.reddit.com';
const CLOCK_SKEW_SECONDS = 120;

export const REDDIT_DIALECT: SearchDialect = { name: 'Reddit', or: 'OR', not: 'NOT', phrase: true, lang: false, prefix: false, tagsAndHandles: false };

export const REDDIT_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'reddit',
  label: { it: 'Reddit (subreddit e ricerca)', en: 'Reddit (subreddits and search)' },
  polled: true,
  defaultUrl: DEFAULT_URL,
  urlLabel: { it: 'Indirizzo API OAuth di Reddit', en: 'Reddit OAuth API address' },
  // 100 queries a minute per client id are shared by every Reddit source of the installation:
  // every 3 minutes leaves room for many subreddits and searches.
  defaultSchedule: '*/3 * * * *',
  searchable: true,
  settings: [
    {
      key: 'subreddits',
      label: { it: 'Subreddit', en: 'Subreddits' },
      kind: 'list',
      required: false,
      help: {
        it: 'Nomi senza r/, separati da virgola. Senza ricerca: tutti i nuovi post (e commenti) di questi subreddit. Con una ricerca: la ricerca solo qui.',
        en: 'Names without r/, comma separated. Without a search: every new post (and comment) there. With a search: the search restricted to them.',
      },
    },
    {
      key: 'query',
      label: { it: 'Ricerca', en: 'Search' },
      kind: 'text',
      required: false,
      help: { it: 'Sintassi delle regole dei topic; vuoto = la query del topic collegato.', en: 'Topic rule syntax; empty = the linked topic’s query.' },
    },
    {
      key: 'includeComments',
      label: { it: 'Anche i commenti', en: 'Comments too' },
      kind: 'boolean',
      required: false,
      default: false,
      help: { it: 'Legge anche /comments dei subreddit (solo senza ricerca).', en: 'Also reads the subreddits’ /comments (without a search only).' },
    },
    {
      key: 'userAgent',
      label: { it: 'User-Agent', en: 'User-Agent' },
      kind: 'text',
      required: false,
      help: {
        it: 'Reddit richiede un User-Agent descrittivo: <piattaforma>:<id app>:<versione> (by /u/<utente>). Vuoto: costruito dal client id.',
        en: 'Reddit requires a descriptive User-Agent: <platform>:<app id>:<version> (by /u/<user>). Empty: built from the client id.',
      },
    },
    {
      key: 'tokenUrl',
      label: { it: 'Indirizzo dei token OAuth', en: 'OAuth token address' },
      kind: 'text',
      required: false,
      default: DEFAULT_REDDIT_TOKEN_URL,
    },
    {
      key: 'overlapMinutes',
      label: { it: 'Sovrapposizione (minuti)', en: 'Overlap (minutes)' },
      kind: 'number',
      required: false,
      default: 15,
      help: { it: 'La ricerca di Reddit è in ritardo sul sito: ogni lettura rilegge questi minuti.', en: 'Reddit’s search lags the site: each read re-reads this many minutes.' },
    },
    { key: 'backfillHours', label: { it: 'Prima raccolta (ore)', en: 'First collection (hours)' }, kind: 'number', required: false, default: 24 },
    { key: 'maxPages', label: { it: 'Pagine per raccolta', en: 'Pages per run' }, kind: 'number', required: false, default: 10 },
    { key: 'pageSize', label: { it: 'Elementi per pagina (1–100)', en: 'Items per page (1–100)' }, kind: 'number', required: false, default: 100 },
  ],
  credentials: [
    { key: 'clientId', label: { it: 'Client id dell’app', en: 'App client id' }, required: true },
    {
      key: 'clientSecret',
      label: { it: 'Client secret', en: 'Client secret' },
      required: true,
      help: { it: 'Da reddit.com/prefs/apps (app di tipo "script" o "web").', en: 'From reddit.com/prefs/apps ("script" or "web" app).' },
    },
    {
      key: 'username',
      label: { it: 'Utente Reddit (app "script")', en: 'Reddit user ("script" app)' },
      required: false,
      help: { it: 'Con la password: accesso come questo utente. Vuoto: accesso come app.', en: 'With the password: access as this user. Empty: app-only access.' },
    },
    { key: 'password', label: { it: 'Password dell’utente', en: 'User’s password' }, required: false },
  ],
  budget: null,
};

interface Settings {
  subreddits: string[];
  includeComments: boolean;
  userAgent: string | null;
  tokenUrl: string;
  overlapSeconds: number;
  backfillSeconds: number;
  maxPages: number;
  pageSize: number;
}

function numberSetting(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
}

function readSettings(settings: Record<string, unknown>): Settings {
  const list = Array.isArray(settings.subreddits) ? settings.subreddits : typeof settings.subreddits === 'string' ? settings.subreddits.split(',') : [];
  const subreddits: string[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const name = raw.trim().replace(/^\/?r\//i, '').replace(/\/+$/, '');
    if (!/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/.test(name)) throw new SourceConfigError(`"${raw.slice(0, 40)}" is not a subreddit name`);
    if (!subreddits.some((s) => s.toLowerCase() === name.toLowerCase())) subreddits.push(name);
  }
  const tokenUrl = typeof settings.tokenUrl === 'string' && settings.tokenUrl.trim() ? settings.tokenUrl.trim() : DEFAULT_REDDIT_TOKEN_URL;
  try {
    if (!/^https?:$/.test(new URL(tokenUrl).protocol)) throw new Error('scheme');
  } catch {
    throw new SourceConfigError('the OAuth token address is not an http(s) URL');
  }
  const ua = typeof settings.userAgent === 'string' ? settings.userAgent.replace(/[\r\n]+/g, ' ').trim().slice(0, 300) : '';
  return {
    subreddits,
    includeComments: settings.includeComments === true,
    userAgent: ua || null,
    tokenUrl,
    overlapSeconds: numberSetting(settings.overlapMinutes, 15, 0, 24 * 60) * 60,
    backfillSeconds: numberSetting(settings.backfillHours, 24, 1, 24 * 30) * 3_600,
    maxPages: numberSetting(settings.maxPages, 10, 1, 100),
    pageSize: numberSetting(settings.pageSize, 100, 1, 100),
  };
}

/** Reddit's rule: `<platform>:<app id>:<version> (by /u/<user>)`; generic agents are throttled hard. */
function userAgentFor(settings: Settings, credentials: Record<string, string>): string {
  if (settings.userAgent) return settings.userAgent;
  const app = (credentials.clientId ?? 'unknown').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'unknown';
  const user = credentials.username && /^[A-Za-z0-9_-]{1,40}$/.test(credentials.username) ? ` (by /u/${credentials.username})` : '';
  return `server:ascolto.${app}:0.1${user}`;
}

interface Stream {
  key: string;
  path: string;
  params: Record<string, string>;
  /** Subreddit listings are in creation order and can be read forward with `before=`; search cannot. */
  forward: boolean;
}

interface Page {
  children: RedditThing[];
  after: string | null;
}

interface RunState {
  seen: Map<string, number>;
  polledAt: number | null;
  items: Map<string, RedditThing>;
  deletions: Map<string, RedditThing>;
  fetched: number;
  pages: number;
}

/**
 * Reddit subreddits (`/r/{a+b}/new`, optionally `/comments`) and search (`/search`, or restricted to
 * the subreddits) over OAuth. Subreddit listings are read forward with `before={newest fullname}`,
 * taking the next anchor from the first child (correction 23: such pages are newest-first with
 * `data.before` and `data.after` null). An empty `before=` page is ambiguous — nothing new, or the
 * anchor was deleted — so it falls back to a newest-first walk down to the watermark minus an
 * overlap, dropping seen fullnames; search always walks that way. A walk cut by the page limit
 * leaves `resume` for the next run.
 */
export class RedditAdapter implements SourceAdapter {
  readonly type: SourceType = 'reddit';
  readonly descriptor: SourceTypeDescriptor = REDDIT_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readRedditRateLimit });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = readSettings(req.source.settings);
    const streams = this.streamsOf(req, settings);
    const auth = this.authFor(req, settings);
    const previous = parseRedditCursor(req.cursor);
    const next: RedditCursor = { v: 1, streams: {} };
    const items = new Map<string, RawMention>();
    const deletions = new Map<string, string>();
    let fetched = 0;
    const cut: string[] = [];
    const nowSeconds = req.now.getTime() / 1000;

    for (const stream of streams) {
      const state = previous.streams[stream.key] ?? { anchor: null, watermark: null, seen: [], resume: null, polledAt: null };
      const outcome = await this.pollStream(auth, stream, state, settings, nowSeconds, req.signal);
      next.streams[stream.key] = outcome.cursor;
      fetched += outcome.run.fetched;
      if (outcome.cursor.resume || outcome.cutForward) cut.push(stream.key);
      for (const thing of outcome.run.items.values()) {
        const mention = redditThingToMention(thing, { sourceId: req.source.id, collectedAt: req.now });
        if (mention) items.set(mention.id, mention);
      }
      for (const thing of outcome.run.deletions.values()) {
        const mention = redditThingToMention(thing, { sourceId: req.source.id, collectedAt: req.now });
        if (mention) deletions.set(mention.id, req.now.toISOString());
      }
    }
    return {
      items: [...items.values()],
      nextCursor: next,
      notModified: false,
      fetched,
      deletions: deletions.size ? [...deletions].map(([id, at]) => ({ id, at })) : undefined,
      incomplete: cut.length ? { reason: `page limit (${settings.maxPages}) reached for ${cut.join(', ')}; the next run continues` } : undefined,
    };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const settings = readSettings(req.source.settings);
      const [stream] = this.streamsOf(req, settings);
      const auth = this.authFor(req, settings);
      const page = await this.page(auth, stream, { limit: '5' });
      const sample = page.children
        .map((thing) => ({ thing, mention: redditThingToMention(thing, { sourceId: req.source.id, collectedAt: req.now }) }))
        .filter((p): p is { thing: RedditThing; mention: RawMention } => p.mention !== null)
        .slice(0, 5)
        // The Markdown source, not the HTML of `content`: the sample is shown as text.
        .map(({ thing, mention: m }) => ({ title: m.title, text: thing.data?.selftext || thing.data?.body || '', publishedAt: m.publishedAt, url: m.url }));
      return { ok: true, message: `200 OK, ${sample.length} items from ${stream.path}`, sample, durationMs: Date.now() - started };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), sample: [], durationMs: Date.now() - started };
    }
  }

  private authFor(req: Pick<CollectRequest, 'source' | 'credentials' | 'saveCredentials' | 'stats' | 'signal' | 'now'>, settings: Settings): RedditTokenManager {
    const base = (req.source.url || DEFAULT_URL).trim().replace(/\/+$/, '');
    try {
      if (!/^https?:$/.test(new URL(base).protocol)) throw new Error('scheme');
    } catch {
      throw new SourceConfigError('the Reddit API address is not an http(s) URL');
    }
    const started = Date.now();
    // The run's clock moves on from `req.now` (tests freeze it; token expiry needs elapsed time too).
    const now = () => new Date(req.now.getTime() + (Date.now() - started));
    return new RedditTokenManager(this.client.forRun(req.stats), settings.tokenUrl, base, userAgentFor(settings, req.credentials), req.credentials, req.saveCredentials, now, req.signal);
  }

  private streamsOf(req: Pick<CollectRequest, 'source'>, settings: Settings): Stream[] {
    const rendered = renderSearchQuery(req.source.query, REDDIT_DIALECT);
    const subs = settings.subreddits.join('+');
    if (rendered) {
      return rendered.queries.map((q) => ({
        key: `search:${subs || 'all'}:${q}`.slice(0, 500),
        path: subs ? `/r/${subs}/search` : '/search',
        params: { q, sort: 'new', t: 'all', type: 'link', ...(subs ? { restrict_sr: '1' } : {}) },
        forward: false,
      }));
    }
    if (!subs) throw new SourceConfigError('a Reddit source needs subreddits or a query (its own or its topic’s)');
    const streams: Stream[] = [{ key: `r/${subs}/new`, path: `/r/${subs}/new`, params: {}, forward: true }];
    if (settings.includeComments) streams.push({ key: `r/${subs}/comments`, path: `/r/${subs}/comments`, params: {}, forward: true });
    return streams;
  }

  private async pollStream(
    auth: RedditTokenManager,
    stream: Stream,
    state: RedditStreamCursor,
    settings: Settings,
    nowSeconds: number,
    signal: AbortSignal,
  ): Promise<{ cursor: RedditStreamCursor; run: RunState; cutForward: boolean }> {
    const run: RunState = { seen: new Map(state.seen), polledAt: state.polledAt, items: new Map(), deletions: new Map(), fetched: 0, pages: 0 };
    let { anchor, watermark, resume } = state;
    let cutForward = false;
    const floorNow = () => (watermark !== null ? watermark - settings.overlapSeconds : nowSeconds - settings.backfillSeconds);

    if (resume) {
      const walk = await this.walkDown(auth, stream, run, resume.after, resume.floor, settings, signal);
      resume = walk.complete ? null : walk.lastAfter ? { after: walk.lastAfter, floor: resume.floor } : null;
    }
    if (!resume && run.pages < settings.maxPages) {
      let needWalk = !(stream.forward && anchor);
      if (stream.forward && anchor) {
        const forward = await this.walkForward(auth, stream, run, anchor, settings, signal);
        if (forward.anchorLost) needWalk = true;
        else {
          anchor = forward.anchor;
          cutForward = !forward.complete;
        }
        if (forward.newest !== null) watermark = Math.max(watermark ?? forward.newest, forward.newest);
      }
      if (needWalk && run.pages < settings.maxPages) {
        const floor = floorNow();
        const walk = await this.walkDown(auth, stream, run, null, floor, settings, signal);
        const before = watermark;
        if (walk.newestName) anchor = walk.newestName;
        if (walk.newest !== null) watermark = Math.max(watermark ?? walk.newest, walk.newest);
        // Cut above the old watermark: unread items lie between, the next run reads them first.
        // Cut below it, only the overlap (read last time) is left; the next overlap covers it.
        if (!walk.complete && walk.lastAfter && (before === null || walk.lowest === null || walk.lowest > before)) resume = { after: walk.lastAfter, floor };
      }
    }

    const keepFrom = Math.min(floorNow(), resume ? resume.floor : Number.POSITIVE_INFINITY);
    const seen = [...run.seen.entries()].filter(([, at]) => at >= keepFrom).sort((a, b) => b[1] - a[1]).slice(0, MAX_REDDIT_SEEN);
    return { cursor: { anchor, watermark, seen, resume, polledAt: Math.floor(nowSeconds) }, run, cutForward };
  }

  /**
   * Newer items with `before={anchor}`, page after page. Pages come newest-first, so the next
   * anchor is the first child's fullname. An empty first page means nothing new *or* a deleted
   * anchor: the caller then walks down from the top (`anchorLost`).
   */
  private async walkForward(
    auth: RedditTokenManager,
    stream: Stream,
    run: RunState,
    start: string,
    settings: Settings,
    signal: AbortSignal,
  ): Promise<{ anchor: string; complete: boolean; anchorLost: boolean; newest: number | null }> {
    let anchor = start;
    let newest: number | null = null;
    let first = true;
    while (run.pages < settings.maxPages && !signal.aborted) {
      const page = await this.page(auth, stream, { limit: String(settings.pageSize), before: anchor });
      run.pages++;
      if (!page.children.length) return { anchor, complete: true, anchorLost: first, newest };
      first = false;
      for (const thing of page.children) {
        const at = this.take(thing, run, null);
        if (at !== null) newest = Math.max(newest ?? at, at);
      }
      const head = page.children.find((c) => isFullname(c?.data?.name));
      if (!head) return { anchor, complete: true, anchorLost: false, newest };
      anchor = head.data!.name!;
      // A short page has reached the newest item.
      if (page.children.length < settings.pageSize) return { anchor, complete: true, anchorLost: false, newest };
    }
    return { anchor, complete: false, anchorLost: false, newest };
  }

  /** Newest-first with `after`, from the top (or `startAfter`) down to `floor`; items below it are not taken. */
  private async walkDown(
    auth: RedditTokenManager,
    stream: Stream,
    run: RunState,
    startAfter: string | null,
    floor: number,
    settings: Settings,
    signal: AbortSignal,
  ): Promise<{ complete: boolean; lastAfter: string | null; newest: number | null; lowest: number | null; newestName: string | null }> {
    let after = startAfter;
    let newest: number | null = null;
    let lowest: number | null = null;
    let newestName: string | null = null;
    while (run.pages < settings.maxPages && !signal.aborted) {
      const page = await this.page(auth, stream, { limit: String(settings.pageSize), ...(after ? { after } : {}) });
      run.pages++;
      let reachedFloor = false;
      for (const thing of page.children) {
        const name = thing?.data?.name;
        if (!startAfter && !newestName && isFullname(name)) newestName = name;
        const at = this.take(thing, run, floor);
        if (at === null) continue;
        lowest = Math.min(lowest ?? at, at);
        if (at < floor) reachedFloor = true;
        else newest = Math.max(newest ?? at, at);
      }
      const nextAfter = isFullname(page.after) ? page.after : null;
      if (reachedFloor || !nextAfter || !page.children.length) return { complete: true, lastAfter: null, newest, lowest, newestName };
      after = nextAfter;
    }
    return { complete: false, lastAfter: after, newest, lowest, newestName };
  }

  /**
   * Sorts one thing into new, edited-again, deleted or already seen; returns its `created_utc`.
   * Items below `floor` were read before the overlap window and are left alone.
   */
  private take(thing: RedditThing, run: RunState, floor: number | null): number | null {
    const data = thing?.data;
    if (!data || (thing.kind !== 't3' && thing.kind !== 't1') || !isFullname(data.name)) return null;
    run.fetched++;
    const name = data.name;
    const at = createdUtc(data);
    if (at === null) return null;
    if (floor !== null && at < floor) return at;
    const wasSeen = run.seen.has(name);
    run.seen.set(name, at);
    if (isDeletedThing(thing.kind, data)) {
      // `[deleted]`/`[removed]` is the text being gone, not new text: mark the mention, keep its words.
      run.deletions.set(name, thing);
      run.items.delete(name);
      return at;
    }
    // Reddit's clock and ours differ a little: an edit shortly before the last poll counts too
    // (delivering it twice is an update, missing it is a stale text).
    const editedSinceLastPoll = typeof data.edited === 'number' && run.polledAt !== null && data.edited >= run.polledAt - CLOCK_SKEW_SECONDS;
    if (!wasSeen || editedSinceLastPoll) run.items.set(name, thing);
    return at;
  }

  private async page(auth: RedditTokenManager, stream: Stream, extra: Record<string, string>): Promise<Page> {
    const response = await auth.get(stream.path, { ...stream.params, ...extra, raw_json: 1 });
    if (response.status !== 200) throw listingError(response, stream);
    if (/\/subreddits\/search/.test(new URL(response.finalUrl).pathname)) {
      throw new SourceConfigError(`Reddit has no subreddit for ${stream.path} (it redirected to a subreddit search)`, 404);
    }
    const body = response.json<RedditListing>();
    if (!body || typeof body !== 'object' || body.kind !== 'Listing' || !body.data || !Array.isArray(body.data.children)) {
      throw new SourcePayloadError(`Reddit ${stream.path} answered 200 without a Listing`);
    }
    return { children: body.data.children, after: typeof body.data.after === 'string' ? body.data.after : null };
  }
}

function listingError(response: ApiResponse, stream: Stream): Error {
  const detail = describeReddit(response);
  if (response.status === 403) return new SourceConfigError(`Reddit refused ${stream.path} (HTTP 403${detail}): a private, quarantined or banned subreddit, or an app without API access`, 403);
  if (response.status === 404) return new SourceConfigError(`Reddit has no ${stream.path} (HTTP 404${detail})`, 404);
  return new SourceConfigError(`Reddit ${stream.path} answered HTTP ${response.status}${detail}`, response.status);
}
