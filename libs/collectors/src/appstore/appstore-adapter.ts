import { createHash } from 'node:crypto';
import type { RawMention, SourceConnectionTest, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { SourceConfigError, SourceRateLimitedError } from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiRun, SourceHttpError } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { OutboundRequestError } from '../http/outbound-errors';
import { readRetryAfter } from '../http/rate-limit-headers';
import { mentionId } from '../mention-id';
import type { CollectRequest, CollectResult, SourceAdapter, SourceDefinition } from '../source-adapter';
import { type AppStorePage, type AppStoreReview, parseJsonPage, parseXmlPage } from './appstore-feed';

/** Apple serves at most 10 pages of 50 reviews per storefront. */
export const APPSTORE_MAX_PAGES = 10;
const MAX_SEEN = 1_000;
const MAX_STOP_IDS = 100;

export const APPSTORE_DESCRIPTOR: SourceTypeDescriptor = {
  type: 'appstore',
  label: { it: 'Recensioni App Store (Apple)', en: 'App Store reviews (Apple)' },
  polled: true,
  defaultUrl: 'https://itunes.apple.com',
  urlLabel: { it: 'Indirizzo del feed Apple', en: 'Apple feed address' },
  // Every two hours: reviews come slowly, the feed keeps the newest 500, and it is an
  // undocumented legacy endpoint that is best left unhammered.
  defaultSchedule: '17 */2 * * *',
  searchable: false,
  settings: [
    {
      key: 'appId',
      label: { it: 'ID dell\'app', en: 'App id' },
      kind: 'text',
      required: true,
      help: { it: 'Il numero dopo "id" nel link dell\'App Store, es. 123456789.', en: 'The number after "id" in the App Store link, e.g. 123456789.' },
    },
    {
      key: 'country',
      label: { it: 'Paese (storefront)', en: 'Country (storefront)' },
      kind: 'text',
      required: false,
      default: 'it',
      help: { it: 'Codice di due lettere: it, us, de… Le recensioni sono per paese.', en: 'Two-letter code: it, us, de… Reviews are per country.' },
    },
    {
      key: 'format',
      label: { it: 'Formato del feed', en: 'Feed format' },
      kind: 'select',
      required: false,
      options: ['xml', 'json'],
      default: 'xml',
      help: {
        it: 'XML ha la data di ogni recensione; JSON no (si usa l\'ora di raccolta).',
        en: 'XML has each review\'s date; JSON does not (the collection time is used).',
      },
    },
    {
      key: 'maxPages',
      label: { it: 'Pagine massime per lettura', en: 'Most pages per poll' },
      kind: 'number',
      required: false,
      default: APPSTORE_MAX_PAGES,
      help: { it: 'Da 1 a 10, 50 recensioni per pagina.', en: '1 to 10, 50 reviews a page.' },
    },
  ],
  credentials: [],
  budget: null,
};

/**
 * What the App Store adapter remembers: the reviews delivered, each with a version key (its
 * `updated` date, or a hash of its text where JSON gives no date), newest first. A walk cut
 * short keeps `pending`: the next run continues at the page where it stopped, past known reviews,
 * until it meets one of `stopIds` (what was known before the cut), so nothing below the cut is skipped.
 */
export interface AppStoreCursor {
  v: 1;
  seen: Array<[string, string]>;
  pending: { stopIds: string[]; page: number } | null;
}

export function parseAppStoreCursor(value: unknown): AppStoreCursor | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || !Array.isArray(v.seen)) return null;
  const seen: Array<[string, string]> = [];
  for (const entry of v.seen.slice(0, MAX_SEEN)) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || !/^\d{1,20}$/.test(entry[0]) || typeof entry[1] !== 'string' || entry[1].length > 64) return null;
    seen.push([entry[0], entry[1]]);
  }
  let pending: AppStoreCursor['pending'] = null;
  if (v.pending !== null && v.pending !== undefined) {
    const p = v.pending as Record<string, unknown>;
    if (typeof p !== 'object' || !Array.isArray(p.stopIds) || !p.stopIds.every((id) => typeof id === 'string' && /^\d{1,20}$/.test(id))) return null;
    const page = p.page === undefined ? 1 : p.page;
    if (typeof page !== 'number' || !Number.isInteger(page) || page < 1 || page > APPSTORE_MAX_PAGES) return null;
    pending = { stopIds: (p.stopIds as string[]).slice(0, MAX_STOP_IDS), page };
  }
  return { v: 1, seen, pending };
}

interface AppStoreSettings {
  appId: string;
  country: string;
  format: 'xml' | 'json';
  maxPages: number;
}

/**
 * Apple App Store customer reviews, per app and storefront, newest first (`sortby=mostrecent`).
 * The XML variant is read by default because only it dates each review (correction 56). Page
 * URLs are built here, never taken from the feed's links (correction 57: they point at the XML
 * endpoint with odd parameters); the `last` link only says where the walk ends (≤ 10).
 */
export class AppStoreAdapter implements SourceAdapter {
  readonly type: SourceType = 'appstore';
  readonly descriptor: SourceTypeDescriptor = APPSTORE_DESCRIPTOR;
  private readonly client: ApiClient;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readRetryAfter });
  }

  async collect(req: CollectRequest): Promise<CollectResult> {
    const settings = settingsOf(req.source);
    const sourceKey = appStoreSourceKey(settings);
    const api = this.client.forRun(req.stats);
    const cursor = parseAppStoreCursor(req.cursor);
    const seen = new Map(cursor?.seen ?? []);
    // Where this walk may stop: at a review known before it started (or, resuming a cut walk,
    // known before that walk started); a first walk goes to the end of the feed.
    const stopIds = cursor ? new Set(cursor.pending ? cursor.pending.stopIds : [...seen.keys()]) : new Set<string>();
    const delivered = new Map<string, RawMention>();
    const newSeen: Array<[string, string]> = [];
    let fetched = 0;
    let incomplete: CollectResult['incomplete'];
    let last = APPSTORE_MAX_PAGES;
    let resumeAt: number | null = null;
    // Resuming a cut walk starts where it stopped: pages only shift towards higher numbers as
    // reviews arrive, so nothing undelivered can have moved above that page. Reviews that
    // arrived on top meanwhile are found by the next ordinary walk.
    const start = cursor?.pending?.page ?? 1;

    for (let page = start, pagesRead = 0; page <= last; page++, pagesRead++) {
      if (pagesRead >= settings.maxPages) {
        incomplete = { reason: `the page limit of this poll (${settings.maxPages}) was reached; the next poll continues` };
        resumeAt = page;
        break;
      }
      if (req.signal.aborted) {
        incomplete = { reason: 'the worker is shutting down' };
        resumeAt = page;
        break;
      }
      let result: AppStorePage;
      try {
        result = await this.fetchPage(api, req, settings, page);
      } catch (error) {
        // A failure on page 1 is the run's failure; later, what was read is kept and the rest waits.
        const stop = pagesRead > 0 ? stopReason(error) : null;
        if (!stop) throw error;
        incomplete = stop;
        resumeAt = page;
        break;
      }
      fetched += result.entries;
      if (result.lastPage !== null) last = Math.max(1, Math.min(result.lastPage, APPSTORE_MAX_PAGES));
      let metBoundary = false;
      for (const review of result.reviews) {
        if (delivered.has(review.id)) continue;
        const version = versionKey(review);
        const known = seen.get(review.id);
        if (stopIds.has(review.id)) metBoundary = true;
        if (known === version) continue;
        delivered.set(review.id, toRawMention(review, req, settings, sourceKey, known !== undefined));
        newSeen.push([review.id, version]);
      }
      if (metBoundary) break;
      // An empty page before the `last` page is not the end (the JSON variant has been seen
      // returning empty pages in the middle); without a `last` link it is.
      if (result.reviews.length === 0 && result.entries === 0 && result.lastPage === null) break;
    }
    const reachedEnd = !incomplete;

    const merged = new Map<string, string>(newSeen);
    for (const [id, version] of seen) if (!merged.has(id)) merged.set(id, version);
    const nextCursor: AppStoreCursor = {
      v: 1,
      seen: [...merged.entries()].sort((a, b) => compareIds(b[0], a[0])).slice(0, MAX_SEEN),
      pending: !reachedEnd ? { stopIds: [...stopIds].sort((a, b) => compareIds(b, a)).slice(0, MAX_STOP_IDS), page: resumeAt ?? 1 } : null,
    };
    const items = [...delivered.values()];
    const result: CollectResult = { items, nextCursor, notModified: false, fetched };
    if (incomplete) result.incomplete = incomplete;
    return result;
  }

  async testConnection(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest> {
    const started = Date.now();
    try {
      const settings = settingsOf(req.source);
      const page = await this.fetchPage(this.client.forRun(req.stats), req, settings, 1);
      const key = appStoreSourceKey(settings);
      const sample = page.reviews.slice(0, 5).map((review) => {
        const m = toRawMention(review, req, settings, key, false);
        return { title: m.title, text: review.text.slice(0, 300), publishedAt: m.publishedAt, url: m.url };
      });
      return { ok: true, message: `200 OK, ${page.reviews.length} reviews on page 1${page.lastPage ? ` of ${page.lastPage}` : ''}`, sample, durationMs: Date.now() - started };
    } catch (error) {
      return { ok: false, message: (error as Error).message, sample: [], durationMs: Date.now() - started };
    }
  }

  private async fetchPage(api: ApiRun, req: Pick<CollectRequest, 'source' | 'signal'>, settings: AppStoreSettings, page: number): Promise<AppStorePage> {
    const url = appStorePageUrl(req.source.url, settings, page);
    const response = await api.send({
      url,
      headers: { accept: settings.format === 'json' ? 'application/json' : 'application/atom+xml, application/xml;q=0.9, text/xml;q=0.8' },
      signal: req.signal,
    });
    if (response.status === 404 || response.status === 400) {
      throw new SourceConfigError(`Apple has no reviews feed for app ${settings.appId} in storefront "${settings.country}" (HTTP ${response.status})`, response.status);
    }
    if (response.status >= 400 && response.status < 500) throw new SourceConfigError(`Apple refused ${url} (HTTP ${response.status})`, response.status);
    if (response.status < 200 || response.status >= 300) throw new SourceHttpError(response.status, `HTTP ${response.status} from ${url}`, response.body.slice(0, 500));
    return settings.format === 'json' ? parseJsonPage(response.json(), url) : parseXmlPage(response.body, url);
  }
}

/** `apple:<country>:<appId>`: what identifies an app's reviews in one storefront. */
export function appStoreSourceKey(settings: Pick<AppStoreSettings, 'appId' | 'country'>): string {
  return `apple:${settings.country}:${settings.appId}`;
}

export function appStorePageUrl(base: string, settings: AppStoreSettings, page: number): string {
  const root = base.replace(/\/+$/, '');
  return `${root}/${settings.country}/rss/customerreviews/page=${page}/id=${settings.appId}/sortby=mostrecent/${settings.format}`;
}

function settingsOf(source: SourceDefinition): AppStoreSettings {
  const rawId = typeof source.settings.appId === 'string' ? source.settings.appId.trim() : typeof source.settings.appId === 'number' ? String(source.settings.appId) : '';
  // People paste the store link: take the number after "id".
  const appId = /^\d{1,15}$/.test(rawId) ? rawId : (/(?:^|\/|\b)id(\d{1,15})(?:\D|$)/.exec(rawId)?.[1] ?? '');
  if (!appId) throw new SourceConfigError('appId must be the App Store app number, e.g. 123456789');
  const country = (typeof source.settings.country === 'string' && source.settings.country.trim() ? source.settings.country.trim() : 'it').toLowerCase();
  if (!/^[a-z]{2}$/.test(country)) throw new SourceConfigError('country must be a two-letter storefront code such as it, us or de');
  const format = source.settings.format === 'json' ? 'json' : 'xml';
  const pages = typeof source.settings.maxPages === 'number' && Number.isFinite(source.settings.maxPages) ? Math.floor(source.settings.maxPages) : APPSTORE_MAX_PAGES;
  return { appId, country, format, maxPages: Math.min(APPSTORE_MAX_PAGES, Math.max(1, pages)) };
}

export function toRawMention(
  review: AppStoreReview,
  req: Pick<CollectRequest, 'source' | 'now'>,
  settings: Pick<AppStoreSettings, 'appId' | 'country'>,
  sourceKey: string,
  edited: boolean,
): RawMention {
  const engagement: RawMention['engagement'] = {};
  if (review.voteSum !== null && review.voteSum >= 0) engagement.likes = review.voteSum;
  const mention: RawMention = {
    id: mentionId('appstore', sourceKey, review.id),
    sourceType: 'appstore',
    sourceId: req.source.id,
    sourceKey,
    externalId: review.id,
    url: `https://apps.apple.com/${settings.country}/app/id${settings.appId}?see-all=reviews`,
    title: titleOf(review),
    // The feed's text is plain: escaped here so that the pipeline's HTML-to-text step gives back
    // exactly what the reviewer typed ("<3", "a<b>c" would otherwise be read as markup).
    content: escapeText(review.text),
    author: {
      name: review.authorName ?? 'App Store',
      handle: null,
      url: review.authorUri && /^https?:\/\//i.test(review.authorUri) ? review.authorUri : null,
      followers: null,
    },
    // XML dates each review; JSON does not, so the collection time stands in (correction 56).
    publishedAt: review.updated ?? req.now.toISOString(),
    collectedAt: req.now.toISOString(),
    editedAt: edited ? (review.updated ?? req.now.toISOString()) : null,
    rating: review.rating,
    // Apple reports no language, only the storefront; the pipeline detects it.
    sourceLanguage: null,
  };
  if (Object.keys(engagement).length) mention.engagement = engagement;
  return mention;
}

/**
 * The mention has no field for the app version a review was written for, and it matters to a
 * care team ("since 5.4.1 I cannot log in"): it goes at the end of the title, plain text.
 */
function titleOf(review: AppStoreReview): string | null {
  if (!review.version) return review.title;
  return review.title ? `${review.title} · v${review.version}` : `v${review.version}`;
}

function versionKey(review: AppStoreReview): string {
  if (review.updated) return review.updated;
  return `h:${createHash('sha256').update(`${review.title ?? ''}\u0000${review.text}\u0000${review.rating ?? ''}`).digest('hex').slice(0, 24)}`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function stopReason(error: unknown): CollectResult['incomplete'] | null {
  if (error instanceof SourceRateLimitedError) return { reason: `rate limited by Apple: ${error.message}`, resumeAt: error.resumeAt };
  if (error instanceof SourceHttpError || (error instanceof OutboundRequestError && (error.kind === 'timeout' || error.kind === 'network'))) {
    return { reason: `Apple failed mid-walk: ${error.message}` };
  }
  return null;
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
