// What the API, the worker and the dashboard share about sources: how each source type is
// configured (so the dashboard can build its form from the API's description), and the health
// and run history shown next to every source.
import type { SourceType } from './taxonomy';

/** A label in both UI languages. */
export interface LocalizedText {
  it: string;
  en: string;
}

/** One setting of a source type (e.g. Mastodon's hashtag, an App Store app id). */
export interface SourceSettingField {
  key: string;
  label: LocalizedText;
  kind: 'text' | 'number' | 'boolean' | 'list' | 'select';
  required: boolean;
  /** For `select`. */
  options?: string[];
  help?: LocalizedText;
  /** Shown as the placeholder and used when the setting is absent. */
  default?: string | number | boolean | string[];
}

/** One credential of a source type. Credentials are write-only: the API never returns them. */
export interface SourceCredentialField {
  key: string;
  label: LocalizedText;
  required: boolean;
  help?: LocalizedText;
}

/** How a source type is configured: the API serves these at `GET /api/source-types`. */
export interface SourceTypeDescriptor {
  type: SourceType;
  label: LocalizedText;
  /** Polled on a schedule (false for `webhook` and `import`, which are pushed or uploaded). */
  polled: boolean;
  /** The API's base URL (fixed APIs) or null where the user gives the address (feeds, instances, forums). */
  defaultUrl: string | null;
  urlLabel: LocalizedText;
  /** node-cron expression used when a source is created without one. */
  defaultSchedule: string;
  /** Takes the linked topic's query (or the `query` setting) as a search; otherwise topic matching filters. */
  searchable: boolean;
  settings: SourceSettingField[];
  credentials: SourceCredentialField[];
  /** A source type whose reads cost quota units or money has a budget per period. */
  budget: { unit: 'units' | 'usd'; period: 'day' | 'month'; defaultLimit: number } | null;
}

/** Why a source is waiting rather than running on its schedule. */
export type SourceAttention =
  | 'credentials_rejected'
  | 'credentials_missing'
  | 'configuration_rejected'
  | 'quota_exhausted'
  | 'rate_limited'
  | null;

export type CollectorRunStatusView = 'running' | 'succeeded' | 'not_modified' | 'failed' | 'skipped';

/** One poll of a source, as the run history shows it. */
export interface SourceRunView {
  id: string;
  status: CollectorRunStatusView;
  startedAt: string;
  finishedAt: string | null;
  fetched: number;
  /** New to the index. */
  created: number;
  /** Already indexed and changed (edits, re-deliveries). */
  updated: number;
  /** Fetched but already known (filtered by the cursor or identical in the index). */
  duplicates: number;
  rejected: number;
  /** HTTP requests the run made. */
  requests: number;
  error: string | null;
  workerId: string;
}

export interface SourceHealth {
  sourceId: string;
  enabled: boolean;
  /** `ok` after a success; `failing` after one or more failures; `attention` needs a person; `idle` never ran. */
  state: 'ok' | 'failing' | 'attention' | 'paused' | 'idle';
  attention: SourceAttention;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** When the scheduler will run it next (null: paused or not scheduled by any live worker). */
  nextRunAt: string | null;
  /** Runs are held back until then (rate limit reset, backoff after failures). */
  backoffUntil: string | null;
  /** Budgeted sources (YouTube units, X spend): what is left in the current period. */
  quota: { unit: 'units' | 'usd'; period: string; used: number; limit: number; remaining: number } | null;
  /** Median and 95th percentile of seconds from an item's publication to it being indexed, last 24 h. */
  freshness: { p50Seconds: number; p95Seconds: number; sample: number } | null;
  /** Totals over the last 24 hours. */
  last24h: { runs: number; failed: number; fetched: number; created: number; duplicates: number };
  recentRuns: SourceRunView[];
}

/** What "test connection" found: one real request with the source's settings and credentials. */
export interface SourceConnectionTest {
  ok: boolean;
  /** e.g. `200 OK, 20 items`, or the reason it failed. */
  message: string;
  /** Items the test request saw (nothing is stored). */
  sample: Array<{ title: string | null; text: string; publishedAt: string; url: string | null }>;
  durationMs: number;
}
