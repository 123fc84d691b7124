import { isMastodonId } from './mastodon-mapper';

/** Where one followed feed (the hashtag timeline, the mentions, one search) stands. */
export interface MastodonFeedCursor {
  /**
   * The newest timeline / notification / status id delivered: the next walk asks for what comes
   * after it (`min_id`). Null before the first item.
   */
  newestId: string | null;
  /**
   * The lowest id of a full first page, where listening started: the re-scan never goes below it,
   * or it would back-fill what the first run chose not to take. Null when nothing was left below.
   */
  startId: string | null;
  /**
   * Status ids delivered just below `newestId` with their `edited_at` (`""` for none): the re-scan
   * below the cursor drops these, delivers the ones it has not seen (late arrivals) and re-delivers
   * edited ones.
   */
  recent: Array<[string, string]>;
  /**
   * A search walk cut short at `offset`: ids in (newestId, upper) are still to come; ids from
   * `upper` up were delivered; `top` becomes `newestId` at its end.
   */
  walk: { upper: string; top: string; offset: number } | null;
}

export interface MastodonCursor {
  v: 1;
  /** Mode and what it follows (hashtag and filters); a changed setting starts over. */
  key: string;
  /** By search text for `search` mode (Mastodon has no OR), else one entry under "". */
  feeds: Record<string, MastodonFeedCursor>;
}

export const MASTODON_MAX_RECENT = 2_000;
const MAX_FEEDS = 20;

/** A stored cursor, or null for anything that is not one (a fresh start takes the newest page again; ids make that harmless). */
export function parseMastodonCursor(value: unknown): MastodonCursor | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || typeof v.key !== 'string' || v.key.length > 4_000 || !v.feeds || typeof v.feeds !== 'object' || Array.isArray(v.feeds)) return null;
  const feeds: Record<string, MastodonFeedCursor> = {};
  for (const [name, raw] of Object.entries(v.feeds as Record<string, unknown>).slice(0, MAX_FEEDS)) {
    if (!raw || typeof raw !== 'object') continue;
    const f = raw as Record<string, unknown>;
    if (f.newestId !== null && !isMastodonId(f.newestId)) continue;
    const recent: Array<[string, string]> = [];
    for (const entry of Array.isArray(f.recent) ? f.recent.slice(0, MASTODON_MAX_RECENT) : []) {
      if (Array.isArray(entry) && isMastodonId(entry[0]) && typeof entry[1] === 'string' && entry[1].length <= 40) recent.push([entry[0], entry[1]]);
    }
    const w = f.walk as Record<string, unknown> | null | undefined;
    const walk =
      w && typeof w === 'object' && isMastodonId(w.upper) && isMastodonId(w.top) && typeof w.offset === 'number' && Number.isSafeInteger(w.offset) && w.offset >= 0
        ? { upper: w.upper, top: w.top, offset: w.offset }
        : null;
    const startId = isMastodonId(f.startId) ? f.startId : null;
    feeds[name] = { newestId: (f.newestId as string | null) ?? null, startId, recent, walk };
  }
  return { v: 1, key: v.key, feeds };
}
