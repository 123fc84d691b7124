import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceConfigError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import {
  countOf,
  DEFAULT_GRAPH_VERSION,
  GRAPH_DEFAULT_URL,
  type GraphList,
  GraphAccess,
  GraphRun,
  intSetting,
  isMissingObject,
  listData,
  nextOf,
  parseGraphTime,
  safeLink,
  sha256,
  stringOrNull,
} from './graph-client';

/*
 * Facebook Page comments. A run lists the Page's recent posts (`/{page-id}/feed` or `/posts`,
 * newest first, `since` = the age window), then walks the comments of the posts that changed
 * (`/{post-id}/comments?filter=stream&order=reverse_chronological`) from the newest down to the
 * post's watermark. Each post keeps its own cursor: the newest comment time fully covered, the keys
 * seen near it (ties and the overlap), and, when a walk was cut short, where to resume it.
 */

export const FB_OVERLAP_MS = 10 * 60_000;
/** Posts whose comments were not walked for this long are walked again even if they look unchanged. */
export const FB_RECHECK_MS = 60 * 60_000;
/** Keys remembered per post (the overlap window is small; this bounds a hostile comment storm). */
const MAX_SEEN_PER_POST = 500;
/** Posts remembered in the cursor (the age window bounds it too). */
const MAX_TRACKED_POSTS = 300;

export const POST_FIELDS =
  'id,message,story,created_time,updated_time,permalink_url,from{id,name},comments.summary(true).limit(0),reactions.summary(true).limit(0),shares';
export const COMMENT_FIELDS = 'id,message,created_time,from{id,name},parent{id},like_count,comment_count,permalink_url';

const label = (it: string, en: string) => ({ it, en });

export const FACEBOOK_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'facebook',
  label: label('Pagina Facebook (commenti)', 'Facebook Page (comments)'),
  polled: true,
  defaultUrl: GRAPH_DEFAULT_URL,
  urlLabel: label('Indirizzo della Graph API', 'Graph API address'),
  // Every 10 minutes (SOURCES.md §9: 5–10 min); each run is a handful of calls per changed post.
  defaultSchedule: '*/10 * * * *',
  searchable: false,
  settings: [
    {
      key: 'pageId',
      label: label('ID della Pagina', 'Page id'),
      kind: 'text',
      required: true,
      help: label('Il numero della Pagina (Informazioni → Trasparenza della Pagina) o il suo nome utente.', 'The Page number (About → Page transparency) or its username.'),
    },
    {
      key: 'edge',
      label: label('Post da leggere', 'Posts to read'),
      kind: 'select',
      required: false,
      options: ['feed', 'posts'],
      default: 'feed',
      help: label(
        '"feed" include i post dei visitatori (indicizzati anche loro); "posts" solo quelli della Pagina.',
        '"feed" includes visitor posts (indexed too); "posts" only the Page\'s own.',
      ),
    },
    {
      key: 'graphVersion',
      label: label('Versione della Graph API', 'Graph API version'),
      kind: 'text',
      required: false,
      default: DEFAULT_GRAPH_VERSION,
      help: label('Meta ritira ogni versione dopo circa due anni: aggiornala quando Meta lo chiede.', 'Meta retires each version after about two years: update it when Meta asks.'),
    },
    {
      key: 'includePagePosts',
      label: label('Indicizza anche i post della Pagina', "Index the Page's own posts too"),
      kind: 'boolean',
      required: false,
      default: false,
    },
    {
      key: 'postMaxAgeDays',
      label: label('Commenti dei post degli ultimi N giorni', 'Comments of posts from the last N days'),
      kind: 'number',
      required: false,
      default: 14,
    },
    {
      key: 'maxPostsPerRun',
      label: label('Post controllati per esecuzione', 'Posts walked per run'),
      kind: 'number',
      required: false,
      default: 10,
      help: label('I post con commenti nuovi non raggiunti passano all\'esecuzione successiva.', 'Changed posts not reached are walked by the next run.'),
    },
    {
      key: 'maxPagesPerRun',
      label: label('Richieste massime per esecuzione', 'Most requests per run'),
      kind: 'number',
      required: false,
      default: 20,
    },
    { key: 'pageSize', label: label('Elementi per pagina', 'Items per page'), kind: 'number', required: false, default: 25 },
  ],
  credentials: [
    {
      key: 'accessToken',
      label: label('Token di accesso della Pagina', 'Page access token'),
      required: true,
      help: label(
        'Un token della Pagina di lunga durata con pages_read_engagement e pages_read_user_content, di una persona che può moderare la Pagina (altrimenti Meta non dà autori né id dei commenti). Ascolto non può rinnovare i token Meta: quando Meta lo invalida (cambio password, permessi revocati) la fonte chiede un token nuovo.',
        'A long-lived Page token with pages_read_engagement and pages_read_user_content, from someone who can moderate the Page (otherwise Meta withholds comment authors and ids). Ascolto cannot refresh Meta tokens: when Meta invalidates it (password change, revoked permissions) the source asks for a new one.',
      ),
    },
    {
      key: 'appSecret',
      label: label('App secret (facoltativo)', 'App secret (optional)'),
      required: false,
      help: label('Serve solo se l\'app Meta richiede appsecret_proof.', 'Only needed when the Meta app requires appsecret_proof.'),
    },
  ],
  budget: null,
};

export interface FbFrom {
  id?: string;
  name?: string;
}

export interface FbPost {
  id?: string;
  message?: string;
  story?: string;
  created_time?: string;
  updated_time?: string;
  permalink_url?: string;
  from?: FbFrom;
  comments?: { summary?: { total_count?: number } };
  reactions?: { summary?: { total_count?: number } };
  shares?: { count?: number };
}

export interface FbComment {
  id?: string;
  message?: string;
  created_time?: string;
  from?: FbFrom;
  parent?: { id?: string };
  like_count?: number;
  comment_count?: number;
  permalink_url?: string;
}

export interface FbPostState {
  created: string | null;
  /** The post's `updated_time` and comment count when its comments were last walked to the end. */
  updated: string | null;
  comments: number | null;
  walkedAt: string | null;
  /** Newest comment time covered without a gap (ISO). */
  newest: string | null;
  /** [key, epoch seconds] of comments delivered at or near `newest` (and during an unfinished walk). */
  seen: Array<[string, number]>;
  /** An unfinished walk: the next page (no token) and the newest comment time that walk saw. */
  resume: { next: string; newest: string | null } | null;
  /** The post itself was delivered as a mention (visitor posts; the Page's own when asked). */
  indexed: boolean;
}

export interface FacebookCursor {
  v: 1;
  /** The Page's number when the setting names it by username (resolved once). */
  pageNumericId?: string;
  posts: Record<string, FbPostState>;
}

/**
 * Comments come without `id` when the token lacks the moderator task (SOURCES.md §9, correction
 * 47). Their key is then derived from what identifies a comment on its post: parent, time, author
 * and text, hashed. It is stable across polls; an edited comment gets a new key (and a new mention).
 */
export function commentKey(comment: FbComment, postId: string): string {
  const id = stringOrNull(comment.id, 200);
  if (id) return id;
  return `h:${sha256([postId, comment.parent?.id ?? '', comment.created_time ?? '', comment.from?.id ?? comment.from?.name ?? '', comment.message ?? '']).slice(0, 40)}`;
}

function authorOf(from: FbFrom | undefined): RawMention['author'] {
  const id = stringOrNull(from?.id, 100);
  const name = stringOrNull(from?.name, 300);
  // Page-scoped user ids do not open a profile; a Page's id does, but we cannot tell them apart.
  return { name: name ?? 'Facebook user', handle: id, url: null };
}

function engagementOf(values: Record<keyof NonNullable<RawMention['engagement']>, number | undefined>): RawMention['engagement'] | undefined {
  const out: NonNullable<RawMention['engagement']> = {};
  for (const [k, v] of Object.entries(values) as Array<[keyof typeof values, number | undefined]>) if (v !== undefined) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export function mapFacebookComment(comment: FbComment, post: FbPost & { id: string }, ctx: { sourceId: string; pageId: string; now: Date }): RawMention {
  const externalId = commentKey(comment, post.id);
  const published = parseGraphTime(comment.created_time) ?? ctx.now;
  const mention: RawMention = {
    id: mentionId('facebook', ctx.pageId, externalId),
    sourceType: 'facebook',
    sourceId: ctx.sourceId,
    sourceKey: ctx.pageId,
    externalId,
    url: safeLink(comment.permalink_url) ?? safeLink(post.permalink_url),
    title: null,
    content: typeof comment.message === 'string' ? comment.message : '',
    author: authorOf(comment.from),
    publishedAt: published.toISOString(),
    collectedAt: ctx.now.toISOString(),
    inReplyTo: stringOrNull(comment.parent?.id, 200) ?? post.id,
    sourceLanguage: null,
  };
  // A comment under the Page's posts is written to the brand, unless the Page itself answered.
  if (comment.from?.id === undefined || comment.from.id !== ctx.pageId) mention.brandChannel = 'own_page';
  const engagement = engagementOf({ likes: countOf(comment.like_count), replies: countOf(comment.comment_count), reposts: undefined, views: undefined });
  if (engagement) mention.engagement = engagement;
  return mention;
}

/** A post on the Page: a visitor's is written to the brand (`own_page`); the Page's own is the brand talking. */
export function mapFacebookPost(post: FbPost & { id: string }, ctx: { sourceId: string; pageId: string; now: Date }, byVisitor: boolean): RawMention {
  const mention: RawMention = {
    id: mentionId('facebook', ctx.pageId, post.id),
    sourceType: 'facebook',
    sourceId: ctx.sourceId,
    sourceKey: ctx.pageId,
    externalId: post.id,
    url: safeLink(post.permalink_url),
    title: null,
    content: typeof post.message === 'string' ? post.message : typeof post.story === 'string' ? post.story : '',
    author: authorOf(post.from),
    publishedAt: (parseGraphTime(post.created_time) ?? ctx.now).toISOString(),
    collectedAt: ctx.now.toISOString(),
    inReplyTo: null,
    sourceLanguage: null,
  };
  if (byVisitor) mention.brandChannel = 'own_page';
  const engagement = engagementOf({
    likes: countOf(post.reactions),
    replies: countOf(post.comments),
    reposts: countOf(post.shares),
    views: undefined,
  });
  if (engagement) mention.engagement = engagement;
  return mention;
}

/** Anything that is not a well-formed cursor is a fresh start (ids make a repeat harmless). */
export function parseFacebookCursor(value: unknown): FacebookCursor {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { v: 1, posts: {} };
  const posts = (value as { posts?: unknown }).posts;
  if (!posts || typeof posts !== 'object' || Array.isArray(posts)) return { v: 1, posts: {} };
  const out: Record<string, FbPostState> = {};
  for (const [id, raw] of Object.entries(posts as Record<string, unknown>).slice(0, MAX_TRACKED_POSTS)) {
    if (!raw || typeof raw !== 'object' || id.length > 200) continue;
    const s = raw as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.length <= 2_000 ? v : null);
    const seen = Array.isArray(s.seen)
      ? (s.seen as unknown[]).filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number').slice(0, MAX_SEEN_PER_POST * 4)
      : [];
    const resumeRaw = s.resume as { next?: unknown; newest?: unknown } | null | undefined;
    const resume = resumeRaw && typeof resumeRaw === 'object' && str(resumeRaw.next) ? { next: str(resumeRaw.next)!, newest: str(resumeRaw.newest) } : null;
    out[id] = {
      created: str(s.created),
      updated: str(s.updated),
      comments: typeof s.comments === 'number' ? s.comments : null,
      walkedAt: str(s.walkedAt),
      newest: str(s.newest),
      seen,
      resume,
      indexed: s.indexed === true,
    };
  }
  const numeric = (value as { pageNumericId?: unknown }).pageNumericId;
  return { v: 1, ...(typeof numeric === 'string' && /^\d{1,40}$/.test(numeric) ? { pageNumericId: numeric } : {}), posts: out };
}

function pageIdOf(settings: Record<string, unknown>): string {
  const pageId = typeof settings['pageId'] === 'string' ? settings['pageId'].trim() : '';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(pageId)) throw new SourceConfigError('pageId must be the Page\'s number or username');
  return pageId;
}

export class FacebookPageAdapter implements SourceAdapter {
  readonly type: SourceType = 'facebook';
  readonly descriptor: SourceTypeDescriptor = FACEBOOK_DESCRIPTOR;
  private readonly graph: GraphAccess;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.graph = new GraphAccess(http, options);
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = req.source.settings;
    const pageId = pageIdOf(settings);
    const edge = settings['edge'] === 'posts' ? 'posts' : 'feed';
    const maxPages = intSetting(settings['maxPagesPerRun'], 20, 2, 500);
    const maxPosts = intSetting(settings['maxPostsPerRun'], 10, 1, 200);
    const maxAgeDays = intSetting(settings['postMaxAgeDays'], 14, 1, 365);
    const pageSize = intSetting(settings['pageSize'], 25, 1, 100);
    const includePagePosts = settings['includePagePosts'] === true;
    const graph = this.graph.open(req);
    const cursor = parseFacebookCursor(req.cursor);
    // Visitor posts are told from the Page's own by `from.id`, which is the Page's number.
    let pageNumericId = /^\d+$/.test(pageId) ? pageId : cursor.pageNumericId;
    if (!pageNumericId) {
      const resolved = await graph.get<{ id?: string }>(encodeURIComponent(pageId), { fields: 'id,name' });
      pageNumericId = stringOrNull(resolved.id, 100) ?? undefined;
      if (!pageNumericId) throw new SourceConfigError(`the Graph API gave no id for the Page "${pageId}"`);
      cursor.pageNumericId = pageNumericId;
      if (graph.exhausted) {
        const { percent, resumeAt } = graph.exhausted;
        return { items: [], nextCursor: cursor, notModified: false, fetched: 0, incomplete: { reason: `Meta usage at ${percent}% of the allowance`, resumeAt } };
      }
    }
    // Mentions are keyed on the Page's number, so renaming the setting to a username keeps the ids.
    const ctx = { sourceId: req.source.id, pageId: pageNumericId, now: req.now };
    const windowStart = req.now.getTime() - maxAgeDays * 86_400_000;
    const items: RawMention[] = [];
    let fetched = 0;
    let incomplete: CollectResult['incomplete'];

    // 1. The posts of the window, newest first. `/posts` pages by time (since/until/__paging_token,
    // no cursors object); the last `/feed` page has only cursors.before: "no next" ends both.
    const listed: Array<FbPost & { id: string }> = [];
    let page = await graph.get<GraphList<FbPost>>(`${encodeURIComponent(pageId)}/${edge}`, {
      fields: POST_FIELDS,
      limit: pageSize,
      since: Math.floor(windowStart / 1000),
    });
    for (;;) {
      for (const post of listData(page, edge)) {
        const id = stringOrNull(post.id, 200);
        if (!id) continue; // a post without an id cannot be walked or linked
        const created = parseGraphTime(post.created_time);
        if (created && created.getTime() < windowStart) continue;
        listed.push({ ...post, id });
      }
      const next = nextOf(page);
      if (!next) break;
      if (graph.pages >= Math.floor(maxPages / 2) || graph.exhausted || req.signal.aborted) {
        incomplete = { reason: 'post list cut short by the per-run bound' };
        break;
      }
      page = await graph.follow<GraphList<FbPost>>(next);
    }

    // 2. Visitor posts are mentions in their own right (the Page's own only when asked).
    for (const post of listed) {
      const state = (cursor.posts[post.id] ??= emptyState(post));
      // `from` is absent without the moderator task: such a post is not known to be a visitor's.
      const byVisitor = edge === 'feed' && post.from?.id !== undefined && post.from.id !== pageNumericId;
      if (!byVisitor && !includePagePosts) continue;
      fetched++;
      if (state.indexed) continue;
      items.push(mapFacebookPost(post, ctx, byVisitor));
      state.indexed = true;
    }

    // 3. Comments of the posts that changed: unfinished walks first, then the least recently walked.
    const changed = listed
      .filter((post) => {
        const s = cursor.posts[post.id];
        return !s.walkedAt || s.resume || s.updated !== (post.updated_time ?? null) || s.comments !== (countOf(post.comments) ?? null);
      })
      .sort((a, b) => {
        const sa = cursor.posts[a.id];
        const sb = cursor.posts[b.id];
        if (!!sa.resume !== !!sb.resume) return sa.resume ? -1 : 1;
        return (sa.walkedAt ?? '').localeCompare(sb.walkedAt ?? '');
      });
    let walked = 0;
    for (const post of changed) {
      if (walked >= maxPosts || graph.pages >= maxPages || graph.exhausted || req.signal.aborted) {
        incomplete ??= { reason: `${changed.length - walked} posts with new activity left for the next run` };
        break;
      }
      walked++;
      const outcome = await this.walkComments(graph, post, cursor, ctx, { maxPages, pageSize, signal: req.signal }, items);
      fetched += outcome.fetched;
      if (!outcome.complete) incomplete ??= { reason: 'comment walk cut short by the per-run bound' };
    }
    // Whether a reply moves its post's updated_time is not documented, and the comment count only
    // counts top-level comments: posts not walked for an hour are re-checked with what is left
    // of the bound (one request each when nothing is new).
    const recheckBefore = new Date(req.now.getTime() - FB_RECHECK_MS).toISOString();
    const changedIds = new Set(changed.map((post) => post.id));
    const stale = listed
      .filter((post) => !changedIds.has(post.id) && cursor.posts[post.id] && (cursor.posts[post.id].walkedAt ?? '') < recheckBefore)
      .sort((a, b) => (cursor.posts[a.id].walkedAt ?? '').localeCompare(cursor.posts[b.id].walkedAt ?? ''));
    for (const post of stale) {
      if (incomplete || walked >= maxPosts || graph.pages >= maxPages || graph.exhausted || req.signal.aborted) break;
      walked++;
      const outcome = await this.walkComments(graph, post, cursor, ctx, { maxPages, pageSize, signal: req.signal }, items);
      fetched += outcome.fetched;
      if (!outcome.complete) incomplete = { reason: 'comment walk cut short by the per-run bound' };
    }
    if (graph.exhausted) {
      incomplete = { reason: `Meta usage at ${graph.exhausted.percent}% of the allowance`, resumeAt: graph.exhausted.resumeAt };
    }

    return { items, nextCursor: pruneCursor(cursor, windowStart), notModified: false, fetched, ...(incomplete ? { incomplete } : {}) };
  }

  private async walkComments(
    graph: GraphRun,
    post: FbPost & { id: string },
    cursor: FacebookCursor,
    ctx: { sourceId: string; pageId: string; now: Date },
    bounds: { maxPages: number; pageSize: number; signal: AbortSignal },
    items: RawMention[],
  ): Promise<{ fetched: number; complete: boolean }> {
    const state = cursor.posts[post.id];
    const watermark = state.newest ? Date.parse(state.newest) - FB_OVERLAP_MS : Number.NEGATIVE_INFINITY;
    const seen = new Map(state.seen);
    let topNewest = state.resume?.newest ? Date.parse(state.resume.newest) : Number.NEGATIVE_INFINITY;
    let fetched = 0;
    let page: GraphList<FbComment>;
    const first = () =>
      graph.get<GraphList<FbComment>>(`${encodeURIComponent(post.id)}/comments`, {
        fields: COMMENT_FIELDS,
        filter: 'stream',
        order: 'reverse_chronological',
        limit: bounds.pageSize,
      });
    try {
      if (state.resume) {
        try {
          page = await graph.follow<GraphList<FbComment>>(state.resume.next);
        } catch (error) {
          // Paging cursors are not durable: a stale one starts the walk again from the top (the
          // seen keys keep what was delivered from coming twice).
          if (!(error instanceof SourceConfigError)) throw error;
          state.resume = null;
          page = await first();
        }
      } else {
        page = await first();
      }
    } catch (error) {
      if (!isMissingObject(error)) throw error;
      // The post was deleted (or hidden from this token) since it was listed: nothing to walk.
      delete cursor.posts[post.id];
      return { fetched, complete: true };
    }

    for (;;) {
      let reached = false;
      for (const comment of listData(page, 'comments')) {
        const at = parseGraphTime(comment.created_time);
        if (at && at.getTime() < watermark) {
          reached = true;
          break;
        }
        fetched++;
        if (at) topNewest = Math.max(topNewest, at.getTime());
        const key = commentKey(comment, post.id);
        if (seen.has(key)) continue;
        seen.set(key, at ? Math.floor(at.getTime() / 1000) : 0);
        items.push(mapFacebookComment(comment, post, ctx));
      }
      const next = nextOf(page);
      if (reached || !next) break;
      if (graph.pages >= bounds.maxPages || graph.exhausted || bounds.signal.aborted) {
        // Cut short: the watermark stays where it was (nothing below the unread pages is skipped)
        // and the next run resumes from this page.
        state.resume = { next: graph.resolveNext(next), newest: Number.isFinite(topNewest) ? new Date(topNewest).toISOString() : null };
        state.seen = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN_PER_POST * 4);
        return { fetched, complete: false };
      }
      page = await graph.follow<GraphList<FbComment>>(next);
    }

    const newest = Math.max(state.newest ? Date.parse(state.newest) : Number.NEGATIVE_INFINITY, topNewest);
    state.newest = Number.isFinite(newest) ? new Date(newest).toISOString() : state.newest;
    const keepFrom = Number.isFinite(newest) ? Math.floor((newest - 2 * FB_OVERLAP_MS) / 1000) : Number.NEGATIVE_INFINITY;
    state.seen = [...seen.entries()]
      .filter(([, t]) => t >= keepFrom)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_SEEN_PER_POST);
    // A resumed walk only covered what lay below its starting point: comments written above it
    // since then are found by a walk from the top, so the post stays "changed" for the next run.
    const resumed = state.resume !== null;
    state.resume = null;
    state.walkedAt = ctx.now.toISOString();
    state.updated = resumed ? null : (post.updated_time ?? null);
    state.comments = resumed ? null : (countOf(post.comments) ?? null);
    return { fetched, complete: true };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const pageId = pageIdOf(req.source.settings);
      const edge = req.source.settings['edge'] === 'posts' ? 'posts' : 'feed';
      const graph = this.graph.open(req, false);
      const list = await graph.get<GraphList<FbPost>>(`${encodeURIComponent(pageId)}/${edge}`, { fields: POST_FIELDS, limit: 5 });
      const posts = listData(list, edge).slice(0, 5);
      return {
        ok: true,
        message: `200 OK, ${posts.length} recent posts on the Page`,
        sample: posts.map((post) => ({
          title: null,
          text: (post.message ?? post.story ?? '').slice(0, 500),
          publishedAt: (parseGraphTime(post.created_time) ?? req.now).toISOString(),
          url: safeLink(post.permalink_url),
        })),
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), sample: [], durationMs: Date.now() - started };
    }
  }
}

function emptyState(post: FbPost): FbPostState {
  return { created: post.created_time ?? null, updated: null, comments: null, walkedAt: null, newest: null, seen: [], resume: null, indexed: false };
}

/** Posts older than the window are done with; the newest `MAX_TRACKED_POSTS` are kept. */
function pruneCursor(cursor: FacebookCursor, windowStart: number): FacebookCursor {
  const numeric = cursor.pageNumericId ? { pageNumericId: cursor.pageNumericId } : {};
  const entries = Object.entries(cursor.posts)
    .filter(([, s]) => {
      const created = parseGraphTime(s.created);
      return !created || created.getTime() >= windowStart;
    })
    .sort((a, b) => (parseGraphTime(b[1].created)?.getTime() ?? 0) - (parseGraphTime(a[1].created)?.getTime() ?? 0))
    .slice(0, MAX_TRACKED_POSTS);
  return { v: 1, ...numeric, posts: Object.fromEntries(entries) };
}
