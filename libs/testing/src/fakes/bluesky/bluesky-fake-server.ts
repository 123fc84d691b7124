import { randomBytes } from 'node:crypto';
import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback Bluesky PDS for tests: createSession / refreshSession with app passwords,
 * app.bsky.feed.searchPosts (authenticated only, as since January 2025) and
 * app.bsky.actor.getProfiles. Shapes follow the lexicons and the recorded responses listed in
 * SOURCES.md (corrections 11–20): offset cursors ("25", "100"), no `hitsTotal`, no
 * `bookmarkCount`, optional `quoteCount`/`langs`, `createdAt` written as the client wrote it,
 * results ordered by `sortAt` (the earlier of createdAt and indexedAt), short pages where hidden
 * posts sit, `RateLimit-*` headers with an epoch-second reset, a 403 HTML page without a session,
 * `400 ExpiredToken` for an expired access token.
 */

export interface FakeBlueskyAccount {
  identifier: string;
  appPassword: string;
  did: string;
  handle: string;
  email?: string;
  followersCount?: number;
  displayName?: string;
}

export interface FakeBlueskyPostInput {
  text: string;
  /** As the client wrote it: any of the spellings seen in the wild. Default: indexedAt. */
  createdAt?: string;
  /** Default: now. */
  indexedAt?: string;
  /** Author handle; an account is made up when unknown. */
  handle?: string;
  langs?: string[];
  facets?: unknown[];
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  replyCount?: number;
  repostCount?: number;
  likeCount?: number;
  /** Absent in 2024-01 captures: leave undefined to omit it. */
  quoteCount?: number;
  /** Taken down / blocked: occupies an offset but is not returned (short pages). */
  hidden?: boolean;
  rkey?: string;
}

export interface FakeBlueskyPost {
  uri: string;
  cid: string;
  authorDid: string;
  input: FakeBlueskyPostInput;
  indexedAt: string;
  sortAt: number;
}

interface Tokens {
  did: string;
  expired: boolean;
}

const RATE_LIMIT = 3000;

export class BlueskyFakeServer extends FakeApiServer {
  readonly accounts: FakeBlueskyAccount[] = [];
  private readonly posts: FakeBlueskyPost[] = [];
  private readonly access = new Map<string, Tokens>();
  private readonly refresh = new Map<string, Tokens>();
  private readonly authors = new Map<string, { did: string; handle: string; displayName?: string; followersCount: number }>();
  private remaining = RATE_LIMIT;
  /** createSession allowance left per account (10 a day: SOURCES.md correction 17). */
  private readonly sessionsLeft = new Map<string, number>();
  private seq = 0;
  /** createSession calls that were answered (successful or not): the daily budget is 10. */
  createSessionCalls = 0;
  refreshSessionCalls = 0;

  constructor() {
    super();
    this.route('POST', '/xrpc/com.atproto.server.createSession', (req) => this.createSession(req));
    this.route('POST', '/xrpc/com.atproto.server.refreshSession', (req) => this.refreshSession(req));
    this.route('GET', '/xrpc/app.bsky.feed.searchPosts', (req) => this.authed(req, () => this.searchPosts(req)));
    this.route('GET', '/xrpc/app.bsky.actor.getProfiles', (req) => this.authed(req, () => this.getProfiles(req)));
  }

  addAccount(account: Partial<FakeBlueskyAccount> & Pick<FakeBlueskyAccount, 'identifier' | 'appPassword'>): FakeBlueskyAccount {
    const full: FakeBlueskyAccount = {
      did: `did:plc:${randomBytes(12).toString('hex').slice(0, 24)}`,
      handle: account.identifier.includes('.') ? account.identifier : `${account.identifier}.bsky.social`,
      email: `${account.identifier.split('.')[0]}@example.com`,
      ...account,
    };
    this.accounts.push(full);
    return full;
  }

  /** Adds a post; returns it with its `at://` uri. */
  addPost(input: FakeBlueskyPostInput): FakeBlueskyPost {
    const handle = input.handle ?? 'utente.bsky.social';
    let author = [...this.authors.values()].find((a) => a.handle === handle);
    if (!author) {
      author = { did: `did:plc:${randomBytes(12).toString('hex').slice(0, 24)}`, handle, displayName: handle.split('.')[0], followersCount: 10 + this.authors.size * 7 };
      this.authors.set(author.did, author);
    }
    this.seq++;
    const rkey = input.rkey ?? `3l${(Date.now() * 1000 + this.seq).toString(32)}`.slice(0, 13);
    const indexedAt = input.indexedAt ?? new Date().toISOString();
    const created = Date.parse(input.createdAt ?? indexedAt);
    const indexed = Date.parse(indexedAt);
    const post: FakeBlueskyPost = {
      uri: `at://${author.did}/app.bsky.feed.post/${rkey}`,
      cid: `bafyrei${randomBytes(20).toString('hex')}`,
      authorDid: author.did,
      input,
      indexedAt,
      sortAt: Number.isNaN(created) ? indexed : Math.min(created, indexed),
    };
    this.posts.push(post);
    return post;
  }

  /** Deleted posts simply vanish from search, as on Bluesky. */
  deletePost(uri: string): void {
    const i = this.posts.findIndex((p) => p.uri === uri);
    if (i >= 0) this.posts.splice(i, 1);
  }

  setFollowers(handle: string, followersCount: number): void {
    for (const a of this.authors.values()) if (a.handle === handle) a.followersCount = followersCount;
  }

  /** A new day: createSession's 10 logins and the 5-minute request window are full again. */
  resetRateLimits(): void {
    this.sessionsLeft.clear();
    this.remaining = RATE_LIMIT;
  }

  /** A session as if the account had logged in earlier (a worker restart finds it stored). */
  issueSession(identifier: string): { accessJwt: string; refreshJwt: string; did: string; handle: string } {
    const account = this.accounts.find((a) => a.identifier === identifier);
    if (!account) throw new Error(`no account ${identifier}`);
    return { ...this.issue(account.did), did: account.did, handle: account.handle };
  }

  /** Every access token issued so far now answers `400 ExpiredToken`. */
  expireAccessTokens(): void {
    for (const t of this.access.values()) t.expired = true;
  }

  /** Every refresh token issued so far now answers `400 ExpiredToken` on refreshSession. */
  expireRefreshTokens(): void {
    for (const t of this.refresh.values()) t.expired = true;
  }

  /** The account's app password was revoked: logins fail from now on. */
  revokeAppPassword(identifier: string): void {
    const account = this.accounts.find((a) => a.identifier === identifier);
    if (account) account.appPassword = `revoked-${randomBytes(4).toString('hex')}`;
  }

  private headers(limit = RATE_LIMIT, remaining = this.remaining, windowSeconds = 300): Record<string, string> {
    return {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, remaining)),
      'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + windowSeconds),
      'RateLimit-Policy': `${limit};w=${windowSeconds}`,
    };
  }

  private json(status: number, body: unknown, headers = this.headers()): FakeResponse {
    return { status, headers, body };
  }

  private issue(did: string): { accessJwt: string; refreshJwt: string } {
    const jwt = (scope: string) => {
      const header = Buffer.from(JSON.stringify({ typ: scope === 'access' ? 'at+jwt' : 'refresh+jwt', alg: 'ES256K' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ scope: scope === 'access' ? 'com.atproto.appPass' : 'com.atproto.refresh', sub: did, jti: randomBytes(8).toString('hex') })).toString('base64url');
      return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    };
    const accessJwt = jwt('access');
    const refreshJwt = jwt('refresh');
    this.access.set(accessJwt, { did, expired: false });
    this.refresh.set(refreshJwt, { did, expired: false });
    return { accessJwt, refreshJwt };
  }

  private sessionBody(account: FakeBlueskyAccount, tokens: { accessJwt: string; refreshJwt: string }) {
    // The real 200 body carries PII next to the tokens (SOURCES.md correction 18).
    return {
      ...tokens,
      handle: account.handle,
      did: account.did,
      didDoc: {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: account.did,
        alsoKnownAs: [`at://${account.handle}`],
        service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: this.baseUrl }],
      },
      email: account.email,
      emailConfirmed: true,
      emailAuthFactor: false,
      active: true,
    };
  }

  private createSession(req: FakeRequest): FakeResponse {
    this.createSessionCalls++;
    let body: { identifier?: unknown; password?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return this.json(400, { error: 'InvalidRequest', message: 'Request body must be JSON' }, this.headers(10, 10, 86_400));
    }
    // Counted per account, failures included.
    const key = typeof body.identifier === 'string' ? body.identifier : '';
    const left = (this.sessionsLeft.get(key) ?? 10) - 1;
    this.sessionsLeft.set(key, left);
    const headers = this.headers(10, left, 86_400);
    if (left < 0) return this.json(429, { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers);
    if (typeof body.identifier !== 'string' || typeof body.password !== 'string') {
      return this.json(400, { error: 'InvalidRequest', message: 'Input must have the property "identifier"' }, headers);
    }
    const account = this.accounts.find((a) => (a.identifier === body.identifier || a.handle === body.identifier || a.did === body.identifier) && a.appPassword === body.password);
    if (!account) return this.json(401, { error: 'AuthenticationRequired', message: 'Invalid identifier or password' }, headers);
    return this.json(200, this.sessionBody(account, this.issue(account.did)), headers);
  }

  private refreshSession(req: FakeRequest): FakeResponse {
    this.refreshSessionCalls++;
    const token = bearer(req);
    const known = token ? this.refresh.get(token) : undefined;
    if (!known) return this.json(400, { error: 'InvalidToken', message: 'Token could not be verified' });
    if (known.expired) return this.json(400, { error: 'ExpiredToken', message: 'Token has expired' });
    const account = this.accounts.find((a) => a.did === known.did);
    if (!account) return this.json(400, { error: 'InvalidToken', message: 'Token could not be verified' });
    // Refresh tokens rotate: the old one is spent.
    this.refresh.delete(token!);
    return this.json(200, this.sessionBody(account, this.issue(account.did)));
  }

  private authed(req: FakeRequest, handler: () => FakeResponse): FakeResponse {
    this.remaining--;
    const token = bearer(req);
    if (!token) {
      // What the public AppView's proxy answers since January 2025: not XRPC JSON.
      return {
        status: 403,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1><p>Request forbidden by administrative rules.</p></body></html>',
      };
    }
    const known = this.access.get(token);
    if (!known) return this.json(400, { error: 'InvalidToken', message: 'Token could not be verified' });
    if (known.expired) return this.json(400, { error: 'ExpiredToken', message: 'Token has expired' });
    return handler();
  }

  private searchPosts(req: FakeRequest): FakeResponse {
    const q = req.query.get('q');
    if (!q) return this.json(400, { error: 'InvalidRequest', message: 'Error: Params must have the property "q"' });
    const limit = Number(req.query.get('limit') ?? '25');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return this.json(400, { error: 'InvalidRequest', message: 'Error: limit must be <= 100' });
    const since = req.query.get('since') ? Date.parse(req.query.get('since')!) : null;
    const until = req.query.get('until') ? Date.parse(req.query.get('until')!) : null;
    const lang = req.query.get('lang');
    const offset = Number(req.query.get('cursor') ?? '0');
    if (!Number.isInteger(offset) || offset < 0) return this.json(400, { error: 'InvalidRequest', message: 'Error: malformed cursor' });
    const terms = searchTerms(q);
    const matching = this.posts
      .filter((p) => matches(p, terms))
      .filter((p) => since === null || p.sortAt >= since)
      .filter((p) => until === null || p.sortAt < until)
      .filter((p) => !lang || (p.input.langs ?? []).includes(lang))
      .sort((a, b) => b.sortAt - a.sortAt || (a.uri < b.uri ? 1 : -1));
    const window = matching.slice(offset, offset + limit);
    const body: Record<string, unknown> = { posts: window.filter((p) => !p.input.hidden).map((p) => this.postView(p)) };
    if (offset + limit < matching.length) body.cursor = String(offset + limit);
    return this.json(200, body);
  }

  private getProfiles(req: FakeRequest): FakeResponse {
    const actors = req.query.getAll('actors');
    if (actors.length > 25) return this.json(400, { error: 'InvalidRequest', message: 'Error: actors must not have more than 25 elements' });
    const profiles = actors
      .map((actor) => this.authors.get(actor) ?? [...this.authors.values()].find((a) => a.handle === actor))
      .filter((a): a is NonNullable<typeof a> => a !== undefined)
      .map((a) => ({ did: a.did, handle: a.handle, displayName: a.displayName, followersCount: a.followersCount, followsCount: 3, postsCount: 42, indexedAt: new Date().toISOString(), labels: [] }));
    return this.json(200, { profiles });
  }

  private postView(p: FakeBlueskyPost): Record<string, unknown> {
    const author = this.authors.get(p.authorDid)!;
    const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', text: p.input.text, createdAt: p.input.createdAt ?? p.indexedAt };
    if (p.input.langs) record.langs = p.input.langs;
    if (p.input.facets) record.facets = p.input.facets;
    if (p.input.reply) record.reply = p.input.reply;
    const view: Record<string, unknown> = {
      uri: p.uri,
      cid: p.cid,
      author: { did: author.did, handle: author.handle, displayName: author.displayName, avatar: `https://cdn.bsky.app/img/avatar/plain/${author.did}/bafkrei@jpeg`, associated: { chat: { allowIncoming: 'following' } }, labels: [], createdAt: '2024-11-02T10:00:00.000Z' },
      record,
      replyCount: p.input.replyCount ?? 0,
      repostCount: p.input.repostCount ?? 0,
      likeCount: p.input.likeCount ?? 0,
      indexedAt: p.indexedAt,
      labels: [],
    };
    if (p.input.quoteCount !== undefined) view.quoteCount = p.input.quoteCount;
    return view;
  }
}

function bearer(req: FakeRequest): string | null {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m ? m[1] : null;
}

/** Quoted phrases and words; every one must appear in the text (or as a tag for `#tag`). */
function searchTerms(q: string): string[] {
  const terms: string[] = [];
  for (const m of q.matchAll(/"([^"]+)"|(\S+)/g)) terms.push((m[1] ?? m[2]).toLowerCase());
  return terms;
}

function matches(post: FakeBlueskyPost, terms: string[]): boolean {
  const text = post.input.text.toLowerCase();
  return terms.every((t) => text.includes(t));
}
