import { errors, type Client, type estypes } from '@elastic/elasticsearch';
import {
  BULK_ITEM_FILTER_PATH,
  backoffMs,
  bulkItemReason,
  conditionalUpdateAction,
  isTransientItem,
  readVersions,
  sleep,
  type DocVersion,
  type FilteredBulkResponse,
} from './conditional-update';
import type { MentionIndexManager } from './mention-index-manager';

/** A mention as a re-tag reads it: only the fields the plan asks for, plus `sourceId` and `topicIds`. */
export type RetagDoc = Record<string, unknown> & { sourceId?: unknown; topicIds?: unknown };

/** What a topic now is, as far as its mentions are concerned. */
export interface TopicRetagPlan {
  topicId: string;
  /**
   * Whether a mention belongs to the topic (pure; the same matcher the pipeline runs). `null`: the
   * topic applies to nothing any more (deleted, disabled, a query that no longer compiles), so
   * only the mentions carrying it are read, and it is taken off them.
   */
  belongs: ((doc: RetagDoc) => boolean) | null;
  /** The stored fields `belongs` reads (source filtering: nothing else is fetched). */
  fields: readonly string[];
  /** A topic fed by its linked sources: only their mentions (and those carrying it) can change. */
  sourceIds?: readonly string[] | null;
}

export interface RetagProgress {
  /** Mentions read. */
  processed: number;
  /** Mentions whose `topicIds` gained or lost the topic. */
  changed: number;
  /** Updates refused because the mention changed after it was read, then read and computed again. */
  conflicts: number;
}

export interface RetagRunOptions {
  /** Stops after the page in progress (shutdown, or a newer change superseded the job). */
  signal?: AbortSignal;
  /** After every page is written, with the running totals. */
  onPage?: (progress: RetagProgress) => void | Promise<void>;
  /** Mentions per page (tests use small pages to act in between). */
  pageSize?: number;
}

export interface MentionTopicRetaggerOptions {
  /** Mentions read per page. Default 2,000. */
  pageSize?: number;
  /** Rounds of retries for one page's updates (conflicts, 429, 5xx). Default 8. */
  maxRetries?: number;
  /** First backoff delay after a refused request; doubles per round, with jitter. Default 100 ms. */
  retryBaseMs?: number;
  /** How long the point in time lives between two pages. Default 2 minutes. */
  keepAlive?: string;
}

interface Change {
  index: string;
  id: string;
  version: DocVersion;
  topicIds: string[];
}

type Hit = estypes.SearchHit<RetagDoc>;

/** Raised when the run stopped because its signal was aborted. */
export class RetagAbortedError extends Error {
  constructor() {
    super('re-tagging stopped before the end');
  }
}

/**
 * Brings the `topicIds` of every indexed mention in line with one topic. Reads all mention indices
 * under one point in time, page by page (`search_after` on `_shard_doc`, only the fields the
 * matcher needs, with each hit's sequence number), and writes a partial update of `topicIds` only
 * for the mentions whose membership changed. Each update is conditional on the version read: a
 * mention the ingest path (or anyone) rewrote in between answers 409, is read again in real time
 * and computed again from what it holds now, so neither write is lost. Running it twice gives the
 * same documents (the second run changes nothing).
 */
export class MentionTopicRetagger {
  private readonly pageSize: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly keepAlive: string;

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    options: MentionTopicRetaggerOptions = {},
  ) {
    this.pageSize = Math.max(1, options.pageSize ?? 2_000);
    this.maxRetries = options.maxRetries ?? 8;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.keepAlive = options.keepAlive ?? '2m';
  }

  /** The mentions a run of `plan` will read (after a refresh, so recent writes count). */
  async count(plan: TopicRetagPlan): Promise<number> {
    await this.client.indices.refresh({ index: this.manager.readAlias });
    const res = await this.client.count({ index: this.manager.readAlias, query: this.scope(plan) });
    return res.count;
  }

  /** Mentions carrying `topicId` now (after a refresh). */
  async countTagged(topicId: string): Promise<number> {
    await this.client.indices.refresh({ index: this.manager.readAlias });
    const res = await this.client.count({ index: this.manager.readAlias, query: { term: { topicIds: topicId } } });
    return res.count;
  }

  async retag(plan: TopicRetagPlan, options: RetagRunOptions = {}): Promise<RetagProgress> {
    const progress: RetagProgress = { processed: 0, changed: 0, conflicts: 0 };
    const fields = [...new Set([...plan.fields, 'sourceId', 'topicIds'])];
    const size = Math.max(1, options.pageSize ?? this.pageSize);
    const query = this.scope(plan);
    // Mentions indexed a moment ago are only in a point in time opened after a refresh.
    await this.client.indices.refresh({ index: this.manager.readAlias });
    const pit = await this.client.openPointInTime({ index: this.manager.readAlias, keep_alive: this.keepAlive });
    let pitId = pit.id;
    const fetchPage = async (after: estypes.SortResults | undefined): Promise<Hit[]> => {
      const res = await this.client.search<RetagDoc>({
        pit: { id: pitId, keep_alive: this.keepAlive },
        size,
        query,
        sort: [{ _shard_doc: 'asc' }],
        search_after: after,
        _source: fields,
        seq_no_primary_term: true,
        track_total_hits: false,
      });
      if (res.pit_id) pitId = res.pit_id;
      return res.hits.hits;
    };
    let next: Promise<Hit[]> | null = fetchPage(undefined);
    try {
      for (;;) {
        const page: Hit[] = await next;
        next = null;
        if (page.length === 0) break;
        // The next page is read while this one is matched and written.
        if (page.length === size) {
          next = fetchPage(page[page.length - 1].sort);
          next.catch(() => undefined);
        }
        const changes: Change[] = [];
        for (const hit of page) {
          const topicIds = this.desired(plan, hit._source ?? {});
          if (topicIds && hit._seq_no !== undefined && hit._primary_term !== undefined) {
            changes.push({ index: hit._index, id: hit._id!, version: { seqNo: hit._seq_no, primaryTerm: hit._primary_term }, topicIds });
          }
        }
        await this.write(plan, fields, changes, progress);
        progress.processed += page.length;
        await options.onPage?.({ ...progress });
        if (options.signal?.aborted) throw new RetagAbortedError();
        if (next === null) break;
      }
    } finally {
      await next?.catch(() => undefined);
      await this.client.closePointInTime({ id: pitId }).catch(() => undefined);
    }
    return progress;
  }

  /** Which documents a run reads: all of them, unless the plan says where the changes can be. */
  private scope(plan: TopicRetagPlan): estypes.QueryDslQueryContainer {
    const tagged: estypes.QueryDslQueryContainer = { term: { topicIds: plan.topicId } };
    if (plan.belongs === null) return tagged;
    if (plan.sourceIds) {
      return { bool: { should: [tagged, { terms: { sourceId: [...plan.sourceIds] } }], minimum_should_match: 1 } };
    }
    return { match_all: {} };
  }

  /** The new `topicIds` of a mention, or null when its membership is already right. */
  private desired(plan: TopicRetagPlan, doc: RetagDoc): string[] | null {
    const current = Array.isArray(doc.topicIds) ? doc.topicIds.filter((id): id is string => typeof id === 'string') : [];
    const has = current.includes(plan.topicId);
    const wants = plan.belongs !== null && plan.belongs(doc);
    if (has === wants) return null;
    return wants ? [...current, plan.topicId] : current.filter((id) => id !== plan.topicId);
  }

  private async write(plan: TopicRetagPlan, fields: string[], changes: Change[], progress: RetagProgress): Promise<void> {
    let pending = changes;
    let refusals = 0;
    let conflictRounds = 0;
    const refused = async (what: string) => {
      if (++refusals > this.maxRetries) throw new Error(`gave up updating ${pending.length} mention(s) after ${this.maxRetries} retries: ${what}`);
      await sleep(backoffMs(this.retryBaseMs, refusals));
    };
    while (pending.length > 0) {
      const operations = pending.flatMap((c) => [conditionalUpdateAction(c.index, c.id, c.version), JSON.stringify({ doc: { topicIds: c.topicIds } })]);
      let res: FilteredBulkResponse;
      try {
        res = (await this.client.bulk({ operations, filter_path: BULK_ITEM_FILTER_PATH })) as unknown as FilteredBulkResponse;
      } catch (error) {
        // Load shedding of the whole request: the same changes again, after a backoff.
        if (error instanceof errors.ResponseError && error.statusCode === 429) {
          await refused('_bulk answered 429');
          continue;
        }
        throw error;
      }
      if (!res.errors) {
        progress.changed += pending.length;
        return;
      }
      const items = res.items ?? [];
      if (items.length !== pending.length) throw new Error(`_bulk answered ${items.length} items for ${pending.length} updates`);
      const again: Change[] = [];
      const stale: Change[] = [];
      let transient: string | null = null;
      pending.forEach((change, i) => {
        const r = items[i].update ?? Object.values(items[i])[0];
        if (r.status < 300) progress.changed++;
        else if (r.status === 409) stale.push(change);
        // Deleted since it was read: nothing left to tag.
        else if (r.error?.type === 'document_missing_exception' || r.status === 404) return;
        else if (isTransientItem(r.status, r.error?.type)) {
          again.push(change);
          transient ??= bulkItemReason(r);
        } else throw new Error(`updating mention ${change.id} failed: ${bulkItemReason(r)}`);
      });
      if (stale.length > 0) {
        // Changed after our read (an ingest, a person): read it again and compute from what it holds now.
        if (++conflictRounds > this.maxRetries) throw new Error(`mention ${stale[0].id} kept changing under ${this.maxRetries} re-reads`);
        progress.conflicts += stale.length;
        const fresh = await readVersions<RetagDoc>(this.client, stale, fields);
        stale.forEach((change, k) => {
          const doc = fresh[k];
          if (!doc) return;
          const topicIds = this.desired(plan, doc.source ?? {});
          if (topicIds) again.push({ ...change, version: { seqNo: doc.seqNo, primaryTerm: doc.primaryTerm }, topicIds });
        });
      }
      if (transient) await refused(transient);
      pending = again;
    }
  }
}
