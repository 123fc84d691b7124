import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback Mastodon instance for tests and the demo: tag timelines, v2 search and mention
 * notifications, speaking the real API as SOURCES.md §1, §0.4 and corrections 1–10 describe:
 * snowflake status ids (ms << 16) as strings, short sequential notification ids, newest-first pages
 * for `min_id` too (the page right after the cursor, reversed), `Link` headers on non-empty
 * timeline and notification pages and none on empty ones, `X-RateLimit-*` with an ISO reset
 * carrying microseconds (and a 429 when spent — loopback is not safelisted here), `401` when public
 * preview is off, `404 Record not found` for an unknown hashtag, tag names with their original case,
 * remote `created_at` in whole seconds, HTML content with `invisible`/`ellipsis` spans and h-card
 * mentions, edits (`edited_at`), deletions, and statuses that arrive late with an id below a
 * client's cursor.
 */

export interface FakeMastodonAccount {
  id: string;
  username: string;
  /** `user` for local accounts, `user@domain` for remote ones. */
  acct: string;
  display_name: string;
  url: string;
  followers_count: number;
  bot?: boolean;
}

export interface FakeStatusSpec {
  /** HTML. Default: a paragraph with the hashtags as links. */
  content?: string;
  /** Tag names with their case as written (`AcmeShop`). */
  tags?: string[];
  account?: Partial<FakeMastodonAccount>;
  /** Default: arrival time. */
  createdAt?: Date;
  /** Remote posts carry whole seconds (`.000Z`). Default false. */
  remote?: boolean;
  spoilerText?: string;
  language?: string | null;
  inReplyToId?: string | null;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  /**
   * How the id is made: from the arrival time (what recorded walks show), from `createdAt` (a late
   * post landing below a cursor, as older Mastodon versions did), or given.
   */
  idFrom?: 'arrival' | 'created_at';
  id?: string;
  replies?: number;
  reblogs?: number;
  favourites?: number;
  /** 2022-era payload: no `quotes_count` and none of the 4.5+ fields. */
  legacy?: boolean;
  /** A boost of this status id (hashtag timelines never list these; other feeds may). */
  reblogOf?: string;
}

interface StoredStatus {
  id: string;
  spec: FakeStatusSpec;
  account: FakeMastodonAccount;
  createdAt: Date;
  content: string;
  tags: string[];
  editedAt: Date | null;
  deleted: boolean;
  mentionsBrand: boolean;
}

interface StoredNotification {
  id: string;
  type: 'mention' | 'favourite' | 'follow';
  statusId: string | null;
  createdAt: Date;
}

const TAG_LIMIT = 40;
const NOTIFICATION_LIMIT = 80;

export class FakeMastodonServer extends FakeApiServer {
  readonly host = 'social.example.it';
  /** With it off, tag timelines answer 401 to requests without a token. */
  publicPreview = true;
  /** Tokens the instance accepts; any other bearer token gets a 401. */
  readonly tokens = new Set<string>(['token-brand']);
  /** Requests per window per token (or per IP without one); a spent window answers 429. */
  rateLimit = { limit: 300, windowMs: 5 * 60_000 };
  /**
   * How search applies `min_id`/`max_id`: as `after:`/`before:` on `created_at` at whole seconds
   * (Mastodon 4.2+, `StatusesSearchService#convert_deprecated_options!`) or as id bounds (older).
   */
  searchIdBounds: 'created_at' | 'id' = 'created_at';
  /**
   * An unknown hashtag: Mastodon's TagController answers `[]` (SOURCES.md §1 says 404 `Record not
   * found`, which other Mastodon-API servers and proxies do send); both can be tested.
   */
  unknownTagAnswer: 'empty' | 404 = 'empty';

  private readonly statuses = new Map<string, StoredStatus>();
  private readonly notifications: StoredNotification[] = [];
  private readonly knownTags = new Set<string>();
  private readonly windows = new Map<string, { start: number; used: number }>();
  private lastMs = 0n;
  private sequence = 0n;
  private notificationSeq = 20;

  /** The brand's own account, mentioned by `addMention`. */
  readonly brand: FakeMastodonAccount;

  /** `brand` names the account whose mentions `addMention` makes (the demo's is the demo brand's). */
  constructor(brand: Partial<Pick<FakeMastodonAccount, 'username' | 'display_name'>> = {}) {
    super();
    const username = brand.username ?? 'acme';
    this.brand = {
      id: '109000000000000001',
      username,
      acct: username,
      display_name: brand.display_name ?? 'Acme Italia',
      url: `https://social.example.it/@${username}`,
      followers_count: 5400,
    };
    this.route('GET', /^\/api\/v1\/timelines\/tag\/(?<tag>[^/]+)$/, (req) => this.limited(req, () => this.tagTimeline(req)));
    this.route('GET', '/api/v1/notifications', (req) => this.limited(req, () => this.notificationList(req)));
    this.route('GET', '/api/v2/search', (req) => this.limited(req, () => this.search(req)));
    this.route('GET', /^\/api\/v1\/statuses\/(?<id>\d+)$/, (req) =>
      this.limited(req, () => {
        const status = this.statuses.get(req.params.id);
        return status && !status.deleted ? { body: this.render(status) } : { status: 404, body: { error: 'Record not found' } };
      }),
    );
  }

  /** Declares a hashtag the instance knows (a tag seen on any status is known too). */
  knowTag(name: string): void {
    this.knownTags.add(name.toLowerCase());
  }

  /** Adds a status as if it had just arrived; returns its id. */
  addStatus(spec: FakeStatusSpec = {}): string {
    const arrival = new Date();
    const createdAt = spec.createdAt ?? arrival;
    const id = spec.id ?? this.snowflake(spec.idFrom === 'created_at' ? createdAt : arrival);
    const tags = spec.tags ?? [];
    for (const tag of tags) this.knownTags.add(tag.toLowerCase());
    const n = this.statuses.size + 1;
    const account: FakeMastodonAccount = {
      id: String(110_000_000_000_000_000n + BigInt(n)),
      username: `utente${n}`,
      acct: spec.remote ? `utente${n}@altra.example` : `utente${n}`,
      display_name: `Utente ${n}`,
      url: spec.remote ? `https://altra.example/@utente${n}` : `https://${this.host}/@utente${n}`,
      followers_count: 100 + n,
      ...spec.account,
    };
    this.statuses.set(id, {
      id,
      spec,
      account,
      createdAt,
      content: spec.content ?? this.defaultContent(tags, n),
      tags,
      editedAt: null,
      deleted: false,
      mentionsBrand: false,
    });
    return id;
  }

  /** A status that mentions the brand's account, and its notification; returns [statusId, notificationId]. */
  addMention(spec: FakeStatusSpec = {}): [string, string] {
    const content =
      spec.content ??
      `<p><span class="h-card" translate="no"><a href="${this.brand.url}" class="u-url mention">@<span>${this.brand.username}</span></a></span> il mio ordine non è ancora arrivato</p>`;
    const statusId = this.addStatus({ ...spec, content });
    this.statuses.get(statusId)!.mentionsBrand = true;
    const notificationId = String(++this.notificationSeq);
    this.notifications.push({ id: notificationId, type: 'mention', statusId, createdAt: new Date() });
    return [statusId, notificationId];
  }

  /** A notification of another type (the collector asks for mentions only). */
  addOtherNotification(type: 'favourite' | 'follow', statusId: string | null = null): string {
    const id = String(++this.notificationSeq);
    this.notifications.push({ id, type, statusId, createdAt: new Date() });
    return id;
  }

  edit(id: string, content: string): void {
    const status = this.statuses.get(id);
    if (!status) throw new Error(`no status ${id}`);
    status.content = content;
    status.editedAt = new Date();
  }

  delete(id: string): void {
    const status = this.statuses.get(id);
    if (status) status.deleted = true;
  }

  clear(): void {
    this.statuses.clear();
    this.notifications.length = 0;
    this.knownTags.clear();
    this.windows.clear();
  }

  /** A snowflake id for a time: milliseconds << 16 plus a sequence, increasing within a millisecond. */
  snowflake(at: Date): string {
    const ms = BigInt(at.getTime());
    if (ms === this.lastMs) this.sequence++;
    else {
      this.lastMs = ms;
      this.sequence = BigInt(Math.floor(Math.random() * 1000));
    }
    return ((ms << 16n) | (this.sequence & 0xffffn)).toString();
  }

  private defaultContent(tags: string[], n: number): string {
    const links = tags
      .map((t) => `<a href="https://${this.host}/tags/${t.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${t}</span></a>`)
      .join(' ');
    return `<p>Ordine numero ${n} in ritardo da 10 giorni, vedi <a href="https://www.example.com/ordini/${n}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://www.</span><span class="ellipsis">example.com/ordini/</span><span class="invisible">${n}</span></a> ${links}</p>`;
  }

  private tokenOf(req: FakeRequest): string | null | false {
    const auth = req.headers.authorization;
    if (!auth) return null;
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    return m && this.tokens.has(m[1].trim()) ? m[1].trim() : false;
  }

  /** Rate limiting per token or IP, with Mastodon's headers on every answer. */
  private limited(req: FakeRequest, handler: () => FakeResponse): FakeResponse {
    const token = this.tokenOf(req);
    if (token === false) return { status: 401, body: { error: 'The access token is invalid' }, headers: {} };
    const key = token ?? 'ip:127.0.0.1';
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.rateLimit.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    window.used++;
    const reset = new Date(window.start + this.rateLimit.windowMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    const headers = {
      'X-RateLimit-Limit': String(this.rateLimit.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.rateLimit.limit - window.used)),
      'X-RateLimit-Reset': reset,
    };
    if (window.used > this.rateLimit.limit) return { status: 429, headers, body: { error: 'Too many requests' } };
    const answer = handler();
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  private tagTimeline(req: FakeRequest): FakeResponse {
    const tag = decodeURIComponent(req.params.tag);
    if (!this.publicPreview && this.tokenOf(req) === null) {
      return { status: 401, body: { error: 'This method requires an authenticated user' } };
    }
    if (!this.knownTags.has(tag.toLowerCase())) {
      // Real servers answer an unknown tag with an empty page (Tag.find_normalized → nil → []).
      return this.unknownTagAnswer === 404 ? { status: 404, body: { error: 'Record not found' } } : { body: [] };
    }
    const any = req.query.getAll('any[]').map((t) => t.toLowerCase());
    const all = req.query.getAll('all[]').map((t) => t.toLowerCase());
    const none = req.query.getAll('none[]').map((t) => t.toLowerCase());
    const local = req.query.get('local') === 'true';
    const candidates = [...this.statuses.values()].filter((s) => {
      if (s.deleted || s.spec.reblogOf || (s.spec.visibility ?? 'public') !== 'public') return false;
      const tags = s.tags.map((t) => t.toLowerCase());
      if (!(tags.includes(tag.toLowerCase()) || any.some((t) => tags.includes(t)))) return false;
      if (!all.every((t) => tags.includes(t))) return false;
      if (none.some((t) => tags.includes(t))) return false;
      if (local && s.spec.remote) return false;
      return true;
    });
    // Real tag-timeline links keep only local, limit and only_media: any[]/all[]/none[] are lost.
    return this.paged(req, candidates.map((s) => ({ id: s.id, body: this.render(s) })), TAG_LIMIT, ['local', 'limit', 'only_media']);
  }

  private notificationList(req: FakeRequest): FakeResponse {
    if (!this.tokenOf(req)) return { status: 401, body: { error: 'This method requires an authenticated user' } };
    const types = req.query.getAll('types[]');
    const exclude = req.query.getAll('exclude_types[]');
    const items = this.notifications
      .filter((n) => (!types.length || types.includes(n.type)) && !exclude.includes(n.type))
      .map((n) => {
        const status = n.statusId ? this.statuses.get(n.statusId) : undefined;
        return {
          id: n.id,
          body: {
            id: n.id,
            type: n.type,
            created_at: n.createdAt.toISOString(),
            group_key: `ungrouped-${n.id}`,
            account: status ? this.renderAccount(status.account) : this.renderAccount(this.brand),
            status: status && !status.deleted ? this.render(status) : null,
          },
        };
      });
    return this.paged(req, items, NOTIFICATION_LIMIT);
  }

  /**
   * Mastodon's Paginable: `max_id`/`since_id` bound the range; `min_id` takes the `limit` items
   * right above it and reverses them, so every page is newest first. `Link` only on non-empty pages.
   */
  private paged(req: FakeRequest, items: Array<{ id: string; body: unknown }>, maxLimit: number, linkParams?: string[]): FakeResponse {
    const limit = Math.min(maxLimit, Math.max(1, Number(req.query.get('limit')) || (maxLimit === NOTIFICATION_LIMIT ? 40 : 20)));
    const maxId = req.query.get('max_id');
    const sinceId = req.query.get('since_id');
    const minId = req.query.get('min_id');
    let range = items.filter((i) => (!maxId || big(i.id) < big(maxId)) && (!sinceId || big(i.id) > big(sinceId)) && (!minId || big(i.id) > big(minId)));
    if (minId) {
      range = range.sort((a, b) => cmp(a.id, b.id)).slice(0, limit).reverse();
    } else {
      range = range.sort((a, b) => cmp(b.id, a.id)).slice(0, limit);
    }
    const headers: Record<string, string> = {};
    if (range.length) {
      const link = (param: string, value: string) => {
        const q = new URLSearchParams(req.query);
        for (const p of ['max_id', 'min_id', 'since_id']) q.delete(p);
        if (linkParams) for (const name of [...new Set(q.keys())]) if (!linkParams.includes(name)) q.delete(name);
        q.set(param, value);
        return `<https://${this.host}${req.path}?${q.toString()}>`;
      };
      headers['Link'] = `${link('max_id', range[range.length - 1].id)}; rel="next", ${link('min_id', range[0].id)}; rel="prev"`;
    }
    return { headers, body: range.map((i) => i.body) };
  }

  /** v2 search: statuses need a token; words ANDed, `"phrases"`, `-exclusions`; ordered by id, newest first; `offset` paging. */
  private search(req: FakeRequest): FakeResponse {
    const q = (req.query.get('q') ?? '').trim();
    const type = req.query.get('type');
    const limit = Math.min(40, Math.max(1, Number(req.query.get('limit')) || 20));
    const offset = Math.max(0, Number(req.query.get('offset')) || 0);
    const token = this.tokenOf(req);
    if (offset > 0 && !token) return { status: 401, body: { error: 'Search queries with offset require an authenticated user' } };
    const result = { accounts: [] as unknown[], statuses: [] as unknown[], hashtags: [] as unknown[], collections: [] as unknown[] };
    if (!q) return { body: result };
    if (token && (!type || type === 'statuses')) {
      const { include, exclude } = parseSearch(q);
      const minId = req.query.get('min_id');
      const maxId = req.query.get('max_id');
      // 4.2+ rewrites min_id/max_id into after:/before: on created_at, at whole seconds of the id's time.
      const secondOf = (id: string) => Number((big(id) >> 16n) / 1000n) * 1000;
      const inBounds = (s: StoredStatus) =>
        this.searchIdBounds === 'id'
          ? (!minId || big(s.id) > big(minId)) && (!maxId || big(s.id) < big(maxId))
          : (!minId || s.createdAt.getTime() > secondOf(minId)) && (!maxId || s.createdAt.getTime() < secondOf(maxId));
      result.statuses = [...this.statuses.values()]
        .filter((s) => !s.deleted && !s.spec.reblogOf)
        .filter(inBounds)
        .filter((s) => {
          const text = textOf(s.content);
          return include.every((w) => text.includes(w)) && !exclude.some((w) => text.includes(w));
        })
        .sort((a, b) => cmp(b.id, a.id))
        .slice(offset, offset + limit)
        .map((s) => this.render(s));
    }
    return { body: result };
  }

  private renderAccount(a: FakeMastodonAccount): Record<string, unknown> {
    return {
      id: a.id,
      username: a.username,
      acct: a.acct,
      display_name: a.display_name,
      locked: false,
      bot: a.bot ?? false,
      discoverable: true,
      indexable: true,
      group: false,
      created_at: '2023-01-01T00:00:00.000Z',
      note: '<p>Appassionata di tecnologia</p>',
      url: a.url,
      uri: a.url.replace(/\/@([^/]+)$/, '/users/$1'),
      avatar: `https://${this.host}/avatars/original/missing.png`,
      avatar_static: `https://${this.host}/avatars/original/missing.png`,
      header: `https://${this.host}/headers/original/missing.png`,
      header_static: `https://${this.host}/headers/original/missing.png`,
      followers_count: a.followers_count,
      following_count: 140,
      statuses_count: 2100,
      last_status_at: '2026-02-10',
      hide_collections: false,
      noindex: false,
      emojis: [],
      roles: [],
      fields: [],
    };
  }

  private render(s: StoredStatus): Record<string, unknown> {
    const time = (d: Date) => (s.spec.remote ? new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString() : d.toISOString());
    const status: Record<string, unknown> = {
      id: s.id,
      created_at: time(s.createdAt),
      in_reply_to_id: s.spec.inReplyToId ?? null,
      in_reply_to_account_id: s.spec.inReplyToId ? this.brand.id : null,
      sensitive: !!s.spec.spoilerText,
      spoiler_text: s.spec.spoilerText ?? '',
      visibility: s.spec.visibility ?? 'public',
      language: s.spec.language === undefined ? 'it' : s.spec.language,
      uri: s.spec.remote ? `https://altra.example/users/${s.account.username}/statuses/${s.id}` : `https://${this.host}/ap/users/${s.account.id}/statuses/${s.id}`,
      url: s.spec.remote ? `https://altra.example/@${s.account.username}/${s.id}` : `https://${this.host}/@${s.account.username}/${s.id}`,
      replies_count: s.spec.replies ?? 0,
      reblogs_count: s.spec.reblogs ?? 0,
      favourites_count: s.spec.favourites ?? 0,
      edited_at: s.editedAt ? time(s.editedAt) : null,
      content: s.content,
      reblog: s.spec.reblogOf && this.statuses.get(s.spec.reblogOf) ? this.render(this.statuses.get(s.spec.reblogOf)!) : null,
      application: s.spec.remote ? null : { name: 'Web', website: null },
      account: this.renderAccount(s.account),
      media_attachments: [],
      mentions: s.mentionsBrand ? [{ id: this.brand.id, username: this.brand.username, url: this.brand.url, acct: this.brand.acct }] : [],
      tags: s.tags.map((t) => ({ name: t, url: `https://${this.host}/tags/${t.toLowerCase()}` })),
      emojis: [],
      card: null,
      poll: null,
    };
    if (!s.spec.legacy) {
      Object.assign(status, {
        quotes_count: 0,
        quote: null,
        quote_approval: { automatic: ['public'], manual: [], current_user: 'automatic' },
        tagged_collections: [],
        filtered: [],
      });
    }
    return status;
  }
}

function big(id: string): bigint {
  return /^\d+$/.test(id) ? BigInt(id) : 0n;
}

function cmp(a: string, b: string): number {
  const x = big(a);
  const y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

function parseSearch(q: string): { include: string[]; exclude: string[] } {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const m of q.matchAll(/(-?)(?:"([^"]+)"|(\S+))/g)) {
    const value = (m[2] ?? m[3]).toLowerCase();
    (m[1] ? exclude : include).push(value);
  }
  return { include, exclude };
}
