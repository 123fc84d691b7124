import type { MentionEngagement, RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import type { BskyFacet, BskyPostView } from './bluesky.types';

/** Every Bluesky post lives in one network, whichever PDS we asked: one id per post across sources. */
export const BLUESKY_SOURCE_KEY = 'bsky.app';
const WEB = 'https://bsky.app';
const MAX_TEXT_BYTES = 100_000;
/** A `createdAt` this far after `indexedAt` is a wrong client clock, not a publication time. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * `createdAt` is written by clients and comes in many spellings (SOURCES.md correction 15): `Z`
 * with milliseconds, microseconds with `+00:00`, other offsets, no fraction at all, sometimes no
 * zone. Returns epoch milliseconds or null.
 */
export function parseBlueskyDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (!m) {
    const fallback = Date.parse(text);
    return Number.isNaN(fallback) ? null : fallback;
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number((frac + '000').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    t -= sign * offset * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

/**
 * The time searchPosts sorts and filters on (`sortAt`): the earlier of the client's `createdAt`
 * and the AppView's `indexedAt`, so a post with a future `createdAt` is placed at its indexing.
 */
export function sortAtOf(post: BskyPostView): number | null {
  const created = parseBlueskyDate(post.record?.createdAt);
  const indexed = parseBlueskyDate(post.indexedAt);
  if (created === null) return indexed;
  if (indexed === null) return created;
  return Math.min(created, indexed);
}

/** `at://{did}/app.bsky.feed.post/{rkey}` → its parts, or null for anything else. */
export function parsePostUri(uri: unknown): { did: string; rkey: string } | null {
  if (typeof uri !== 'string') return null;
  const m = /^at:\/\/([^/\s]+)\/app\.bsky\.feed\.post\/([A-Za-z0-9._:~-]{1,512})$/.exec(uri);
  return m ? { did: m[1], rkey: m[2] } : null;
}

function usableHandle(handle: unknown): string | null {
  // `handle.invalid` is what the AppView shows when a handle no longer verifies: link by DID then.
  return typeof handle === 'string' && /^[A-Za-z0-9.-]{1,253}$/.test(handle) && handle !== 'handle.invalid' ? handle : null;
}

export function blueskyPermalink(post: BskyPostView): string | null {
  const parts = parsePostUri(post.uri);
  if (!parts) return null;
  const actor = usableHandle(post.author?.handle) ?? parts.did;
  return `${WEB}/profile/${encodeURIComponent(actor)}/post/${encodeURIComponent(parts.rkey)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function featureHref(facet: BskyFacet): string | null {
  for (const feature of Array.isArray(facet.features) ? facet.features : []) {
    if (!feature || typeof feature !== 'object') continue;
    const type = typeof feature.$type === 'string' ? feature.$type : '';
    if (type.endsWith('#link') && typeof feature.uri === 'string') {
      try {
        const url = new URL(feature.uri);
        if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
      } catch {
        // A link facet that is not a URL is just text.
      }
    } else if (type.endsWith('#mention') && typeof feature.did === 'string' && /^did:[a-z]+:[A-Za-z0-9._:%-]+$/.test(feature.did)) {
      return `${WEB}/profile/${encodeURIComponent(feature.did)}`;
    } else if (type.endsWith('#tag') && typeof feature.tag === 'string' && feature.tag.trim()) {
      return `${WEB}/hashtag/${encodeURIComponent(feature.tag.trim())}`;
    }
  }
  return null;
}

const isContinuationByte = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/**
 * The post as escaped HTML with its facets as links. Bluesky text is plain and facets point into
 * it by UTF-8 byte offsets (not JS string indices, which differ as soon as an accent or emoji comes
 * before them). Writing them as `<a href>` keeps the full link target (the text often shows a
 * shortened URL) and lets the pipeline count links, while escaping keeps a literal `<b>` typed in a
 * post from being read as markup. Facets out of range, overlapping or cutting a character in two
 * are ignored: the text stays whole either way.
 */
export function blueskyContentHtml(text: string, facets: BskyFacet[] | undefined): string {
  const bytes = Buffer.from(text, 'utf8').subarray(0, MAX_TEXT_BYTES);
  const spans: Array<{ start: number; end: number; href: string }> = [];
  for (const facet of Array.isArray(facets) ? facets : []) {
    if (!facet || typeof facet !== 'object') continue;
    const start = facet.index?.byteStart;
    const end = facet?.index?.byteEnd;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start! < 0 || end! <= start! || end! > bytes.length) continue;
    if (isContinuationByte(bytes[start!]) || isContinuationByte(bytes[end!])) continue;
    const href = featureHref(facet);
    if (href) spans.push({ start: start!, end: end!, href });
  }
  spans.sort((a, b) => a.start - b.start);
  let html = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping facet
    html += escapeHtml(bytes.subarray(at, span.start).toString('utf8'));
    html += `<a href="${escapeHtml(span.href)}">${escapeHtml(bytes.subarray(span.start, span.end).toString('utf8'))}</a>`;
    at = span.end;
  }
  return html + escapeHtml(bytes.subarray(at).toString('utf8'));
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}

export interface BlueskyMapContext {
  sourceId: string;
  collectedAt: Date;
  /** Followers by DID, where getProfiles answered. */
  followers?: ReadonlyMap<string, number>;
}

/** A searchPosts `postView` as a raw mention; null when it has no usable `at://` post uri. */
export function blueskyPostToMention(post: BskyPostView, ctx: BlueskyMapContext): RawMention | null {
  const parts = parsePostUri(post.uri);
  if (!parts) return null;
  const uri = post.uri!;
  const record = post.record ?? {};
  const text = typeof record.text === 'string' ? record.text : '';
  const created = parseBlueskyDate(record.createdAt);
  const indexed = parseBlueskyDate(post.indexedAt);
  let published = created ?? indexed ?? ctx.collectedAt.getTime();
  if (created !== null && indexed !== null && created > indexed + FUTURE_TOLERANCE_MS) published = indexed;

  const did = typeof post.author?.did === 'string' ? post.author.did : parts.did;
  const handle = usableHandle(post.author?.handle);
  const displayName = typeof post.author?.displayName === 'string' ? post.author.displayName.trim().slice(0, 300) : '';
  const engagement: MentionEngagement = {};
  const replies = count(post.replyCount);
  const reposts = count(post.repostCount);
  const quotes = count(post.quoteCount);
  const likes = count(post.likeCount);
  if (replies !== undefined) engagement.replies = replies;
  // A quote is a repost with a comment: both spread the post.
  if (reposts !== undefined || quotes !== undefined) engagement.reposts = (reposts ?? 0) + (quotes ?? 0);
  if (likes !== undefined) engagement.likes = likes;
  const lang = Array.isArray(record.langs) ? record.langs.find((l) => typeof l === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(l)) : undefined;
  const parent = record.reply?.parent?.uri;
  const followers = ctx.followers?.get(did);

  return {
    id: mentionId('bluesky', BLUESKY_SOURCE_KEY, uri),
    sourceType: 'bluesky',
    sourceId: ctx.sourceId,
    sourceKey: BLUESKY_SOURCE_KEY,
    externalId: uri,
    url: blueskyPermalink(post),
    title: null,
    content: blueskyContentHtml(text, record.facets),
    author: {
      name: displayName || handle || did,
      handle,
      url: `${WEB}/profile/${encodeURIComponent(handle ?? did)}`,
      followers: followers ?? null,
    },
    publishedAt: new Date(published).toISOString(),
    collectedAt: ctx.collectedAt.toISOString(),
    // Records are immutable in practice: a changed record is a new version, not a marked edit.
    editedAt: null,
    engagement: Object.keys(engagement).length ? engagement : undefined,
    inReplyTo: typeof parent === 'string' && parent.startsWith('at://') ? parent : null,
    sourceLanguage: lang ? lang.toLowerCase() : null,
  };
}
