/**
 * What the Hacker News adapter remembers per search between runs. Algolia only filters by time
 * (`created_at_i`, whole seconds, many hits share one), so each search keeps the newest second it
 * has fully walked, the ids delivered near it (re-scanned with an overlap for index lag), and — when
 * a walk was cut short — where that walk stopped, so the next run finishes it without a gap.
 */
export interface HnQueryCursor {
  /** Every hit with `created_at_i` up to this second has been delivered (0: not yet). */
  since: number;
  /** Ids delivered near the edges of the walk, with their `created_at_i`. */
  seen: Array<[string, number]>;
  /** A walk cut short: hits in [since − overlap, upper] are still to come; `top` becomes `since` at its end. */
  walk: { upper: number; top: number } | null;
}

export interface HnCursor {
  v: 1;
  /** By search key (`tags` + query text): a changed topic query starts its own cursor. */
  searches: Record<string, HnQueryCursor>;
}

export const HN_MAX_SEEN = 5_000;
const MAX_KEY_LENGTH = 2_000;
const MAX_SEARCHES = 20;

const isSecond = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A stored cursor, or null for anything that is not one (a fresh start re-delivers the newest page; ids make that harmless). */
export function parseHnCursor(value: unknown): HnCursor | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || !v.searches || typeof v.searches !== 'object' || Array.isArray(v.searches)) return null;
  const searches: Record<string, HnQueryCursor> = {};
  for (const [key, raw] of Object.entries(v.searches as Record<string, unknown>).slice(0, MAX_SEARCHES)) {
    if (key.length > MAX_KEY_LENGTH || !raw || typeof raw !== 'object') continue;
    const q = raw as Record<string, unknown>;
    if (!isSecond(q.since) || !Array.isArray(q.seen)) continue;
    const seen: Array<[string, number]> = [];
    for (const entry of q.seen.slice(0, HN_MAX_SEEN)) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && /^\d{1,20}$/.test(entry[0]) && isSecond(entry[1])) seen.push([entry[0], entry[1]]);
    }
    let walk: HnQueryCursor['walk'] = null;
    const w = q.walk as Record<string, unknown> | null | undefined;
    if (w && typeof w === 'object' && isSecond(w.upper) && isSecond(w.top)) walk = { upper: w.upper, top: w.top };
    searches[key] = { since: q.since, seen, walk };
  }
  return { v: 1, searches };
}
