import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceConfigError, SourceRateLimitedError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import {
  afterOf,
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
  stringOrNull,
} from './graph-client';
import {
  type IgMentionedComment,
  type IgMentionRef,
  mapMentionedComment,
  mapMentionedMedia,
  MENTIONED_COMMENT_FIELDS,
  MENTIONED_MEDIA_FIELDS,
  parseIgMentionRef,
} from './instagram-mentions';

/*
 * Instagram (Graph API with Facebook Login, Business or Creator account): public media under
 * hashtags (`ig_hashtag_search` once per hashtag, its id cached in the cursor, then
 * `/{hashtag-id}/recent_media` or `top_media`) and media the account is tagged in
 * (`/{ig-user-id}/tags`). Caption and comment @mentions have no list endpoint: Meta delivers them
 * only through the `mentions` webhook (SOURCES.md §9); the API stores those references and the
 * worker hands the pending ones to `collect` as `req.pushed`, which reads each one here.
 */

/** Media keys are global on Instagram: the same post found under two hashtags is one mention. */
export const INSTAGRAM_SOURCE_KEY = 'instagram.com';
export const IG_OVERLAP_MS = 10 * 60_000;
/** recent_media covers 24 h; ids are kept a little longer so a late page cannot bring one back. */
const HASHTAG_SEEN_MS = 48 * 3_600_000;
const MAX_SEEN = 5_000;
const MAX_SEEN_TAGS = 500;
const MAX_HASHTAGS = 30;

export const MEDIA_FIELDS = 'id,caption,media_type,media_url,permalink,timestamp,like_count,comments_count,children{id,media_type,media_url}';
export const TAG_FIELDS = 'id,caption,media_type,media_url,permalink,timestamp,username,like_count,comments_count,children{id,media_type,media_url}';

const label = (it: string, en: string) => ({ it, en });

export const INSTAGRAM_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'instagram',
  label: label('Instagram (hashtag, tag e @menzioni dell\'account)', 'Instagram (hashtags, account tags and @mentions)'),
  polled: true,
  defaultUrl: GRAPH_DEFAULT_URL,
  urlLabel: label('Indirizzo della Graph API', 'Graph API address'),
  // recent_media only shows the last 24 h: every 15 minutes (SOURCES.md §9: 15–30) leaves room.
  defaultSchedule: '*/15 * * * *',
  searchable: false,
  settings: [
    {
      key: 'igUserId',
      label: label('ID dell\'account Instagram professionale', 'Instagram professional account id'),
      kind: 'text',
      required: true,
      help: label(
        'L\'id IG User (numero) dell\'account Business o Creator collegato alla Pagina Facebook.',
        'The IG User id (a number) of the Business or Creator account linked to the Facebook Page.',
      ),
    },
    {
      key: 'hashtags',
      label: label('Hashtag', 'Hashtags'),
      kind: 'list',
      required: false,
      default: [],
      help: label(
        'Senza #. Meta consente al massimo 30 hashtag diversi ogni 7 giorni per account (contano anche le altre app): Ascolto cerca ogni hashtag una sola volta e ne ricorda l\'id. Si vedono solo i post pubblici delle ultime 24 ore; serve la funzione "Instagram Public Content Access" approvata da Meta.',
        'Without #. Meta allows at most 30 different hashtags per 7 days per account (other apps count too): Ascolto searches each hashtag once and remembers its id. Only public posts of the last 24 hours are visible; the "Instagram Public Content Access" feature approved by Meta is required.',
      ),
    },
    {
      key: 'hashtagEdge',
      label: label('Post degli hashtag', 'Hashtag posts'),
      kind: 'select',
      required: false,
      options: ['recent_media', 'top_media'],
      default: 'recent_media',
    },
    {
      key: 'includeTags',
      label: label('Post in cui l\'account è taggato', 'Posts the account is tagged in'),
      kind: 'boolean',
      required: false,
      default: true,
      help: label(
        'Le @menzioni in didascalie e commenti arrivano solo dal webhook "mentions" di Meta: vedi "Token di verifica del webhook".',
        'Caption and comment @mentions only come through Meta\'s "mentions" webhook: see "Webhook verify token".',
      ),
    },
    {
      key: 'graphVersion',
      label: label('Versione della Graph API', 'Graph API version'),
      kind: 'text',
      required: false,
      default: DEFAULT_GRAPH_VERSION,
    },
    { key: 'maxPagesPerRun', label: label('Richieste massime per esecuzione', 'Most requests per run'), kind: 'number', required: false, default: 10 },
    { key: 'pageSize', label: label('Elementi per pagina (max 50)', 'Items per page (max 50)'), kind: 'number', required: false, default: 50 },
  ],
  credentials: [
    {
      key: 'accessToken',
      label: label('Token di accesso', 'Access token'),
      required: true,
      help: label(
        'Token utente di lunga durata (o di utente di sistema) con instagram_basic, instagram_manage_comments e pages_read_engagement. Ascolto non può rinnovare i token Meta: quando scade o viene invalidato la fonte chiede un token nuovo.',
        'A long-lived user (or system user) token with instagram_basic, instagram_manage_comments and pages_read_engagement. Ascolto cannot refresh Meta tokens: when it expires or is invalidated the source asks for a new one.',
      ),
    },
    {
      key: 'appSecret',
      label: label('App secret (facoltativo)', 'App secret (optional)'),
      required: false,
      help: label(
        'Serve se l\'app Meta richiede appsecret_proof, e per ricevere le @menzioni dal webhook (Ascolto controlla con esso la firma X-Hub-Signature-256). Si trova in Impostazioni app > Di base.',
        'Needed when the Meta app requires appsecret_proof, and to receive @mentions through the webhook (Ascolto checks the X-Hub-Signature-256 signature with it). Found under App settings > Basic.',
      ),
    },
    {
      key: 'webhookVerifyToken',
      label: label('Token di verifica del webhook (facoltativo)', 'Webhook verify token (optional)'),
      required: false,
      help: label(
        'Per le @menzioni in didascalie e commenti. Scegli una stringa lunga qualsiasi e incollala qui e nella dashboard dell\'app Meta: Webhooks (o Instagram > Configura webhook), oggetto Instagram, "Token di verifica"; come "URL di callback" incolla https://<il tuo dominio>/api/ingest/meta/<id di questa fonte>, poi iscrivi il campo "mentions". Serve anche l\'app secret qui sopra. Un\'app Meta ha un solo URL di callback: le consegne per altri account vengono ignorate.',
        'For caption and comment @mentions. Choose any long string and paste it here and in the Meta app dashboard: Webhooks (or Instagram > Configure webhooks), Instagram object, "Verify token"; as the "Callback URL" paste https://<your domain>/api/ingest/meta/<this source\'s id>, then subscribe to the "mentions" field. The app secret above is needed too. A Meta app has one callback URL: deliveries for other accounts are ignored.',
      ),
    },
  ],
  budget: null,
};

export interface IgMedia {
  id?: string;
  caption?: string;
  media_type?: string;
  media_url?: string;
  permalink?: string;
  timestamp?: string;
  username?: string;
  like_count?: number;
  comments_count?: number;
  children?: { data?: Array<{ id?: string; media_type?: string; media_url?: string }> };
}

export interface InstagramCursor {
  v: 1;
  /** Per hashtag (lower case, no #): its id from ig_hashtag_search and the media ids already delivered. */
  hashtags: Record<string, { id: string; seen: Array<[string, number]> }>;
  /** Tagged media: newest timestamp covered without a gap, keys near it, and an unfinished walk. */
  tags: { newest: string | null; seen: Array<[string, number]>; resume: { next: string; newest: string | null } | null };
  /** The highest `inbound_items.seq` of a webhook @mention reference fully handled (decimal bigint). */
  pushedThrough?: string;
}

export function normaliseHashtag(value: string): string | null {
  const tag = value.trim().replace(/^#+/, '').toLowerCase();
  return /^[\p{L}\p{N}_]{1,100}$/u.test(tag) ? tag : null;
}

/**
 * Media as a mention. `brandChannel` is `account_mention` for media that tag or @mention the account
 * (written to the brand whatever the caption says); hashtag media are what listening found.
 */
export function mapInstagramMedia(media: IgMedia & { id: string }, ctx: { sourceId: string; now: Date; brandChannel?: 'account_mention' }): RawMention {
  // recent_media and top_media never carry `username`; tags do.
  const username = stringOrNull(media.username, 100);
  const mention: RawMention = {
    id: mentionId('instagram', INSTAGRAM_SOURCE_KEY, media.id),
    sourceType: 'instagram',
    sourceId: ctx.sourceId,
    sourceKey: INSTAGRAM_SOURCE_KEY,
    externalId: media.id,
    url: safeLink(media.permalink),
    title: null,
    content: typeof media.caption === 'string' ? media.caption : '',
    author: username
      ? { name: username, handle: username, url: /^[A-Za-z0-9._]{1,30}$/.test(username) ? `https://www.instagram.com/${username}/` : null }
      : { name: 'Instagram user', handle: null, url: null },
    publishedAt: (parseGraphTime(media.timestamp) ?? ctx.now).toISOString(),
    collectedAt: ctx.now.toISOString(),
    inReplyTo: null,
    sourceLanguage: null,
  };
  if (ctx.brandChannel) mention.brandChannel = ctx.brandChannel;
  const likes = countOf(media.like_count);
  const replies = countOf(media.comments_count);
  if (likes !== undefined || replies !== undefined) {
    mention.engagement = {};
    // like_count is left out when the owner hid likes: absent, not zero.
    if (likes !== undefined) mention.engagement.likes = likes;
    if (replies !== undefined) mention.engagement.replies = replies;
  }
  return mention;
}

function seenList(value: unknown, max: number): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  return value.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && e[0].length <= 200 && typeof e[1] === 'number').slice(0, max);
}

export function parseInstagramCursor(value: unknown): InstagramCursor {
  const cursor: InstagramCursor = { v: 1, hashtags: {}, tags: { newest: null, seen: [], resume: null } };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return cursor;
  const v = value as { hashtags?: unknown; tags?: unknown };
  if (v.hashtags && typeof v.hashtags === 'object' && !Array.isArray(v.hashtags)) {
    for (const [tag, raw] of Object.entries(v.hashtags as Record<string, unknown>).slice(0, 100)) {
      const entry = raw as { id?: unknown; seen?: unknown } | null;
      if (!entry || typeof entry.id !== 'string' || !/^\d{1,40}$/.test(entry.id) || !normaliseHashtag(tag)) continue;
      cursor.hashtags[tag] = { id: entry.id, seen: seenList(entry.seen, MAX_SEEN) };
    }
  }
  const through = (value as { pushedThrough?: unknown }).pushedThrough;
  if (typeof through === 'string' && /^\d{1,19}$/.test(through)) cursor.pushedThrough = through;
  if (v.tags && typeof v.tags === 'object' && !Array.isArray(v.tags)) {
    const t = v.tags as { newest?: unknown; seen?: unknown; resume?: { next?: unknown; newest?: unknown } | null };
    cursor.tags.newest = typeof t.newest === 'string' && !Number.isNaN(Date.parse(t.newest)) ? t.newest : null;
    cursor.tags.seen = seenList(t.seen, MAX_SEEN_TAGS * 4);
    if (t.resume && typeof t.resume.next === 'string' && t.resume.next.length < 4_000) {
      cursor.tags.resume = { next: t.resume.next, newest: typeof t.resume.newest === 'string' ? t.resume.newest : null };
    }
  }
  return cursor;
}

function igUserIdOf(settings: Record<string, unknown>): string {
  const id = typeof settings['igUserId'] === 'string' ? settings['igUserId'].trim() : typeof settings['igUserId'] === 'number' ? String(settings['igUserId']) : '';
  if (!/^\d{1,40}$/.test(id)) throw new SourceConfigError('igUserId must be the number of the Instagram professional account');
  return id;
}

function hashtagsOf(settings: Record<string, unknown>): string[] {
  const raw = Array.isArray(settings['hashtags']) ? settings['hashtags'] : typeof settings['hashtags'] === 'string' ? settings['hashtags'].split(',') : [];
  const tags: string[] = [];
  for (const value of raw) {
    if (typeof value !== 'string' || !value.trim()) continue;
    const tag = normaliseHashtag(value);
    if (!tag) throw new SourceConfigError(`"${value.slice(0, 50)}" is not a hashtag Instagram can search (letters, digits and _ only; no emoji)`);
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > MAX_HASHTAGS) throw new SourceConfigError(`Instagram allows ${MAX_HASHTAGS} hashtags per 7 days per account; this source lists ${tags.length}`);
  return tags;
}

export class InstagramAdapter implements SourceAdapter {
  readonly type: SourceType = 'instagram';
  readonly descriptor: SourceTypeDescriptor = INSTAGRAM_DESCRIPTOR;
  private readonly graph: GraphAccess;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.graph = new GraphAccess(http, options);
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = req.source.settings;
    const igUserId = igUserIdOf(settings);
    const hashtags = hashtagsOf(settings);
    const includeTags = settings['includeTags'] !== false;
    const pushed = req.pushed?.items ?? [];
    if (!hashtags.length && !includeTags && !pushed.length && !req.credentials['webhookVerifyToken']) {
      throw new SourceConfigError('name at least one hashtag, switch on tagged posts or set up the mentions webhook');
    }
    const edge = settings['hashtagEdge'] === 'top_media' ? 'top_media' : 'recent_media';
    const maxPages = intSetting(settings['maxPagesPerRun'], 10, 1, 500);
    const pageSize = intSetting(settings['pageSize'], 50, 1, 50);
    const graph = this.graph.open(req);
    const cursor = parseInstagramCursor(req.cursor);
    const ctx = { sourceId: req.source.id, now: req.now };
    const items: RawMention[] = [];
    const inRun = new Set<string>();
    let fetched = 0;
    let incomplete: CollectResult['incomplete'];
    const outOfPages = () => graph.pages >= maxPages || !!graph.exhausted || req.signal.aborted;

    // Tagged media first: it is about the brand for sure, and it has a watermark to keep.
    if (includeTags && !outOfPages()) {
      const outcome = await this.walkTags(graph, igUserId, cursor, { pageSize, outOfPages }, (media) => {
        fetched++;
        if (inRun.has(media.id)) return;
        inRun.add(media.id);
        items.push(mapInstagramMedia(media, { ...ctx, brandChannel: 'account_mention' }));
      });
      if (!outcome.complete) incomplete = { reason: 'tagged media walk cut short by the per-run bound' };
    }

    const keepFrom = Math.floor((req.now.getTime() - HASHTAG_SEEN_MS) / 1000);
    const hashtagState: InstagramCursor['hashtags'] = {};
    for (const tag of hashtags) {
      const known: InstagramCursor['hashtags'][string] | undefined = cursor.hashtags[tag];
      if (outOfPages()) {
        if (known) hashtagState[tag] = known;
        incomplete ??= { reason: `hashtag #${tag} and later ones left for the next run` };
        continue;
      }
      let id: string | undefined = known?.id;
      if (!id) {
        // Each search counts against the 30-unique-hashtags-per-7-days cap: done once, id cached.
        const found = await graph.get<GraphList<{ id?: string; name?: string }>>('ig_hashtag_search', { user_id: igUserId, q: tag });
        id = listData(found, 'ig_hashtag_search')
          .map((h) => stringOrNull(h.id, 40))
          .find((h): h is string => !!h && /^\d+$/.test(h));
        if (!id) throw new SourceConfigError(`Instagram knows no hashtag #${tag}`);
        if (outOfPages()) {
          // Keep the id even when nothing more may be read now: the search is not spent twice.
          hashtagState[tag] = { id, seen: known?.seen ?? [] };
          incomplete ??= { reason: `hashtag #${tag} and later ones left for the next run` };
          continue;
        }
      }
      const seen = new Map(known?.seen ?? []);
      const complete = await this.walkHashtag(graph, id, igUserId, edge, { pageSize, outOfPages }, (media) => {
        const at = parseGraphTime(media.timestamp);
        const nowSeconds = Math.floor(req.now.getTime() / 1000);
        fetched++;
        // top_media shows popular posts of any age: remember them by when they were last seen,
        // so they are not forgotten (and delivered again) while they stay on top.
        const keyTime = edge === 'top_media' || !at ? nowSeconds : Math.floor(at.getTime() / 1000);
        if (seen.has(media.id) || inRun.has(media.id)) {
          if (edge === 'top_media' && seen.has(media.id)) seen.set(media.id, nowSeconds);
          return false;
        }
        seen.set(media.id, keyTime);
        inRun.add(media.id);
        items.push(mapInstagramMedia(media, ctx));
        return true;
      });
      if (!complete) incomplete ??= { reason: `#${tag} walk cut short by the per-run bound` };
      hashtagState[tag] = {
        id,
        seen: [...seen.entries()]
          .filter(([, t]) => t >= keepFrom)
          .sort((a, b) => b[1] - a[1])
          .slice(0, MAX_SEEN),
      };
    }
    cursor.hashtags = hashtagState;

    // Webhook @mentions last: each costs one request, and what is left waits in inbound_items.
    if (pushed.length) {
      // Not bounded by maxPagesPerRun: the worker hands over a bounded batch, and a busy hashtag
      // must not hold @mentions back run after run.
      const stop = () => !!graph.exhausted || req.signal.aborted;
      const outcome = await this.resolveMentions(graph, igUserId, pushed, { outOfPages: stop }, (mention) => {
        fetched++;
        if (inRun.has(mention.id)) return;
        inRun.add(mention.id);
        items.push(mention);
      }, ctx);
      if (outcome.through) cursor.pushedThrough = outcome.through;
      if (outcome.resumeAt) incomplete = { reason: 'Meta throttled the reading of webhook @mentions', resumeAt: outcome.resumeAt };
      else if (!outcome.complete) incomplete ??= { reason: 'webhook @mentions left for the next run' };
    }
    if (req.pushed?.more) incomplete ??= { reason: 'more webhook @mentions waiting' };
    if (graph.exhausted) incomplete = { reason: `Meta usage at ${graph.exhausted.percent}% of the allowance`, resumeAt: graph.exhausted.resumeAt };
    return { items, nextCursor: cursor, notModified: false, fetched, ...(incomplete ? { incomplete } : {}) };
  }

  /**
   * Reads each pending @mention reference, in `seq` order, and reports the highest seq fully
   * handled (read, or skipped because it is gone or malformed). A reference not reached this run
   * stays above `pushedThrough`, so the cursor never passes it.
   */
  private async resolveMentions(
    graph: GraphRun,
    igUserId: string,
    pushed: Array<{ seq: string; payload: unknown }>,
    bounds: { outOfPages: () => boolean },
    take: (mention: RawMention) => void,
    ctx: { sourceId: string; now: Date },
  ): Promise<{ through: string | null; complete: boolean; resumeAt?: Date }> {
    let through: string | null = null;
    for (const { seq, payload } of pushed) {
      if (!/^\d{1,19}$/.test(seq)) break;
      const ref = parseIgMentionRef(payload);
      if (ref) {
        if (bounds.outOfPages()) return { through, complete: false };
        try {
          const mention = await this.readMention(graph, igUserId, ref, ctx);
          if (mention) take(mention);
        } catch (error) {
          // Throttled midway: keep what this run has (hashtags, tags, earlier @mentions) and hold
          // the source until Meta's estimate; this reference and the later ones stay pending.
          if (error instanceof SourceRateLimitedError) return { through, complete: false, resumeAt: error.resumeAt };
          // Deleted (or made private) since Meta's notice: nothing left to read, not a failure.
          if (!isMissingObject(error)) throw error;
        }
      }
      through = seq;
    }
    return { through, complete: true };
  }

  private async readMention(graph: GraphRun, igUserId: string, ref: IgMentionRef, ctx: { sourceId: string; now: Date }): Promise<RawMention | null> {
    if (ref.commentId) {
      const body = await graph.get<{ mentioned_comment?: IgMentionedComment }>(igUserId, {
        fields: `mentioned_comment.comment_id(${ref.commentId}){${MENTIONED_COMMENT_FIELDS}}`,
      });
      const comment = body.mentioned_comment;
      return comment && typeof comment === 'object' ? mapMentionedComment(comment, { ...ref, commentId: ref.commentId }, ctx) : null;
    }
    const body = await graph.get<{ mentioned_media?: IgMedia }>(igUserId, {
      fields: `mentioned_media.media_id(${ref.mediaId}){${MENTIONED_MEDIA_FIELDS}}`,
    });
    const media = body.mentioned_media;
    return media && typeof media === 'object' ? mapMentionedMedia(media, ref, ctx) : null;
  }

  /**
   * recent_media is not chronological and answers every page with the same `after` cursor: the walk
   * ends on no `paging.next` (top_media's last page has no `paging` at all), on an `after` or a
   * `next` already followed, or on a page that brought nothing new.
   */
  private async walkHashtag(
    graph: GraphRun,
    hashtagId: string,
    igUserId: string,
    edge: string,
    bounds: { pageSize: number; outOfPages: () => boolean },
    take: (media: IgMedia & { id: string }) => boolean,
  ): Promise<boolean> {
    const followed = new Set<string>();
    let page = await graph.get<GraphList<IgMedia>>(`${hashtagId}/${edge}`, { user_id: igUserId, fields: MEDIA_FIELDS, limit: bounds.pageSize });
    for (;;) {
      let fresh = 0;
      for (const media of listData(page, edge)) {
        const id = stringOrNull(media.id, 100);
        if (id && take({ ...media, id })) fresh++;
      }
      const next = nextOf(page);
      if (!next || fresh === 0) return true;
      const after = afterOf(page);
      const key = after ?? graph.resolveNext(next);
      if (followed.has(key)) return true;
      followed.add(key);
      if (bounds.outOfPages()) return false;
      page = await graph.follow<GraphList<IgMedia>>(next);
    }
  }

  /** `/tags` is newest first: walk down to the watermark; a walk cut short resumes where it stopped. */
  private async walkTags(
    graph: GraphRun,
    igUserId: string,
    cursor: InstagramCursor,
    bounds: { pageSize: number; outOfPages: () => boolean },
    take: (media: IgMedia & { id: string }) => void,
  ): Promise<{ complete: boolean }> {
    const state = cursor.tags;
    const watermark = state.newest ? Date.parse(state.newest) - IG_OVERLAP_MS : Number.NEGATIVE_INFINITY;
    const seen = new Map(state.seen);
    let topNewest = state.resume?.newest ? Date.parse(state.resume.newest) : Number.NEGATIVE_INFINITY;
    const first = () => graph.get<GraphList<IgMedia>>(`${igUserId}/tags`, { fields: TAG_FIELDS, limit: bounds.pageSize });
    let page: GraphList<IgMedia>;
    if (state.resume) {
      try {
        page = await graph.follow<GraphList<IgMedia>>(state.resume.next);
      } catch (error) {
        if (!(error instanceof SourceConfigError)) throw error;
        state.resume = null;
        page = await first();
      }
    } else {
      page = await first();
    }
    for (;;) {
      let reached = false;
      for (const media of listData(page, 'tags')) {
        const id = stringOrNull(media.id, 100);
        if (!id) continue;
        const at = parseGraphTime(media.timestamp);
        if (at && at.getTime() < watermark) {
          reached = true;
          break;
        }
        if (at) topNewest = Math.max(topNewest, at.getTime());
        if (seen.has(id)) continue;
        seen.set(id, at ? Math.floor(at.getTime() / 1000) : 0);
        take({ ...media, id });
      }
      const next = nextOf(page);
      if (reached || !next) break;
      if (bounds.outOfPages()) {
        state.resume = { next: graph.resolveNext(next), newest: Number.isFinite(topNewest) ? new Date(topNewest).toISOString() : null };
        state.seen = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN_TAGS * 4);
        return { complete: false };
      }
      page = await graph.follow<GraphList<IgMedia>>(next);
    }
    const newest = Math.max(state.newest ? Date.parse(state.newest) : Number.NEGATIVE_INFINITY, topNewest);
    if (Number.isFinite(newest)) state.newest = new Date(newest).toISOString();
    const keepFrom = Number.isFinite(newest) ? Math.floor((newest - 2 * IG_OVERLAP_MS) / 1000) : Number.NEGATIVE_INFINITY;
    state.seen = [...seen.entries()]
      .filter(([, t]) => t >= keepFrom)
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_SEEN_TAGS);
    state.resume = null;
    return { complete: true };
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const igUserId = igUserIdOf(req.source.settings);
      const graph = this.graph.open(req, false);
      // The tagged-media edge needs the same token and account as everything else and does not
      // spend one of the 30 weekly hashtag searches.
      const list = await graph.get<GraphList<IgMedia>>(`${igUserId}/tags`, { fields: TAG_FIELDS, limit: 5 });
      const media = listData(list, 'tags').slice(0, 5);
      return {
        ok: true,
        message: `200 OK, ${media.length} recent posts tagging the account`,
        sample: media.map((m) => ({
          title: null,
          text: (m.caption ?? '').slice(0, 500),
          publishedAt: (parseGraphTime(m.timestamp) ?? req.now).toISOString(),
          url: safeLink(m.permalink),
        })),
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error), sample: [], durationMs: Date.now() - started };
    }
  }
}
