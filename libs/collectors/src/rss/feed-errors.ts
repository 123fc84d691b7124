import { SourceRateLimitedError } from '../collector-errors';

/** The feed server answered with a status that is neither success nor "not modified". */
export class FeedHttpError extends Error {
  override readonly name = 'FeedHttpError';

  constructor(
    readonly status: number,
    readonly url: string,
    /** From `Retry-After` on 429/503, in seconds, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`Feed request failed with HTTP ${status} for ${url}`);
  }
}

/** The body is not something we can read as RSS 1.0/2.0 or Atom. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';

  constructor(
    readonly url: string,
    detail?: string,
  ) {
    super(`The response from ${url} is not an RSS or Atom feed${detail ? ` (${detail})` : ''}`);
  }
}

/**
 * The feed host said "not now" with a `Retry-After` (429, or 503 with the header): the worker
 * holds the source until then instead of polling into the refusal (SOURCES.md §0.1, §6).
 */
export class FeedRateLimitedError extends SourceRateLimitedError {
  override readonly name = 'FeedRateLimitedError';

  constructor(
    readonly status: number,
    readonly url: string,
    readonly retryAfterSeconds: number,
    now: Date,
  ) {
    super(`Feed request answered HTTP ${status} for ${url}; allowed again in ${retryAfterSeconds} s`, new Date(now.getTime() + retryAfterSeconds * 1000));
  }
}
