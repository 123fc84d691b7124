// Test data for the sources feature's specs (valid objects, overridable per test).
import type { SourceHealth, SourceRunView, SourceTypeDescriptor, SourceView } from '@ascolto/domain';

export function buildSource(overrides: Partial<SourceView> = {}): SourceView {
  return {
    id: '7a1c2a3b-0000-4000-8000-000000000001',
    type: 'rss',
    name: 'Vela community',
    url: 'https://forum.example/vela.xml',
    schedule: '*/2 * * * *',
    enabled: true,
    lastRunAt: null,
    lastRunStatus: null,
    lastError: null,
    topicId: null,
    settings: {},
    credentialKeys: [],
    attention: null,
    consecutiveFailures: 0,
    budgetLimit: null,
    ...overrides,
  };
}

export function buildSourceRun(overrides: Partial<SourceRunView> = {}): SourceRunView {
  return {
    id: 'run-1',
    status: 'succeeded',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:00:02.000Z',
    fetched: 20,
    created: 5,
    updated: 0,
    duplicates: 15,
    rejected: 0,
    requests: 1,
    error: null,
    workerId: 'worker-1',
    ...overrides,
  };
}

export function buildSourceHealth(overrides: Partial<SourceHealth> = {}): SourceHealth {
  return {
    sourceId: '7a1c2a3b-0000-4000-8000-000000000001',
    enabled: true,
    state: 'ok',
    attention: null,
    lastRunAt: '2026-11-20T10:00:00.000Z',
    lastSuccessAt: '2026-11-20T10:00:00.000Z',
    lastError: null,
    consecutiveFailures: 0,
    nextRunAt: '2026-11-20T10:02:00.000Z',
    backoffUntil: null,
    quota: null,
    freshness: { p50Seconds: 95, p95Seconds: 600, sample: 40 },
    last24h: { runs: 3, failed: 0, fetched: 60, created: 15, duplicates: 45 },
    recentRuns: [buildSourceRun()],
    ...overrides,
  };
}

/** An RSS descriptor, as /api/source-types serves it. */
export function buildRssDescriptor(overrides: Partial<SourceTypeDescriptor> = {}): SourceTypeDescriptor {
  return {
    type: 'rss',
    label: { it: 'Feed RSS/Atom', en: 'RSS/Atom feed' },
    polled: true,
    defaultUrl: null,
    urlLabel: { it: 'Indirizzo del feed', en: 'Feed URL' },
    defaultSchedule: '*/2 * * * *',
    searchable: false,
    settings: [],
    credentials: [],
    budget: null,
    ...overrides,
  };
}

/** A searchable, budgeted type with every kind of setting and two credentials. */
export function buildYoutubeDescriptor(overrides: Partial<SourceTypeDescriptor> = {}): SourceTypeDescriptor {
  return {
    type: 'youtube',
    label: { it: 'YouTube (commenti)', en: 'YouTube (comments)' },
    polled: true,
    defaultUrl: 'https://www.googleapis.com/youtube/v3',
    urlLabel: { it: 'Indirizzo API', en: 'API base URL' },
    defaultSchedule: '*/15 * * * *',
    searchable: true,
    settings: [
      { key: 'channelId', label: { it: 'ID del canale', en: 'Channel id' }, kind: 'text', required: true, help: { it: 'Inizia con UC', en: 'Starts with UC' } },
      { key: 'maxVideos', label: { it: 'Video per giro', en: 'Videos per run' }, kind: 'number', required: false, default: 10 },
      { key: 'includeReplies', label: { it: 'Anche le risposte', en: 'Include replies' }, kind: 'boolean', required: false, default: true },
      { key: 'keywords', label: { it: 'Parole chiave', en: 'Keywords' }, kind: 'list', required: false },
      { key: 'order', label: { it: 'Ordine', en: 'Order' }, kind: 'select', required: false, options: ['time', 'relevance'], default: 'time' },
    ],
    credentials: [
      { key: 'apiKey', label: { it: 'Chiave API', en: 'API key' }, required: true },
      { key: 'refreshToken', label: { it: 'Token di aggiornamento', en: 'Refresh token' }, required: false },
    ],
    budget: { unit: 'units', period: 'day', defaultLimit: 10_000 },
    ...overrides,
  };
}
