import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CollectorRunStatusView, SourceAttention, SourceHealth, SourceRunView, SourceType } from '@ascolto/domain';
import { SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { WORKER_HEARTBEAT_WINDOW_SECONDS } from '@ascolto/persistence';
import { budgetPeriodKey } from './source-config';

/** Runs shown with the health (the run history endpoint pages further). */
const RECENT_RUNS = 20;

interface HealthRow {
  id: string;
  type: SourceType;
  enabled: boolean;
  attention: SourceAttention;
  consecutive_failures: number;
  backoff_until: Date | null;
  last_success_at: Date | null;
  budget_limit: number | null;
  last_run_at: Date | null;
  last_run_status: CollectorRunStatusView | null;
  last_error: string | null;
  next_run_at: Date | null;
}

interface RunRow {
  id: string;
  status: CollectorRunStatusView;
  started_at: Date;
  finished_at: Date | null;
  fetched: number;
  created: number;
  updated: number;
  duplicates: number;
  rejected: number;
  requests: number;
  error: string | null;
  worker_id: string;
}

/** Attention states a person must clear: the scheduler skips the source until then. */
const WAITS_FOR_PERSON: ReadonlySet<SourceAttention> = new Set<SourceAttention>([
  'credentials_rejected',
  'credentials_missing',
  'configuration_rejected',
]);

// Everything the health shows comes from the source row, its runs and the live workers'
// heartbeats. "Live" and "last 24 hours" use the database clock, which wrote those timestamps.
const SELECT_HEALTH = `
  SELECT s.id, s.type, s.enabled, s.attention, s.consecutive_failures, s.backoff_until, s.budget_limit,
         GREATEST(s.last_success_at, ok.finished_at) AS last_success_at,
         COALESCE(last.finished_at, last.started_at) AS last_run_at, last.status AS last_run_status, failed.error AS last_error,
         (SELECT min((entry->>'nextRunAt')::timestamptz)
            FROM worker_heartbeats w CROSS JOIN LATERAL jsonb_array_elements(w.schedules) AS entry
           WHERE w.last_beat_at > now() - make_interval(secs => $2)
             AND entry->>'sourceId' = s.id::text AND entry->>'nextRunAt' IS NOT NULL) AS next_run_at
    FROM sources s
    LEFT JOIN LATERAL (SELECT status, started_at, finished_at FROM collector_runs
                        WHERE source_id = s.id AND status <> 'running' ORDER BY started_at DESC LIMIT 1) last ON true
    LEFT JOIN LATERAL (SELECT error FROM collector_runs
                        WHERE source_id = s.id AND status = 'failed' ORDER BY started_at DESC LIMIT 1) failed ON true
    LEFT JOIN LATERAL (SELECT max(finished_at) AS finished_at FROM collector_runs
                        WHERE source_id = s.id AND status IN ('succeeded', 'not_modified')) ok ON true
   WHERE s.id = $1`;

const SELECT_RUNS = `
  SELECT id, status, started_at, finished_at, fetched, created, updated, duplicates,
         jsonb_array_length(rejected_items) AS rejected, requests, error, worker_id
    FROM collector_runs WHERE source_id = $1 ORDER BY started_at DESC, id LIMIT $2`;

const SELECT_LAST_24H = `
  SELECT count(*)::int AS runs, (count(*) FILTER (WHERE status = 'failed'))::int AS failed,
         COALESCE(sum(fetched), 0)::int AS fetched, COALESCE(sum(created), 0)::int AS created,
         COALESCE(sum(duplicates), 0)::int AS duplicates
    FROM collector_runs WHERE source_id = $1 AND started_at > now() - interval '24 hours'`;

// Each run keeps a sample of its new items' publication-to-index lags (seconds); the percentiles
// are over all of them, so a run with many new items weighs more than a run with one.
const SELECT_FRESHNESS = `
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY lag) AS p95, count(*)::int AS sample
    FROM (SELECT (value #>> '{}')::float8 AS lag
            FROM collector_runs r CROSS JOIN LATERAL jsonb_array_elements(r.lag_seconds) AS value
           WHERE r.source_id = $1 AND r.started_at > now() - interval '24 hours' AND jsonb_typeof(value) = 'number') lags`;

function toRunView(row: RunRow): SourceRunView {
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    duplicates: row.duplicates,
    rejected: row.rejected,
    requests: row.requests,
    error: row.error,
    workerId: row.worker_id,
  };
}

const roundTenths = (value: number): number => Math.round(value * 10) / 10;

/** Health and run history of one source, as the sources page shows them. */
@Injectable()
export class SourceHealthService {
  constructor(private readonly dataSource: DataSource) {}

  async health(id: string, now: Date = new Date()): Promise<SourceHealth> {
    const [row]: HealthRow[] = await this.dataSource.query(SELECT_HEALTH, [id, WORKER_HEARTBEAT_WINDOW_SECONDS]);
    if (!row) throw new NotFoundException(`Source ${id} not found`);
    const [[totals], [fresh], runs] = await Promise.all([
      this.dataSource.query(SELECT_LAST_24H, [id]) as Promise<Array<SourceHealth['last24h']>>,
      this.dataSource.query(SELECT_FRESHNESS, [id]) as Promise<Array<{ p50: number | null; p95: number | null; sample: number }>>,
      this.dataSource.query(SELECT_RUNS, [id, RECENT_RUNS]) as Promise<RunRow[]>,
    ]);
    return {
      sourceId: row.id,
      enabled: row.enabled,
      state: stateOf(row),
      attention: row.attention,
      lastRunAt: row.last_run_at?.toISOString() ?? null,
      lastSuccessAt: row.last_success_at?.toISOString() ?? null,
      lastError: row.last_error,
      consecutiveFailures: row.consecutive_failures,
      nextRunAt: nextRunOf(row)?.toISOString() ?? null,
      backoffUntil: row.backoff_until?.toISOString() ?? null,
      quota: await this.quotaOf(row, now),
      freshness:
        fresh && fresh.sample > 0
          ? { p50Seconds: roundTenths(Number(fresh.p50)), p95Seconds: roundTenths(Number(fresh.p95)), sample: fresh.sample }
          : null,
      last24h: totals,
      recentRuns: runs.map(toRunView),
    };
  }

  async runs(id: string, limit: number): Promise<SourceRunView[]> {
    const [source]: unknown[] = await this.dataSource.query('SELECT 1 FROM sources WHERE id = $1', [id]);
    if (!source) throw new NotFoundException(`Source ${id} not found`);
    const rows: RunRow[] = await this.dataSource.query(SELECT_RUNS, [id, limit]);
    return rows.map(toRunView);
  }

  /** What is left of a budgeted type's allowance in the current period (the worker keys spend by UTC day or month). */
  private async quotaOf(row: HealthRow, now: Date): Promise<SourceHealth['quota']> {
    const budget = SOURCE_TYPE_DESCRIPTORS[row.type]?.budget;
    if (!budget) return null;
    const period = budgetPeriodKey(budget.period, now);
    const [spent]: Array<{ used: number }> = await this.dataSource.query(
      'SELECT used FROM source_budgets WHERE source_id = $1 AND period = $2',
      [row.id, period],
    );
    const used = spent?.used ?? 0;
    const limit = row.budget_limit ?? budget.defaultLimit;
    return { unit: budget.unit, period, used, limit, remaining: Math.max(0, limit - used) };
  }
}

function stateOf(row: HealthRow): SourceHealth['state'] {
  if (!row.enabled) return 'paused';
  if (row.attention) return 'attention';
  if (row.consecutive_failures > 0 || row.last_run_status === 'failed') return 'failing';
  if (row.last_success_at) return 'ok';
  return 'idle';
}

/**
 * The next tick a live worker has scheduled, held back to the end of a backoff. None while the
 * source is paused or waits for a person (the scheduler skips it), or when no worker runs it.
 */
function nextRunOf(row: HealthRow): Date | null {
  if (!row.enabled || WAITS_FOR_PERSON.has(row.attention) || !row.next_run_at) return null;
  if (row.backoff_until && row.backoff_until.getTime() > row.next_run_at.getTime()) return row.backoff_until;
  return row.next_run_at;
}
