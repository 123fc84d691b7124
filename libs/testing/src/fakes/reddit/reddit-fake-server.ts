import { randomBytes } from 'node:crypto';
import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback Reddit for tests: the OAuth token endpoint (`/api/v1/access_token`, HTTP Basic with
 * client id and secret; client_credentials, password and refresh_token grants) and the OAuth API
 * (`/r/{subs}/new`, `/r/{subs}/comments`, `/r/{subs}/search`, `/search`). Shapes follow SOURCES.md
 * §3 and corrections 21–27: Listing/t3/t1 things with fullnames, `after`/`before` paging where a
 * non-empty `before=` page is newest-first with `data.before` and `data.after` null, an empty
 * page for `before=` a deleted or removed post, entity-escaped text without `raw_json=1`,
 * `X-Ratelimit-*` headers as floats, integers or absent, `edited` false or a float, 401 JSON
 * bodies, and a wrong password answered with 200 `{"error": "invalid_grant"}`.
 */

export interface FakeRedditApp {
  clientId: string;
  clientSecret: string;
  /** A "script" app's user, for the password grant. */
  username?: string;
  password?: string;
  /** Seconds; the 2025 password grant gave 86400, client credentials 3600 (correction 26). */
  expiresIn?: number;
}

export interface FakeRedditPostInput {
  subreddit: string;
  title: string;
  selftext?: string;
  /** A link post when set. */
  url?: string;
  author?: string;
  /** Epoch seconds; default now. */
  createdUtc?: number;
  score?: number;
  numComments?: number;
}

export interface FakeRedditCommentInput {
  /** The post's fullname (`t3_…`). */
  linkId: string;
  /** Default: the post. */
  parentId?: string;
  body: string;
  author?: string;
  createdUtc?: number;
  score?: number;
}

interface Thing {
  kind: 't3' | 't1';
  id: string;
  subreddit: string;
  createdUtc: number;
  seq: number;
  data: Record<string, unknown>;
  gone: null | 'deleted' | 'removed';
}

export type RateLimitHeaderStyle = 'float' | 'int' | 'none';

export class RedditFakeServer extends FakeApiServer {
  readonly apps: FakeRedditApp[] = [];
  private readonly things: Thing[] = [];
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number; revoked: boolean }>();
  private readonly refreshTokens = new Map<string, string>();
  private nextId = 46_656 * 36 * 7; // realistic-looking 6-character base-36 ids
  private seq = 0;
  private used = 0;
  /** How `X-Ratelimit-*` look (they differ by year and client: correction 21). */
  rateLimitHeaders: RateLimitHeaderStyle = 'float';
  /** The pre-2023 shape: a `before=` page that fills `data.before`/`data.after`. */
  legacyBeforeShape = false;
  tokenRequests = 0;

  constructor() {
    super();
    this.route('POST', '/api/v1/access_token', (req) => this.token(req));
    this.route('GET', /^\/r\/(?<subs>[A-Za-z0-9_+]+)\/(?<listing>new|comments)$/, (req) => this.authed(req, () => this.listing(req)));
    this.route('GET', /^\/r\/(?<subs>[A-Za-z0-9_+]+)\/search$/, (req) => this.authed(req, () => this.search(req, req.params.subs)));
    this.route('GET', '/search', (req) => this.authed(req, () => this.search(req, null)));
  }

  addApp(app: FakeRedditApp): FakeRedditApp {
    this.apps.push(app);
    return app;
  }

  /** Adds a post; returns its fullname. */
  addPost(input: FakeRedditPostInput): string {
    const id = this.newId();
    const created = input.createdUtc ?? Date.now() / 1000;
    const author = input.author ?? 'utente_mi';
    const permalink = `/r/${input.subreddit}/comments/${id}/${slug(input.title)}/`;
    const isSelf = input.url === undefined;
    this.push({
      kind: 't3',
      id,
      subreddit: input.subreddit,
      createdUtc: created,
      seq: ++this.seq,
      gone: null,
      data: {
        approved_at_utc: null,
        subreddit: input.subreddit,
        selftext: input.selftext ?? '',
        author_fullname: `t2_${randomBytes(3).toString('hex')}`,
        title: input.title,
        subreddit_name_prefixed: `r/${input.subreddit}`,
        name: `t3_${id}`,
        upvote_ratio: 0.94,
        ups: input.score ?? 1,
        score: input.score ?? 1,
        link_flair_text: null,
        is_self: isSelf,
        selftext_html: input.selftext ? `<!-- SC_OFF --><div class="md"><p>${escapeHtml(input.selftext)}</p>\n</div><!-- SC_ON -->` : null,
        edited: false,
        created: created + 28_800, // the legacy field lies (correction 24)
        over_18: false,
        removed_by_category: null,
        subreddit_id: 't5_2qh1h',
        id,
        author: author,
        num_comments: input.numComments ?? 0,
        permalink,
        url: input.url ?? `https://www.reddit.com${permalink}`,
        stickied: false,
        locked: false,
        created_utc: created,
      },
    });
    return `t3_${id}`;
  }

  /** Adds a comment; returns its fullname. */
  addComment(input: FakeRedditCommentInput): string {
    const post = this.find(input.linkId);
    if (!post) throw new Error(`no post ${input.linkId}`);
    const id = this.newId();
    const created = input.createdUtc ?? Date.now() / 1000;
    this.push({
      kind: 't1',
      id,
      subreddit: post.subreddit,
      createdUtc: created,
      seq: ++this.seq,
      gone: null,
      data: {
        subreddit_id: 't5_2qh1h',
        link_title: post.data.title,
        subreddit: post.subreddit,
        link_author: post.data.author,
        id,
        name: `t1_${id}`,
        author: input.author ?? 'commentatore',
        parent_id: input.parentId ?? input.linkId,
        link_id: input.linkId,
        body: input.body,
        body_html: `<div class="md"><p>${escapeHtml(input.body)}</p>\n</div>`,
        score: input.score ?? 1,
        ups: input.score ?? 1,
        edited: false,
        created: created + 28_800,
        created_utc: created,
        link_permalink: `https://www.reddit.com${post.data.permalink as string}`,
        permalink: `${post.data.permalink as string}${id}/`,
        removed_by_category: null,
      },
    });
    return `t1_${id}`;
  }

  /** The author edits the text: same fullname, `edited` becomes a float of epoch seconds. */
  editThing(fullname: string, text: string, at = Date.now() / 1000): void {
    const thing = this.find(fullname);
    if (!thing) throw new Error(`no ${fullname}`);
    if (thing.kind === 't3') {
      thing.data.selftext = text;
      thing.data.selftext_html = `<!-- SC_OFF --><div class="md"><p>${escapeHtml(text)}</p>\n</div><!-- SC_ON -->`;
    } else {
      thing.data.body = text;
      thing.data.body_html = `<div class="md"><p>${escapeHtml(text)}</p>\n</div>`;
    }
    thing.data.edited = at;
  }

  /**
   * Deleted by its author or removed by a moderator. It leaves the live listings (a `before=` it
   * answers with an empty page) but lingers in search with its text gone, as Reddit's lagging
   * search index shows it.
   */
  deleteThing(fullname: string, how: 'deleted' | 'removed' = 'deleted'): void {
    const thing = this.find(fullname);
    if (!thing) throw new Error(`no ${fullname}`);
    thing.gone = how;
    const marker = `[${how}]`;
    if (thing.kind === 't3') {
      thing.data.selftext = marker;
      thing.data.selftext_html = null;
      if (how === 'removed') thing.data.removed_by_category = 'moderator';
    } else {
      thing.data.body = marker;
      thing.data.body_html = `<div class="md"><p>${marker}</p>\n</div>`;
    }
    if (how === 'deleted') {
      thing.data.author = '[deleted]';
      delete thing.data.author_fullname;
    }
  }

  /** Every access token issued so far is past its `expires_in`. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expiresAt = 0;
  }

  /** The app's keys were changed: tokens and refresh tokens stop working. */
  rotateSecret(clientId: string): void {
    const app = this.apps.find((a) => a.clientId === clientId);
    if (app) app.clientSecret = `rotated-${randomBytes(4).toString('hex')}`;
    for (const t of this.tokens.values()) if (t.clientId === clientId) t.revoked = true;
    for (const [rt, owner] of this.refreshTokens) if (owner === clientId) this.refreshTokens.delete(rt);
  }

  private newId(): string {
    this.nextId += 1 + Math.floor(Math.random() * 5);
    return this.nextId.toString(36);
  }

  private push(thing: Thing): void {
    this.things.push(thing);
  }

  private find(fullname: string): Thing | undefined {
    return this.things.find((t) => `${t.kind}_${t.id}` === fullname);
  }

  private rateHeaders(): Record<string, string> {
    this.used++;
    if (this.rateLimitHeaders === 'none') return {};
    const remaining = Math.max(0, 600 - this.used);
    const reset = 600 - (Math.floor(Date.now() / 1000) % 600);
    return this.rateLimitHeaders === 'float'
      ? { 'x-ratelimit-used': String(this.used), 'x-ratelimit-remaining': `${remaining}.0`, 'x-ratelimit-reset': String(reset) }
      : { 'x-ratelimit-used': String(this.used), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(reset) };
  }

  private token(req: FakeRequest): FakeResponse {
    this.tokenRequests++;
    const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
    const [clientId, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
    const app = this.apps.find((a) => a.clientId === clientId && a.clientSecret === secret);
    if (!app) return { status: 401, body: { message: 'Unauthorized', error: 401 } };
    const form = new URLSearchParams(req.body);
    const grant = form.get('grant_type');
    let refresh: string | undefined;
    if (grant === 'password') {
      if (!app.username || form.get('username') !== app.username || form.get('password') !== app.password) return { status: 200, body: { error: 'invalid_grant' } };
      refresh = `${randomBytes(12).toString('hex')}-refresh`;
    } else if (grant === 'refresh_token') {
      const owner = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (owner !== app.clientId) return { status: 400, body: { error: 'invalid_grant' } };
      refresh = form.get('refresh_token')!;
    } else if (grant !== 'client_credentials') {
      return { status: 200, body: { error: 'unsupported_grant_type' } };
    }
    const access = `eyJhbGciOiJSUzI1NiIsImtpZCI6IlNIQTI1NjpzS3dsMnlsV0VtMjVmcXhwTU40cWY4MXE2OWFFdWFyMnpLMUdhVGxjdWNZIiwidHlwIjoiSldUIn0.${randomBytes(24).toString('base64url')}`;
    const expiresIn = app.expiresIn ?? (grant === 'client_credentials' ? 3600 : 86400);
    this.tokens.set(access, { clientId: app.clientId, expiresAt: Date.now() + expiresIn * 1000, revoked: false });
    const body: Record<string, unknown> = { access_token: access, token_type: 'bearer', expires_in: expiresIn, scope: '*' };
    if (refresh) {
      this.refreshTokens.set(refresh, app.clientId);
      body.refresh_token = refresh;
    }
    return { status: 200, body };
  }

  private authed(req: FakeRequest, handler: () => FakeResponse): FakeResponse {
    const headers = this.rateHeaders();
    const m = /^bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
    const token = m ? this.tokens.get(m[1]) : undefined;
    if (!token || token.revoked || token.expiresAt <= Date.now()) {
      return { status: 401, headers: { ...headers, 'www-authenticate': 'Bearer realm="reddit", error="invalid_token"' }, body: { message: 'Unauthorized', error: 401 } };
    }
    const answer = handler();
    return { ...answer, headers: { ...headers, ...(answer.headers ?? {}) } };
  }

  private listing(req: FakeRequest): FakeResponse {
    const subs = req.params.subs.toLowerCase().split('+');
    const kind = req.params.listing === 'comments' ? 't1' : 't3';
    const live = this.things
      .filter((t) => t.kind === kind && subs.includes(t.subreddit.toLowerCase()) && !t.gone)
      .sort((a, b) => b.createdUtc - a.createdUtc || b.seq - a.seq);
    return this.page(req, live, false);
  }

  private search(req: FakeRequest, subsParam: string | null): FakeResponse {
    const q = req.query.get('q');
    if (!q) return { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>bad request (reddit.com)</h1>you sent an invalid request</body></html>' };
    const subs = subsParam && req.query.get('restrict_sr') ? subsParam.toLowerCase().split('+') : null;
    const alternatives = q.split(/\s+OR\s+/).map((alt) =>
      [...alt.replace(/NOT\s+("[^"]*"|\S+)/g, '').matchAll(/"([^"]+)"|([^\s()"]+)/g)].map((m) => (m[1] ?? m[2]).toLowerCase()).filter(Boolean),
    );
    const hits = this.things
      .filter((t) => t.kind === 't3' && (!subs || subs.includes(t.subreddit.toLowerCase())))
      .filter((t) => {
        const text = `${t.data.title as string} ${t.data.selftext as string}`.toLowerCase();
        return alternatives.some((words) => words.length > 0 && words.every((w) => text.includes(w)));
      })
      .sort((a, b) => b.createdUtc - a.createdUtc || b.seq - a.seq);
    return this.page(req, hits, true);
  }

  private page(req: FakeRequest, list: Thing[], isSearch: boolean): FakeResponse {
    const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? '25') || 25));
    const rawJson = req.query.get('raw_json') === '1';
    const after = req.query.get('after');
    const before = req.query.get('before');
    let children: Thing[];
    let dataAfter: string | null = null;
    let dataBefore: string | null = null;
    const index = (fullname: string) => list.findIndex((t) => `${t.kind}_${t.id}` === fullname);
    if (before) {
      const at = index(before);
      // A deleted or removed anchor is no longer in the listing: Reddit answers an empty page.
      children = at <= 0 ? [] : list.slice(Math.max(0, at - limit), at);
      if (this.legacyBeforeShape && children.length) {
        dataBefore = at - limit > 0 ? fullnameOf(children[0]) : null;
        dataAfter = fullnameOf(children[children.length - 1]);
      }
    } else {
      const start = after ? index(after) + 1 : 0;
      children = after && start === 0 ? [] : list.slice(start, start + limit);
      dataAfter = start + limit < list.length && children.length ? fullnameOf(children[children.length - 1]) : null;
      dataBefore = after && children.length ? fullnameOf(children[0]) : null;
    }
    const data: Record<string, unknown> = {
      after: dataAfter,
      dist: children.length,
      modhash: '',
      geo_filter: '',
      children: children.map((t) => ({ kind: t.kind, data: rawJson ? { ...t.data } : escapeStrings(t.data) })),
      before: dataBefore,
    };
    const body: Record<string, unknown> = { kind: 'Listing', data };
    if (isSearch) data.facets = {};
    return { status: 200, body };
  }
}

function fullnameOf(t: Thing): string {
  return `${t.kind}_${t.id}`;
}

function slug(title: string): string {
  return title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 50) || 'post';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Without `raw_json=1` Reddit sends `&`, `<` and `>` as entities in every string, HTML fields included. */
function escapeStrings(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = typeof value === 'string' && key !== 'permalink' && key !== 'url' ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : value;
  }
  return out;
}
