import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import { countOf, parseGraphTime, safeLink, stringOrNull } from './graph-client';
import { INSTAGRAM_SOURCE_KEY, mapInstagramMedia, type IgMedia } from './instagram-adapter';

/*
 * Instagram caption and comment @mentions. Meta has no list endpoint for them: its `mentions`
 * webhook names the media (and the comment) and nothing else, and Meta keeps no copy. The API
 * stores each reference in `inbound_items`; the Instagram run reads the referenced object with
 * `GET /{ig-user-id}?fields=mentioned_media…` / `mentioned_comment…` (SOURCES.md §9).
 */

/** What the API stores per `mentions` change, and what the Instagram adapter resolves. */
export interface IgMentionRef {
  kind: 'ig_mention';
  mediaId: string;
  /** Set for an @mention in a comment; absent for one in a caption. */
  commentId?: string;
}

const GRAPH_ID = /^\d{1,40}$/;

export const MENTIONED_MEDIA_FIELDS = 'caption,media_type,timestamp,permalink,username,like_count,comments_count';
export const MENTIONED_COMMENT_FIELDS = 'text,timestamp,username,like_count,media{id,permalink}';

/** `media:<id>` or `comment:<id>`: the reference's id in `inbound_items`. */
export function igMentionExternalId(ref: IgMentionRef): string {
  return ref.commentId ? `comment:${ref.commentId}` : `media:${ref.mediaId}`;
}

/** Content hash of a reference (a re-delivery of the same one is stored once). */
export function igMentionHash(ref: IgMentionRef): string {
  return createHash('sha256').update(`${ref.kind}\u0000${ref.mediaId}\u0000${ref.commentId ?? ''}`, 'utf8').digest('hex');
}

/** A stored or delivered reference, or null when it is not one (ids are Graph numbers only). */
export function parseIgMentionRef(value: unknown): IgMentionRef | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as { kind?: unknown; mediaId?: unknown; commentId?: unknown };
  if (v.kind !== 'ig_mention') return null;
  const mediaId = idOf(v.mediaId);
  if (!mediaId) return null;
  if (v.commentId === undefined || v.commentId === null) return { kind: 'ig_mention', mediaId };
  const commentId = idOf(v.commentId);
  return commentId ? { kind: 'ig_mention', mediaId, commentId } : null;
}

function idOf(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? String(value) : typeof value === 'string' ? value.trim() : '';
  return GRAPH_ID.test(text) ? text : null;
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`.
 * Compared in constant time; any other shape is a mismatch.
 */
export function verifyMetaSignature(appSecret: string, header: string | undefined, body: Buffer): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec((header ?? '').trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** Signs a body as Meta does (for tests and for anyone forwarding Meta's deliveries). */
export function signMetaBody(appSecret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

export interface MetaMentionsParse {
  refs: IgMentionRef[];
  /** Changes that are not Instagram `mentions` of this account, with why (for a debug log). */
  ignored: string[];
}

/**
 * Takes `{object:"instagram", entry:[{id, time, changes:[{field:"mentions", value:{media_id,
 * comment_id?}}]}]}` apart. Only `mentions` of `igUserId` are kept: one Meta app has one callback
 * URL, so deliveries for other accounts or other fields can arrive here too. Null when the body
 * is not a Meta delivery at all.
 */
export function parseMetaMentions(body: unknown, igUserId: string | null): MetaMentionsParse | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { object, entry } = body as { object?: unknown; entry?: unknown };
  if (typeof object !== 'string' || !Array.isArray(entry)) return null;
  const out: MetaMentionsParse = { refs: [], ignored: [] };
  if (object !== 'instagram') {
    out.ignored.push(`object "${object.slice(0, 40)}"`);
    return out;
  }
  for (const e of entry.slice(0, 1_000)) {
    if (!e || typeof e !== 'object') continue;
    const { id, changes } = e as { id?: unknown; changes?: unknown };
    const account = idOf(id);
    if (igUserId && account !== igUserId) {
      out.ignored.push(`entry for account ${String(account ?? '?')}`);
      continue;
    }
    if (!Array.isArray(changes)) {
      // Messaging deliveries carry `messaging` instead of `changes`.
      out.ignored.push('entry without changes');
      continue;
    }
    for (const change of changes.slice(0, 1_000)) {
      const { field, value } = (change ?? {}) as { field?: unknown; value?: unknown };
      if (field !== 'mentions') {
        out.ignored.push(`field "${String(field).slice(0, 40)}"`);
        continue;
      }
      const v = (value ?? {}) as { media_id?: unknown; comment_id?: unknown };
      const ref = parseIgMentionRef({ kind: 'ig_mention', mediaId: v.media_id, commentId: v.comment_id });
      if (ref) out.refs.push(ref);
      else out.ignored.push('mentions change without a valid media_id');
    }
  }
  return out;
}

export interface IgMentionedComment {
  id?: string;
  text?: string;
  timestamp?: string;
  username?: string;
  like_count?: number;
  media?: { id?: string; permalink?: string };
}

/**
 * A caption @mention: the same mention as the media found under a hashtag or the tags edge (the
 * tag mapping's id), so a post seen both ways is one mention.
 */
export function mapMentionedMedia(media: IgMedia, ref: IgMentionRef, ctx: { sourceId: string; now: Date }): RawMention {
  return mapInstagramMedia({ ...media, id: ref.mediaId }, { ...ctx, brandChannel: 'account_mention' });
}

/** A comment @mention: its own id (`comment:<id>`), linked to the post it was written under. */
export function mapMentionedComment(comment: IgMentionedComment, ref: IgMentionRef & { commentId: string }, ctx: { sourceId: string; now: Date }): RawMention {
  const externalId = `comment:${ref.commentId}`;
  const username = stringOrNull(comment.username, 100);
  const mediaId = stringOrNull(comment.media?.id, 40) ?? ref.mediaId;
  const mention: RawMention = {
    id: mentionId('instagram', INSTAGRAM_SOURCE_KEY, externalId),
    sourceType: 'instagram',
    sourceId: ctx.sourceId,
    sourceKey: INSTAGRAM_SOURCE_KEY,
    externalId,
    // Comments have no permalink of their own: the post they are under is where a person reads them.
    url: safeLink(comment.media?.permalink),
    title: null,
    content: typeof comment.text === 'string' ? comment.text : '',
    author: username
      ? { name: username, handle: username, url: /^[A-Za-z0-9._]{1,30}$/.test(username) ? `https://www.instagram.com/${username}/` : null }
      : { name: 'Instagram user', handle: null, url: null },
    publishedAt: (parseGraphTime(comment.timestamp) ?? ctx.now).toISOString(),
    collectedAt: ctx.now.toISOString(),
    inReplyTo: GRAPH_ID.test(mediaId) ? mediaId : null,
    sourceLanguage: null,
    // Meta delivers it because it @mentions the account.
    brandChannel: 'account_mention',
  };
  const likes = countOf(comment.like_count);
  if (likes !== undefined) mention.engagement = { likes };
  return mention;
}
