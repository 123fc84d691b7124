/**
 * What the Bluesky collector remembers per search query. searchPosts' own `cursor` is an offset
 * into one result list (SOURCES.md correction 11): it shifts as posts arrive and means nothing in
 * the next run, so it is only followed inside a run. Between runs the cursor is a `sortAt`
 * watermark, re-read with an overlap, plus the uris already delivered in that window.
 */
export interface BlueskyQueryCursor {
  /** Highest `sortAt` delivered (ISO 8601), or null before the first run. */
  watermark: string | null;
  /** Uris delivered with their `sortAt` (epoch ms), newest first; pruned below the overlap window. */
  seen: Array<[string, number]>;
  /**
   * A walk cut short by the page limit: the range `[since, until)` still to read. `until` is one
   * second above the oldest post delivered, so equal timestamps are read again and `seen` drops them.
   * `cursor` is searchPosts' offset inside that fixed range, when a walk of the range itself was
   * cut (a fixed range does not shift as new posts arrive, so the offset stays meaningful).
   */
  resume: { since: string; until: string; cursor?: string } | null;
}

export interface BlueskyCursor {
  v: 1;
  /** By the query text sent as `q`. */
  queries: Record<string, BlueskyQueryCursor>;
}

export const MAX_BLUESKY_SEEN = 5_000;
const MAX_QUERIES = 20;

function isoOrNull(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** A stored cursor that is not well formed counts as none: the first run's window is read again, ids make that harmless. */
export function parseBlueskyCursor(value: unknown): BlueskyCursor {
  const empty: BlueskyCursor = { v: 1, queries: {} };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return empty;
  const v = value as { v?: unknown; queries?: unknown };
  if (v.v !== 1 || !v.queries || typeof v.queries !== 'object' || Array.isArray(v.queries)) return empty;
  const queries: Record<string, BlueskyQueryCursor> = {};
  for (const [q, raw] of Object.entries(v.queries as Record<string, unknown>).slice(0, MAX_QUERIES)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const watermark = isoOrNull(r.watermark);
    if (watermark === undefined) continue;
    const seen: Array<[string, number]> = [];
    for (const entry of Array.isArray(r.seen) ? r.seen : []) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && entry[0].length <= 600 && typeof entry[1] === 'number' && Number.isFinite(entry[1])) {
        seen.push([entry[0], entry[1]]);
      }
    }
    let resume: BlueskyQueryCursor['resume'] = null;
    const rr = r.resume as Record<string, unknown> | null | undefined;
    if (rr && typeof rr === 'object') {
      const since = isoOrNull(rr.since);
      const until = isoOrNull(rr.until);
      if (since && until) resume = { since, until };
      if (resume && typeof rr.cursor === 'string' && rr.cursor.length > 0 && rr.cursor.length <= 200) resume.cursor = rr.cursor;
    }
    queries[q] = { watermark, seen: seen.slice(0, MAX_BLUESKY_SEEN), resume };
  }
  return { v: 1, queries };
}
