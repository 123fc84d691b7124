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
  /** Collector runs at once in this worker (each holds two PostgreSQL connections while it runs). */
  collectorConcurrency: number;
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
  /** Decrypts source credentials (key in ASCOLTO_CREDENTIALS_KEY); without a key, sources that need credentials fail clearly. */
  credentialCipher: CredentialCipher;
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

const DEFAULT_COLLECTOR_CONCURRENCY = 8;
/** Connections besides the runs': scheduler reloads, heartbeat, reconciler, topic catalog. */
const SPARE_CONNECTIONS = 4;

/**
 * Every run holds one connection for its advisory lock and uses one more for its writes, so the
 * pool must have two per concurrent run plus a few spare. Without DATABASE_POOL_SIZE the pool is
 * sized to fit; a smaller explicit pool is refused at start-up rather than deadlocking later.
 */
function loadWorkerDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const config = loadDatabaseConfig(env);
  const concurrency = Number(env.COLLECTOR_CONCURRENCY || DEFAULT_COLLECTOR_CONCURRENCY);
  const needed = 2 * (Number.isInteger(concurrency) && concurrency > 0 ? concurrency : DEFAULT_COLLECTOR_CONCURRENCY) + SPARE_CONNECTIONS;
  if (!env.DATABASE_POOL_SIZE) return { ...config, poolSize: Math.max(config.poolSize, needed) };
  if (config.poolSize < needed) {
    throw new Error(`DATABASE_POOL_SIZE must be at least ${needed} for COLLECTOR_CONCURRENCY=${concurrency} (two connections per run and ${SPARE_CONNECTIONS} spare)`);
  }
  return config;
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
  const config = {
    workerId: env.WORKER_ID?.trim() || `${hostname()}-${process.pid}`,
    database: attempt(() => loadWorkerDatabaseConfig(env)),
    search: attempt(() => loadSearchConfig(env)),
    outboundAllowList: attempt(() => parseAllowList(env.OUTBOUND_ALLOWLIST)) ?? [],
    sourceReloadSeconds: attempt(() => positiveInt(env, 'SOURCE_RELOAD_SECONDS', 15, 3600)),
    heartbeatSeconds: attempt(() => positiveInt(env, 'HEARTBEAT_SECONDS', 15, 3600)),
    reconcileSeconds: attempt(() => positiveInt(env, 'RECONCILE_SECONDS', 30, 3600)),
    collectorConcurrency: attempt(() => positiveInt(env, 'COLLECTOR_CONCURRENCY', DEFAULT_COLLECTOR_CONCURRENCY, 64)),
    collectorTimeoutMs: attempt(() => positiveInt(env, 'COLLECTOR_TIMEOUT_MS', 15_000, 300_000)),
    collectorBackoffBaseMs: attempt(() => positiveInt(env, 'COLLECTOR_BACKOFF_BASE_MS', 1_000, 60_000)),
    collectorMaxWaitMs: attempt(() => positiveInt(env, 'COLLECTOR_MAX_WAIT_MS', 60_000, 900_000)),
    runHistoryDays: attempt(() => positiveInt(env, 'RUN_HISTORY_DAYS', 14, 3650)),
    shutdownGraceMs: attempt(() => positiveInt(env, 'SHUTDOWN_GRACE_MS', 15_000, 600_000)),
    credentialCipher: attempt(() => CredentialCipher.fromEnv(env)),
  };
  if (problems.length) {
    throw new Error(`Invalid worker configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config as WorkerConfig;
}
