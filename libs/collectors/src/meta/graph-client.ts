import { createHash, createHmac } from 'node:crypto';
import {
  MissingCredentialsError,
  SourceAuthError,
  SourceConfigError,
  SourcePayloadError,
  SourceRateLimitedError,
} from '../collector-errors';
import type { AdapterOptions } from '../create-adapters';
import { ApiClient, type ApiResponse, type ApiRun, type QueryValue } from '../http/api-client';
import type { GuardedHttpClient } from '../http/guarded-http-client';
import { readMetaRateLimit } from '../http/rate-limit-headers';
import { safeUrlForMessage } from '../http/outbound-errors';
import type { CollectRequest, SourceCredentials } from '../source-adapter';

/*
 * What the Facebook Page and Instagram collectors share: one Graph API client per run (token in a
 * header, never in a URL that could reach a log line), Meta's error codes turned into the worker's
 * error kinds, paging that ends on "no paging.next" (SOURCES.md correction 46), `+0000` times, and
 * pacing on the usage headers.
 */

/** The Graph API version used when a source does not set one (SOURCES.md §9: v25/v26 in 2026). */
export const DEFAULT_GRAPH_VERSION = 'v25.0';
export const GRAPH_DEFAULT_URL = 'https://graph.facebook.com';
const VERSION_PATTERN = /^v\d{1,3}\.\d{1,2}$/;

/** Usage (percent of the hour's allowance) from which requests are spaced out. */
const PACE_FROM_PERCENT = 75;
/** Usage from which a run stops early and leaves the rest for later, before Meta throttles us. */
const STOP_FROM_PERCENT = 95;
/** When a throttled answer gives no estimate, wait this long (Meta's windows are one rolling hour). */
const DEFAULT_THROTTLE_WAIT_MS = 10 * 60_000;

/** Error codes Meta uses for "too many calls" (app, user, page, custom, BUC; SOURCES.md §0.1). */
const THROTTLE_CODES = new Set([4, 17, 32, 341, 368, 613, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);
/** Token expired, invalidated, or the session was logged out. */
const AUTH_CODES = new Set([102, 190, 458, 459, 460, 463, 464, 467]);

export interface GraphPaging {
  cursors?: { before?: string; after?: string };
  previous?: string;
  next?: string;
}

export interface GraphList<T> {
  data?: T[];
  paging?: GraphPaging;
  summary?: { total_count?: number };
}

export interface GraphErrorBody {
  error?: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    fbtrace_id?: string;
  };
}

/** A Graph error that is neither throttling, auth nor configuration (code 1/2, transient): retry later. */
export class GraphApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
  ) {
    super(message);
    this.name = 'GraphApiError';
  }
}

/** `https://graph.facebook.com` + `v25.0`; a URL that already names a version keeps it. */
export function graphBaseUrl(sourceUrl: string, version: unknown): string {
  const base = (sourceUrl || GRAPH_DEFAULT_URL).replace(/\/+$/, '');
  if (/\/v\d{1,3}\.\d{1,2}$/.test(base)) return base;
  const v = typeof version === 'string' && version.trim() ? version.trim() : DEFAULT_GRAPH_VERSION;
  const normalised = v.startsWith('v') ? v : `v${v}`;
  if (!VERSION_PATTERN.test(normalised)) throw new SourceConfigError(`Graph API version "${v.slice(0, 20)}" is not like v25.0`);
  return `${base}/${normalised}`;
}

/**
 * Graph times: `2026-02-10T09:00:00+0000` (offset without a colon, which `Date.parse` does not accept
 * everywhere), sometimes with a colon or `Z`, or unix seconds when `date_format=U` was asked.
 */
export function parseGraphTime(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000);
  const fixed = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(fixed);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Only http(s) links survive: a permalink is shown as a link in the dashboard. */
export function safeLink(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function countOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (value && typeof value === 'object' && 'total_count' in value) return countOf((value as { total_count: unknown }).total_count);
  if (value && typeof value === 'object' && 'count' in value) return countOf((value as { count: unknown }).count);
  if (value && typeof value === 'object' && 'summary' in value) return countOf((value as { summary: unknown }).summary);
  return undefined;
}

export function stringOrNull(value: unknown, max = 2_000): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

export function sha256(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex');
}

/**
 * Turns a non-2xx Graph answer into what the worker acts on: throttling holds the source until
 * Meta's estimate, a dead token asks a person for a new one (Meta tokens cannot be refreshed by a
 * poller), missing permissions or unknown objects ask a person to fix the configuration.
 */
export function graphErrorFor(response: ApiResponse, url: string, now: Date): Error {
  let body: GraphErrorBody = {};
  try {
    body = JSON.parse(response.body) as GraphErrorBody;
  } catch {
    // Not JSON (a proxy's HTML page): fall back to the status.
  }
  const err = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {};
  const code = typeof err.code === 'number' ? err.code : undefined;
  const subcode = typeof err.error_subcode === 'number' ? err.error_subcode : undefined;
  const what = `Graph API ${response.status}${code !== undefined ? ` code ${code}${subcode !== undefined ? `/${subcode}` : ''}` : ''}: ${
    stringOrNull(err.message, 300) ?? 'no message'
  } (${safeUrlForMessage(stripToken(url))})`;

  if ((code !== undefined && THROTTLE_CODES.has(code)) || response.status === 429) {
    const resumeAt = response.rateLimit.resetAt ?? response.rateLimit.retryAt ?? new Date(now.getTime() + DEFAULT_THROTTLE_WAIT_MS);
    return new SourceRateLimitedError(`${what}; Meta allows calls again around ${resumeAt.toISOString()}`, resumeAt);
  }
  if ((code !== undefined && AUTH_CODES.has(code)) || (code === undefined && response.status === 401)) {
    return new SourceAuthError(`${what}. The access token is expired or was invalidated; Meta tokens cannot be refreshed by Ascolto: paste a new long-lived Page (or user) token.`);
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new SourceConfigError(`${what}. The token lacks a permission this source needs (see the source type's help).`, response.status);
  }
  if (code === 100 || code === 803 || code === 24 || (code === undefined && (response.status === 400 || response.status === 403 || response.status === 404))) {
    return new SourceConfigError(what, response.status);
  }
  return new GraphApiError(what, response.status, code, subcode);
}

/** `(#100) ... does not exist` on one object (a deleted post): skip that object, not the source. */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof SourceConfigError)) return false;
  return /code 100\/33\b/.test(error.message) || /does not exist/i.test(error.message);
}

function stripToken(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.delete('access_token');
    parsed.searchParams.delete('appsecret_proof');
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * The Graph API as both Meta adapters use it: one rate-limited client per adapter (Meta's usage
 * headers), and a run view per collect or connection test.
 */
export class GraphAccess {
  private readonly client: ApiClient;
  /** Pause between requests while usage is high: twice the backoff step, never above the longest wait. */
  private readonly paceMs: number;

  constructor(http: GuardedHttpClient, options: AdapterOptions = {}) {
    this.client = new ApiClient(http, { ...options.api, readRateLimit: readMetaRateLimit });
    this.paceMs = Math.min(options.api?.maxWaitMs ?? 60_000, 2 * (options.api?.baseDelayMs ?? 1_000));
  }

  /** One run's session; a connection test (`paced: false`) makes one request and never waits. */
  open(req: Pick<CollectRequest, 'signal' | 'now' | 'source' | 'stats' | 'credentials'>, paced = true): GraphRun {
    return new GraphRun(this.client.forRun(req.stats), req, req.credentials, req.source.settings['graphVersion'], { paceMs: paced ? this.paceMs : 0 });
  }
}

export interface GraphRunOptions {
  /** Pause between requests while usage is high (ms). */
  paceMs: number;
}

/**
 * One run's view of the Graph API for one token. Counts pages against the run's bound, follows
 * `paging.next` only on the configured host (a `next` elsewhere would carry our token away), and
 * notices when Meta says the allowance is nearly spent.
 */
export class GraphRun {
  readonly base: string;
  private readonly origin: string;
  private readonly token: string;
  private readonly proof: string | null;
  pages = 0;
  /** Set when usage reached the stop threshold: the caller ends the walk and returns what it has. */
  exhausted: { percent: number; resumeAt: Date } | null = null;

  constructor(
    private readonly api: ApiRun,
    private readonly req: Pick<CollectRequest, 'signal' | 'now' | 'source'>,
    credentials: SourceCredentials,
    version: unknown,
    private readonly options: GraphRunOptions,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    const token = credentials['accessToken']?.trim();
    if (!token) throw new MissingCredentialsError(['accessToken']);
    this.token = token;
    const secret = credentials['appSecret']?.trim();
    // Apps with "Require App Secret" on refuse calls without this proof (HMAC of the token).
    this.proof = secret ? createHmac('sha256', secret).update(token).digest('hex') : null;
    this.base = graphBaseUrl(req.source.url, version);
    this.origin = new URL(this.base).origin;
  }

  /** GET `{base}/{path}` with `query`; throws the mapped error on a non-2xx answer. */
  async get<T>(path: string, query: Record<string, QueryValue> = {}): Promise<T> {
    return this.fetch<T>(`${this.base}/${path.replace(/^\/+/, '')}`, query);
  }

  /**
   * Follows a `paging.next` URL. Its query is kept (Meta puts `after`, `until`, `__paging_token`
   * there); its token is dropped (ours goes in the header) and its host must be ours.
   */
  async follow<T>(next: string): Promise<T> {
    return this.fetch<T>(this.resolveNext(next), {});
  }

  /** A `next` URL as it may be stored in a cursor: on our host, without any token. */
  resolveNext(next: string): string {
    let url: URL;
    try {
      url = new URL(next, `${this.base}/`);
    } catch {
      throw new SourcePayloadError(`paging.next is not a URL: ${JSON.stringify(next.slice(0, 80))}`);
    }
    const rebuilt = new URL(`${url.pathname}${url.search}`, this.origin);
    rebuilt.searchParams.delete('access_token');
    rebuilt.searchParams.delete('appsecret_proof');
    return rebuilt.toString();
  }

  private async fetch<T>(url: string, query: Record<string, QueryValue>): Promise<T> {
    if (this.exhausted) throw new Error('Graph usage is at its limit for this run');
    if (this.proof) query = { ...query, appsecret_proof: this.proof };
    const response = await this.api.send({
      url,
      query,
      headers: { authorization: `Bearer ${this.token}` },
      // Meta's limits are per app and token: sources sharing a token share the allowance.
      limitKey: `meta:${sha256([this.token]).slice(0, 16)}`,
      signal: this.req.signal,
    });
    this.pages++;
    if (response.status < 200 || response.status > 299) throw graphErrorFor(response, url, this.req.now);
    const body = response.json<T>();
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SourcePayloadError(`${safeUrlForMessage(url)} answered with JSON that is not an object`);
    const errorBody = (body as GraphErrorBody).error;
    if (errorBody && typeof errorBody === 'object') throw graphErrorFor({ ...response, status: response.status === 200 ? 400 : response.status }, url, this.req.now);
    await this.afterResponse(response);
    return body;
  }

  /** Usage headers are percentages of the hour's allowance: slow down when high, stop before 100. */
  private async afterResponse(response: ApiResponse): Promise<void> {
    const remaining = response.rateLimit.remaining;
    if (remaining === undefined) return;
    const used = 100 - remaining;
    if (used >= STOP_FROM_PERCENT) {
      this.exhausted = { percent: used, resumeAt: response.rateLimit.resetAt ?? new Date(this.req.now.getTime() + DEFAULT_THROTTLE_WAIT_MS) };
    } else if (used >= PACE_FROM_PERCENT && this.options.paceMs > 0) {
      await this.sleep(this.options.paceMs);
    }
  }
}

/** Is `paging.next` there? The only end signal that holds for every Graph edge (correction 46). */
export function nextOf(list: GraphList<unknown>): string | null {
  const next = list.paging?.next;
  return typeof next === 'string' && next.trim() ? next : null;
}

/** `after` of a page, from `cursors.after` or the `after=` in `next` (null for time-based paging). */
export function afterOf(list: GraphList<unknown>): string | null {
  const after = list.paging?.cursors?.after;
  if (typeof after === 'string' && after) return after;
  const next = nextOf(list);
  if (!next) return null;
  try {
    return new URL(next, 'https://graph.facebook.com').searchParams.get('after');
  } catch {
    return null;
  }
}

export function listData<T>(list: GraphList<T>, url: string): T[] {
  if (list.data === undefined) return [];
  if (!Array.isArray(list.data)) throw new SourcePayloadError(`${url}: "data" is not a list`);
  return list.data.filter((item): item is T => !!item && typeof item === 'object');
}

/** Positive integer setting within bounds, else the default. */
export function intSetting(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}
