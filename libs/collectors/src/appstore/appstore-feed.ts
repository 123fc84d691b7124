import { DomUtils, parseDocument } from 'htmlparser2';
import { SourcePayloadError } from '../collector-errors';

/*
 * Apple's customer-reviews RSS in both of its serialisations (SOURCES.md §10.1, corrections
 * 56–60), read into one shape. JSON wraps every value in `{label}`, has no dates on entries
 * (correction 56), gives `entry` as an array, a single object, or not at all (correction 58),
 * and older captures start with the app's own metadata entry (no `im:rating`, correction 60).
 * XML has `<updated>` per entry and two `<content>` elements, text and html (correction 59).
 */

export interface AppStoreReview {
  /** Decimal review id. */
  id: string;
  title: string | null;
  /** Plain text, as the reviewer typed it. */
  text: string;
  rating: number | null;
  version: string | null;
  authorName: string | null;
  authorUri: string | null;
  /** ISO 8601 UTC, or null (JSON entries have none). */
  updated: string | null;
  voteSum: number | null;
  voteCount: number | null;
}

export interface AppStorePage {
  reviews: AppStoreReview[];
  /** The page number of the `last` link, when the feed has one. */
  lastPage: number | null;
  /** Entries in the document, metadata included (for the run's `fetched`). */
  entries: number;
}

type Element = NonNullable<ReturnType<typeof DomUtils.findOne>>;

type Label = { label?: unknown; attributes?: Record<string, unknown> } | null | undefined;

interface JsonEntry {
  id?: Label;
  title?: Label;
  content?: Label | Label[];
  author?: { name?: Label; uri?: Label } | null;
  updated?: Label;
  'im:rating'?: Label;
  'im:version'?: Label;
  'im:voteSum'?: Label;
  'im:voteCount'?: Label;
}

interface JsonFeed {
  feed?: {
    entry?: JsonEntry | JsonEntry[] | null;
    link?: Label | Label[];
  } | null;
}

export function parseJsonPage(body: unknown, url: string): AppStorePage {
  if (!body || typeof body !== 'object' || !('feed' in body) || !body.feed || typeof body.feed !== 'object') {
    throw new SourcePayloadError(`${url} did not answer with an App Store reviews feed (no "feed" object)`);
  }
  const feed = (body as JsonFeed).feed!;
  const raw = feed.entry === undefined || feed.entry === null ? [] : Array.isArray(feed.entry) ? feed.entry : [feed.entry];
  const reviews: AppStoreReview[] = [];
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object') continue;
    const rating = ratingOf(label(entry['im:rating']));
    // The app's own metadata entry has no rating: it is not a review.
    if (entry['im:rating'] === undefined || rating === null) continue;
    const id = reviewId(label(entry.id));
    if (!id) continue;
    const contents = Array.isArray(entry.content) ? entry.content : [entry.content];
    const text = contents.find((c) => c && (c.attributes?.type === undefined || c.attributes.type === 'text')) ?? contents[0];
    reviews.push({
      id,
      title: nonEmpty(label(entry.title)),
      text: label(text) ?? '',
      rating,
      version: nonEmpty(label(entry['im:version'])),
      authorName: nonEmpty(label(entry.author?.name)),
      authorUri: nonEmpty(label(entry.author?.uri)),
      updated: isoOrNull(label(entry.updated)),
      voteSum: count(label(entry['im:voteSum'])),
      voteCount: count(label(entry['im:voteCount'])),
    });
  }
  const links = Array.isArray(feed.link) ? feed.link : feed.link ? [feed.link] : [];
  const last = links.find((l) => l?.attributes?.rel === 'last')?.attributes?.href;
  return { reviews, lastPage: pageOf(typeof last === 'string' ? last : null), entries: raw.length };
}

/** Tolerant XML: a truncated page still gives the entries that arrived whole. */
export function parseXmlPage(body: string, url: string): AppStorePage {
  const xml = body.replace(/^\uFEFF/, '');
  const document = parseDocument(xml, { xmlMode: true, decodeEntities: true, withStartIndices: true, withEndIndices: true });
  const feed = DomUtils.findOne((el) => localName(el.name) === 'feed', document.children, true);
  if (!feed) throw new SourcePayloadError(`${url} did not answer with an App Store reviews feed (no <feed> element)`);
  const entries = feed.children.filter((c): c is Element => c.type === 'tag' && localName((c as Element).name) === 'entry');
  const reviews: AppStoreReview[] = [];
  for (const entry of entries) {
    const child = (name: string) => entry.children.find((c): c is Element => c.type === 'tag' && (c as Element).name === name);
    const children = (name: string) => entry.children.filter((c): c is Element => c.type === 'tag' && (c as Element).name === name);
    // A truncated document closes elements implicitly: an entry without its closing tag is incomplete.
    if (entry.startIndex === null || entry.endIndex === null || !xml.slice(entry.startIndex, entry.endIndex + 1).endsWith('</entry>')) continue;
    const ratingElement = child('im:rating');
    const rating = ratingOf(ratingElement ? text(ratingElement) : null);
    if (!ratingElement || rating === null) continue;
    const id = reviewId(text(child('id')));
    if (!id) continue;
    const contents = children('content');
    const plain = contents.find((c) => (c.attribs.type ?? 'text') === 'text') ?? null;
    const author = child('author');
    const authorPart = (name: string) => author?.children.find((c): c is Element => c.type === 'tag' && (c as Element).name === name);
    reviews.push({
      id,
      title: nonEmpty(text(child('title'))),
      text: (plain ? text(plain) : null) ?? '',
      rating,
      version: nonEmpty(text(child('im:version'))),
      authorName: nonEmpty(text(authorPart('name'))),
      authorUri: nonEmpty(text(authorPart('uri'))),
      updated: isoOrNull(text(child('updated'))),
      voteSum: count(text(child('im:voteSum'))),
      voteCount: count(text(child('im:voteCount'))),
    });
  }
  const last = feed.children.find((c): c is Element => c.type === 'tag' && (c as Element).name === 'link' && (c as Element).attribs.rel === 'last');
  return { reviews, lastPage: pageOf(last?.attribs.href ?? null), entries: entries.length };
}

function localName(name: string): string {
  return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
}

function text(element: Element | undefined | null): string | null {
  if (!element) return null;
  return DomUtils.textContent(element);
}

function label(value: Label): string | null {
  if (!value || typeof value !== 'object') return null;
  return typeof value.label === 'string' ? value.label : typeof value.label === 'number' ? String(value.label) : null;
}

/** Review ids are decimal strings; some captures give a review URL (`…&reviewId=123`). */
function reviewId(value: string | null): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (/^\d{1,20}$/.test(trimmed)) return BigInt(trimmed).toString();
  const fromUrl = /[?&](?:reviewId|id)=(\d{1,20})(?:&|$)/.exec(trimmed.replace(/&amp;/g, '&'));
  const match = /reviewId=(\d{1,20})/.exec(trimmed) ?? fromUrl;
  return match ? BigInt(match[1]).toString() : null;
}

function ratingOf(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null;
}

function count(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value.trim());
  return Number.isInteger(n) ? n : null;
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function isoOrNull(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** `…/customerreviews/page=8/id=…` → 8. */
function pageOf(href: string | null): number | null {
  if (!href) return null;
  const match = /\/page=(\d{1,3})\//.exec(href);
  return match ? Number(match[1]) : null;
}
