import type { Client, estypes } from '@elastic/elasticsearch';
import { writeConditionalUpdates, type ConditionalChange } from './conditional-update';
import { scanUnderPointInTime } from './mention-scan';
import type { MentionIndexManager } from './mention-index-manager';

/**
 * The `pipelineVersion` a re-tag writes on a mention that gained or lost a topic: a version no
 * pipeline has, so the re-analysis (the background job, or `npm run reanalyse`) labels it again. A
 * mention's labels depend on its topics (a post written to an account a topic listens for is kept
 * for a person, one only a topic's NOT turns away is flushed as `off_topic`), and re-analysis is
 * where labels change with people's corrections and near-duplicate groups kept.
 */
export const TOPICS_CHANGED_VERSION = 'topics-changed';

/** What a re-tag writes: the new `topicIds`, and the version that asks for the labels again. */
interface RetagUpdate {
  topicIds: string[];
  pipelineVersion: typeof TOPICS_CHANGED_VERSION;
}

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
  /**
   * Whether a mention that stays in the topic needs its labels again all the same: they read more
   * of the topic than its membership (the accounts it names: `labelsFollowTopicAccounts`). Only
   * asked of mentions that belong; the answer must turn false once the labels are computed again,
   * or every run would ask again.
   */
  relabel?: (doc: RetagDoc) => boolean;
  /** The stored fields `belongs` and `relabel` read (source filtering: nothing else is fetched). */
  fields: readonly string[];
  /** A topic fed by its linked sources: only their mentions (and those carrying it) can change. */
  sourceIds?: readonly string[] | null;
}

export interface RetagProgress {
  /** Mentions read. */
  processed: number;
  /** Mentions whose `topicIds` gained or lost the topic, or whose labels were asked for again (`relabel`). */
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
 * for the mentions whose membership changed, marking their labels out of date
 * (`TOPICS_CHANGED_VERSION`), and of the version alone for those the plan says need their labels
 * again though they stay (`relabel`). Each update is conditional on the version read: a
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
    const fields = [...new Set([...plan.fields, 'sourceId', 'topicIds', 'pipelineVersion'])];
    const scan = {
      index: this.manager.readAlias,
      query: this.scope(plan),
      fields,
      pageSize: options.pageSize ?? this.pageSize,
      keepAlive: this.keepAlive,
    };
    await scanUnderPointInTime<RetagDoc>(this.client, scan, async (page: Hit[]) => {
      const changes: Array<ConditionalChange<RetagUpdate>> = [];
      for (const hit of page) {
        const update = this.desired(plan, hit._source ?? {});
        if (update && hit._seq_no !== undefined && hit._primary_term !== undefined) {
          changes.push({ index: hit._index, id: hit._id!, version: { seqNo: hit._seq_no, primaryTerm: hit._primary_term }, doc: update });
        }
      }
      await this.write(plan, fields, changes, progress);
      progress.processed += page.length;
      await options.onPage?.({ ...progress });
      if (options.signal?.aborted) throw new RetagAbortedError();
    });
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

  /** The update of a mention, or null when its membership and its labels' version are already right. */
  private desired(plan: TopicRetagPlan, doc: RetagDoc): RetagUpdate | null {
    const current = Array.isArray(doc.topicIds) ? doc.topicIds.filter((id): id is string => typeof id === 'string') : [];
    const has = current.includes(plan.topicId);
    const wants = plan.belongs !== null && plan.belongs(doc);
    if (has === wants) {
      const relabel = wants && doc.pipelineVersion !== TOPICS_CHANGED_VERSION && plan.relabel?.(doc) === true;
      return relabel ? { topicIds: current, pipelineVersion: TOPICS_CHANGED_VERSION } : null;
    }
    const topicIds = wants ? [...current, plan.topicId] : current.filter((id) => id !== plan.topicId);
    return { topicIds, pipelineVersion: TOPICS_CHANGED_VERSION };
  }

  private async write(plan: TopicRetagPlan, fields: string[], changes: Array<ConditionalChange<RetagUpdate>>, progress: RetagProgress): Promise<void> {
    const result = await writeConditionalUpdates<RetagDoc, RetagUpdate>(this.client, changes, {
      fields,
      // Changed after our read (an ingest, a person): computed again from what it holds now.
      replan: (fresh) => this.desired(plan, fresh),
      maxRetries: this.maxRetries,
      retryBaseMs: this.retryBaseMs,
    });
    progress.changed += result.written;
    progress.conflicts += result.conflicts;
    // A re-tag is all or nothing: the job is retried, and a second run only writes what is left.
    if (result.failed.length > 0) {
      const first = result.failed[0];
      throw new Error(`updating ${result.failed.length} mention(s) failed (first: ${first.id}: ${first.reason})`);
    }
  }
}
