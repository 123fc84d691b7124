import type { RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';

/*
 * Mastodon's Status and Account entities, as far as a listening tool reads them. Everything is
 * optional: servers from 2022 lack `quotes_count`, 4.5/4.6 add fields we ignore (`quote`,
 * `filtered`, `tagged_collections` …), and other Mastodon-API servers leave out more
 * (SOURCES.md corrections 5–10).
 */
export interface MastodonAccount {
  id?: string;
  username?: string | null;
  acct?: string | null;
  display_name?: string | null;
  url?: string | null;
  uri?: string | null;
  followers_count?: number | null;
  bot?: boolean | null;
}

export interface MastodonStatus {
  id?: string;
  uri?: string | null;
  url?: string | null;
  created_at?: string | null;
  edited_at?: string | null;
  language?: string | null;
  visibility?: string | null;
  sensitive?: boolean | null;
  spoiler_text?: string | null;
  content?: string | null;
  in_reply_to_id?: string | null;
  reblog?: MastodonStatus | null;
  replies_count?: number | null;
  reblogs_count?: number | null;
  favourites_count?: number | null;
  quotes_count?: number | null;
  account?: MastodonAccount | null;
  tags?: Array<{ name?: string; url?: string }> | null;
}

export interface MastodonNotification {
  id?: string;
  type?: string;
  created_at?: string;
  account?: MastodonAccount | null;
  /** Null when the status was deleted after the notification. */
  status?: MastodonStatus | null;
}

const MAX_TITLE_LENGTH = 1_000;

/** Mastodon ids are decimal strings that outgrow JS numbers; anything else is not an id. */
export function isMastodonId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,30}$/.test(value);
}

/** Compares id strings numerically (BigInt), never as JS numbers or plain strings. */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function maxId(ids: Iterable<string>, start: string | null = null): string | null {
  let best = start;
  for (const id of ids) if (best === null || compareIds(id, best) > 0) best = id;
  return best;
}

/** RFC 3339 with or without milliseconds (remote posts carry whole seconds) to UTC ISO; null when unreadable. */
export function isoDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function safeHttpUrl(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * `@user@instance` for everyone: `acct` is bare `user` for accounts of the instance we asked, so
 * the instance's host is added to make handles comparable across instances.
 */
export function handleOf(account: MastodonAccount | null | undefined, instanceHost: string): string | null {
  const acct = (account?.acct ?? account?.username ?? '').trim().replace(/^@/, '');
  if (!acct) return null;
  return `@${acct.includes('@') ? acct : `${acct}@${instanceHost}`}`;
}

/**
 * The status that carries the words. A boost (`reblog` set) is mapped as the boosted status under
 * that status's own id, so a boost and the original (or two boosts of it) are one mention: the
 * team answers the author, not the booster. Tag timelines and search do not list boosts; this only
 * matters for servers that do.
 */
export function originalOf(status: MastodonStatus): MastodonStatus {
  return status.reblog && typeof status.reblog === 'object' && isMastodonId(status.reblog.id) ? status.reblog : status;
}

/**
 * A status as a raw mention, keyed by the instance it was read from and its id there. `content`
 * stays HTML as Mastodon sent it (the pipeline turns it into text); `spoiler_text`, the content
 * warning, is plain text and becomes the title. `language` is passed on as the source's claim only
 * (it is often wrong). Returns null for a status without id or readable date.
 */
export function statusToMention(input: MastodonStatus, sourceId: string, instanceHost: string, collectedAt: string): RawMention | null {
  const status = originalOf(input);
  if (!isMastodonId(status.id)) return null;
  const publishedAt = isoDate(status.created_at);
  if (!publishedAt) return null;
  const account = status.account ?? null;
  const handle = handleOf(account, instanceHost);
  const name = (account?.display_name ?? '').trim() || (account?.username ?? '').trim() || handle || 'unknown';
  const spoiler = typeof status.spoiler_text === 'string' ? status.spoiler_text.replace(/\s+/g, ' ').trim() : '';
  const engagement: RawMention['engagement'] = {};
  const replies = count(status.replies_count);
  const reposts = count(status.reblogs_count);
  const likes = count(status.favourites_count);
  if (replies !== undefined) engagement.replies = replies;
  if (reposts !== undefined) engagement.reposts = reposts;
  if (likes !== undefined) engagement.likes = likes;
  const language = typeof status.language === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})?$/.test(status.language) ? status.language : null;
  const mention: RawMention = {
    id: mentionId('mastodon', instanceHost, status.id),
    sourceType: 'mastodon',
    sourceId,
    sourceKey: instanceHost,
    externalId: status.id,
    url: safeHttpUrl(status.url) ?? safeHttpUrl(status.uri),
    title: spoiler ? (spoiler.length > MAX_TITLE_LENGTH ? `${spoiler.slice(0, MAX_TITLE_LENGTH)}…` : spoiler) : null,
    content: typeof status.content === 'string' ? status.content : '',
    author: {
      name,
      handle,
      url: safeHttpUrl(account?.url) ?? safeHttpUrl(account?.uri),
      followers: count(account?.followers_count) ?? null,
    },
    publishedAt,
    collectedAt,
    editedAt: isoDate(status.edited_at),
    inReplyTo: isMastodonId(status.in_reply_to_id) ? status.in_reply_to_id : null,
    sourceLanguage: language,
  };
  if (Object.keys(engagement).length) mention.engagement = engagement;
  return mention;
}
