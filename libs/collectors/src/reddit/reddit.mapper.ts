import type { MentionEngagement, RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';

/*
 * Reddit "things" as listings return them (t3 posts, t1 comments). Every field is optional:
 * older listings lack `author_fullname`, `dist`, `geo_filter` (SOURCES.md correction 27), and
 * `edited` is `false`, a float of epoch seconds, or (very old items) `true` (correction 24).
 */
export interface RedditThingData {
  id?: string;
  name?: string;
  subreddit?: string;
  title?: string;
  selftext?: string;
  selftext_html?: string | null;
  body?: string;
  body_html?: string | null;
  is_self?: boolean;
  url?: string;
  permalink?: string;
  author?: string;
  author_fullname?: string;
  created_utc?: number | string;
  /** Local time of the server that wrote it, not UTC (correction 24): never read. */
  created?: number;
  edited?: boolean | number;
  score?: number;
  ups?: number;
  num_comments?: number;
  link_id?: string;
  parent_id?: string;
  link_title?: string;
  link_permalink?: string;
  removed_by_category?: string | null;
  over_18?: boolean;
}

export interface RedditThing {
  kind?: string;
  data?: RedditThingData;
}

export interface RedditListing {
  kind?: string;
  data?: { after?: string | null; before?: string | null; dist?: number; children?: RedditThing[] };
}

/** One id per Reddit thing across every source that finds it. */
export const REDDIT_SOURCE_KEY = 'reddit.com';
const WEB = 'https://www.reddit.com';
const GONE = new Set(['[deleted]', '[removed]']);

export function isFullname(value: unknown): value is string {
  return typeof value === 'string' && /^t[1-6]_[a-z0-9]{1,16}$/i.test(value);
}

/** `created_utc` in epoch seconds (float or int, sometimes a string); null when unusable. */
export function createdUtc(data: RedditThingData): number | null {
  const n = typeof data.created_utc === 'number' ? data.created_utc : typeof data.created_utc === 'string' ? Number(data.created_utc) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * With `raw_json=1` the `*_html` fields are raw HTML (correction 22); without it Reddit sends
 * them entity-escaped (`&lt;div class="md"&gt;`), which the pipeline would show as literal tags.
 * An escaped field starts with `&lt;`: undo exactly one level of escaping then.
 */
export function unescapeRedditHtml(html: string): { html: string; wasEscaped: boolean } {
  if (!/^\s*&lt;/.test(html)) return { html, wasEscaped: false };
  return { html: decodeBasicEntities(html), wasEscaped: true };
}

function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;/gi, "'")
    .replace(/&amp;/g, '&');
}

/** The item was deleted by its author or removed by moderators: its text is gone, not changed. */
export function isDeletedThing(kind: string | undefined, data: RedditThingData): boolean {
  if (kind === 't1') return typeof data.body === 'string' && GONE.has(data.body.trim());
  if (typeof data.selftext === 'string' && GONE.has(data.selftext.trim())) return true;
  return typeof data.removed_by_category === 'string' && data.removed_by_category.length > 0;
}

function safeRedditUrl(permalink: unknown, fallbackId: string, kind: string): string | null {
  if (typeof permalink === 'string' && permalink.startsWith('/') && !permalink.startsWith('//')) return `${WEB}${permalink}`;
  if (typeof permalink === 'string' && /^https:\/\/(www\.|old\.)?reddit\.com\//.test(permalink)) return permalink;
  return kind === 't3' ? `${WEB}/comments/${encodeURIComponent(fallbackId)}` : null;
}

function linkTarget(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : undefined;
}

export interface RedditMapContext {
  sourceId: string;
  collectedAt: Date;
}

/** A t3 post or t1 comment as a raw mention; null for other kinds or a thing without a fullname. */
export function redditThingToMention(thing: RedditThing, ctx: RedditMapContext): RawMention | null {
  const kind = thing.kind;
  const data = thing.data;
  if ((kind !== 't3' && kind !== 't1') || !data) return null;
  const name = isFullname(data.name) ? data.name : typeof data.id === 'string' && /^[a-z0-9]{1,16}$/i.test(data.id) ? `${kind}_${data.id}` : null;
  if (!name) return null;
  const id = name.slice(3);

  const html = kind === 't3' ? data.selftext_html : data.body_html;
  const markdown = kind === 't3' ? data.selftext : data.body;
  let escaped = false;
  let content = '';
  if (typeof html === 'string' && html.trim()) {
    const un = unescapeRedditHtml(html);
    content = un.html;
    escaped = un.wasEscaped;
  } else if (typeof markdown === 'string' && markdown.trim()) {
    content = markdown;
  } else if (kind === 't3' && data.is_self === false) {
    // A link post: what is shared is the link.
    content = linkTarget(data.url) ?? '';
  }
  const rawTitle = kind === 't3' ? data.title : data.link_title;
  // Titles are never HTML; they carry entities only where Reddit escaped everything (no raw_json).
  const title = typeof rawTitle === 'string' && rawTitle.trim() ? (escaped ? decodeBasicEntities(rawTitle) : rawTitle).trim().slice(0, 1_000) : null;

  const created = createdUtc(data);
  const author = typeof data.author === 'string' && data.author.trim() ? data.author.trim().slice(0, 100) : '[deleted]';
  const known = author !== '[deleted]' && /^[A-Za-z0-9_-]{1,40}$/.test(author);
  const engagement: MentionEngagement = {};
  const likes = count(data.ups ?? data.score);
  const replies = kind === 't3' ? count(data.num_comments) : undefined;
  if (likes !== undefined) engagement.likes = likes;
  if (replies !== undefined) engagement.replies = replies;
  const edited = typeof data.edited === 'number' && Number.isFinite(data.edited) && data.edited > 0 ? new Date(data.edited * 1000).toISOString() : null;

  return {
    id: mentionId('reddit', REDDIT_SOURCE_KEY, name),
    sourceType: 'reddit',
    sourceId: ctx.sourceId,
    sourceKey: REDDIT_SOURCE_KEY,
    externalId: name,
    url: safeRedditUrl(data.permalink, id, kind),
    title,
    content,
    author: {
      name: author,
      handle: known ? `u/${author}` : null,
      url: known ? `${WEB}/user/${encodeURIComponent(author)}` : null,
      followers: null,
    },
    publishedAt: new Date(created !== null ? created * 1000 : ctx.collectedAt.getTime()).toISOString(),
    collectedAt: ctx.collectedAt.toISOString(),
    editedAt: edited,
    engagement: Object.keys(engagement).length ? engagement : undefined,
    inReplyTo: kind === 't1' && isFullname(data.parent_id) ? data.parent_id : null,
    // Reddit has no language field.
    sourceLanguage: null,
  };
}
