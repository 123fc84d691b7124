import { createHash } from 'node:crypto';
import { BRAND_CHANNELS, isBrandChannel, type BrandChannel } from '@ascolto/domain';

/**
 * One item pushed to a webhook or read from an import file, after validation: the one shape both
 * paths store and map to a RawMention. Everything here came from outside and is untrusted; the
 * validator only guarantees types, sizes and well-formed text, never that the content is benign.
 */
export interface PushItem {
  /** The item's id at its origin (message id, post id); with the source it makes the mention id. */
  id: string;
  /** Plain text or HTML as the origin gave it; '' only for a deletion. */
  text: string;
  title: string | null;
  url: string | null;
  /** ISO 8601, UTC; for a deletion without a date, the deletion time. */
  publishedAt: string;
  editedAt: string | null;
  author: { name: string | null; handle: string | null; url: string | null; followers: number | null };
  inReplyTo: string | null;
  language: string | null;
  engagement: { replies?: number; reposts?: number; likes?: number; views?: number } | null;
  rating: number | null;
  /** The origin deleted the item: the mention is marked, its text kept. */
  deleted: boolean;
  deletedAt: string | null;
  /**
   * The sender says the item was written to the brand (a chat widget's or a help desk's private
   * message, a comment on the brand's page). Absent when not given, so items stored before it
   * existed hash as they did.
   */
  brandChannel?: BrandChannel;
}

export type PushItemCheck = { ok: true; item: PushItem } | { ok: false; reason: string };

export const PUSH_LIMITS = {
  idChars: 512,
  textChars: 100_000,
  titleChars: 1_000,
  urlChars: 2_048,
  nameChars: 300,
  languageChars: 35,
} as const;

const ENGAGEMENT_KEYS = ['replies', 'reposts', 'likes', 'views'] as const;
const ITEM_KEYS = new Set([
  'id',
  'text',
  'title',
  'url',
  'publishedAt',
  'editedAt',
  'author',
  'inReplyTo',
  'language',
  'engagement',
  'rating',
  'deleted',
  'deletedAt',
  'brandChannel',
]);
const AUTHOR_KEYS = new Set(['name', 'handle', 'url', 'followers']);
// Dates outside this window are typos (year 20240) or epoch mistakes (1970), not real posts.
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST_AHEAD_MS = 24 * 60 * 60_000;

class Reject extends Error {}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes text safe to store and index: PostgreSQL's jsonb refuses NUL characters and unpaired
 * surrogates (a hostile or truncated emoji), so NUL is dropped and lone surrogates become U+FFFD.
 * Nothing else is changed: HTML stays as sent, the pipeline turns it into text.
 */
export function wellFormedText(value: string): string {
  return value.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

function text(value: unknown, field: string, max: number, opts: { required?: boolean } = {}): string | null {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    if (opts.required) throw new Reject(`${field} is required`);
    return null;
  }
  if (typeof value === 'number' && Number.isFinite(value) && (field === 'id' || field === 'inReplyTo')) value = String(value);
  if (typeof value !== 'string') throw new Reject(`${field} must be text`);
  if (value.length > max) throw new Reject(`${field} is longer than ${max} characters`);
  return wellFormedText(value);
}

function date(value: unknown, field: string, now: Date, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new Reject(`${field} is required`);
    return null;
  }
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds (10 digits) or milliseconds (13): both are common in exports and webhooks.
    ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string' && value.length <= 64) {
    const trimmed = value.trim();
    ms = /^\d{9,13}$/.test(trimmed) ? (trimmed.length <= 11 ? Number(trimmed) * 1000 : Number(trimmed)) : Date.parse(trimmed);
  } else {
    throw new Reject(`${field} must be an ISO 8601 date or epoch seconds`);
  }
  if (!Number.isFinite(ms)) throw new Reject(`${field} is not a date`);
  if (ms < EARLIEST || ms > now.getTime() + LATEST_AHEAD_MS) throw new Reject(`${field} is out of range`);
  return new Date(ms).toISOString();
}

function httpUrl(value: unknown, field: string): string | null {
  const raw = text(value, field, PUSH_LIMITS.urlChars);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    throw new Reject(`${field} must be an absolute http(s) URL`);
  }
  // javascript:, data: and friends would become clickable links in the dashboard.
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Reject(`${field} must be an absolute http(s) URL`);
  return parsed.toString();
}

function count(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > Number.MAX_SAFE_INTEGER) {
    throw new Reject(`${field} must be a whole number ≥ 0`);
  }
  return n;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks one pushed or imported item and returns it in canonical form, or the first reason it
 * cannot be taken (said so that the sender can fix it: field name and rule, never the value).
 */
export function validatePushItem(input: unknown, now: Date): PushItemCheck {
  try {
    if (!plainObject(input)) throw new Reject('item must be a JSON object');
    const unknown = Object.keys(input).filter((key) => !ITEM_KEYS.has(key));
    if (unknown.length) throw new Reject(`unknown field ${unknown[0].slice(0, 40)}`);
    const deleted = input.deleted === undefined || input.deleted === null ? false : input.deleted;
    if (typeof deleted !== 'boolean') throw new Reject('deleted must be true or false');

    const id = text(input.id, 'id', PUSH_LIMITS.idChars, { required: true })!;
    const deletedAt = date(input.deletedAt, 'deletedAt', now, false);
    const body = text(input.text, 'text', PUSH_LIMITS.textChars, { required: !deleted }) ?? '';
    const publishedAt = date(input.publishedAt, 'publishedAt', now, !deleted) ?? deletedAt ?? now.toISOString();

    let author: PushItem['author'] = { name: null, handle: null, url: null, followers: null };
    if (input.author !== undefined && input.author !== null) {
      if (typeof input.author === 'string') {
        author = { ...author, name: text(input.author, 'author', PUSH_LIMITS.nameChars) };
      } else if (plainObject(input.author)) {
        const extra = Object.keys(input.author).filter((key) => !AUTHOR_KEYS.has(key));
        if (extra.length) throw new Reject(`unknown field author.${extra[0].slice(0, 40)}`);
        author = {
          name: text(input.author.name, 'author.name', PUSH_LIMITS.nameChars),
          handle: text(input.author.handle, 'author.handle', PUSH_LIMITS.nameChars),
          url: httpUrl(input.author.url, 'author.url'),
          followers: count(input.author.followers, 'author.followers') ?? null,
        };
      } else {
        throw new Reject('author must be an object or text');
      }
    }

    let engagement: PushItem['engagement'] = null;
    if (input.engagement !== undefined && input.engagement !== null) {
      if (!plainObject(input.engagement)) throw new Reject('engagement must be an object');
      const extra = Object.keys(input.engagement).filter((key) => !(ENGAGEMENT_KEYS as readonly string[]).includes(key));
      if (extra.length) throw new Reject(`unknown field engagement.${extra[0].slice(0, 40)}`);
      engagement = {};
      for (const key of ENGAGEMENT_KEYS) {
        const n = count(input.engagement[key], `engagement.${key}`);
        if (n !== undefined) engagement[key] = n;
      }
    }

    let rating: number | null = null;
    if (input.rating !== undefined && input.rating !== null && input.rating !== '') {
      const n = typeof input.rating === 'string' ? Number(input.rating.trim()) : input.rating;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 1 || n > 5) throw new Reject('rating must be a number from 1 to 5');
      rating = n;
    }

    const language = text(input.language, 'language', PUSH_LIMITS.languageChars);
    if (language !== null && !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(language)) throw new Reject('language must be a language code such as it or en-GB');

    const channel = typeof input.brandChannel === 'string' ? input.brandChannel.trim() : input.brandChannel;
    if (channel !== undefined && channel !== null && channel !== '' && !isBrandChannel(channel)) {
      throw new Reject(`brandChannel must be one of ${BRAND_CHANNELS.join(', ')}`);
    }

    return {
      ok: true,
      item: {
        id,
        text: body,
        title: text(input.title, 'title', PUSH_LIMITS.titleChars),
        url: httpUrl(input.url, 'url'),
        publishedAt,
        editedAt: date(input.editedAt, 'editedAt', now, false),
        author,
        inReplyTo: text(input.inReplyTo, 'inReplyTo', PUSH_LIMITS.idChars),
        language: language?.toLowerCase().replace('_', '-') ?? null,
        engagement,
        rating,
        deleted,
        deletedAt: deleted ? (deletedAt ?? now.toISOString()) : null,
        ...(isBrandChannel(channel) ? { brandChannel: channel } : {}),
      },
    };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, reason: error.message };
    throw error;
  }
}

/**
 * SHA-256 of the item's canonical JSON (keys in a fixed order, as `validatePushItem` builds them):
 * the same item delivered twice hashes the same, an edit hashes differently. A deletion hashes
 * by id alone, so a deletion sent again (perhaps with another time) is a repeat, not news.
 */
export function pushItemHash(item: PushItem): string {
  const canonical = item.deleted ? { id: item.id, deleted: true } : item;
  return createHash('sha256').update(JSON.stringify(canonical), 'utf8').digest('hex');
}
