/**
 * What the RSS adapter remembers between polls. Feeds have no "since" parameter, so the cursor is
 * the validators for a conditional GET plus the ids already delivered.
 */
export interface RssCursor {
  etag: string | null;
  lastModified: string | null;
  /** External ids already delivered, newest first, at most `MAX_SEEN_IDS`. */
  seenIds: string[];
  /** ISO 8601 of the newest item date seen so far (informational, e.g. to spot a stalled feed). */
  newestPublishedAt: string | null;
  /**
   * Link + title hash per recently delivered id: an id that comes back with another fingerprint
   * is a different post reusing it (SOURCES.md correction 64). Absent in cursors written before.
   */
  fingerprints?: Record<string, string>;
}

/** Feeds are windows of 10–50 items; 5,000 ids cover any real window many times over. */
export const MAX_SEEN_IDS = 5_000;
export const MAX_FINGERPRINTS = 1_000;
const MAX_VALIDATOR_LENGTH = 1_024;
const MAX_ID_LENGTH = 2_048;

/**
 * The stored cursor comes back from the database as `unknown`; anything that is not a well-formed
 * cursor is treated as "no cursor" (a fresh start delivers the current window again, and the
 * deterministic ids make that harmless).
 */
export function parseRssCursor(value: unknown): RssCursor | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const etag = optionalString(v.etag, MAX_VALIDATOR_LENGTH);
  const lastModified = optionalString(v.lastModified, MAX_VALIDATOR_LENGTH);
  const newestPublishedAt = optionalString(v.newestPublishedAt, 64);
  if (etag === undefined || lastModified === undefined || newestPublishedAt === undefined) return null;
  if (newestPublishedAt !== null && Number.isNaN(Date.parse(newestPublishedAt))) return null;
  if (!Array.isArray(v.seenIds)) return null;
  const seenIds: string[] = [];
  for (const id of v.seenIds) {
    if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
    seenIds.push(id);
  }
  const cursor: RssCursor = { etag, lastModified, seenIds: seenIds.slice(0, MAX_SEEN_IDS), newestPublishedAt };
  if (v.fingerprints !== undefined && v.fingerprints !== null) {
    if (typeof v.fingerprints !== 'object' || Array.isArray(v.fingerprints)) return null;
    const entries = Object.entries(v.fingerprints as Record<string, unknown>).slice(0, MAX_FINGERPRINTS);
    if (entries.some(([id, fp]) => id.length > MAX_ID_LENGTH || typeof fp !== 'string' || !/^[0-9a-f]{1,64}$/.test(fp))) return null;
    cursor.fingerprints = Object.fromEntries(entries) as Record<string, string>;
  }
  return cursor;
}

/** undefined = invalid; null = absent. */
function optionalString(value: unknown, maxLength: number): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' || value.length > maxLength) return undefined;
  return value;
}
