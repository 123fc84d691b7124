import { createHash } from 'node:crypto';

/**
 * Column names of other tools' exports → our item fields, in one place (docs/webhooks.md copies
 * it). Names are compared after `normalizeHeader` (lower case, accents and punctuation dropped),
 * so "Full Text", "full_text" and "FULL-TEXT" are one name. Where several columns map to the
 * same field, the first one listed that has a value in the row wins (e.g. Brandwatch exports
 * both "Full Text" and "Snippet": the full text is taken).
 *
 * `sentiment` is recognised so that it is not reported as unknown, but it is not used: Ascolto
 * scores every mention itself, the same way for every source.
 */
export const IMPORT_HEADER_ALIASES = {
  id: ['id', 'external id', 'mention id', 'post id', 'message id', 'resource id', 'guid', 'tweet id', 'document id'],
  text: ['text', 'full text', 'fulltext', 'content', 'message', 'body', 'post', 'mention', 'comment', 'snippet', 'description'],
  title: ['title', 'headline', 'subject'],
  url: ['url', 'link', 'permalink', 'post link', 'mention url', 'original url'],
  publishedAt: ['published at', 'publishedat', 'date', 'published', 'published date', 'created at', 'created time', 'timestamp', 'time', 'date time', 'datetime', 'data'],
  editedAt: ['edited at', 'updated at', 'last modified'],
  author: ['author', 'author name', 'full name', 'name', 'user', 'username', 'profile name', 'from', 'autore'],
  authorHandle: ['handle', 'author handle', 'screen name', 'twitter screen name', 'user handle', 'account'],
  authorUrl: ['author url', 'profile url', 'author link', 'user url'],
  followers: ['followers', 'twitter followers', 'follower count', 'author followers', 'audience', 'reach'],
  language: ['language', 'lang', 'lingua'],
  replies: ['replies', 'comments', 'reply count', 'comment count'],
  reposts: ['reposts', 'shares', 'retweets', 'share count', 'retweet count'],
  likes: ['likes', 'reactions', 'favorites', 'like count', 'favourites'],
  views: ['views', 'impressions', 'view count'],
  rating: ['rating', 'stars', 'star rating'],
  inReplyTo: ['in reply to', 'reply to', 'parent id', 'thread id'],
  deleted: ['deleted'],
  brandChannel: ['brand channel', 'brandchannel', 'canale del brand'],
  sentiment: ['sentiment', 'sentimento'],
} as const;

export type ImportField = keyof typeof IMPORT_HEADER_ALIASES;

/** Lower case, accents and punctuation dropped, runs of spaces collapsed: "Full-Text " → "full text". */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const ALIAS_LOOKUP = new Map<string, { field: ImportField; rank: number }>();
for (const [field, aliases] of Object.entries(IMPORT_HEADER_ALIASES) as Array<[ImportField, readonly string[]]>) {
  aliases.forEach((alias, rank) => {
    const key = normalizeHeader(alias);
    if (!ALIAS_LOOKUP.has(key)) ALIAS_LOOKUP.set(key, { field, rank });
  });
}

export interface ImportColumns {
  /** Per column: the field it feeds and its rank among that field's aliases (lower wins), or null. */
  columns: Array<{ field: ImportField; rank: number } | null>;
  /** Headers we do not know (ignored; listed in the job so the user can see what was skipped). */
  ignored: string[];
}

/** Thrown when a file cannot be imported at all (e.g. no text column). */
export class ImportFormatError extends Error {}

/** Maps a CSV header row; a file without a text or a date column cannot be imported. */
export function resolveImportHeader(headers: string[]): ImportColumns {
  const columns = headers.map((header) => ALIAS_LOOKUP.get(normalizeHeader(header)) ?? null);
  const has = (field: ImportField) => columns.some((column) => column?.field === field);
  if (!has('text')) throw new ImportFormatError(`no text column (one of: ${IMPORT_HEADER_ALIASES.text.join(', ')})`);
  if (!has('publishedAt')) throw new ImportFormatError(`no date column (one of: ${IMPORT_HEADER_ALIASES.publishedAt.join(', ')})`);
  return { columns, ignored: headers.filter((_header, i) => columns[i] === null).map((h) => h.slice(0, 100)) };
}

/** Values of one row by field: for each field, the value of its best-ranked non-empty column. */
function pick(entries: Iterable<[ImportField, number, unknown]>): Partial<Record<ImportField, unknown>> {
  const best = new Map<ImportField, { rank: number; value: unknown }>();
  for (const [field, rank, value] of entries) {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) continue;
    const current = best.get(field);
    if (!current || rank < current.rank) best.set(field, { rank, value });
  }
  return Object.fromEntries([...best].map(([field, { value }]) => [field, value]));
}

// "2024-03-01 10:22:33(.0)" without a zone: exports write UTC this way (Brandwatch, Sprout);
// reading it as server-local time would shift every mention by the server's offset.
const NAIVE_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/;
// "01/03/2024 10:22" is read day first, as in Italy and most of Europe (documented).
const DAY_FIRST = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Turns the date spellings of common exports into ISO 8601 UTC; anything else is left for the validator. */
export function normalizeExportDate(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  const naive = NAIVE_DATE_TIME.exec(trimmed);
  if (naive) return `${naive[1]}T${naive[2].length === 5 ? `${naive[2]}:00` : naive[2]}Z`;
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) {
    const [, d, m, y, hh = '0', mm = '0', ss = '0'] = dayFirst;
    const ms = Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss));
    const check = new Date(ms);
    // 31/02/2024 would roll over to March: refuse it instead.
    if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(m) - 1) return trimmed;
    return check.toISOString();
  }
  return trimmed;
}

function truthy(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'si', 'sì', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'n', ''].includes(v)) return false;
  return value;
}

/** A row's fields → the candidate item `validatePushItem` checks (the row hash stands in for a missing id). */
function candidateFrom(fields: Partial<Record<ImportField, unknown>>, rowHash: () => string): Record<string, unknown> {
  const engagement: Record<string, unknown> = {};
  for (const key of ['replies', 'reposts', 'likes', 'views'] as const) if (fields[key] !== undefined) engagement[key] = fields[key];
  const author: Record<string, unknown> = {};
  if (fields.author !== undefined) author.name = fields.author;
  if (fields.authorHandle !== undefined) author.handle = fields.authorHandle;
  if (fields.authorUrl !== undefined) author.url = fields.authorUrl;
  if (fields.followers !== undefined) author.followers = fields.followers;
  const candidate: Record<string, unknown> = {
    id: fields.id ?? rowHash(),
    text: fields.text,
    publishedAt: normalizeExportDate(fields.publishedAt),
  };
  if (fields.title !== undefined) candidate.title = fields.title;
  if (fields.url !== undefined) candidate.url = typeof fields.url === 'string' ? fields.url.trim() : fields.url;
  if (fields.editedAt !== undefined) candidate.editedAt = normalizeExportDate(fields.editedAt);
  if (Object.keys(author).length) candidate.author = author;
  if (Object.keys(engagement).length) candidate.engagement = engagement;
  if (fields.language !== undefined) candidate.language = typeof fields.language === 'string' ? fields.language.trim() : fields.language;
  if (fields.rating !== undefined) candidate.rating = fields.rating;
  if (fields.inReplyTo !== undefined) candidate.inReplyTo = fields.inReplyTo;
  if (fields.deleted !== undefined) candidate.deleted = truthy(fields.deleted);
  if (fields.brandChannel !== undefined) candidate.brandChannel = fields.brandChannel;
  return candidate;
}

function hashOf(value: unknown): string {
  return `row-${createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex').slice(0, 32)}`;
}

/** One CSV record → candidate item. Rows without an id are keyed by a hash of the whole row. */
export function csvRecordToCandidate(record: string[], header: ImportColumns): Record<string, unknown> {
  const entries: Array<[ImportField, number, unknown]> = [];
  record.forEach((value, i) => {
    const column = header.columns[i];
    if (column) entries.push([column.field, column.rank, value]);
  });
  return candidateFrom(pick(entries), () => hashOf(record));
}

/**
 * One NDJSON object → candidate item. Our own field names (as in the webhook payload, nested
 * `author` and `engagement` included) are taken as they are; other tools' names go through the
 * same alias table as CSV headers; unknown keys are ignored.
 */
export function ndjsonObjectToCandidate(object: Record<string, unknown>): Record<string, unknown> {
  const entries: Array<[ImportField, number, unknown]> = [];
  for (const [key, value] of Object.entries(object)) {
    if (key === 'author' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const author = value as Record<string, unknown>;
      entries.push(['author', -1, author.name], ['authorHandle', -1, author.handle], ['authorUrl', -1, author.url], ['followers', -1, author.followers]);
      continue;
    }
    if (key === 'engagement' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const engagement = value as Record<string, unknown>;
      for (const name of ['replies', 'reposts', 'likes', 'views'] as const) entries.push([name, -1, engagement[name]]);
      continue;
    }
    const alias = ALIAS_LOOKUP.get(normalizeHeader(key.replace(/([a-z])([A-Z])/g, '$1 $2')));
    if (alias) entries.push([alias.field, alias.rank, typeof value === 'number' && alias.field === 'id' ? String(value) : value]);
  }
  return candidateFrom(pick(entries), () => hashOf(object));
}
