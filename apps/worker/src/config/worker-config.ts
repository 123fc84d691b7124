import { hostname } from 'node:os';
import { loadSearchConfig, type SearchConfig } from '@ascolto/search';
import { parseAllowList } from '@ascolto/collectors';
import { CredentialCipher, loadDatabaseConfig, type DatabaseConfig } from '@ascolto/persistence';

/** Everything the worker reads from the environment, validated once at start-up. */
export interface WorkerConfig {
  /** Names this instance in run records and heartbeats. Default: `<hostname>-<pid>`. */
  workerId: string;
  database: DatabaseConfig;
  search: SearchConfig;
  /** Hosts/IPs/CIDRs that collectors may reach even though they are private (tests, demo). */
  outboundAllowList: string[];
  /** How often the set of sources and their schedules is re-read from PostgreSQL. */
  sourceReloadSeconds: number;
  heartbeatSeconds: number;
  /** How often mention states that did not reach Elasticsearch are re-applied. */
  reconcileSeconds: number;
  /**
   * A label correction still pending this long after it was asked for is one the API could not
   * finish (crash, PostgreSQL down after the document was written), and the reconciler finishes it;
   * younger ones may belong to a request still in flight.
   */
  correctionGraceSeconds: number;
  /** Collector runs at once in this worker (each holds two PostgreSQL connections while it runs). */
  collectorConcurrency: number;
  /** Longest one run may take (all its pages); then it is cancelled with its cursor untouched and its slot freed. */
  collectorRunTimeoutMs: number;
  /** One HTTP request to a source, redirects and body included. */
  collectorTimeoutMs: number;
  /** First step of the exponential backoff between retries of a failed request. */
  collectorBackoffBaseMs: number;
  /** Longest a run waits in-process for a rate-limit reset before handing the wait to the scheduler. */
  collectorMaxWaitMs: number;
  /** Collector runs are kept this long (the newest per source always). */
  runHistoryDays: number;
  /** On shutdown, how long runs in progress may finish before they are cancelled (cursors untouched). */
  shutdownGraceMs: number;
  /** How often the worker looks for topic re-tagging jobs. */
  topicRetagPollMs: number;
  /**
   * A topic fence (see TopicFenceService) not renewed for this long belongs to a process that
   * stopped without withdrawing it (a crash) and no longer holds re-tags back. Renewed at every
   * poll, so it must be several poll intervals long.
   */
  topicFenceSeconds: number;
  /** A running job whose worker has not written progress for this long was abandoned and is taken over. */
  topicRetagLeaseSeconds: number;
  /** Attempts of one job before it is reported failed. */
  topicRetagMaxAttempts: number;
  /** Wait before the first retry of a failed job; doubles per attempt. */
  topicRetagBackoffBaseMs: number;
  /**
   * Re-analyse, in the background, the indexed mentions an older pipeline labelled (after an
   * upgrade), one worker at a time (REANALYSE_IN_BACKGROUND=false leaves it to `npm run reanalyse`).
   */
  reanalyseInBackground: boolean;
  /** How often a worker looks for mentions labelled by an older pipeline. */
  reanalyseCheckSeconds: number;
  /** Mentions per page of the background re-analysis. */
  reanalysePageSize: number;
  /** Pause after each page, so a background re-analysis leaves the cores to ingest. */
  reanalysePagePauseMs: number;
  /** Decrypts source credentials (key in ASCOLTO_CREDENTIALS_KEY); without a key, sources that need credentials fail clearly. */
  credentialCipher: CredentialCipher;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new Error(`${name} must be true or false (got "${env[name]}")`);
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new Error(`${name} must be an integer between 1 and ${max} (got "${raw}")`);
  }
  return value;
}

const DEFAULT_COLLECTOR_CONCURRENCY = 16;
/** Connections besides the runs': scheduler reloads, heartbeat, reconciler, topic catalog. */
const SPARE_CONNECTIONS = 4;

/**
 * Every run holds one connection for its advisory lock and uses one more for its writes: runs can
 * only deadlock on the pool when it has fewer than two connections per concurrent run. Without
 * DATABASE_POOL_SIZE the pool is sized for the runs plus a few spare connections. With an explicit
 * pool, the default concurrency shrinks to what fits; an explicit concurrency that does not fit is
 * refused at start-up rather than deadlocking later.
 */
function sizeRuns(env: NodeJS.ProcessEnv): { database: DatabaseConfig; concurrency: number } {
  const database = loadDatabaseConfig(env);
  const explicitConcurrency = Boolean(env.COLLECTOR_CONCURRENCY?.trim());
  const requested = positiveInt(env, 'COLLECTOR_CONCURRENCY', DEFAULT_COLLECTOR_CONCURRENCY, 64);
  if (!env.DATABASE_POOL_SIZE?.trim()) {
    return { database: { ...database, poolSize: Math.max(database.poolSize, 2 * requested + SPARE_CONNECTIONS) }, concurrency: requested };
  }
  const fits = Math.floor(database.poolSize / 2);
  if (fits < 1 || (explicitConcurrency && requested > fits)) {
    throw new Error(
      `DATABASE_POOL_SIZE must be at least ${2 * requested} for COLLECTOR_CONCURRENCY=${requested} (two connections per run; ${2 * requested + SPARE_CONNECTIONS} leaves ${SPARE_CONNECTIONS} spare)`,
    );
  }
  return { database, concurrency: Math.min(requested, fits) };
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const problems: string[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const runs = attempt(() => sizeRuns(env));
  const sourceReloadSeconds = attempt(() => positiveInt(env, 'SOURCE_RELOAD_SECONDS', 15, 3600));
  const config = {
    workerId: env.WORKER_ID?.trim() || `${hostname()}-${process.pid}`,
    database: runs?.database,
    search: attempt(() => loadSearchConfig(env)),
    outboundAllowList: attempt(() => parseAllowList(env.OUTBOUND_ALLOWLIST)) ?? [],
    sourceReloadSeconds,
    heartbeatSeconds: attempt(() => positiveInt(env, 'HEARTBEAT_SECONDS', 15, 3600)),
    reconcileSeconds: attempt(() => positiveInt(env, 'RECONCILE_SECONDS', 30, 3600)),
    correctionGraceSeconds: attempt(() => positiveInt(env, 'CORRECTION_GRACE_SECONDS', 120, 86_400)),
    collectorConcurrency: runs?.concurrency,
    collectorRunTimeoutMs: attempt(() => positiveInt(env, 'COLLECTOR_RUN_TIMEOUT_MS', 10 * 60_000, 3_600_000)),
    collectorTimeoutMs: attempt(() => positiveInt(env, 'COLLECTOR_TIMEOUT_MS', 15_000, 300_000)),
    collectorBackoffBaseMs: attempt(() => positiveInt(env, 'COLLECTOR_BACKOFF_BASE_MS', 1_000, 60_000)),
    collectorMaxWaitMs: attempt(() => positiveInt(env, 'COLLECTOR_MAX_WAIT_MS', 60_000, 900_000)),
    runHistoryDays: attempt(() => positiveInt(env, 'RUN_HISTORY_DAYS', 14, 3650)),
    shutdownGraceMs: attempt(() => positiveInt(env, 'SHUTDOWN_GRACE_MS', 15_000, 600_000)),
    credentialCipher: attempt(() => CredentialCipher.fromEnv(env)),
    topicRetagPollMs: attempt(() => positiveInt(env, 'TOPIC_RETAG_POLL_MS', 2_000, 600_000)),
    topicFenceSeconds: attempt(() => positiveInt(env, 'TOPIC_FENCE_SECONDS', 60, 3600)),
    topicRetagLeaseSeconds: attempt(() => positiveInt(env, 'TOPIC_RETAG_LEASE_SECONDS', 60, 3600)),
    topicRetagMaxAttempts: attempt(() => positiveInt(env, 'TOPIC_RETAG_MAX_ATTEMPTS', 5, 100)),
    topicRetagBackoffBaseMs: attempt(() => positiveInt(env, 'TOPIC_RETAG_BACKOFF_BASE_MS', 5_000, 3_600_000)),
    reanalyseInBackground: attempt(() => flag(env, 'REANALYSE_IN_BACKGROUND', true)),
    reanalyseCheckSeconds: attempt(() => positiveInt(env, 'REANALYSE_CHECK_SECONDS', 600, 86_400)),
    reanalysePageSize: attempt(() => positiveInt(env, 'REANALYSE_PAGE_SIZE', 500, 10_000)),
    reanalysePagePauseMs: attempt(() => positiveInt(env, 'REANALYSE_PAGE_PAUSE_MS', 500, 600_000)),
  };
  if (config.topicFenceSeconds !== undefined && config.topicRetagPollMs !== undefined && config.topicFenceSeconds * 1000 < 3 * config.topicRetagPollMs) {
    problems.push(`TOPIC_FENCE_SECONDS (${config.topicFenceSeconds}) must be at least three TOPIC_RETAG_POLL_MS intervals (${(3 * config.topicRetagPollMs) / 1000} s): a live worker's fence would expire between two renewals`);
  }
  if (problems.length) {
    throw new Error(`Invalid worker configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config as WorkerConfig;
}
