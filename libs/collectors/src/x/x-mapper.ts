import type { RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import { compareXIds, isXId } from './x-ids';
import type { XTweet, XUser } from './x-payload';

/** Posts are the same whatever source found them: one key for all X sources. */
export const X_SOURCE_KEY = 'x.com';
/** `und` undetermined, `qme` media/links only, `zxx` no linguistic content, `q…` hashtags/cashtags/amplify only. */
const NON_LANGUAGES = new Set(['und', 'qme', 'zxx', 'qht', 'qct', 'qst', 'qam']);
const MAX_NAME_LENGTH = 300;

export interface XMappingContext {
  sourceId: string;
  collectedAt: string;
  users: Map<string, XUser>;
}

/**
 * The id a post's mention is keyed on. An edit creates a new post id; `edit_history_tweet_ids`
 * lists every version, oldest first, so its first id names the original: all versions map to one
 * mention and the newest version overwrites the older ones. Pre-2022 payloads have no edit
 * history (correction 38): the post's own id is the original then.
 */
export function originalIdOf(tweet: XTweet): string | null {
  const first = tweet.edit_history_tweet_ids?.[0];
  if (isXId(first)) return first;
  return isXId(tweet.id) ? tweet.id : null;
}

export function mapTweet(tweet: XTweet, ctx: XMappingContext): RawMention | null {
  const id = tweet.id;
  const externalId = originalIdOf(tweet);
  if (!isXId(id) || !externalId) return null;
  const user = tweet.author_id ? ctx.users.get(tweet.author_id) : undefined;
  const username = user?.username && /^\w{1,50}$/.test(user.username) ? user.username : null;
  const created = isoDate(tweet.created_at);
  const m = tweet.public_metrics ?? {};
  const engagement: RawMention['engagement'] = {};
  if (isCount(m.reply_count)) engagement.replies = m.reply_count;
  if (isCount(m.retweet_count) || isCount(m.quote_count)) engagement.reposts = (m.retweet_count ?? 0) + (m.quote_count ?? 0);
  if (isCount(m.like_count)) engagement.likes = m.like_count;
  if (isCount(m.impression_count)) engagement.views = m.impression_count;
  const followers = user?.public_metrics?.followers_count;
  const isEdit = externalId !== id;
  const lang = typeof tweet.lang === 'string' ? tweet.lang.trim().toLowerCase() : '';
  const name = clip(user?.name) ?? (username ? `@${username}` : null);
  return {
    id: mentionId('x', X_SOURCE_KEY, externalId),
    sourceType: 'x',
    sourceId: ctx.sourceId,
    sourceKey: X_SOURCE_KEY,
    externalId,
    // The permalink of the version we hold: older versions still open, but show a "there's a new version" banner.
    url: `https://x.com/${username ?? 'i/web'}/status/${id}`,
    title: null,
    // Long posts are cut at 280 characters in `text`; `note_tweet.text` has them whole. X escapes
    // `&`, `<`, `>` as entities in both: kept as is, the pipeline decodes them.
    content: tweet.note_tweet?.text ?? tweet.text ?? '',
    author: {
      name: name ?? (tweet.author_id ? `X user ${tweet.author_id}` : 'X user'),
      handle: username ? `@${username}` : null,
      url: username ? `https://x.com/${username}` : null,
      followers: isCount(followers) ? followers : null,
    },
    publishedAt: created ?? ctx.collectedAt,
    collectedAt: ctx.collectedAt,
    // An edit's `created_at` is when the new version was posted.
    editedAt: isEdit ? created : null,
    engagement,
    inReplyTo: tweet.referenced_tweets?.find((r) => r.type === 'replied_to' && isXId(r.id))?.id ?? null,
    sourceLanguage: lang && !NON_LANGUAGES.has(lang) && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(lang) ? lang : null,
  };
}

/**
 * Maps a page's posts. Two versions of one edited post in the same batch become one mention: the
 * newer version (the larger id) wins.
 */
export function mapTweets(tweets: XTweet[], ctx: XMappingContext): RawMention[] {
  const byOriginal = new Map<string, { versionId: string; mention: RawMention }>();
  for (const tweet of tweets) {
    const mention = mapTweet(tweet, ctx);
    if (!mention) continue;
    const existing = byOriginal.get(mention.externalId);
    if (existing && compareXIds(existing.versionId, tweet.id!) >= 0) continue;
    byOriginal.set(mention.externalId, { versionId: tweet.id!, mention });
  }
  return [...byOriginal.values()].map((v) => v.mention);
}

export function usersById(users: XUser[] | undefined): Map<string, XUser> {
  const map = new Map<string, XUser>();
  for (const user of users ?? []) if (typeof user.id === 'string') map.set(user.id, user);
  return map;
}

function isoDate(value: string | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function clip(value: string | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  return trimmed.length > MAX_NAME_LENGTH ? `${trimmed.slice(0, MAX_NAME_LENGTH)}…` : trimmed;
}
