/**
 * Where a Discourse walk stands. Post ids grow with time on a forum, so the cursor is the highest
 * post id delivered (`newest`) per stream (`latest` = `/posts.json`, or one search query). A walk
 * from the top that ran out of pages leaves a `gap`: posts with `above < id < below` are not
 * delivered yet, and the next run fills it before looking at the top again, so there is never
 * more than one gap per stream and nothing is skipped.
 */
export interface DiscourseStreamCursor {
  newest: string | null;
  gap: { above: string; below: string; page: number | null } | null;
}

export interface DiscourseCursor {
  v: 1;
  /** `latest`, or `search:<query as sent>`; a stream whose query changed starts afresh. */
  streams: Record<string, DiscourseStreamCursor>;
  /**
   * Recently delivered posts with their `version` (-1: reported deleted), newest first, bounded:
   * a post seen again with another version was edited, and is delivered again as an update.
   */
  versions: Array<[string, number]>;
}

export const MAX_TRACKED_VERSIONS = 1_000;
const ID = /^\d{1,20}$/;

export function emptyDiscourseCursor(): DiscourseCursor {
  return { v: 1, streams: {}, versions: [] };
}

/** Anything that is not a well-formed cursor is "no cursor" (a fresh start is harmless: ids are deterministic). */
export function parseDiscourseCursor(value: unknown): DiscourseCursor | null {
  if (!isObject(value) || value.v !== 1 || !isObject(value.streams) || !Array.isArray(value.versions)) return null;
  const streams: Record<string, DiscourseStreamCursor> = {};
  for (const [key, raw] of Object.entries(value.streams)) {
    if (key.length > 2_000 || !isObject(raw)) return null;
    const newest = raw.newest === null || raw.newest === undefined ? null : idOrUndefined(raw.newest);
    if (newest === undefined) return null;
    let gap: DiscourseStreamCursor['gap'] = null;
    if (raw.gap !== null && raw.gap !== undefined) {
      if (!isObject(raw.gap)) return null;
      const above = idOrUndefined(raw.gap.above);
      const below = idOrUndefined(raw.gap.below);
      const page = raw.gap.page === null || raw.gap.page === undefined ? null : raw.gap.page;
      if (!above || !below || (page !== null && (typeof page !== 'number' || !Number.isInteger(page) || page < 1 || page > 10_000))) return null;
      gap = { above, below, page };
    }
    streams[key] = { newest, gap };
  }
  const versions: Array<[string, number]> = [];
  for (const entry of value.versions.slice(0, MAX_TRACKED_VERSIONS)) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const id = idOrUndefined(entry[0]);
    if (!id || typeof entry[1] !== 'number' || !Number.isInteger(entry[1])) return null;
    versions.push([id, entry[1]]);
  }
  return { v: 1, streams, versions };
}

function idOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
