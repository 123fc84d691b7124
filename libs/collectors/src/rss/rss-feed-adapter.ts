import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { RawMention, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult, SourceAdapter } from '../source-adapter';
import { FeedHttpError, FeedParseError, FeedRateLimitedError } from './feed-errors';
import { parseFeedDate } from './feed-dates';
import { MAX_FINGERPRINTS, MAX_SEEN_IDS, parseRssCursor, type RssCursor } from './rss-cursor';

type ParsedFeed = ReturnType<typeof parseFeed>;
type ParsedItem = ParsedFeed['items'][number];

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';
const MAX_TITLE_LENGTH = 1_000;
const MAX_AUTHOR_LENGTH = 300;
/** Dates further ahead than this are a feed's mistake, not the future: the fetch time stands in. */
const MAX_FUTURE_MS = 24 * 60 * 60_000;
// Element names as the parser reports them: local part, lower case (`pubDate`, `dc:date`).
const DATE_ELEMENTS = ['pubdate', 'published', 'updated', 'date', 'issued', 'modified', 'created'];

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
      const retryAfter = parseRetryAfter(response.headers['retry-after'], now);
      if ((response.status === 429 || response.status === 503) && retryAfter !== null) throw new FeedRateLimitedError(response.status, source.url, retryAfter, now);
      throw new FeedHttpError(response.status, source.url, retryAfter);
    }

    const { feed, problem } = parseFeedDocument(response.body, source.url);
    const seen = new Set(cursor?.seenIds ?? []);
    const priorFingerprints = new Map(Object.entries(cursor?.fingerprints ?? {}));
    const fingerprints = new Map<string, string>();
    const idsInDocument = new Set<string>();
    const items: RawMention[] = [];
    let newest = cursor?.newestPublishedAt ? Date.parse(cursor.newestPublishedAt) : Number.NEGATIVE_INFINITY;
    const collectedAt = now.toISOString();

    for (const item of feed.items) {
      const url = safeHttpUrl(item.url, baseFor(item, response.finalUrl));
      const title = plainTitle(item.title);
      const date = itemDate(item, now);
      if (date && date.getTime() > newest) newest = date.getTime();
      const fingerprint = fingerprintOf(url ?? item.url ?? null, title);
      let externalId = externalIdOf(item, url, title);
      // One id, two different posts (correction 64: forums reuse guids): the second one gets its
      // own key instead of being dropped or overwriting the first.
      const earlier = fingerprints.get(externalId) ?? priorFingerprints.get(externalId);
      if (earlier !== undefined && earlier !== fingerprint) externalId = `${externalId}#${fingerprint}`;
      // The same item twice in one document (it happens): the first one wins.
      if (idsInDocument.has(externalId)) continue;
      idsInDocument.add(externalId);
      if (!fingerprints.has(externalId)) fingerprints.set(externalId, fingerprint);
      if (seen.has(externalId)) continue;
      items.push({
        id: mentionId('rss', source.url, externalId),
        sourceType: 'rss',
        sourceId: source.id,
        sourceKey: source.url,
        externalId,
        url,
        title: clip(title, MAX_TITLE_LENGTH),
        content: withoutPhpbbFooter(item.content ?? item.description ?? ''),
        author: {
          name: clip(authorName(item) ?? feed.title ?? source.name, MAX_AUTHOR_LENGTH) ?? source.name,
          handle: null,
          url: null,
        },
        // No date, or none that can be read: the fetch time stands in (correction 65).
        publishedAt: (date ?? now).toISOString(),
        collectedAt,
      });
    }

    // Ids still in the document go first so that they never age out while the feed shows them.
    const seenIds = [...new Set([...idsInDocument, ...(cursor?.seenIds ?? [])])].slice(0, MAX_SEEN_IDS);
    const keptFingerprints = new Map(fingerprints);
    for (const [id, fp] of priorFingerprints) {
      if (keptFingerprints.size >= MAX_FINGERPRINTS) break;
      if (!keptFingerprints.has(id)) keptFingerprints.set(id, fp);
    }
    const nextCursor: RssCursor = {
      // A broken document must be fetched whole next time, not answered with 304.
      etag: problem === null ? (response.headers['etag'] ?? null) : null,
      lastModified: problem === null ? (response.headers['last-modified'] ?? null) : null,
      seenIds,
      newestPublishedAt: Number.isFinite(newest) ? new Date(newest).toISOString() : null,
      fingerprints: Object.fromEntries([...keptFingerprints].slice(0, MAX_FINGERPRINTS)),
    };
    const result: CollectResult = { items, nextCursor, notModified: false, fetched: feed.items.length };
    if (problem !== null) {
      result.incomplete = { reason: `the feed at ${source.url} ${problem.startsWith('is ') ? problem : `is damaged: ${problem}`}; ${feed.items.length} items were taken, the rest will be read when the feed is whole again` };
    } else if (seen.size > 0 && items.length > 0 && items.length === idsInDocument.size) {
      // Feeds are sliding windows: when nothing in the document was seen before, items may have
      // rolled out of the window between polls (SOURCES.md §6). Say so; polling more often helps.
      result.incomplete = { reason: `possible gap: all ${items.length} items of ${source.url} are new, older ones may have left the feed's window; poll it more often` };
    }
    return result;
  }
}

/**
 * Reads what a feed server sent, forgiving what real feeds get wrong (correction 66): BOMs and
 * whitespace before the XML declaration, PHP warnings printed before or after the document,
 * and documents cut short or broken part-way, of which every whole item is kept.
 * `problem` says what was wrong with a damaged document whose readable items were kept (null: it was whole).
 */
function parseFeedDocument(body: string, url: string): { feed: ParsedFeed; problem: string | null } {
  let xml = stripDoctype(body.replace(/^[\s\uFEFF]+/, ''));
  if (!xml.startsWith('<')) throw new FeedParseError(url, 'the body is not XML');
  const root = /<\?xml[\s?]|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]/i.exec(xml);
  if (root && root.index > 0) xml = xml.slice(root.index);
  const end = Math.max(lastIndexOfCaseless(xml, '</rss>') + 6, lastIndexOfCaseless(xml, '</feed>') + 7, lastIndexOfCaseless(xml, '</rdf:RDF>') + 10);
  if (end > 10 && end < xml.length) xml = xml.slice(0, end);
  // The parser is lenient: a document cut off mid-item still "parses", with a half item at the end.
  const closed = /<\/(?:rss|feed|rdf:RDF)\s*>\s*$/i.test(xml);
  let firstError: Error | null = null;
  if (closed) {
    try {
      const feed = parseFeed(xml);
      const read = feed.items.length;
      const written = countItemStarts(xml);
      return { feed, problem: read < written ? `${written - read} of its ${written} items could not be read` : null };
    } catch (err) {
      if ((err as { code?: string }).code === 'INVALID_FEED') throw new FeedParseError(url);
      firstError = err as Error;
    }
  }
  // Cut off or broken: keep everything up to the last whole item that still parses.
  const ends = itemEnds(xml);
  for (let attempt = 0, i = ends.length - 1; i >= 0 && attempt < 60; i--, attempt++) {
    const document = closeDocument(xml.slice(0, ends[i]));
    if (!document) break;
    try {
      const feed = parseFeed(document);
      if (!feed.items.length) continue;
      const kept = feed.items.length;
      const reason = closed ? `is malformed (${firstError?.message?.slice(0, 120) ?? 'unreadable'})` : 'is cut off';
      return { feed, problem: `${reason} after its ${kept}${ordinal(kept)} item` };
    } catch {
      // Try an earlier cut.
    }
  }
  if (!closed && !firstError) {
    // No whole item at all: say what is wrong with the document itself.
    try {
      parseFeed(xml);
    } catch (err) {
      if ((err as { code?: string }).code === 'INVALID_FEED') throw new FeedParseError(url);
      firstError = err as Error;
    }
  }
  throw new FeedParseError(url, firstError?.message?.slice(0, 200) ?? 'the document is cut off before its first item');
}

/** Items the document opens (empty `<item/>` placeholders nested in items do not count). */
function countItemStarts(xml: string): number {
  return (xml.match(/<(?:item|entry)(?:\s[^>]*[^/>])?>|<(?:item|entry)\s*>/gi) ?? []).length;
}

function lastIndexOfCaseless(text: string, needle: string): number {
  return text.toLowerCase().lastIndexOf(needle.toLowerCase());
}

/** Offsets just after each `</item>` / `</entry>`, in document order. */
function itemEnds(xml: string): number[] {
  const ends: number[] = [];
  const pattern = /<\/(?:item|entry)\s*>/gi;
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) ends.push(m.index + m[0].length);
  return ends;
}

function closeDocument(head: string): string | null {
  if (/<feed[\s>]/i.test(head)) return `${head}</feed>`;
  // RSS 1.0: items are siblings of the channel, under the root.
  if (/<rdf:RDF[\s>]/i.test(head)) return `${head}</rdf:RDF>`;
  if (/<rss[\s>]/i.test(head)) return `${head}</channel></rss>`;
  return null;
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

/**
 * guid / Atom id, else the (resolved) link, else title + the date as written, else a hash of the
 * content (correction 63). Never the fetch time: the key must be the same on every poll.
 */
function externalIdOf(item: ParsedItem, resolvedUrl: string | null, title: string | null): string {
  const id = item.id?.trim();
  if (id) return id;
  const link = resolvedUrl ?? item.url?.trim();
  if (link) return link;
  const dateText = rawDateText(item) ?? '';
  const basis = title && dateText ? `t\u0000${title}\u0000${dateText}` : `c\u0000${title ?? ''}\u0000${dateText}\u0000${item.content ?? item.description ?? ''}`;
  return `sha256:${createHash('sha256').update(basis, 'utf8').digest('hex')}`;
}

/** What tells two posts apart when they share an id: where they point and what they are called. */
function fingerprintOf(url: string | null, title: string | null): string {
  return createHash('sha256').update(`${url ?? ''}\u0000${title ?? ''}`, 'utf8').digest('hex').slice(0, 12);
}

function rawDateText(item: ParsedItem): string | null {
  for (const name of DATE_ELEMENTS) {
    const text = item.element.findElementWithName(name)?.textContentNormalized?.trim();
    if (text) return text;
  }
  return null;
}

/**
 * The item's date: our own reading of the text first (local month names, odd formats, no zone =
 * UTC), then the parser's; a date more than a day ahead counts as none.
 */
function itemDate(item: ParsedItem, now: Date): Date | null {
  const ours = parseFeedDate(rawDateText(item));
  const theirs = item.published ?? item.updated;
  const date = ours ?? (theirs && !Number.isNaN(theirs.getTime()) ? theirs : null);
  if (!date || date.getTime() > now.getTime() + MAX_FUTURE_MS) return null;
  return date;
}

/** The base for relative links: the item's `xml:base` (resolved against the feed URL), else the feed URL. */
function baseFor(item: ParsedItem, feedUrl: string): string {
  const base = item.element.baseUrl;
  if (!base) return feedUrl;
  try {
    return new URL(base, feedUrl).toString();
  } catch {
    return feedUrl;
  }
}

/** Titles are plain text for us; feeds put HTML in them (Google Alerts' `<b>`, entities, CDATA). */
function plainTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  const text = /[<&]/.test(title) ? DomUtils.textContent(parseDocument(title, { decodeEntities: true })) : title;
  const normalised = text.replace(/\s+/g, ' ').trim();
  return normalised || null;
}

/**
 * phpBB ends every entry with "Statistics: Posted by <user> — <date>" and an `<hr />`
 * (localised: "Statistiche: Inviato da …"): the board's template, not the post.
 */
export function withoutPhpbbFooter(html: string): string {
  const start = html.toLowerCase().lastIndexOf('<p>');
  if (start < 0) return html;
  const tail = html.slice(start);
  if (!/^<p>[^<:]{2,40}:[\s\S]*<\/p>\s*(?:<hr\s*\/?>\s*)?$/i.test(tail)) return html;
  if (!/memberlist\.php|posted by|inviato da|statistics|statistiche/i.test(tail)) return html;
  return html.slice(0, start).replace(/\s*<hr\s*\/?>\s*$/i, '').trimEnd();
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
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
        if (real.protocol === 'http:' || real.protocol === 'https:') {
          // Canonical for de-duplication across alerts: tracking parameters say nothing about the article.
          for (const name of [...real.searchParams.keys()]) if (/^utm_/i.test(name)) real.searchParams.delete(name);
          return real.toString();
        }
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
