import { DomUtils, Parser, parseDocument } from 'htmlparser2';
import type { MentionEngagement, RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import type { DiscoursePost } from './discourse-payloads';

const MAX_TITLE_LENGTH = 1_000;
/** Post ids are bigints in Discourse's schema; anything else in an `id` field is not an id. */
const ID_PATTERN = /^\d{1,20}$/;
/** Discourse's own action type id for likes in `actions_summary`. */
const LIKE_ACTION = 2;

/**
 * What identifies a forum: its host plus any sub-folder it is served under
 * (`forum.example.it`, `example.com/community`), so one forum reached as `https://x/` or
 * `https://x` gives the same mention ids.
 */
export function discourseSourceKey(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
}

/** The post id as a canonical decimal string, or null when the field is not an id. */
export function postIdOf(post: Pick<DiscoursePost, 'id'>): string | null {
  const raw = typeof post.id === 'number' ? (Number.isSafeInteger(post.id) ? String(post.id) : null) : typeof post.id === 'string' ? post.id.trim() : null;
  if (!raw || !ID_PATTERN.test(raw)) return null;
  return BigInt(raw).toString();
}

/** Numeric comparison of decimal id strings (BigInt: ids are never JS numbers here). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `cooked` without the words of other people. Discourse renders a quote as
 * `<aside class="quote" data-username="…">…<blockquote>…</blockquote></aside>`; left in, the
 * pipeline would read the quoted complaint as the replier's own (sentiment, intent, topic match,
 * the author's history). So quotes are cut out of the content; who was answered stays in
 * `inReplyTo`. Link previews (`<aside class="onebox">`) are a third party's title and summary:
 * they become the bare link they preview. Everything else is kept byte for byte.
 */
export function withoutQuotes(html: string): string {
  if (!html.includes('<aside')) return html;
  const cuts: Array<{ start: number; end: number; replacement: string }> = [];
  let depth = 0;
  let start = 0;
  let replacement = '';
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name !== 'aside') return;
        if (depth > 0) {
          depth++;
          return;
        }
        const classes = ` ${attributes.class ?? ''} `.replace(/\s+/g, ' ');
        const isQuote = classes.includes(' quote ');
        const isOnebox = classes.includes(' onebox ');
        if (!isQuote && !isOnebox) return;
        depth = 1;
        start = parser.startIndex;
        replacement = isOnebox ? oneboxLink(attributes['data-onebox-src']) : '';
      },
      onclosetag(name) {
        if (name !== 'aside' || depth === 0) return;
        depth--;
        if (depth === 0) cuts.push({ start, end: parser.endIndex + 1, replacement });
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  // An aside left open by a truncated body runs to the end.
  if (depth > 0) cuts.push({ start, end: html.length, replacement });
  let out = '';
  let at = 0;
  for (const cut of cuts) {
    if (cut.start < at) continue;
    out += html.slice(at, cut.start) + cut.replacement;
    at = Math.min(cut.end, html.length);
  }
  return out + html.slice(at);
}

function oneboxLink(src: string | undefined): string {
  if (!src) return '';
  try {
    const url = new URL(src);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    const href = url.toString().replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return `<p><a href="${href}">${href}</a></p>`;
  } catch {
    return '';
  }
}

/** Plain text of a small HTML fragment (titles): tags dropped, entities decoded. */
export function htmlFragmentText(html: string): string {
  return DomUtils.textContent(parseDocument(html, { decodeEntities: true })).replace(/\s+/g, ' ').trim();
}

export interface DiscourseMapContext {
  sourceId: string;
  /** The forum's base URL, without a trailing slash. */
  base: string;
  sourceKey: string;
  now: Date;
  /** Topic titles by topic id, for search results whose posts carry none. */
  topicTitles?: ReadonlyMap<string, string>;
  /** Post ids by `topicId:postNumber`, to resolve `reply_to_post_number` to the answered post. */
  postIdsByNumber?: ReadonlyMap<string, string>;
  /** The forum is the brand's own (setting `ownForum`): its members' posts are written to the brand. */
  ownForum?: boolean;
}

/** A post (from `/posts.json`, `/posts/{id}.json` or a search hit) as a raw mention; null without a usable id. */
export function toRawMention(post: DiscoursePost, ctx: DiscourseMapContext): RawMention | null {
  const externalId = postIdOf(post);
  if (!externalId) return null;
  const username = nonEmpty(post.username);
  const name = nonEmpty(post.name);
  const topicId = post.topic_id === undefined || post.topic_id === null ? null : String(post.topic_id);
  const content = post.cooked ? withoutQuotes(post.cooked) : (nonEmpty(post.raw) ?? nonEmpty(post.blurb) ?? nonEmpty(post.excerpt) ?? '');
  const version = typeof post.version === 'number' ? post.version : 1;
  const mention: RawMention = {
    id: mentionId('discourse', ctx.sourceKey, externalId),
    sourceType: 'discourse',
    sourceId: ctx.sourceId,
    sourceKey: ctx.sourceKey,
    externalId,
    url: permalink(post, ctx.base, topicId),
    title: titleOf(post, topicId, ctx.topicTitles),
    content,
    author: {
      name: name ?? username ?? 'unknown',
      handle: username,
      url: username ? `${ctx.base}/u/${encodeURIComponent(username)}` : null,
      followers: null,
    },
    publishedAt: isoOr(post.created_at, ctx.now),
    collectedAt: ctx.now.toISOString(),
    editedAt: version > 1 ? isoOrNull(post.last_version_at) ?? isoOrNull(post.updated_at) : null,
    deletedAtSource: deletedAt(post, ctx.now),
    engagement: engagementOf(post),
    inReplyTo: replyTarget(post, topicId, ctx.postIdsByNumber),
    sourceLanguage: nonEmpty(post.locale),
  };
  // On the brand's own forum a member writes to the brand; its staff is the brand answering.
  if (ctx.ownForum && post.staff !== true) mention.brandChannel = 'own_page';
  return mention;
}

/** When the forum says the post is gone: deleted by staff, or withdrawn by its author. */
export function deletedAt(post: DiscoursePost, now: Date): string | null {
  const deleted = isoOrNull(post.deleted_at);
  if (deleted) return deleted;
  if (post.user_deleted === true) return isoOrNull(post.updated_at) ?? now.toISOString();
  return null;
}

function permalink(post: DiscoursePost, base: string, topicId: string | null): string | null {
  const relative = nonEmpty(post.post_url);
  if (relative) {
    try {
      const url = new URL(relative, `${base}/`);
      // post_url is a path on the forum; anything pointing elsewhere is not a permalink.
      if (url.origin === new URL(base).origin) return url.toString();
    } catch {
      // Fall through to building it.
    }
  }
  if (!topicId || typeof post.post_number !== 'number') return null;
  const slug = nonEmpty(post.topic_slug) ?? '-';
  return `${base}/t/${encodeURIComponent(slug)}/${encodeURIComponent(topicId)}/${post.post_number}`;
}

function titleOf(post: DiscoursePost, topicId: string | null, topicTitles: ReadonlyMap<string, string> | undefined): string | null {
  const title = nonEmpty(post.topic_title) ?? (post.topic_html_title ? nonEmpty(htmlFragmentText(post.topic_html_title)) : null) ?? (topicId ? (topicTitles?.get(topicId) ?? null) : null);
  if (!title) return null;
  return title.length > MAX_TITLE_LENGTH ? `${title.slice(0, MAX_TITLE_LENGTH)}…` : title;
}

function engagementOf(post: DiscoursePost): MentionEngagement | undefined {
  const engagement: MentionEngagement = {};
  if (isCount(post.reply_count)) engagement.replies = post.reply_count;
  const likes = isCount(post.like_count) ? post.like_count : post.actions_summary?.find((a) => a?.id === LIKE_ACTION)?.count;
  if (isCount(likes)) engagement.likes = likes;
  if (isCount(post.reads)) engagement.views = post.reads;
  return Object.keys(engagement).length ? engagement : undefined;
}

function replyTarget(post: DiscoursePost, topicId: string | null, known: ReadonlyMap<string, string> | undefined): string | null {
  if (!topicId || typeof post.reply_to_post_number !== 'number') return null;
  return known?.get(`${topicId}:${post.reply_to_post_number}`) ?? null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function nonEmpty(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

function isoOrNull(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isoOr(value: string | null | undefined, fallback: Date): string {
  return isoOrNull(value) ?? fallback.toISOString();
}
