import { SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import type { RunStats } from '../source-adapter';
import type { GuardedHttpClient, GuardedResponse } from './guarded-http-client';
import { OutboundRequestError, safeUrlForMessage } from './outbound-errors';
import { type RateLimitReader, type RateLimitReading, readRetryAfter } from './rate-limit-headers';

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL; `query` is appended. */
  url: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string>;
  /**
   * Rate limits are per host and token on most APIs: requests with the same key share the
   * remaining count and the reset time. Default: the URL's host.
   */
  limitKey?: string;
  signal?: AbortSignal;
}

export interface ApiResponse extends GuardedResponse {
  /** Parsed JSON body; a body that is not JSON is a `SourcePayloadError` naming the URL. */
  json<T = unknown>(): T;
  rateLimit: RateLimitReading;
}

export interface ApiClientOptions {
  readRateLimit?: RateLimitReader;
  /** Tries per request for network errors, 408, 429 and 5xx. Default 4. */
  maxAttempts?: number;
  /** First backoff step (full jitter: a random wait up to base·2^attempt). Default 1 s. */
  baseDelayMs?: number;
  /** Longest single backoff step. Default 15 min (SOURCES.md §0.1); in practice `maxWaitMs` cuts in first. */
  maxDelayMs?: number;
  /**
   * Longest the run waits in-process for a rate-limit reset or Retry-After. Longer than that, the
   * request fails with `SourceRateLimitedError(resumeAt)` and the scheduler holds the source. Default 60 s.
   */
  maxWaitMs?: number;
  /** Requests in flight per limit key at once. Default 2. */
  concurrency?: number;
  /** Below this share of the limit left, requests are spread evenly until the reset. Default 0.1. */
  paceBelow?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

/** A request that failed for good after its retries (or a status the caller asked to be thrown). */
export class SourceHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: string,
  ) {
    super(message);
    this.name = 'SourceHttpError';
  }
}

interface LimitState {
  reading: RateLimitReading;
  inFlight: number;
  waiters: Array<() => void>;
}

const RETRYABLE = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The HTTP client every API collector uses: the guarded client (address checks, timeouts, size
 * limits) plus SOURCES.md §0.1's one retry policy. It honours `Retry-After` first, then the
 * source's reset header, else exponential backoff with full jitter; retries only network errors,
 * 408, 429 and 5xx; paces requests when the remaining allowance runs low instead of bursting into
 * a 429; and keeps a per-key concurrency limit. Other statuses are returned: only the adapter
 * knows what a 401 or a 404 means for it.
 *
 * One instance per source type is shared by all sources of that type, so sources on the same host
 * and token share their rate-limit state. `forRun()` gives a view that counts a run's requests.
 */
export class ApiClient {
  private readonly states = new Map<string, LimitState>();
  private readonly readRateLimit: RateLimitReader;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxWaitMs: number;
  private readonly concurrency: number;
  private readonly paceBelow: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(
    private readonly http: GuardedHttpClient,
    options: ApiClientOptions = {},
  ) {
    this.readRateLimit = options.readRateLimit ?? readRetryAfter;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.paceBelow = options.paceBelow ?? 0.1;
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** A view for one run: the same shared limits; every HTTP request is counted in `stats`. */
  forRun(stats: RunStats = { requests: 0, spent: 0 }): ApiRun {
    return new ApiRun(this, stats);
  }

  /** Sends a request with pacing and retries; `onAttempt` is told of every HTTP request made. */
  async send(req: ApiRequest, onAttempt: () => void = () => undefined): Promise<ApiResponse> {
    const url = buildUrl(req.url, req.query);
    const key = req.limitKey ?? new URL(url).host;
    const state = this.stateFor(key);
    const { headers, body } = encodeBody(req);
    let lastError: Error | null = null;
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      await this.waitForAllowance(state, url, req.signal);
      await this.acquire(state);
      let response: GuardedResponse;
      try {
        onAttempt();
        response = await this.http.request(req.method ?? 'GET', url, { headers, body, signal: req.signal });
      } catch (error) {
        this.release(state);
        if (!(error instanceof OutboundRequestError) || error.kind === 'too_large' || error.kind === 'aborted' || error.kind === 'too_many_redirects') throw error;
        lastError = error;
        if (attempt + 1 < this.maxAttempts) await this.backoff(attempt, url, req.signal);
        continue;
      }
      this.release(state);
      const now = this.now();
      const reading = this.readRateLimit(response, now);
      state.reading = mergeReading(state.reading, reading, now);
      const result = withJson(response, reading);
      if (!RETRYABLE(response.status)) return result;

      lastError = new SourceHttpError(response.status, `${describeStatus(response)} from ${safeUrlForMessage(url)}`, response.body.slice(0, 500));
      if (attempt + 1 >= this.maxAttempts) break;
      const waitUntil = reading.retryAt ?? (response.status === 429 ? reading.resetAt : undefined);
      if (waitUntil) {
        const waitMs = waitUntil.getTime() - now.getTime();
        if (waitMs > this.maxWaitMs) {
          throw new SourceRateLimitedError(`${describeStatus(response)} from ${safeUrlForMessage(url)}; allowed again at ${waitUntil.toISOString()}`, waitUntil);
        }
        await this.sleep(Math.max(0, waitMs), req.signal);
      } else {
        await this.backoff(attempt, url, req.signal);
      }
    }
    if (lastError instanceof SourceHttpError && lastError.status === 429) {
      const resumeAt = state.reading.retryAt ?? state.reading.resetAt ?? new Date(this.now().getTime() + this.baseDelayMs * 2 ** this.maxAttempts);
      throw new SourceRateLimitedError(`${lastError.message} (after ${this.maxAttempts} tries)`, resumeAt);
    }
    throw lastError ?? new Error(`request to ${safeUrlForMessage(url)} failed`);
  }

  private stateFor(key: string): LimitState {
    let state = this.states.get(key);
    if (!state) {
      state = { reading: {}, inFlight: 0, waiters: [] };
      this.states.set(key, state);
    }
    return state;
  }

  /**
   * Before a request: if the window is spent, wait for its reset (or give up with the reset time
   * when that is too far); if it is nearly spent, spread what is left evenly over the window.
   */
  private async waitForAllowance(state: LimitState, url: string, signal?: AbortSignal): Promise<void> {
    const now = this.now().getTime();
    const { remaining, limit, resetAt, retryAt } = state.reading;
    if (retryAt && retryAt.getTime() > now) {
      const wait = retryAt.getTime() - now;
      if (wait > this.maxWaitMs) throw new SourceRateLimitedError(`rate limited by ${safeUrlForMessage(url)} until ${retryAt.toISOString()}`, retryAt);
      await this.sleep(wait, signal);
      return;
    }
    if (remaining === undefined || !resetAt || resetAt.getTime() <= now) return;
    const untilReset = resetAt.getTime() - now;
    if (remaining <= 0) {
      if (untilReset > this.maxWaitMs) throw new SourceRateLimitedError(`rate limit of ${safeUrlForMessage(url)} spent until ${resetAt.toISOString()}`, resetAt);
      await this.sleep(untilReset, signal);
      state.reading = {};
      return;
    }
    if (limit !== undefined && limit > 0 && remaining / limit < this.paceBelow) {
      const spacing = Math.min(untilReset / (remaining + 1), this.maxWaitMs);
      state.reading = { ...state.reading, remaining: remaining - 1 };
      await this.sleep(spacing, signal);
    }
  }

  private async backoff(attempt: number, url: string, signal?: AbortSignal): Promise<void> {
    const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** attempt);
    const wait = Math.floor(this.random() * cap);
    if (wait > this.maxWaitMs) {
      throw new SourceRateLimitedError(`backing off from ${safeUrlForMessage(url)}`, new Date(this.now().getTime() + wait));
    }
    await this.sleep(wait, signal);
  }

  private acquire(state: LimitState): Promise<void> {
    if (state.inFlight < this.concurrency) {
      state.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      state.waiters.push(() => {
        state.inFlight++;
        resolve();
      }),
    );
  }

  private release(state: LimitState): void {
    state.inFlight--;
    state.waiters.shift()?.();
  }
}

/** The per-run view of an `ApiClient`: counts HTTP requests (retries included) for the run record. */
export class ApiRun {
  constructor(
    private readonly client: ApiClient,
    readonly stats: RunStats,
  ) {}

  get requests(): number {
    return this.stats.requests;
  }

  send(req: ApiRequest): Promise<ApiResponse> {
    return this.client.send(req, () => {
      this.stats.requests++;
    });
  }
}

function mergeReading(previous: RateLimitReading, next: RateLimitReading, now: Date): RateLimitReading {
  // A response without rate-limit headers keeps what we knew, unless that window has passed.
  const stillValid = previous.resetAt && previous.resetAt.getTime() > now.getTime() ? previous : {};
  return {
    limit: next.limit ?? stillValid.limit,
    remaining: next.remaining ?? stillValid.remaining,
    resetAt: next.resetAt ?? stillValid.resetAt,
    retryAt: next.retryAt,
  };
}

function withJson(response: GuardedResponse, rateLimit: RateLimitReading): ApiResponse {
  let parsed: { value: unknown } | null = null;
  return {
    ...response,
    rateLimit,
    json<T>(): T {
      if (!parsed) {
        try {
          parsed = { value: JSON.parse(response.body) };
        } catch {
          const excerpt = response.body.slice(0, 80).replace(/\s+/g, ' ');
          throw new SourcePayloadError(`${safeUrlForMessage(response.finalUrl)} answered ${response.status} with a body that is not JSON: ${JSON.stringify(excerpt)}`);
        }
      }
      return parsed.value as T;
    },
  };
}

function describeStatus(response: GuardedResponse): string {
  return `HTTP ${response.status}`;
}

export function buildUrl(base: string, query: Record<string, QueryValue> | undefined): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) url.searchParams.append(name, String(v));
    else url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function encodeBody(req: ApiRequest): { headers: Record<string, string>; body: string | undefined } {
  const headers = { accept: 'application/json', ...req.headers };
  if (req.json !== undefined) return { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(req.json) };
  if (req.form) return { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(req.form).toString() };
  return { headers, body: undefined };
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OutboundRequestError('aborted', 'cancelled while waiting'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OutboundRequestError('aborted', 'cancelled while waiting'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
