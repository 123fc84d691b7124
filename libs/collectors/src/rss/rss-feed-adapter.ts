import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { RawMention, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { FeedHttpError, FeedParseError } from './feed-errors';
import { MAX_SEEN_IDS, parseRssCursor, type RssCursor } from './rss-cursor';

type ParsedFeed = ReturnType<typeof parseFeed>;
type ParsedItem = ParsedFeed['items'][number];

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const MAX_TITLE_LENGTH = 1_000;
const MAX_AUTHOR_LENGTH = 300;

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, including Google Alerts, phpBB, vBulletin and Discourse feeds.
 *
 * A poll is one conditional GET. Items are keyed by guid / Atom id, else link, else a hash of
 * title + date + content; the cursor keeps the ids already delivered, so only new items are
 * returned. The adapter stores nothing: the worker persists `nextCursor` after indexing.
 */
export const RSS_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'rss',
  label: { it: 'Feed RSS/Atom (anche Google Alerts e forum)', en: 'RSS/Atom feed (also Google Alerts and forums)' },
  polled: true,
  defaultUrl: null,
  urlLabel: { it: 'Indirizzo del feed', en: 'Feed URL' },
  // Every 2 minutes keeps the inbox close to real time while staying polite to feed hosts (the
  // collector also sends conditional requests).
  defaultSchedule: '*/2 * * * *',
  searchable: false,
  settings: [],
  credentials: [],
  budget: null,
};

export class RssFeedAdapter implements SourceAdapter {
  readonly type: SourceType = 'rss';
  readonly descriptor: SourceTypeDescriptor = RSS_DESCRIPTOR;

  constructor(private readonly http: GuardedHttpClient) {}

  async collect(req: CollectRequest): Promise<CollectResult> {
    const { source, now } = req;
    const cursor = parseRssCursor(req.cursor);
    const headers: Record<string, string> = { accept: ACCEPT };
    if (cursor?.etag) headers['if-none-match'] = cursor.etag;
    if (cursor?.lastModified) headers['if-modified-since'] = cursor.lastModified;

    req.stats.requests++;
    const response = await this.http.get(source.url, { headers, signal: req.signal });
    if (response.status === 304) {
      return { items: [], nextCursor: cursor, notModified: true, fetched: 0 };
    }
    if (response.status < 200 || response.status > 299) {
      throw new FeedHttpError(response.status, source.url, parseRetryAfter(response.headers['retry-after'], now));
    }

    const feed = parseFeedDocument(response.body, source.url);
    const seen = new Set(cursor?.seenIds ?? []);
    const idsInDocument = new Set<string>();
    const items: RawMention[] = [];
    let newest = cursor?.newestPublishedAt ? Date.parse(cursor.newestPublishedAt) : Number.NEGATIVE_INFINITY;
    const collectedAt = now.toISOString();

    for (const item of feed.items) {
      const externalId = externalIdOf(item);
      const date = itemDate(item);
      if (date && date.getTime() > newest) newest = date.getTime();
      // The same guid twice in one document (it happens): the first one wins, the id stays unique.
      if (idsInDocument.has(externalId)) continue;
      idsInDocument.add(externalId);
      if (seen.has(externalId)) continue;
      items.push({
        id: mentionId('rss', source.url, externalId),
        sourceType: 'rss',
        sourceId: source.id,
        sourceKey: source.url,
        externalId,
        url: safeHttpUrl(item.url, response.finalUrl),
        title: clip(item.title, MAX_TITLE_LENGTH),
        content: item.content ?? item.description ?? '',
        author: {
          name: clip(authorName(item) ?? feed.title ?? source.name, MAX_AUTHOR_LENGTH) ?? source.name,
          handle: null,
          url: null,
        },
        publishedAt: (date ?? now).toISOString(),
        collectedAt,
      });
    }

    // Ids still in the document go first so that they never age out while the feed shows them.
    const seenIds = [...new Set([...idsInDocument, ...(cursor?.seenIds ?? [])])].slice(0, MAX_SEEN_IDS);
    const nextCursor: RssCursor = {
      etag: response.headers['etag'] ?? null,
      lastModified: response.headers['last-modified'] ?? null,
      seenIds,
      newestPublishedAt: Number.isFinite(newest) ? new Date(newest).toISOString() : null,
    };
    return { items, nextCursor, notModified: false, fetched: feed.items.length };
  }
}

function parseFeedDocument(body: string, url: string): ParsedFeed {
  const xml = stripDoctype(body.replace(/^\uFEFF/, '').trimStart());
  if (!xml.startsWith('<')) throw new FeedParseError(url, 'the body is not XML');
  try {
    return parseFeed(xml);
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new FeedParseError(url, code === 'INVALID_FEED' ? undefined : (err as Error).message?.slice(0, 200));
  }
}

/**
 * Feeds have no use for a DTD, and an internal subset is how entity-expansion bombs arrive. It is
 * cut out with a linear scan (no regex backtracking on hostile input); undeclared entity
 * references that remain are left as text by the parser.
 */
export function stripDoctype(xml: string): string {
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0 || start > 4_096) return xml;
  let i = start + 9;
  let inSubset = false;
  let quote: string | null = null;
  for (; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '[') {
      inSubset = true;
    } else if (ch === ']') {
      inSubset = false;
    } else if (ch === '>' && !inSubset) {
      return xml.slice(0, start) + xml.slice(i + 1);
    }
  }
  return xml.slice(0, start);
}

function externalIdOf(item: ParsedItem): string {
  const id = item.id?.trim();
  if (id) return id;
  const link = item.url?.trim();
  if (link) return link;
  const date = itemDate(item)?.toISOString() ?? '';
  const digest = createHash('sha256')
    .update(`${item.title ?? ''}\u0000${date}\u0000${item.content ?? item.description ?? ''}`, 'utf8')
    .digest('hex');
  return `sha256:${digest}`;
}

function itemDate(item: ParsedItem): Date | null {
  const date = item.published ?? item.updated;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/**
 * The author as the feed wrote it (`Giulia (@giulia)`, Discourse's `@user Full Name`), not the
 * parser's guess, which drops anything in brackets. RSS `<author>` is an e-mail address by
 * specification: there only the name part is kept, never the address.
 */
function authorName(item: ParsedItem): string | null {
  const element = item.element;
  for (const tag of ['creator', 'author']) {
    for (const found of element.findElementsWithName(tag)) {
      const nameElement = found.findElementWithName('name');
      const text = (nameElement ? nameElement.textContentNormalized : found.textContentNormalized).trim().slice(0, MAX_AUTHOR_LENGTH);
      if (!text) continue;
      if (!nameElement && /[^\s@]+@[^\s@]+\.[^\s@]+/.test(text)) {
        const parsed = item.authors.find((a) => a.name?.trim())?.name?.trim();
        if (parsed && !parsed.includes('@')) return parsed;
        continue;
      }
      return text;
    }
  }
  for (const author of item.authors) {
    const name = author.name?.trim().slice(0, MAX_AUTHOR_LENGTH);
    if (name && !/[^\s@]+@[^\s@]+\.[^\s@]+/.test(name)) return name;
  }
  return null;
}

/**
 * Only http(s) links survive (a `javascript:` link in a feed is an attack, not a link). Google
 * Alerts wraps every link in `https://www.google.com/url?...&url=REAL`: the real article URL is
 * what people want to open and what de-duplicates across alerts.
 */
export function safeHttpUrl(value: string | null | undefined, base?: string): string | null {
  if (!value) return null;
  let url: URL;
  try {
    // Relative links (common in forum feeds without xml:base) resolve against the feed's own URL.
    url = new URL(value.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (/^(www\.)?google\.[a-z.]+$/i.test(url.hostname) && url.pathname === '/url') {
    const inner = url.searchParams.get('url') ?? url.searchParams.get('q');
    if (inner) {
      try {
        const real = new URL(inner);
        if (real.protocol === 'http:' || real.protocol === 'https:') return real.toString();
      } catch {
        // Not a usable inner URL: keep the redirect link, it still works in a browser.
      }
    }
  }
  return url.toString();
}

function clip(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  return trimmed.length > max ? `${trimmed.slice(0, max)}…` : trimmed;
}

/** `Retry-After` is either seconds or an HTTP date. */
function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
