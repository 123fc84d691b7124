import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RawMention } from '@ascolto/domain';
import { createTopicMatcher, TopicQueryError, type TopicDocument, type TopicMatcher } from '@ascolto/nlp';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';

interface TopicRow {
  id: string;
  query: string;
  languages: string[];
  source_ids: string[];
}

/**
 * A topic with an empty query: everything its linked sources collect belongs to it (a brand's own
 * page or a search the admin set up for that topic), within the topic's languages.
 */
class SourceTopicMatcher implements TopicMatcher {
  private readonly languages: ReadonlySet<string> | null;

  constructor(
    readonly id: string,
    languages: readonly string[],
  ) {
    this.languages = languages.length ? new Set(languages) : null;
  }

  matches(doc: TopicDocument): boolean {
    return this.languages === null || this.languages.has(doc.language);
  }
}

/** How a topic decides which mentions are its own (see `TopicSnapshot.membership`). */
export interface TopicMembership {
  matcher: TopicMatcher;
  /** A topic with an empty query: only mentions from these sources can belong. Null for a query topic. */
  sourceIds: readonly string[] | null;
}

/**
 * The enabled topics at one moment, compiled. Which topics apply to a mention:
 * - a topic with a query: every mention, from any source, whose text the query matches (the
 *   query, with its exclusions, decides even for the topic's own sources);
 * - a topic with an empty query: every mention from the sources linked to it (`sources.topic_id`).
 */
export class TopicSnapshot {
  constructor(
    readonly queryTopics: readonly TopicMatcher[],
    /** Source id → the empty-query topics linked to it. */
    readonly sourceTopics: ReadonlyMap<string, readonly TopicMatcher[]>,
    /**
     * The PostgreSQL snapshot the definitions were read under (`pg_snapshot` as text): which
     * committed topic changes they include. Null for a snapshot built without the database (tests).
     */
    readonly pgSnapshot: string | null = null,
  ) {}

  /**
   * The matchers for a batch. A collector run's batch comes from one source; a batch that mixes
   * sources (the ingest benchmark) gets the source-linked topics only when all its sources share them.
   */
  forBatch(items: readonly Pick<RawMention, 'sourceId'>[]): TopicMatcher[] {
    if (this.sourceTopics.size === 0 || items.length === 0) return [...this.queryTopics];
    const sourceIds = new Set(items.map((item) => item.sourceId));
    let shared: readonly TopicMatcher[] | null = null;
    for (const sourceId of sourceIds) {
      const linked = this.sourceTopics.get(sourceId) ?? [];
      shared = shared === null ? linked : shared.filter((topic) => linked.includes(topic));
      if (shared.length === 0) break;
    }
    return [...this.queryTopics, ...(shared ?? [])];
  }

  /**
   * The rule the pipeline applies for one topic, for re-tagging what is already indexed: its
   * compiled matcher and, for an empty-query topic, the sources linked to it. Null when the topic
   * tags nothing (deleted, disabled, a query that no longer compiles, or an empty query without
   * linked sources).
   */
  membership(topicId: string): TopicMembership | null {
    const byQuery = this.queryTopics.find((topic) => topic.id === topicId);
    if (byQuery) return { matcher: byQuery, sourceIds: null };
    let matcher: TopicMatcher | null = null;
    const sourceIds: string[] = [];
    for (const [sourceId, linked] of this.sourceTopics) {
      const found = linked.find((topic) => topic.id === topicId);
      if (!found) continue;
      matcher = found;
      sourceIds.push(sourceId);
    }
    return matcher ? { matcher, sourceIds } : null;
  }
}

/** A snapshot in use by one batch; `release` once everything tagged with it is written. */
export interface TopicLease {
  readonly snapshot: TopicSnapshot;
  release(): void;
}

/**
 * The enabled topics from PostgreSQL, compiled once and cached. Re-read at most every
 * `sourceReloadSeconds` (15 s by default, the pace at which the scheduler re-reads sources), so a
 * topic saved through the API applies to the next runs without a restart, and at once when a
 * re-tag job waits for this worker to see a change (`catchUp`). A topic whose stored query no
 * longer compiles is logged once (id and reason) and left out; it never stops a run.
 *
 * Writers take a lease (`acquire`) for as long as they may write mentions tagged with a snapshot,
 * so the worker can report which topic definitions it may still write with (`fenceSnapshots`,
 * see TopicFenceService): a re-tag must not start while anyone still writes the old definition.
 */
@Injectable()
export class TopicCatalogService {
  private readonly logger = new Logger(TopicCatalogService.name);
  private snapshot: TopicSnapshot | null = null;
  private loadedAt = 0;
  private loading: Promise<TopicSnapshot> | null = null;
  /** Loads started and the newest one applied: a slow older load never replaces a newer snapshot. */
  private loadsStarted = 0;
  private loadApplied = 0;
  /** Topic id → the query already reported as broken, so a run every few seconds does not repeat it. */
  private readonly reported = new Map<string, string>();
  /** Snapshots held by leases, with how many leases hold each. */
  private readonly leased = new Map<TopicSnapshot, number>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: Pick<WorkerConfig, 'sourceReloadSeconds'>,
  ) {}

  /**
   * The current snapshot. When a reload fails the previous snapshot is kept (and the failure
   * logged); without any snapshot the error is thrown, so the run fails and is repeated rather
   * than indexing mentions without their topics.
   */
  async current(): Promise<TopicSnapshot> {
    if (this.snapshot && Date.now() - this.loadedAt < this.config.sourceReloadSeconds * 1000) return this.snapshot;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    try {
      return await this.loading;
    } catch (error) {
      if (!this.snapshot) throw error;
      this.logger.warn(`reloading topics failed, keeping the previous ones: ${(error as Error).message}`);
      // Try again at the next interval, not on every batch.
      this.loadedAt = Date.now();
      return this.snapshot;
    }
  }

  /**
   * Reads PostgreSQL now and returns what it holds (no cache, no fallback: a failure throws). A
   * topic re-tag starts with this, so the mentions this worker ingests from then on, and the ones
   * it re-tags, see the same definition.
   */
  reload(): Promise<TopicSnapshot> {
    return this.load();
  }

  /** Forgets the cache: the next `current()` reads PostgreSQL. */
  invalidate(): void {
    this.loadedAt = 0;
  }

  /**
   * The current snapshot (as `current()`), held until `release()`: a batch takes one before it
   * tags mentions and releases it once they are written. The lease is taken in the same turn as
   * the cache is read, so no report of `fenceSnapshots` can fall between the two.
   */
  async acquire(): Promise<TopicLease> {
    await this.current();
    // current() resolved, so a snapshot is cached; it is the newest applied one.
    const snapshot = this.snapshot!;
    this.leased.set(snapshot, (this.leased.get(snapshot) ?? 0) + 1);
    let released = false;
    return {
      snapshot,
      release: () => {
        if (released) return;
        released = true;
        const held = (this.leased.get(snapshot) ?? 1) - 1;
        if (held > 0) this.leased.set(snapshot, held);
        else this.leased.delete(snapshot);
      },
    };
  }

  /** Leases not yet released. */
  leasesHeld(): number {
    let held = 0;
    for (const count of this.leased.values()) held += count;
    return held;
  }

  /**
   * The PostgreSQL snapshots of every topic definition this process may still write mentions
   * with: the cached one (the next batch takes it) and those leased by batches in progress. Null
   * when no snapshot was ever read (nothing can be promised).
   */
  fenceSnapshots(): string[] | null {
    const held = new Set<string | null>([...this.leased.keys()].map((s) => s.pgSnapshot));
    if (this.snapshot) held.add(this.snapshot.pgSnapshot);
    if (held.size === 0 || held.has(null)) return null;
    return [...held] as string[];
  }

  /**
   * Reads the topics again when a pending re-tag job waits on a change the cached snapshot does
   * not include (or when nothing is cached), so that a worker never holds a re-tag back for the
   * rest of its reload interval.
   */
  async catchUp(): Promise<void> {
    const cached = this.snapshot?.pgSnapshot;
    if (!cached) {
      await this.reload();
      return;
    }
    const [{ behind }]: Array<{ behind: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM topic_retag_jobs
                       WHERE state = 'pending' AND NOT pg_visible_in_snapshot(enqueued_xid, $1::pg_snapshot)) AS behind`,
      [cached],
    );
    if (behind) await this.reload();
  }

  private async load(): Promise<TopicSnapshot> {
    const started = ++this.loadsStarted;
    // One repeatable-read transaction: the snapshot reported is the one the rows were read under.
    const { rows, pgSnapshot } = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const [{ snapshot }]: Array<{ snapshot: string }> = await tx.query('SELECT pg_current_snapshot()::text AS snapshot');
      const topics: TopicRow[] = await tx.query(
        `SELECT t.id, t.query, t.languages,
                COALESCE(array_agg(s.id::text) FILTER (WHERE s.id IS NOT NULL), '{}')::text[] AS source_ids
           FROM topics t LEFT JOIN sources s ON s.topic_id = t.id
          WHERE t.enabled
          GROUP BY t.id
          ORDER BY t.created_at, t.id`,
      );
      return { rows: topics, pgSnapshot: snapshot };
    });
    const queryTopics: TopicMatcher[] = [];
    const sourceTopics = new Map<string, TopicMatcher[]>();
    for (const row of rows) {
      if (row.query.trim() === '') {
        const matcher = new SourceTopicMatcher(row.id, row.languages);
        for (const sourceId of row.source_ids) sourceTopics.set(sourceId, [...(sourceTopics.get(sourceId) ?? []), matcher]);
        continue;
      }
      try {
        queryTopics.push(createTopicMatcher({ id: row.id, query: row.query, languages: row.languages }));
        this.reported.delete(row.id);
      } catch (error) {
        if (!(error instanceof TopicQueryError)) throw error;
        if (this.reported.get(row.id) !== row.query) {
          this.reported.set(row.id, row.query);
          this.logger.error(`topic ${row.id} is skipped: its query does not compile (${error.message})`);
        }
      }
    }
    const snapshot = new TopicSnapshot(queryTopics, sourceTopics, pgSnapshot);
    if (started > this.loadApplied) {
      this.loadApplied = started;
      this.snapshot = snapshot;
      this.loadedAt = Date.now();
    }
    return snapshot;
  }
}
