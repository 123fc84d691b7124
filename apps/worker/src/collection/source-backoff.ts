import {
  MissingCredentialsError,
  SourceAuthError,
  SourceConfigError,
  SourceQuotaExhaustedError,
  SourceRateLimitedError,
} from '@ascolto/collectors';
import type { SourceAttention } from '@ascolto/domain';

/** Failures in a row before the scheduler starts spacing runs out (one blip costs nothing). */
const FREE_FAILURES = 1;
const BACKOFF_STEP_MS = 30_000;
const BACKOFF_CAP_MS = 30 * 60_000;

/** What a failed run means for the source's state: hold it back, and/or ask a person. */
export interface FailureVerdict {
  attention: SourceAttention;
  /** Runs are skipped until then; null: the next tick may run. */
  backoffUntil: Date | null;
}

/**
 * The one place that decides how a source reacts to a failure. Credentials and configuration a
 * source refused wait for a person (the API clears `attention` when the source is edited); rate
 * limits and spent budgets wait for their reset; anything else (network, 5xx after retries,
 * malformed payloads) backs off exponentially with jitter after the first failure in a row.
 */
export function verdictFor(error: unknown, consecutiveFailures: number, now: Date, random: () => number = Math.random): FailureVerdict {
  if (error instanceof SourceAuthError) return { attention: 'credentials_rejected', backoffUntil: null };
  if (error instanceof MissingCredentialsError) return { attention: 'credentials_missing', backoffUntil: null };
  if (error instanceof SourceConfigError) return { attention: 'configuration_rejected', backoffUntil: null };
  if (error instanceof SourceRateLimitedError) return { attention: 'rate_limited', backoffUntil: error.resumeAt };
  if (error instanceof SourceQuotaExhaustedError) {
    return { attention: 'quota_exhausted', backoffUntil: error.resetAt ?? new Date(now.getTime() + 60 * 60_000) };
  }
  const steps = consecutiveFailures - FREE_FAILURES;
  if (steps <= 0) return { attention: null, backoffUntil: null };
  const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_STEP_MS * 2 ** (steps - 1));
  // Half fixed, half random: failing sources do not all come back in the same second.
  return { attention: null, backoffUntil: new Date(now.getTime() + cap / 2 + random() * (cap / 2)) };
}

/** Attention states a person must clear; the others clear themselves on the next success. */
export function needsPerson(attention: SourceAttention): boolean {
  return attention === 'credentials_rejected' || attention === 'credentials_missing' || attention === 'configuration_rejected';
}

/** The budget period a date falls in: `2026-11-22` for daily budgets, `2026-11` for monthly (UTC). */
export function budgetPeriod(period: 'day' | 'month', now: Date): { key: string; endsAt: Date } {
  if (period === 'month') {
    return { key: now.toISOString().slice(0, 7), endsAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
  }
  return { key: now.toISOString().slice(0, 10), endsAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)) };
}
