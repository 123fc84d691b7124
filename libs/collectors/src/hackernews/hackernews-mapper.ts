import type { RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';

/**
 * One hit of Algolia's HN index as `search_by_date` returns it. Every field is optional: 2014 hits
 * carry `""` where today's carry nothing at all (SOURCES.md corrections 28–30), and story and
 * comment hits have different halves filled.
 */
export interface HnHit {
  objectID?: string | number | null;
  created_at?: string | null;
  created_at_i?: number | null;
  updated_at?: string | null;
  author?: string | null;
  title?: string | null;
  url?: string | null;
  story_text?: string | null;
  comment_text?: string | null;
  points?: number | null;
  num_comments?: number | null;
  story_id?: number | string | null;
  story_title?: string | null;
  story_url?: string | null;
  parent_id?: number | string | null;
  _tags?: string[] | null;
}

export interface HnSearchPage {
  hits?: HnHit[] | null;
  nbHits?: number | null;
  page?: number | null;
  nbPages?: number | null;
  hitsPerPage?: number | null;
}

/** Every HN source sees the same items: one source key lets two searches that find a comment share its mention. */
export const HN_SOURCE_KEY = 'news.ycombinator.com';
const HN_ITEM_URL = 'https://news.ycombinator.com/item?id=';
const HN_USER_URL = 'https://news.ycombinator.com/user?id=';
const MAX_TITLE_LENGTH = 1_000;

/** Missing, `null` and `""` all mean "nothing" on this API. */
export function present(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  return value.trim() === '' ? null : value;
}

/** The hit's time in epoch seconds: `created_at_i`, else the ISO `created_at`. */
export function hitSeconds(hit: HnHit): number | null {
  if (typeof hit.created_at_i === 'number' && Number.isFinite(hit.created_at_i)) return Math.floor(hit.created_at_i);
  const iso = present(hit.created_at);
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

/** The HN item id as a string of digits, or null for a hit we cannot key. */
export function hitId(hit: HnHit): string | null {
  const raw = hit.objectID;
  const id = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  return /^\d{1,20}$/.test(id) ? id : null;
}

export function isComment(hit: HnHit): boolean {
  if (Array.isArray(hit._tags)) return hit._tags.includes('comment');
  return present(hit.comment_text) !== null && present(hit.title) === null;
}

/**
 * Old hits hold literal backslash sequences (`\n`, `\t` as two characters) where HN had line
 * breaks; the pipeline cannot tell them from text, so they are turned back into whitespace here,
 * except inside `<pre>` blocks where a backslash-n in code is meant literally.
 */
export function unescapeBackslashes(html: string): string {
  return html
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/i)
    .map((part) => (/^<pre[\s>]/i.test(part) ? part : part.replace(/\\r\\n|\\n|\\r/g, '\n').replace(/\\t/g, '\t')))
    .join('');
}

/** Plain text for a title: tags dropped, the common entities decoded (titles are plain text on HN, but not always). */
export function plainTitle(value: string | null | undefined): string | null {
  const text = present(value);
  if (!text) return null;
  const plain = decodeEntities(text.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return null;
  return plain.length > MAX_TITLE_LENGTH ? `${plain.slice(0, MAX_TITLE_LENGTH)}…` : plain;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function idString(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d{1,20}$/.test(value.trim())) return value.trim();
  return null;
}

/**
 * A hit as a raw mention. Stories carry their title and `story_text` (empty for link posts);
 * comments carry `comment_text` and point at their parent. Comments get no title: the story's
 * title would make a comment match a topic it never mentions. `updated_at` is Algolia's record
 * refresh (points, comment counts), not an edit, so `editedAt` stays unset. Returns null for a hit
 * without a usable id or time.
 */
export function hitToMention(hit: HnHit, sourceId: string, collectedAt: string): RawMention | null {
  const externalId = hitId(hit);
  const seconds = hitSeconds(hit);
  if (!externalId || seconds === null) return null;
  const comment = isComment(hit);
  const author = present(hit.author);
  const body = present(comment ? hit.comment_text : hit.story_text);
  const engagement: RawMention['engagement'] = {};
  const points = count(hit.points);
  if (points !== undefined) engagement.likes = points;
  const replies = count(hit.num_comments);
  if (!comment && replies !== undefined) engagement.replies = replies;
  const mention: RawMention = {
    id: mentionId('hackernews', HN_SOURCE_KEY, externalId),
    sourceType: 'hackernews',
    sourceId,
    sourceKey: HN_SOURCE_KEY,
    externalId,
    url: `${HN_ITEM_URL}${externalId}`,
    title: comment ? null : plainTitle(hit.title),
    content: body ? unescapeBackslashes(body) : linkOnlyContent(hit),
    author: {
      name: author ?? '[deleted]',
      handle: author,
      url: author ? `${HN_USER_URL}${encodeURIComponent(author)}` : null,
      followers: null,
    },
    publishedAt: new Date(seconds * 1000).toISOString(),
    collectedAt,
    editedAt: null,
    inReplyTo: comment ? idString(hit.parent_id) ?? idString(hit.story_id) : null,
    sourceLanguage: null,
  };
  if (Object.keys(engagement).length) mention.engagement = engagement;
  return mention;
}

/** A link story has no text: its linked URL is what it says (kept as a link the pipeline keeps). */
function linkOnlyContent(hit: HnHit): string {
  const url = present(hit.url);
  if (!url || !/^https?:\/\//i.test(url.trim())) return '';
  const safe = url.trim().replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<a href="${safe}">${safe}</a>`;
}
