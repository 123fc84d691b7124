import { isFullname } from './reddit.mapper';

/**
 * What the Reddit collector remembers per stream (a subreddit listing or a search). Fullnames are
 * base-36 and never compared; order comes from the listing itself and from `created_utc`.
 */
export interface RedditStreamCursor {
  /** Fullname of the newest item delivered: `before=` it asks for what came after. */
  anchor: string | null;
  /** Highest `created_utc` delivered (epoch seconds). */
  watermark: number | null;
  /** Fullnames delivered with their `created_utc`, newest first, pruned below the overlap window. */
  seen: Array<[string, number]>;
  /**
   * A newest-first walk cut by the page limit: continue with `after` down to `floor` (epoch
   * seconds), the watermark before that walk.
   */
  resume: { after: string; floor: number } | null;
  /** When this stream was last read (epoch seconds): an item edited since then is delivered again. */
  polledAt: number | null;
}

export interface RedditCursor {
  v: 1;
  streams: Record<string, RedditStreamCursor>;
}

export const MAX_REDDIT_SEEN = 3_000;
const MAX_STREAMS = 20;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Anything malformed counts as no cursor for that stream: the first-run window is read again; ids make that harmless. */
export function parseRedditCursor(value: unknown): RedditCursor {
  const empty: RedditCursor = { v: 1, streams: {} };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return empty;
  const v = value as { v?: unknown; streams?: unknown };
  if (v.v !== 1 || !v.streams || typeof v.streams !== 'object' || Array.isArray(v.streams)) return empty;
  const streams: Record<string, RedditStreamCursor> = {};
  for (const [key, raw] of Object.entries(v.streams as Record<string, unknown>).slice(0, MAX_STREAMS)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const seen: Array<[string, number]> = [];
    for (const entry of Array.isArray(r.seen) ? r.seen : []) {
      if (Array.isArray(entry) && isFullname(entry[0]) && finite(entry[1]) !== null) seen.push([entry[0], entry[1] as number]);
    }
    const rr = r.resume as Record<string, unknown> | null | undefined;
    const resume = rr && typeof rr === 'object' && isFullname(rr.after) && finite(rr.floor) !== null ? { after: rr.after, floor: rr.floor as number } : null;
    streams[key] = {
      anchor: isFullname(r.anchor) ? r.anchor : null,
      watermark: finite(r.watermark),
      seen: seen.slice(0, MAX_REDDIT_SEEN),
      resume,
      polledAt: finite(r.polledAt),
    };
  }
  return { v: 1, streams };
}
