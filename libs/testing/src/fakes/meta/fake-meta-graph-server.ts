import { randomBytes } from 'node:crypto';
import { FakeApiServer, type FakeRequest, type FakeResponse } from '../fake-api-server';

/*
 * A loopback stand-in for Meta's Graph API (`graph.facebook.com/v{N}.0`): Facebook Page posts and
 * comments, and Instagram hashtag search, hashtag media and tagged media. It speaks the real paths,
 * field names and shapes, and reproduces what SOURCES.md §9, §0.4 and corrections 46–50 name:
 * times like `2026-02-10T09:00:00+0000`; compound post ids `{page}_{post}`; `summary.total_count`
 * objects; `/posts` paged by time (`since`/`until`/`__paging_token`, no `cursors`); the last `/feed`
 * page with only `cursors.before` + `previous`; `top_media`'s last page without `paging`;
 * `recent_media` answering every page with the same `after` (and only the last 24 h, no `username`,
 * not quite in order); carousel media without `media_url`; comments without `id`/`from` when the
 * token lacks the moderator task; usage headers on every answer; OAuthException bodies (190 for a
 * dead token, 100/33 for a missing object) and throttling codes with
 * `estimated_time_to_regain_access`; and the `mentioned_media` / `mentioned_comment` field expansions
 * on the IG user node that read what a `mentions` webhook referred to. Test code only.
 */

export interface FakeFbComment {
  id: string;
  message: string;
  created_time: Date;
  from?: { id: string; name: string };
  parentId?: string;
  like_count?: number;
  comment_count?: number;
}

export interface FakeFbPost {
  id: string;
  message?: string;
  story?: string;
  created_time: Date;
  updated_time: Date;
  from?: { id: string; name: string };
  reactions: number;
  shares?: number;
  comments: FakeFbComment[];
}

export interface FakeFbPage {
  id: string;
  name: string;
  username: string;
  posts: FakeFbPost[];
  /** Comments come without `id` and `from` (the token's person cannot moderate the Page). */
  withoutModeratorAccess?: boolean;
}

export interface FakeIgMedia {
  id: string;
  caption?: string;
  media_type: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  timestamp: Date;
  username: string;
  like_count?: number;
  comments_count: number;
  /** Hide the like count, as owners can (the field is then left out). */
  likesHidden?: boolean;
}

/** A comment that @mentions an IG account, under one of the fake's media. */
export interface FakeIgComment {
  id: string;
  mediaId: string;
  text: string;
  timestamp: Date;
  username: string;
  like_count: number;
}

export interface FakeThrottle {
  code: 4 | 17 | 32 | 613 | 80001 | 80002;
  /** Minutes in the BUC header's `estimated_time_to_regain_access`. */
  regainMinutes?: number;
  status?: number;
  times?: number;
  path?: RegExp;
}

const SHORT = 'Unsupported get request.';

/** `2026-02-10T09:00:00+0000`: Meta's offset has no colon. */
export function graphTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

const cursorFor = (offset: number) => Buffer.from(`fake-offset:${offset}`).toString('base64url');
function offsetOf(cursor: string | null): number {
  if (!cursor) return 0;
  const match = /^fake-offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : -1;
}

export class FakeMetaGraphServer extends FakeApiServer {
  readonly pages = new Map<string, FakeFbPage>();
  readonly igUsers = new Map<string, { tagged: FakeIgMedia[]; mentionedIn: FakeIgMedia[]; mentionedComments: FakeIgComment[] }>();
  readonly hashtags = new Map<string, { id: string; name: string; media: FakeIgMedia[] }>();
  /** Tokens the fake accepts (header `Authorization: Bearer` or `access_token`). */
  readonly validTokens = new Set<string>(['fake-page-token']);
  /** Distinct hashtags searched per IG user (Meta caps it at 30 per 7 days). */
  readonly searchedHashtags = new Map<string, Set<string>>();
  /** Percent of the hour's allowance the usage headers report. */
  usagePercent = 3;
  regainMinutes = 0;
  now: () => Date = () => new Date();
  private counter = 1_000;

  constructor() {
    super();
    const v = String.raw`/v\d{1,3}\.\d{1,2}`;
    this.route('GET', new RegExp(`^${v}/ig_hashtag_search$`), (req) => this.guard(req, () => this.hashtagSearch(req)));
    this.route('GET', new RegExp(`^${v}/(?<hashtag>\\d+)/(?<edge>recent_media|top_media)$`), (req) => this.guard(req, () => this.hashtagMedia(req)));
    this.route('GET', new RegExp(`^${v}/(?<ig>\\d+)/tags$`), (req) => this.guard(req, () => this.tagged(req)));
    this.route('GET', new RegExp(`^${v}/(?<post>\\d+_\\d+)/comments$`), (req) => this.guard(req, () => this.comments(req)));
    this.route('GET', new RegExp(`^${v}/(?<page>[A-Za-z0-9.]+)/(?<edge>feed|posts)$`), (req) => this.guard(req, () => this.feed(req)));
    this.route('GET', new RegExp(`^${v}/(?<node>[A-Za-z0-9._]+)$`), (req) => this.guard(req, () => this.node(req)));
  }

  // ---- test helpers -------------------------------------------------------------------------

  addPage(spec: { id: string; name?: string; username?: string; withoutModeratorAccess?: boolean }): FakeFbPage {
    const page: FakeFbPage = { name: 'Vela Mobile', username: 'velamobile', posts: [], ...spec };
    this.pages.set(page.id, page);
    return page;
  }

  addPost(pageId: string, spec: Partial<FakeFbPost> & { created_time: Date }): FakeFbPost {
    const page = this.pages.get(pageId);
    if (!page) throw new Error(`no page ${pageId}`);
    const post: FakeFbPost = {
      id: `${pageId}_${this.counter++}`,
      message: 'Nuova offerta fibra!',
      updated_time: spec.created_time,
      from: { id: page.id, name: page.name },
      reactions: 0,
      comments: [],
      ...spec,
    };
    page.posts.push(post);
    return post;
  }

  addComment(postId: string, spec: Partial<FakeFbComment> & { created_time: Date; message: string }): FakeFbComment {
    const post = this.post(postId);
    if (!post) throw new Error(`no post ${postId}`);
    const n = this.counter++;
    // Real comment ids are `{post part}_{comment}`.
    const comment: FakeFbComment = { id: `${postId.split('_')[1]}_${n}`, from: { id: String(7_000_000 + n), name: 'Giulia Rossi' }, like_count: 0, comment_count: 0, ...spec };
    post.comments.push(comment);
    // A new comment moves the post's updated_time, as on Facebook.
    if (comment.created_time > post.updated_time) post.updated_time = comment.created_time;
    if (comment.parentId) {
      const parent = post.comments.find((c) => c.id === comment.parentId);
      if (parent) parent.comment_count = (parent.comment_count ?? 0) + 1;
    }
    return comment;
  }

  deleteComment(postId: string, commentId: string): void {
    const post = this.post(postId);
    if (post) post.comments = post.comments.filter((c) => c.id !== commentId);
  }

  deletePost(postId: string): void {
    for (const page of this.pages.values()) page.posts = page.posts.filter((p) => p.id !== postId);
  }

  addIgUser(id: string): void {
    if (!this.igUsers.has(id)) this.igUsers.set(id, { tagged: [], mentionedIn: [], mentionedComments: [] });
  }

  /** Media whose caption @mentions the account (what a `mentions` webhook without comment_id names). */
  addMentionedMedia(igUserId: string, spec: Partial<FakeIgMedia> & { timestamp: Date }): FakeIgMedia {
    this.addIgUser(igUserId);
    const media = this.media(spec);
    this.igUsers.get(igUserId)!.mentionedIn.push(media);
    return media;
  }

  /** A comment that @mentions the account, under `mediaId` (or under a new media of someone else). */
  addMentionedComment(igUserId: string, spec: Partial<FakeIgComment> & { text: string; timestamp: Date }): FakeIgComment {
    this.addIgUser(igUserId);
    const user = this.igUsers.get(igUserId)!;
    // Without a media given, the comment sits under someone else's post the fake need not list.
    const mediaId = spec.mediaId ?? this.media({ timestamp: spec.timestamp, username: 'altro.brand' }).id;
    const comment: FakeIgComment = { id: `1800${String(this.counter++).padStart(13, '0')}`, username: 'marco.b', like_count: 2, ...spec, mediaId };
    user.mentionedComments.push(comment);
    return comment;
  }

  /** Deletes a media everywhere (its comments go with it), as its owner can after the webhook fired. */
  deleteMedia(mediaId: string): void {
    for (const user of this.igUsers.values()) {
      user.tagged = user.tagged.filter((m) => m.id !== mediaId);
      user.mentionedIn = user.mentionedIn.filter((m) => m.id !== mediaId);
      user.mentionedComments = user.mentionedComments.filter((c) => c.mediaId !== mediaId);
    }
    for (const tag of this.hashtags.values()) tag.media = tag.media.filter((m) => m.id !== mediaId);
  }

  addTagged(igUserId: string, spec: Partial<FakeIgMedia> & { timestamp: Date }): FakeIgMedia {
    this.addIgUser(igUserId);
    const media = this.media(spec);
    this.igUsers.get(igUserId)!.tagged.push(media);
    return media;
  }

  addHashtag(name: string): string {
    const existing = this.hashtags.get(name.toLowerCase());
    if (existing) return existing.id;
    const id = `1784${String(this.counter++).padStart(11, '0')}`;
    this.hashtags.set(name.toLowerCase(), { id, name: name.toLowerCase(), media: [] });
    return id;
  }

  addHashtagMedia(name: string, spec: Partial<FakeIgMedia> & { timestamp: Date }): FakeIgMedia {
    this.addHashtag(name);
    const media = this.media(spec);
    this.hashtags.get(name.toLowerCase())!.media.push(media);
    return media;
  }

  /** Queues a throttling answer with Meta's code and BUC estimate. */
  throttle(spec: FakeThrottle): void {
    const regain = spec.regainMinutes ?? 0;
    this.fault({
      path: spec.path,
      times: spec.times ?? 1,
      response: {
        status: spec.status ?? (spec.code === 4 ? 403 : 400),
        headers: this.usageHeaders(100, regain),
        body: this.errorBody(
          spec.code,
          {
            4: '(#4) Application request limit reached',
            17: '(#17) User request limit reached',
            32: '(#32) Page request limit reached',
            613: '(#613) Calls to this api have exceeded the rate limit.',
            80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
            80002: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
          }[spec.code],
          'OAuthException',
        ),
      },
    });
  }

  /** Makes a token invalid, as a password change or a revoked permission does. */
  expireToken(token = 'fake-page-token'): void {
    this.validTokens.delete(token);
  }

  // ---- the API --------------------------------------------------------------------------------

  private guard(req: FakeRequest, answer: () => FakeResponse): FakeResponse {
    const auth = req.headers['authorization'];
    const token = (typeof auth === 'string' ? auth.replace(/^(Bearer|OAuth)\s+/i, '') : null) ?? req.query.get('access_token');
    if (!token) {
      return {
        status: 400,
        headers: this.usageHeaders(this.usagePercent, 0),
        body: this.errorBody(2500, 'An active access token must be used to query information about the current user.', 'OAuthException'),
      };
    }
    if (!this.validTokens.has(token)) {
      return {
        status: 400,
        headers: this.usageHeaders(this.usagePercent, 0),
        body: this.errorBody(190, 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.', 'OAuthException', 460),
      };
    }
    const answered = answer();
    return { ...answered, headers: { ...this.usageHeaders(this.usagePercent, this.regainMinutes), ...(answered.headers ?? {}) } };
  }

  private usageHeaders(percent: number, regainMinutes: number): Record<string, string> {
    const buc: Record<string, unknown[]> = {};
    for (const page of this.pages.keys()) {
      buc[page] = [{ type: 'pages', call_count: percent, total_cputime: Math.floor(percent / 2), total_time: Math.floor(percent / 3), estimated_time_to_regain_access: regainMinutes }];
    }
    for (const ig of this.igUsers.keys()) {
      buc[ig] = [{ type: 'instagram', call_count: percent, total_cputime: Math.floor(percent / 2), total_time: Math.floor(percent / 3), estimated_time_to_regain_access: regainMinutes }];
    }
    return {
      'X-App-Usage': JSON.stringify({ call_count: Math.floor(percent / 4), total_cputime: 1, total_time: 1 }),
      'X-Business-Use-Case-Usage': JSON.stringify(buc),
      'x-fb-trace-id': randomBytes(8).toString('base64'),
      'facebook-api-version': 'v25.0',
    };
  }

  private errorBody(code: number, message: string, type: string, subcode?: number) {
    return { error: { message, type, code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: randomBytes(8).toString('base64url') } };
  }

  private missing(id: string): FakeResponse {
    return {
      status: 400,
      body: this.errorBody(
        100,
        `${SHORT} Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
        'GraphMethodException',
        33,
      ),
    };
  }

  private post(postId: string): FakeFbPost | undefined {
    for (const page of this.pages.values()) {
      const post = page.posts.find((p) => p.id === postId);
      if (post) return post;
    }
    return undefined;
  }

  private node(req: FakeRequest): FakeResponse {
    const key = req.params.node;
    const page = this.pages.get(key) ?? [...this.pages.values()].find((p) => p.username === key);
    if (page) return { body: { id: page.id, name: page.name } };
    if (this.igUsers.has(key)) return this.igUserNode(key, req.query.get('fields') ?? '');
    return this.missing(key);
  }

  private findMedia(igUserId: string, mediaId: string): FakeIgMedia | undefined {
    const user = this.igUsers.get(igUserId)!;
    return [...user.mentionedIn, ...user.tagged, ...[...this.hashtags.values()].flatMap((h) => h.media)].find((m) => m.id === mediaId);
  }

  /**
   * `fields=mentioned_media.media_id(ID){…}` or `mentioned_comment.comment_id(ID){…}`: the object
   * the account was @mentioned in, under its field name; a deleted one is Meta's 100 "does not exist".
   */
  private igUserNode(igUserId: string, fields: string): FakeResponse {
    const media = /^mentioned_media\.media_id\((\d+)\)\{([^}]*)\}$/.exec(fields);
    if (media) {
      const found = this.findMedia(igUserId, media[1]);
      if (!found) return this.missing(media[1]);
      const out = this.renderMedia(found, media[2], true);
      // The expansion answers only the fields asked for.
      for (const key of Object.keys(out)) if (key !== 'id' && !media[2].split(',').includes(key)) delete out[key];
      return { body: { mentioned_media: out, id: igUserId } };
    }
    const comment = /^mentioned_comment\.comment_id\((\d+)\)\{(.*)\}$/.exec(fields);
    if (comment) {
      const found = this.igUsers.get(igUserId)!.mentionedComments.find((c) => c.id === comment[1]);
      if (!found) return this.missing(comment[1]);
      const wanted = comment[2];
      const out: Record<string, unknown> = { id: found.id };
      if (/\btext\b/.test(wanted)) out.text = found.text;
      if (/\btimestamp\b/.test(wanted)) out.timestamp = graphTime(found.timestamp);
      if (/\busername\b/.test(wanted)) out.username = found.username;
      if (/\blike_count\b/.test(wanted)) out.like_count = found.like_count;
      if (/\bmedia\{/.test(wanted)) out.media = { id: found.mediaId, permalink: `https://www.instagram.com/p/C${found.mediaId.slice(-8)}/` };
      return { body: { mentioned_comment: out, id: igUserId } };
    }
    if (/mentioned_/.test(fields)) return { status: 400, body: this.errorBody(100, '(#100) Tried accessing nonexisting field', 'OAuthException') };
    return { body: { id: igUserId, username: 'velamobile' } };
  }

  private selfUrl(req: FakeRequest, params: Record<string, string | null>): string {
    const url = new URL(`${this.baseUrl}${req.path}`);
    for (const [k, v] of req.query) url.searchParams.set(k, v);
    for (const [k, v] of Object.entries(params)) {
      if (v === null) url.searchParams.delete(k);
      else url.searchParams.set(k, v);
    }
    // Real `next` links carry the token in the query; the client must not keep it.
    if (!url.searchParams.has('access_token')) url.searchParams.set('access_token', 'EAAG-token-in-next-link');
    return url.toString();
  }

  private limitOf(req: FakeRequest, fallback: number, max: number): number {
    const n = Number(req.query.get('limit') ?? fallback);
    return Number.isFinite(n) && n > 0 ? Math.min(n, max) : fallback;
  }

  private renderPost(post: FakeFbPost, fields: string): Record<string, unknown> {
    const out: Record<string, unknown> = { id: post.id, created_time: graphTime(post.created_time) };
    if (post.message !== undefined) out.message = post.message;
    if (post.story !== undefined) out.story = post.story;
    if (fields.includes('updated_time')) out.updated_time = graphTime(post.updated_time);
    if (fields.includes('permalink_url')) out.permalink_url = `https://www.facebook.com/${post.id.split('_')[0]}/posts/${post.id.split('_')[1]}`;
    if (fields.includes('from') && post.from) out.from = post.from;
    if (fields.includes('comments')) {
      out.comments = { data: [], summary: { order: 'ranked', total_count: post.comments.filter((c) => !c.parentId).length, can_comment: true } };
    }
    if (fields.includes('reactions')) out.reactions = { data: [], summary: { total_count: post.reactions, viewer_reaction: 'NONE' } };
    if (fields.includes('shares') && post.shares) out.shares = { count: post.shares };
    return out;
  }

  /** `/feed` pages with cursors; `/posts` pages by time, with no `cursors` object (correction 46). */
  private feed(req: FakeRequest): FakeResponse {
    const page = this.pages.get(req.params.page) ?? [...this.pages.values()].find((p) => p.username === req.params.page);
    if (!page) return this.missing(req.params.page);
    const fields = req.query.get('fields') ?? 'id,message,created_time';
    const limit = this.limitOf(req, 25, 100);
    const since = Number(req.query.get('since') ?? 0) * 1000;
    const until = req.query.get('until') ? Number(req.query.get('until')) * 1000 : Number.POSITIVE_INFINITY;
    let posts = [...page.posts]
      .filter((p) => req.params.edge === 'feed' || p.from?.id === page.id)
      .filter((p) => p.created_time.getTime() >= since && p.created_time.getTime() <= until)
      .sort((a, b) => b.created_time.getTime() - a.created_time.getTime());
    if (req.params.edge === 'posts') {
      const slice = posts.slice(0, limit);
      const body: Record<string, unknown> = { data: slice.map((p) => this.renderPost(p, fields)) };
      if (slice.length) {
        const oldest = Math.floor(slice.at(-1)!.created_time.getTime() / 1000) - 1;
        const newest = Math.floor(slice[0].created_time.getTime() / 1000);
        const token = `enc_${Buffer.from(`${oldest}`).toString('base64url')}`;
        const paging: Record<string, string> = { previous: this.selfUrl(req, { since: String(newest), until: null, __previous: '1', __paging_token: token }) };
        // Like Facebook, a full page always has a `next`, even when the next page turns out empty.
        if (slice.length === limit) paging.next = this.selfUrl(req, { until: String(oldest), __paging_token: token, __previous: null });
        body.paging = paging;
      }
      return { body };
    }
    const offset = offsetOf(req.query.get('after'));
    if (offset < 0) return { status: 400, body: this.errorBody(100, 'Invalid cursor', 'OAuthException') };
    posts = posts.slice(offset);
    const slice = posts.slice(0, limit);
    const body: Record<string, unknown> = { data: slice.map((p) => this.renderPost(p, fields)) };
    if (slice.length) {
      const more = posts.length > limit;
      const paging: Record<string, unknown> = { cursors: { before: cursorFor(offset), ...(more ? { after: cursorFor(offset + limit) } : {}) } };
      if (offset > 0) paging.previous = this.selfUrl(req, { before: cursorFor(offset), after: null });
      if (more) paging.next = this.selfUrl(req, { after: cursorFor(offset + limit) });
      // The last page: only cursors.before and previous.
      if (!more && offset === 0) paging.previous = this.selfUrl(req, { before: cursorFor(0), after: null });
      body.paging = paging;
    }
    return { body };
  }

  private comments(req: FakeRequest): FakeResponse {
    const post = this.post(req.params.post);
    if (!post) return this.missing(req.params.post);
    const page = this.pages.get(post.id.split('_')[0]);
    const stream = req.query.get('filter') === 'stream';
    const reverse = req.query.get('order') === 'reverse_chronological';
    const fields = req.query.get('fields') ?? 'id,message,created_time';
    const limit = this.limitOf(req, 25, 100);
    const offset = offsetOf(req.query.get('after'));
    if (offset < 0) return { status: 400, body: this.errorBody(100, 'Invalid cursor', 'OAuthException') };
    const all = post.comments
      .filter((c) => stream || !c.parentId)
      .map((c, i) => ({ c, i }))
      .sort((a, b) => a.c.created_time.getTime() - b.c.created_time.getTime() || a.i - b.i)
      .map(({ c }) => c);
    if (reverse) all.reverse();
    const slice = all.slice(offset, offset + limit);
    const hide = page?.withoutModeratorAccess === true;
    const data = slice.map((c) => {
      const out: Record<string, unknown> = { created_time: graphTime(c.created_time), message: c.message };
      if (!hide && fields.includes('id')) out.id = c.id;
      if (!hide && fields.includes('from') && c.from) out.from = c.from;
      if (fields.includes('parent') && c.parentId) out.parent = { id: c.parentId };
      if (fields.includes('like_count')) out.like_count = c.like_count ?? 0;
      if (fields.includes('comment_count')) out.comment_count = c.comment_count ?? 0;
      if (!hide && fields.includes('permalink_url')) out.permalink_url = `https://www.facebook.com/${post.id.split('_')[0]}/posts/${post.id.split('_')[1]}?comment_id=${c.id.split('_').at(-1)}`;
      return out;
    });
    const body: Record<string, unknown> = { data };
    const more = all.length > offset + limit;
    if (slice.length) {
      body.paging = {
        cursors: { before: cursorFor(offset), after: cursorFor(offset + slice.length) },
        ...(offset > 0 ? { previous: this.selfUrl(req, { before: cursorFor(offset), after: null }) } : {}),
        ...(more ? { next: this.selfUrl(req, { after: cursorFor(offset + limit) }) } : {}),
      };
    }
    if (req.query.get('summary') === 'true') body.summary = { order: reverse ? 'reverse_chronological' : 'chronological', total_count: all.length, can_comment: true };
    return { body };
  }

  private hashtagSearch(req: FakeRequest): FakeResponse {
    const user = req.query.get('user_id') ?? '';
    if (!this.igUsers.has(user)) return this.missing(user);
    const q = (req.query.get('q') ?? '').toLowerCase();
    const searched = this.searchedHashtags.get(user) ?? new Set<string>();
    // The cap is documented; the code of its error is not (unverified): the fake answers #24.
    if (!searched.has(q) && searched.size >= 30) {
      return { status: 400, body: this.errorBody(24, '(#24) The hashtag search limit of 30 unique hashtags per 7 days has been reached', 'OAuthException', 2207034) };
    }
    searched.add(q);
    this.searchedHashtags.set(user, searched);
    const tag = this.hashtags.get(q);
    return { body: { data: tag ? [{ id: tag.id, name: tag.name }] : [] } };
  }

  private renderMedia(m: FakeIgMedia, fields: string, withUsername: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = { id: m.id, media_type: m.media_type, timestamp: graphTime(m.timestamp), permalink: `https://www.instagram.com/p/C${m.id.slice(-8)}/` };
    if (m.caption !== undefined) out.caption = m.caption;
    if (m.media_type !== 'CAROUSEL_ALBUM') out.media_url = `https://scontent.cdninstagram.com/v/t51/${m.id}.jpg`;
    else if (fields.includes('children')) {
      out.children = { data: [{ id: `${m.id}1`, media_type: 'IMAGE', media_url: `https://scontent.cdninstagram.com/v/t51/${m.id}1.jpg` }, { id: `${m.id}2`, media_type: 'VIDEO' }] };
    }
    if (!m.likesHidden && fields.includes('like_count')) out.like_count = m.like_count ?? 0;
    if (fields.includes('comments_count')) out.comments_count = m.comments_count;
    if (withUsername && fields.includes('username')) out.username = m.username;
    return out;
  }

  private hashtagMedia(req: FakeRequest): FakeResponse {
    const tag = [...this.hashtags.values()].find((h) => h.id === req.params.hashtag);
    if (!tag) return this.missing(req.params.hashtag);
    if (!this.igUsers.has(req.query.get('user_id') ?? '')) return { status: 400, body: this.errorBody(100, 'The parameter user_id is required', 'OAuthException') };
    const fields = req.query.get('fields') ?? 'id';
    const limit = this.limitOf(req, 25, 50);
    if (req.params.edge === 'top_media') {
      const all = [...tag.media].sort((a, b) => (b.like_count ?? 0) - (a.like_count ?? 0));
      const offset = offsetOf(req.query.get('after'));
      const slice = all.slice(offset, offset + limit);
      const body: Record<string, unknown> = { data: slice.map((m) => this.renderMedia(m, fields, false)) };
      // top_media's last page has no paging at all (correction 46).
      if (all.length > offset + limit) body.paging = { cursors: { after: cursorFor(offset + limit) }, next: this.selfUrl(req, { after: cursorFor(offset + limit) }) };
      return { body };
    }
    const cutoff = this.now().getTime() - 24 * 3_600_000;
    const recent = tag.media.filter((m) => m.timestamp.getTime() >= cutoff).sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
    // Not always chronological: neighbours swap places.
    for (let i = 0; i + 1 < recent.length; i += 3) [recent[i], recent[i + 1]] = [recent[i + 1], recent[i]];
    const constantAfter = 'QVFIUmxtYWtxZAnR5NWVtRzVaREpyZAlpPWHdxOVdLRmVjRWRfd3E1T3ZAqSm5n';
    // The same `after` on every page: the second page is all a client can ever reach by following it.
    const offset = req.query.get('after') === constantAfter ? limit : 0;
    const slice = recent.slice(offset, offset + limit);
    const body: Record<string, unknown> = { data: slice.map((m) => this.renderMedia(m, fields, false)) };
    if (slice.length) body.paging = { cursors: { after: constantAfter }, next: this.selfUrl(req, { after: constantAfter }) };
    return { body };
  }

  private tagged(req: FakeRequest): FakeResponse {
    const user = this.igUsers.get(req.params.ig);
    if (!user) return this.missing(req.params.ig);
    const fields = req.query.get('fields') ?? 'id';
    const limit = this.limitOf(req, 25, 100);
    const offset = offsetOf(req.query.get('after'));
    if (offset < 0) return { status: 400, body: this.errorBody(100, 'Invalid cursor', 'OAuthException') };
    const all = [...user.tagged].sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
    const slice = all.slice(offset, offset + limit);
    const body: Record<string, unknown> = { data: slice.map((m) => this.renderMedia(m, fields, true)) };
    if (slice.length) {
      const more = all.length > offset + limit;
      body.paging = {
        cursors: { before: cursorFor(offset), ...(more ? { after: cursorFor(offset + limit) } : {}) },
        ...(more ? { next: this.selfUrl(req, { after: cursorFor(offset + limit) }) } : {}),
      };
    }
    return { body };
  }

  private media(spec: Partial<FakeIgMedia> & { timestamp: Date }): FakeIgMedia {
    return {
      id: `1790${String(this.counter++).padStart(13, '0')}`,
      caption: 'Nuovo look #velamobile',
      media_type: 'IMAGE',
      username: 'giulia.rossi',
      like_count: 12,
      comments_count: 1,
      ...spec,
    };
  }
}
