import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback X API v2 recent search (`GET /2/tweets/search/recent`) for tests and the demo,
 * speaking the real API as SOURCES.md §7, §0.4 and corrections 33–40 describe: 64-bit ids as
 * strings (above 2^53), newest first, `since_id` / `next_token` paging with `meta.newest_id` on the
 * first page only, `{"meta":{"result_count":0}}` without `newest_id`, `includes.users` for
 * `expansions=author_id`, `x-rate-limit-*` headers with an epoch reset (450 per 15 minutes) and a
 * 429 `about:blank` problem when spent, 401 `about:blank`, 400 problem JSON without `status`,
 * optional short pages that still carry `next_token`, partial `errors[]` next to `data`, a 200 with
 * only `errors[]`, edits that create a new id with `edit_history_tweet_ids`, payloads without edit
 * history (pre-2022), `note_tweet` for long posts, and text with `&amp;`/`&lt;`/`&gt;` escapes.
 */

export interface FakeXUser {
  id: string;
  name: string;
  username: string;
  followers?: number;
  verified?: boolean;
}

export interface FakeTweetSpec {
  text: string;
  authorId: string;
  createdAt?: Date;
  lang?: string;
  id?: string;
  inReplyTo?: { tweetId: string; userId: string };
  quoteOf?: string;
  retweetOf?: string;
  likes?: number;
  retweets?: number;
  replies?: number;
  quotes?: number;
  impressions?: number;
  /** Full text of a long post; `text` then holds the first 280 characters. */
  noteText?: string;
  /** Pre-Sept-2022 payload: no `edit_history_tweet_ids` (correction 38). */
  legacy?: boolean;
}

interface StoredTweet {
  id: string;
  spec: FakeTweetSpec;
  createdAt: Date;
  editHistory: string[];
}

const WINDOW_MS = 15 * 60_000;

export class FakeXServer extends FakeApiServer {
  readonly tokens = new Set<string>(['test-x-bearer']);
  /** Requests per 15-minute window (recent search, app auth). */
  rateLimit = 450;
  /** Pages this much shorter than `max_results` still carry `next_token` (correction 37). */
  shortPageBy = 0;
  /** Partial errors to put next to `data` on the next responses. */
  partialErrors: Array<Record<string, unknown>> = [];
  /** Answer the next search with HTTP 200 and only `errors[]` (a suspended account's mentions). */
  errorsOnlyOnce: Array<Record<string, unknown>> | null = null;
  /** A `since_id` below this is outside the 7-day window and refused with a 400. */
  oldestSinceId: string | null = null;
  private readonly users = new Map<string, FakeXUser>();
  private readonly tweets = new Map<string, StoredTweet>();
  private remaining = 450;
  private windowEnds = 0;
  /** Above 2^53 (9007199254740992): ids that lose precision as JS numbers. */
  private nextId = 1_890_000_000_000_000_000n;

  constructor() {
    super();
    this.route('GET', '/2/tweets/search/recent', (req) => this.searchRecent(req));
  }

  addUser(user: FakeXUser): this {
    this.users.set(user.id, user);
    return this;
  }

  /** Adds a post; returns its id. Ids grow with every post, like snowflakes. */
  addTweet(spec: FakeTweetSpec): string {
    const id = spec.id ?? this.newId();
    this.tweets.set(id, { id, spec, createdAt: spec.createdAt ?? new Date(), editHistory: [id] });
    return id;
  }

  /** An edit: a new post id with the whole edit history; search then shows only the new version. */
  editTweet(id: string, text: string, at = new Date()): string {
    const old = this.tweets.get(id);
    if (!old) throw new Error(`unknown fake post ${id}`);
    const newId = this.newId();
    this.tweets.delete(id);
    this.tweets.set(newId, { id: newId, spec: { ...old.spec, text, id: newId }, createdAt: at, editHistory: [...old.editHistory, newId] });
    return newId;
  }

  deleteTweet(id: string): void {
    this.tweets.delete(id);
  }

  /** Spends the window now (the next request is a 429 until `resetInSeconds`). */
  exhaustRateLimit(resetInSeconds: number): void {
    this.remaining = 0;
    this.windowEnds = Date.now() + resetInSeconds * 1000;
  }

  static problem(status: number, title: string, detail: string, type = 'about:blank', extra: Record<string, unknown> = {}): FakeResponse {
    return { status, headers: { 'content-type': 'application/problem+json' }, body: { title, detail, type, status, ...extra } };
  }

  private newId(): string {
    this.nextId += 1_000_000_000n + BigInt(Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  private rateHeaders(): Record<string, string> {
    return {
      'x-rate-limit-limit': String(this.rateLimit),
      'x-rate-limit-remaining': String(Math.max(0, this.remaining)),
      'x-rate-limit-reset': String(Math.ceil(this.windowEnds / 1000)),
    };
  }

  private searchRecent(req: FakeRequest): FakeResponse {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!this.tokens.has(token)) {
      return { status: 401, headers: { 'content-type': 'application/problem+json' }, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    const now = Date.now();
    if (now >= this.windowEnds) {
      this.windowEnds = now + WINDOW_MS;
      this.remaining = this.rateLimit;
    }
    if (this.remaining <= 0) {
      return { status: 429, headers: { ...this.rateHeaders(), 'content-type': 'application/problem+json' }, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } };
    }
    this.remaining -= 1;
    const headers = { ...this.rateHeaders(), 'content-type': 'application/json; charset=utf-8' };

    const query = req.query.get('query');
    const invalid = (message: string, parameters: Record<string, string[]>): FakeResponse => ({
      status: 400,
      headers: { ...headers, 'content-type': 'application/problem+json' },
      // No `status` member (correction 33).
      body: { errors: [{ parameters, message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' },
    });
    if (!query) return invalid('The `query` query parameter can not be empty', { query: [] });
    if (query.length > 512) return invalid(`The \`query\` query parameter value [${query.slice(0, 20)}...] is not one of length 1 to 512`, { query: [query] });
    if (/\(\s*\)|^\s*OR\b|\bOR\s*$/.test(query)) return invalid(`There were errors processing your request: Ambiguous use of or as a keyword. Use a space to logically or two terms together (at position 1)`, { query: [query] });
    const maxResults = Number(req.query.get('max_results') ?? 10);
    if (!Number.isInteger(maxResults) || maxResults < 10 || maxResults > 100) {
      return invalid(`The \`max_results\` query parameter value [${req.query.get('max_results')}] is not between 10 and 100`, { max_results: [String(req.query.get('max_results'))] });
    }
    const sinceId = req.query.get('since_id');
    if (sinceId !== null && !/^\d{1,19}$/.test(sinceId)) return invalid(`The \`since_id\` query parameter value [${sinceId}] is not valid`, { since_id: [sinceId] });
    if (sinceId !== null && this.oldestSinceId && BigInt(sinceId) < BigInt(this.oldestSinceId)) {
      return invalid(`Invalid 'since_id':'${sinceId}'. 'since_id' must be a tweet id created after ${new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')}. Please use a 'since_id' that is larger than ${this.oldestSinceId}`, { since_id: [sinceId] });
    }
    const nextToken = req.query.get('next_token') ?? req.query.get('pagination_token');
    let below: bigint | null = null;
    if (nextToken) {
      const decoded = decodeToken(nextToken, query, sinceId);
      if (decoded === null) return invalid(`The \`next_token\` query parameter value [${nextToken}] is not valid`, { next_token: [nextToken] });
      below = decoded;
    }

    if (this.errorsOnlyOnce) {
      const errors = this.errorsOnlyOnce;
      this.errorsOnlyOnce = null;
      return { headers, body: { errors } };
    }

    const startTime = req.query.get('start_time');
    const startMs = startTime ? Date.parse(startTime) : Number.NEGATIVE_INFINITY;
    const all = [...this.tweets.values()]
      .filter((t) => (sinceId ? BigInt(t.id) > BigInt(sinceId) : true))
      .filter((t) => (below !== null ? BigInt(t.id) < below : true))
      .filter((t) => t.createdAt.getTime() >= startMs)
      .filter((t) => matchesQuery(query, t))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const size = Math.max(1, maxResults - this.shortPageBy);
    const page = all.slice(0, size);
    const meta: Record<string, unknown> = {};
    if (page.length) {
      // `newest_id` on the first page only (SOURCES.md §0.4).
      if (!nextToken) meta.newest_id = page[0].id;
      meta.oldest_id = page[page.length - 1].id;
    }
    meta.result_count = page.length;
    if (all.length > page.length) meta.next_token = encodeToken(BigInt(page[page.length - 1].id), query, sinceId);
    if (!page.length) return { headers, body: { meta } };

    const authorIds = [...new Set(page.map((t) => t.spec.authorId))];
    const body: Record<string, unknown> = {
      data: page.map((t) => this.tweetResource(t)),
      includes: { users: authorIds.map((id) => this.userResource(id)) },
      meta,
    };
    if (this.partialErrors.length) body.errors = this.partialErrors;
    return { headers, body };
  }

  private tweetResource(t: StoredTweet): Record<string, unknown> {
    const s = t.spec;
    const refs: Array<{ type: string; id: string }> = [];
    if (s.inReplyTo) refs.push({ type: 'replied_to', id: s.inReplyTo.tweetId });
    if (s.quoteOf) refs.push({ type: 'quoted', id: s.quoteOf });
    if (s.retweetOf) refs.push({ type: 'retweeted', id: s.retweetOf });
    const text = s.noteText ? s.noteText.slice(0, 280) : s.text;
    const resource: Record<string, unknown> = {
      id: t.id,
      text: xEscape(text),
      edit_history_tweet_ids: t.editHistory,
      author_id: s.authorId,
      created_at: t.createdAt.toISOString(),
      conversation_id: s.inReplyTo?.tweetId ?? t.editHistory[0],
      lang: s.lang ?? 'it',
      public_metrics: {
        retweet_count: s.retweets ?? 0,
        reply_count: s.replies ?? 0,
        like_count: s.likes ?? 0,
        quote_count: s.quotes ?? 0,
        bookmark_count: 0,
        impression_count: s.impressions ?? 0,
      },
    };
    if (s.inReplyTo) resource.in_reply_to_user_id = s.inReplyTo.userId;
    if (refs.length) resource.referenced_tweets = refs;
    if (s.noteText) resource.note_tweet = { text: xEscape(s.noteText) };
    const hashtags = [...text.matchAll(/#(\w+)/g)].map((m) => ({ start: codePoints(text.slice(0, m.index)), end: codePoints(text.slice(0, m.index)) + codePoints(m[0]), tag: m[1] }));
    if (hashtags.length) resource.entities = { hashtags };
    if (s.legacy) delete resource.edit_history_tweet_ids;
    return resource;
  }

  private userResource(id: string): Record<string, unknown> {
    const user = this.users.get(id) ?? { id, name: `Utente ${id.slice(-4)}`, username: `utente_${id.slice(-4)}` };
    return {
      id: user.id,
      name: user.name,
      username: user.username,
      verified: user.verified ?? false,
      profile_image_url: `https://pbs.twimg.com/profile_images/${user.id}/avatar_normal.jpg`,
      public_metrics: { followers_count: user.followers ?? 0, following_count: 10, tweet_count: 100, listed_count: 0, like_count: 5 },
    };
  }
}

/**
 * A loose query match, enough for tests: `-is:retweet` drops reposts, `lang:xx` filters the
 * language, and otherwise a post matches when any plain word of the query is in its text.
 */
function matchesQuery(query: string, t: StoredTweet): boolean {
  if (/(^|\s)-is:retweet\b/.test(query) && t.spec.retweetOf) return false;
  const lang = /(^|[\s(])lang:(\w+)/.exec(query)?.[2];
  if (lang && (t.spec.lang ?? 'it') !== lang) return false;
  const words = query
    .replace(/[()"]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && w !== 'OR' && !w.startsWith('-') && !w.includes(':'))
    .map((w) => w.toLowerCase());
  if (!words.length) return true;
  const text = (t.spec.noteText ?? t.spec.text).toLowerCase();
  return words.some((w) => text.includes(w));
}

function encodeToken(below: bigint, query: string, sinceId: string | null): string {
  return Buffer.from(JSON.stringify({ b: below.toString(), q: query, s: sinceId })).toString('base64url');
}

function decodeToken(token: string, query: string, sinceId: string | null): bigint | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { b?: string; q?: string; s?: string | null };
    if (parsed.q !== query || (parsed.s ?? null) !== sinceId || typeof parsed.b !== 'string' || !/^\d+$/.test(parsed.b)) return null;
    return BigInt(parsed.b);
  } catch {
    return null;
  }
}

/** X escapes these three in `text` (and nothing else). */
function xEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function codePoints(text: string): number {
  return [...text].length;
}
