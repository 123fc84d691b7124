import type { RawMention, SourceType } from '@ascolto/domain';

/** What a collector needs to know about a configured source (the worker maps its entity to this). */
export interface SourceDefinition {
  id: string;
  type: SourceType;
  name: string;
  url: string;
}

export interface CollectRequest {
  source: SourceDefinition;
  /** Whatever the adapter returned as `nextCursor` last time and the worker stored; null at first. */
  cursor: unknown | null;
  now: Date;
}

export interface CollectResult {
  /** Only items the cursor has not seen yet. */
  items: RawMention[];
  /**
   * The cursor to store once `items` are durably indexed. The worker persists it only after that
   * (ARCHITECTURE.md, data flow step 6), so an adapter never stores state itself.
   */
  nextCursor: unknown;
  /** The source said nothing changed (e.g. HTTP 304). */
  notModified: boolean;
  /** Items the source returned, before filtering out the seen ones. */
  fetched: number;
}

/** One implementation per source type. `collect` must be free of side effects on state. */
export interface SourceAdapter {
  readonly type: SourceType;
  collect(req: CollectRequest): Promise<CollectResult>;
}
