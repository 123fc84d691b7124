import type { GuardedResponse } from './guarded-http-client';

/**
 * What a response says about the rate limit. Each source spells it differently (SOURCES.md §0.1);
 * one reader per source turns its headers into this. Header names arrive lower-cased from the
 * guarded client, so readers are case-insensitive by construction.
 */
export interface RateLimitReading {
  limit?: number;
  remaining?: number;
  /** When the window resets and `remaining` is full again. */
  resetAt?: Date;
  /** Do not call before this (Retry-After, or a body's `wait_seconds`). */
  retryAt?: Date;
}

export type RateLimitReader = (response: GuardedResponse, now: Date) => RateLimitReading;

function num(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : undefined;
}

/** `Retry-After` as integer seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now: Date): Date | undefined {
  if (!value) return undefined;
  const seconds = num(value);
  if (seconds !== undefined) return new Date(now.getTime() + Math.max(0, seconds) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : new Date(date);
}

function epochSeconds(value: string | undefined): Date | undefined {
  const n = num(value);
  return n === undefined ? undefined : new Date(n * 1000);
}

function withRetryAfter(reading: RateLimitReading, response: GuardedResponse, now: Date): RateLimitReading {
  const retryAt = parseRetryAfter(response.headers['retry-after'], now);
  return retryAt ? { ...reading, retryAt } : reading;
}

/** Only `Retry-After` (feeds, Apple, Hacker News' Algolia, YouTube). */
export const readRetryAfter: RateLimitReader = (response, now) => withRetryAfter({}, response, now);

/** Mastodon: `X-RateLimit-*`, reset as an ISO 8601 date with microseconds. */
export const readMastodonRateLimit: RateLimitReader = (response, now) => {
  const reset = response.headers['x-ratelimit-reset'];
  const resetMs = reset ? Date.parse(reset) : NaN;
  return withRetryAfter(
    {
      limit: num(response.headers['x-ratelimit-limit']),
      remaining: num(response.headers['x-ratelimit-remaining']),
      resetAt: Number.isNaN(resetMs) ? undefined : new Date(resetMs),
    },
    response,
    now,
  );
};

/** Bluesky (IETF draft `RateLimit-*`): reset in epoch seconds. */
export const readBlueskyRateLimit: RateLimitReader = (response, now) =>
  withRetryAfter(
    {
      limit: num(response.headers['ratelimit-limit']),
      remaining: num(response.headers['ratelimit-remaining']),
      resetAt: epochSeconds(response.headers['ratelimit-reset']),
    },
    response,
    now,
  );

/** Reddit: remaining may be `"599.0"` or `"990"`, reset is seconds until the window ends; both may be absent. */
export const readRedditRateLimit: RateLimitReader = (response, now) => {
  const used = num(response.headers['x-ratelimit-used']);
  const remaining = num(response.headers['x-ratelimit-remaining']);
  const resetIn = num(response.headers['x-ratelimit-reset']);
  return withRetryAfter(
    {
      limit: used !== undefined && remaining !== undefined ? used + remaining : undefined,
      remaining: remaining === undefined ? undefined : Math.floor(remaining),
      resetAt: resetIn === undefined ? undefined : new Date(now.getTime() + resetIn * 1000),
    },
    response,
    now,
  );
};

/** X API v2: lower-case `x-rate-limit-*`, reset in epoch seconds. */
export const readXRateLimit: RateLimitReader = (response, now) =>
  withRetryAfter(
    {
      limit: num(response.headers['x-rate-limit-limit']),
      remaining: num(response.headers['x-rate-limit-remaining']),
      resetAt: epochSeconds(response.headers['x-rate-limit-reset']),
    },
    response,
    now,
  );

/** Discourse: nothing on success; on 429 `Retry-After` and `extras.wait_seconds` in the body. */
export const readDiscourseRateLimit: RateLimitReader = (response, now) => {
  const reading = withRetryAfter({}, response, now);
  if (reading.retryAt || response.status !== 429) return reading;
  try {
    const wait = (JSON.parse(response.body) as { extras?: { wait_seconds?: unknown } }).extras?.wait_seconds;
    if (typeof wait === 'number' && Number.isFinite(wait)) return { retryAt: new Date(now.getTime() + wait * 1000) };
  } catch {
    // Not JSON: no hint beyond the status.
  }
  return reading;
};

/**
 * Meta Graph: `X-App-Usage` / `X-Page-Usage` / `X-Business-Use-Case-Usage` hold JSON percentages.
 * The highest percentage is read as "used of 100"; the BUC header's
 * `estimated_time_to_regain_access` (minutes) is the reset when it is set.
 */
export const readMetaRateLimit: RateLimitReader = (response, now) => {
  let highest: number | undefined;
  let regainMinutes = 0;
  const consider = (value: unknown) => {
    if (!value || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'estimated_time_to_regain_access' && typeof v === 'number') regainMinutes = Math.max(regainMinutes, v);
      else if (typeof v === 'number' && key !== 'type') highest = Math.max(highest ?? 0, v);
    }
  };
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    try {
      if (response.headers[name]) consider(JSON.parse(response.headers[name]));
    } catch {
      // A malformed usage header says nothing.
    }
  }
  try {
    const buc = response.headers['x-business-use-case-usage'];
    if (buc) {
      for (const entries of Object.values(JSON.parse(buc) as Record<string, unknown>)) {
        for (const entry of Array.isArray(entries) ? entries : []) consider(entry);
      }
    }
  } catch {
    // Same.
  }
  const reading: RateLimitReading = {};
  if (highest !== undefined) {
    reading.limit = 100;
    reading.remaining = Math.max(0, Math.floor(100 - highest));
  }
  if (regainMinutes > 0) reading.resetAt = new Date(now.getTime() + regainMinutes * 60_000);
  return withRetryAfter(reading, response, now);
};
