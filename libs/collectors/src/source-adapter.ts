import type {
  RawMention,
  SourceConnectionTest,
  SourceSettingValue,
  SourceType,
  SourceTypeDescriptor,
  TopicQueryNode,
} from '@ascolto/domain';

/** What a collector needs to know about a configured source (the worker maps its entity to this). */
export interface SourceDefinition {
  id: string;
  type: SourceType;
  name: string;
  /** Feed URL, instance/forum address, or the API base URL (tests point it at a loopback fake). */
  url: string;
  /** Type-specific settings, already validated against the type's descriptor. */
  settings: Record<string, SourceSettingValue>;
  /**
   * The topic query to search for (the source's `query` setting, else its topic's query), parsed.
   * Null when there is none. Sources that cannot search ignore it: the pipeline's topic matching
   * filters their items.
   */
  query: TopicQueryNode | null;
}

/** Mutable counters of one run, owned by the worker. */
export interface RunStats {
  requests: number;
  spent: number;
}

/** Decrypted credentials, by the keys the type's descriptor names. Never log them. */
export type SourceCredentials = Record<string, string>;

export interface CollectRequest {
  source: SourceDefinition;
  /** Whatever the adapter returned as `nextCursor` last time and the worker stored; null at first. */
  cursor: unknown | null;
  credentials: SourceCredentials;
  /**
   * Stores refreshed credentials (new session or access token) encrypted, right away: a rotated
   * refresh token must survive even if the rest of the run fails.
   */
  saveCredentials(next: SourceCredentials): Promise<void>;
  /** Units (or dollars) this run may still spend; null for sources without a budget. */
  budgetRemaining: number | null;
  /**
   * Counters the worker records on the run even when the run fails: every HTTP request made
   * (`ApiClient.forRun(stats)` counts them) and every budget unit or dollar spent.
   */
  stats: RunStats;
  now: Date;
  /** Aborted on worker shutdown: stop paging and return what is complete, or throw. */
  signal: AbortSignal;
  /**
   * Only for types that take webhook deliveries alongside polling (Instagram @mentions): the
   * deliveries the API stored in `inbound_items` after the cursor's own mark, oldest first, at most
   * a bounded batch (`more` when others wait). The adapter reads what each `payload` refers to and
   * puts the highest `seq` it fully handled in its `nextCursor`; the worker picks the mark from
   * there. `seq` is a decimal bigint: compare as BigInt, never as a number.
   */
  pushed?: { items: Array<{ seq: string; payload: unknown }>; more?: boolean };
}

export interface CollectResult {
  /** Only items the cursor has not seen yet (edited items may come again: ids make that an update). */
  items: RawMention[];
  /**
   * The cursor to store once `items` are durably indexed. The worker persists it only after that
   * (ARCHITECTURE.md, data flow step 6), so an adapter never stores state itself. A walk that was
   * cut short must return a cursor that does not pass anything it did not return.
   */
  nextCursor: unknown;
  /** The source said nothing changed (e.g. HTTP 304). */
  notModified: boolean;
  /** Items the source returned, before filtering out the seen ones. */
  fetched: number;
  /**
   * Items the source reported deleted or removed (mention ids and when). The mention keeps its
   * text and is marked `deletedAtSource`; an item merely missing from a page is never reported.
   */
  deletions?: Array<{ id: string; at: string }>;
  /** The walk stopped before the end (rate limit, budget, shutdown); the next run continues. */
  incomplete?: { reason: string; resumeAt?: Date };
}

/** One implementation per source type. `collect` must be free of side effects on stored state. */
export interface SourceAdapter {
  readonly type: SourceType;
  /** How this type is configured; served to the dashboard. */
  readonly descriptor: SourceTypeDescriptor;
  collect(req: CollectRequest): Promise<CollectResult>;
  /** One real, cheap request with these settings and credentials; nothing is stored. */
  testConnection?(req: Omit<CollectRequest, 'cursor'>): Promise<SourceConnectionTest>;
}
