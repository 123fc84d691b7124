import { Client } from '@elastic/elasticsearch';

export interface SearchConfig {
  nodes: string[];
  /** Prepended to every index and template name, so several installations (or test runs) can share a cluster. */
  indexPrefix: string;
  shards: number;
  replicas: number;
  requestTimeoutMs: number;
}

const INDEX_PREFIX_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readNodes(env: NodeJS.ProcessEnv): string[] {
  const raw = env.ELASTICSEARCH_NODES?.trim();
  if (!raw) return ['http://127.0.0.1:9200'];
  const entries = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error('ELASTICSEARCH_NODES must list at least one http(s) URL');
  entries.forEach((entry, i) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    // The value may carry credentials, so the message names the entry by position only.
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
      throw new Error(`ELASTICSEARCH_NODES entry ${i + 1} is not an http(s) URL`);
    }
  });
  return entries;
}

export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const indexPrefix = env.ES_INDEX_PREFIX?.trim() || 'ascolto-';
  if (!INDEX_PREFIX_PATTERN.test(indexPrefix)) {
    throw new Error(
      `ES_INDEX_PREFIX must start with a lowercase letter or digit and hold only a-z, 0-9, "_" and "-", got "${indexPrefix}"`,
    );
  }
  return {
    nodes: readNodes(env),
    indexPrefix,
    shards: readInteger(env, 'ES_SHARDS', 1, 1, 1024),
    replicas: readInteger(env, 'ES_REPLICAS', 0, 0, 32),
    requestTimeoutMs: readInteger(env, 'ES_REQUEST_TIMEOUT_MS', 30_000, 1, 3_600_000),
  };
}

export function createSearchClient(config: Pick<SearchConfig, 'nodes' | 'requestTimeoutMs'>): Client {
  return new Client({
    nodes: config.nodes,
    requestTimeout: config.requestTimeoutMs,
    // Sniffing would replace the configured addresses with the ones nodes publish, which are often
    // unreachable from the app (containers, NAT); the configured list is the source of truth.
    sniffOnStart: false,
    sniffInterval: false,
    sniffOnConnectionFault: false,
    // Each retry re-sends a whole bulk body; a few are enough to ride over a node restart, and the
    // callers (indexer, reconciler, cursor logic) already repeat work that did not complete.
    maxRetries: 3,
  });
}

export interface SearchHealth {
  status: 'green' | 'yellow' | 'red';
  numberOfNodes: number;
}

/**
 * Cluster health, for readiness probes. `GET /` (the client's info/ping) answers 405 on some
 * builds, so this asks `_cluster/health`, which every distribution serves.
 */
export async function checkSearchHealth(client: Client, opts: { timeoutMs?: number } = {}): Promise<SearchHealth> {
  // One try per node: a dead node must not fail the probe while another can answer for the
  // cluster, and a probe must not sit through the client's retry backoff when none can.
  const health = await client.cluster.health(
    {},
    { requestTimeout: opts.timeoutMs ?? 5_000, maxRetries: Math.max(0, client.connectionPool.size - 1) },
  );
  const status = String(health.status).toLowerCase();
  if (status !== 'green' && status !== 'yellow' && status !== 'red') {
    throw new Error(`Unexpected cluster health status "${health.status}"`);
  }
  return { status, numberOfNodes: health.number_of_nodes };
}
