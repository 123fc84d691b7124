/*
 * What can go wrong in a collector run, sorted by what the worker does about it. Anything else
 * (network failures after retries, 5xx after retries, unparseable bodies) is a plain failure: the
 * run is recorded as failed, the cursor stays, and the next scheduled run retries with backoff.
 */

/** The source refused the credentials even after one refresh: a person must fix them. */
export class SourceAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceAuthError';
  }
}

/** Credentials the source type requires are not set. */
export class MissingCredentialsError extends Error {
  constructor(readonly keys: string[]) {
    super(`missing credentials: ${keys.join(', ')}`);
    this.name = 'MissingCredentialsError';
  }
}

/**
 * A permanent refusal of this source's configuration (unknown hashtag, app or subreddit, 403
 * forbidden, 400 invalid query): retrying the same request cannot help.
 */
export class SourceConfigError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SourceConfigError';
  }
}

/** The source's rate limit is spent until `resumeAt`; the scheduler holds the source until then. */
export class SourceRateLimitedError extends Error {
  constructor(
    message: string,
    readonly resumeAt: Date,
  ) {
    super(message);
    this.name = 'SourceRateLimitedError';
  }
}

/** The budget (YouTube quota units, X spend cap) is spent for this period. */
export class SourceQuotaExhaustedError extends Error {
  constructor(
    message: string,
    readonly resetAt: Date | null,
  ) {
    super(message);
    this.name = 'SourceQuotaExhaustedError';
  }
}

/** A response that is not what the API documents (malformed JSON or XML, wrong shape). */
export class SourcePayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourcePayloadError';
  }
}
