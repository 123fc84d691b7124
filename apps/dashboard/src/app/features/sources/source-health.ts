import type { SourceAttention, SourceHealth, SourceRunView, SourceView } from '@ascolto/domain';

export type SourceState = SourceHealth['state'];

/** The state chip in words: a translation key with its parameters, plus why and what to do when a person is needed. */
export interface StateSummary {
  state: SourceState;
  key: string;
  params: Record<string, string | number>;
  /** Why the source waits for a person (attention only). */
  reasonKey: string | null;
  /** What the admin should do about it. */
  adviceKey: string | null;
}

/**
 * The state as the health endpoint gives it; before health has loaded (or when it failed), the
 * list's own fields tell nearly the same story, so the chip is never empty.
 */
export function sourceState(source: SourceView, health: SourceHealth | null): SourceState {
  if (health) return health.state;
  if (!source.enabled) return 'paused';
  if (source.attention) return 'attention';
  if (source.consecutiveFailures > 0) return 'failing';
  return source.lastRunAt ? 'ok' : 'idle';
}

export function summarizeState(source: SourceView, health: SourceHealth | null): StateSummary {
  const state = sourceState(source, health);
  const attention: SourceAttention = health ? health.attention : source.attention;
  const failures = health ? health.consecutiveFailures : source.consecutiveFailures;
  switch (state) {
    case 'failing':
      return { state, key: 'sources.state.failing', params: { count: Math.max(1, failures) }, reasonKey: null, adviceKey: null };
    case 'attention':
      return {
        state,
        key: 'sources.state.attention',
        params: {},
        reasonKey: `sources.attention.${attention ?? 'unknown'}`,
        adviceKey: `sources.advice.${attention ?? 'unknown'}`,
      };
    default:
      return { state, key: `sources.state.${state}`, params: {}, reasonKey: null, adviceKey: null };
  }
}

/** Seconds as a short duration in the UI language: "45 s", "12 min", "3 h", "2 d". */
export function formatDuration(seconds: number, lang: string): string {
  const format = (value: number, unit: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
  const abs = Math.max(0, seconds);
  if (abs < 90) return format(Math.round(abs), 'second');
  if (abs < 3600) return format(abs / 60, 'minute');
  if (abs < 48 * 3600) return format(abs / 3600, 'hour');
  return format(abs / 86_400, 'day');
}

/** Used share of a quota as 0–100 for a progress bar (a zero limit counts as full). */
export function quotaPercent(quota: NonNullable<SourceHealth['quota']>): number {
  if (quota.limit <= 0) return 100;
  return Math.min(100, Math.max(0, (quota.used / quota.limit) * 100));
}

/** Runs oldest first, as a chart reads left to right, whatever order the API answered in. */
export function chronological(runs: readonly SourceRunView[]): SourceRunView[] {
  return [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Totals over the runs a chart shows, for its text alternative. */
export function runTotals(runs: readonly SourceRunView[]): { runs: number; created: number; duplicates: number; failed: number } {
  return runs.reduce(
    (sum, run) => ({
      runs: sum.runs + 1,
      created: sum.created + run.created,
      duplicates: sum.duplicates + run.duplicates,
      failed: sum.failed + (run.status === 'failed' ? 1 : 0),
    }),
    { runs: 0, created: 0, duplicates: 0, failed: 0 },
  );
}
