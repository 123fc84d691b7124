/**
 * What the YouTube adapter remembers between runs. The API has no "since" parameter: threads come
 * newest first (`order=time`), so each stream (a channel or a watched video) keeps the newest
 * thread time it has delivered plus the ids seen near it (ties and late arrivals inside the
 * overlap), and a page walk that was cut short keeps its page token and the time it must reach,
 * so the next run finishes it before the stream's mark moves (SOURCES.md §0.2).
 */
export interface YtStreamCursor {
  /** Newest thread time delivered (ISO); null before the first complete walk. */
  newest: string | null;
  /** Ids delivered whose thread time is within the overlap of `newest`, with that time (ms). */
  seen: Array<[string, number]>;
  /** An unfinished newest-first walk. */
  walk: { pageToken: string; until: string | null; newest: string | null; seen: Array<[string, number]> } | null;
  /** When the stream was last asked (streams asked longest ago go first when pages run short). */
  polledAt: string | null;
}

export interface YouTubeCursor {
  v: 1;
  /** `channel:<id>` or `video:<id>`. */
  streams: Record<string, YtStreamCursor>;
  search: { lastRunAt: string | null; publishedAfter: string | null; seenVideoIds: string[] };
  /** Videos found by search, watched for comments until `until`. */
  watched: Array<{ videoId: string; until: string }>;
  /** Videos that refused comments (`commentsDisabled`) or are gone (`videoNotFound`), retried after a day. */
  unavailable: Record<string, { reason: string; at: string }>;
}

export const MAX_SEEN = 500;
export const MAX_WATCHED = 50;
export const MAX_SEEN_VIDEOS = 1_000;
const MAX_TOKEN = 2_048;
const MAX_ID = 200;

export function emptyYouTubeCursor(): YouTubeCursor {
  return { v: 1, streams: {}, search: { lastRunAt: null, publishedAfter: null, seenVideoIds: [] }, watched: [], unavailable: {} };
}

/** A stored cursor from PostgreSQL; anything malformed counts as a fresh start (ids make repeats harmless). */
export function parseYouTubeCursor(value: unknown): YouTubeCursor {
  const fresh = emptyYouTubeCursor();
  if (!isObject(value) || value.v !== 1) return fresh;
  const streams: Record<string, YtStreamCursor> = {};
  if (isObject(value.streams)) {
    for (const [key, raw] of Object.entries(value.streams)) {
      if (!/^(channel|video):[\w-]{1,100}$/.test(key) || !isObject(raw)) continue;
      const stream = parseStream(raw);
      if (stream) streams[key] = stream;
    }
  }
  const search = isObject(value.search) ? value.search : {};
  const watched = Array.isArray(value.watched)
    ? value.watched.filter((w): w is { videoId: string; until: string } => isObject(w) && isId(w.videoId) && isDate(w.until)).slice(0, MAX_WATCHED)
    : [];
  const unavailable: YouTubeCursor['unavailable'] = {};
  if (isObject(value.unavailable)) {
    for (const [videoId, raw] of Object.entries(value.unavailable)) {
      if (isId(videoId) && isObject(raw) && typeof raw.reason === 'string' && isDate(raw.at)) unavailable[videoId] = { reason: raw.reason.slice(0, 100), at: raw.at };
    }
  }
  return {
    v: 1,
    streams,
    search: {
      lastRunAt: isDate(search.lastRunAt) ? search.lastRunAt : null,
      publishedAfter: isDate(search.publishedAfter) ? search.publishedAfter : null,
      seenVideoIds: Array.isArray(search.seenVideoIds) ? search.seenVideoIds.filter(isId).slice(0, MAX_SEEN_VIDEOS) : [],
    },
    watched,
    unavailable,
  };
}

function parseStream(raw: Record<string, unknown>): YtStreamCursor | null {
  const newest = raw.newest === null || raw.newest === undefined ? null : isDate(raw.newest) ? raw.newest : undefined;
  if (newest === undefined) return null;
  let walk: YtStreamCursor['walk'] = null;
  if (isObject(raw.walk)) {
    const w = raw.walk;
    if (typeof w.pageToken === 'string' && w.pageToken.length > 0 && w.pageToken.length <= MAX_TOKEN) {
      walk = {
        pageToken: w.pageToken,
        until: isDate(w.until) ? w.until : null,
        newest: isDate(w.newest) ? w.newest : null,
        seen: parseSeen(w.seen),
      };
    }
  }
  return { newest, seen: parseSeen(raw.seen), walk, polledAt: isDate(raw.polledAt) ? raw.polledAt : null };
}

function parseSeen(value: unknown): Array<[string, number]> {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is [string, number] => Array.isArray(e) && e.length === 2 && isId(e[0]) && typeof e[1] === 'number' && Number.isFinite(e[1]))
    .slice(0, MAX_SEEN);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value));
}
