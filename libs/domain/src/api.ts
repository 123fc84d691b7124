// Shapes exchanged over HTTP between the API and the dashboard.
import type { Mention } from './mention';
import type { SourceAttention } from './sources';
import type {
  BrandChannel,
  Category,
  CorrectableLabel,
  FlushReason,
  Intent,
  Language,
  MentionStatus,
  Role,
  Sentiment,
  SourceType,
  TicketStatus,
  UiLocale,
} from './taxonomy';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: UiLocale;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export const MENTION_SORTS = ['newest', 'priority'] as const;
export type MentionSort = (typeof MENTION_SORTS)[number];

/** Query string of `GET /api/mentions`; list filters are comma-separated in the URL. */
export interface MentionListQuery {
  q?: string;
  sentiment?: Sentiment[];
  category?: Category[];
  intent?: Intent[];
  /** Why flushed mentions were flushed (only flushed mentions carry one). */
  flushReason?: FlushReason[];
  status?: MentionStatus[];
  sourceId?: string[];
  /** Mentions any of these topics (ids) took. */
  topicId?: string[];
  /** Mentions from these kinds of source (e.g. only App Store reviews). */
  sourceType?: SourceType[];
  /** Mentions the source says were written to the brand through these channels (private messages…). */
  brandChannel?: BrandChannel[];
  language?: Language[];
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  sort?: MentionSort;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
  /**
   * Lists the members of one near-duplicate group (its first mention's id). Without it, groups
   * are collapsed: members are left out and each group's first mention carries `similarCount`.
   */
  duplicateOf?: string;
  /** Mentions on which a person corrected any of these labels (see `Mention.correctedLabels`). */
  corrected?: CorrectableLabel[];
}

/** A mention in a list, with optional search highlights (HTML-escaped text with `<em>` only). */
export interface MentionListItem extends Mention {
  highlight: string | null;
  /** Near duplicates grouped under this mention (shown as "+N similar"); 0 for most. */
  similarCount: number;
}

/** `GET /api/mentions/:id`: the mention and the size of the near-duplicate group it heads. */
export interface MentionDetail extends Mention {
  similarCount: number;
}

export interface MentionPage {
  items: MentionListItem[];
  /** Total matching mentions (exact up to 10,000, then a lower bound). */
  total: number;
  nextCursor: string | null;
}

/** `GET /api/mentions/count?since=ISO&...filters`: how many new mentions arrived since a time. */
export interface MentionCount {
  count: number;
}

export interface TriageRequest {
  status: MentionStatus;
}

/**
 * `PATCH /api/mentions/:id/labels`: any of the labels, at least one. A flush reason belongs to
 * category `flush` only: setting another category clears it, setting `flush` needs one (unless the
 * mention is already `flush` with a reason), and a flush reason alone needs the mention in `flush`.
 */
export interface CorrectLabelsRequest {
  sentiment?: Sentiment;
  category?: Category;
  intent?: Intent;
  flushReason?: FlushReason;
}

export interface CreateTicketRequest {
  mentionIds: string[];
  subject?: string;
  priority?: number;
}

export interface Ticket {
  id: string;
  /** Human-friendly sequential number, e.g. shown as #42. */
  number: number;
  subject: string;
  status: TicketStatus;
  priority: number;
  assigneeId: string | null;
  createdById: string;
  mentionIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TicketPage {
  items: Ticket[];
  total: number;
}

export interface SourceView {
  id: string;
  type: SourceType;
  name: string;
  url: string;
  schedule: string;
  enabled: boolean;
  lastRunAt: string | null;
  lastRunStatus: 'succeeded' | 'failed' | 'not_modified' | null;
  lastError: string | null;
  /** The topic this source collects for; with an empty topic query, all its mentions belong to that topic. */
  topicId: string | null;
  /** Type-specific settings (see the type's `SourceTypeDescriptor.settings`). */
  settings: Record<string, SourceSettingValue>;
  /** Names of the credentials that are set. Their values are never returned. */
  credentialKeys: string[];
  /** Set when the source waits for a person (bad credentials, refused configuration, quota). */
  attention: SourceAttention;
  consecutiveFailures: number;
  /** Budget per period for sources whose reads cost (YouTube units, X dollars); null: the type's default. */
  budgetLimit: number | null;
}

export type SourceSettingValue = string | number | boolean | string[];

export interface CreateSourceRequest {
  type: SourceType;
  name: string;
  /** Feed URL, instance or forum address, or the API base URL (defaults per type). */
  url?: string;
  /** node-cron expression; defaults per source type. */
  schedule?: string;
  topicId?: string | null;
  settings?: Record<string, SourceSettingValue>;
  /** Write-only; stored encrypted. */
  credentials?: Record<string, string>;
  budgetLimit?: number | null;
}

export interface UpdateSourceRequest {
  name?: string;
  url?: string;
  schedule?: string;
  enabled?: boolean;
  topicId?: string | null;
  /** Replaces the settings object. */
  settings?: Record<string, SourceSettingValue>;
  /** Merged into the stored credentials; a key set to "" removes it. */
  credentials?: Record<string, string>;
  budgetLimit?: number | null;
}

/**
 * A topic: what to listen for. `query` is in the topic query language (AND, OR, NOT, "phrases",
 * `"a b"~N`, #hashtags, @handles, `lang:it`, `prefix*`); empty means "everything from the sources
 * linked to this topic". `languages` (empty = all) limits it to mentions in those languages.
 */
export interface TopicView {
  id: string;
  name: string;
  query: string;
  languages: Language[];
  enabled: boolean;
  /** Sources whose mentions all belong to this topic when its query is empty. */
  sourceIds: string[];
  createdAt: string;
  updatedAt: string;
  /** The latest re-tagging of the mentions already indexed (after a change), or null if none yet. */
  retag: TopicRetagView | null;
}

/**
 * What happens to a re-tagging job: `pending` (waiting for a worker, or for a retry after a
 * failure), `running`, `succeeded`, `failed` (given up, with `error`), `superseded` (a newer change
 * to the same topic replaced it before it finished).
 */
export const TOPIC_RETAG_STATES = ['pending', 'running', 'succeeded', 'failed', 'superseded'] as const;
export type TopicRetagState = (typeof TOPIC_RETAG_STATES)[number];

/** The topic change that asked for the re-tagging. */
export const TOPIC_RETAG_REASONS = ['create', 'update', 'enable', 'disable', 'delete'] as const;
export type TopicRetagReason = (typeof TOPIC_RETAG_REASONS)[number];

/**
 * Progress of re-tagging the mentions already indexed after a topic changed. `total` is estimated
 * from a count when the scan starts (null before); `processed` mentions were read so far, `changed`
 * of them gained or lost the topic; `matched` is how many mentions carry the topic when it is done.
 */
export interface TopicRetagView {
  state: TopicRetagState;
  reason: TopicRetagReason;
  total: number | null;
  processed: number;
  changed: number;
  matched: number | null;
  /** The last failure (kept while a retry is pending; the final reason once failed). */
  error: string | null;
  /** Attempts started so far (a retry after a failure or a crashed worker adds one). */
  attempts: number;
  requestedAt: string;
  finishedAt: string | null;
}

export interface CreateTopicRequest {
  name: string;
  query?: string;
  languages?: Language[];
  enabled?: boolean;
}

export type UpdateTopicRequest = Partial<CreateTopicRequest>;

/** `POST /api/topics/validate`: a valid query answers `{ valid: true }`, a malformed one 400 with TopicQueryErrorBody. */
export interface ValidateTopicQueryRequest {
  query: string;
}

/** The 400 body for a malformed topic query: `position` is the 0-based offset, `reason` the short cause. */
export interface TopicQueryErrorBody extends ApiError {
  position: number;
  reason: string;
}

/** Error body of every 4xx/5xx answer. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
}

/**
 * Background work a worker reports while it runs (on its heartbeat), shown on the dashboard.
 * `reanalysis`: mentions labelled by an older pipeline being brought up to `pipelineVersion`.
 */
export interface WorkerActivity {
  kind: 'reanalysis';
  pipelineVersion: string;
  /** Mentions read so far, and how many there were to read when the run started. */
  processed: number;
  total: number;
  /** ISO 8601. */
  startedAt: string;
}

/** `GET /api/activity`: what the live workers are doing in the background. */
export interface ActivityView {
  items: Array<WorkerActivity & { workerId: string }>;
}
