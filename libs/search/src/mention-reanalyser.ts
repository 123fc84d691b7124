import type { Client, estypes } from '@elastic/elasticsearch';
import { priorityAfterRelabel, type Mention } from '@ascolto/domain';
import { writeConditionalUpdates, type ConditionalChange } from './conditional-update';
import { planGroupRepair, type GroupRepairPatch } from './group-repair-plan';
import type { MentionIndexManager } from './mention-index-manager';
import { scanUnderPointInTime } from './mention-scan';
import { correctedLabelsOf, labelsAfterReanalysis, planReanalysis, REANALYSIS_SOURCE_FIELDS, type ReanalysisPatch, type ReanalysisResult, type ReanalysisStored } from './reanalysis-plan';

/** The pipeline, as the caller runs it on a stored mention (libs/search does not import libs/nlp). */
export type AnalyseStored = (stored: ReanalysisStored) => ReanalysisResult;

export interface ReanalysisFailure {
  id: string;
  reason: string;
}

export interface ReanalysisProgress {
  /** Mentions read. */
  processed: number;
  /** Mentions written with the current analysis. */
  changed: number;
  /** Updates refused because the mention changed after it was read, then read and planned again. */
  conflicts: number;
  /**
   * Near-duplicate members moved because their group's head is not a service issue while they are
   * (see `planGroupRepair`): a new head, members under it, or members standing alone.
   */
  regrouped: number;
  /** Mentions that could not be re-analysed, with why (they keep their old version: a rerun tries again). */
  failed: ReanalysisFailure[];
}

export interface ReanalysisRunOptions {
  /** Stops after the page in progress (Ctrl-C). */
  signal?: AbortSignal;
  /** After every page is written, with the running totals. */
  onPage?: (progress: ReanalysisProgress) => void | Promise<void>;
  /** Mentions per page. */
  pageSize?: number;
  /**
   * Called with a page's planned updates just before they are written (tests change a document
   * here, to see the 409 path re-read and re-plan it).
   */
  beforeWrite?: (changes: ReadonlyArray<{ index: string; id: string }>) => Promise<void>;
}

export interface MentionReanalyserOptions {
  /** The grouper's sketch distance (libs/nlp `NEAR_DUPLICATE_DISTANCE`), for the groups it repairs. */
  nearDuplicateDistance: number;
  /** Mentions read per page. Default 500 (the pipeline runs on a page between two reads). */
  pageSize?: number;
  /** Retries of refused writes and re-reads of a mention that keeps changing. Default 5. */
  maxRetries?: number;
  /** First backoff delay after a refused request; doubles per round, with jitter. Default 100 ms. */
  retryBaseMs?: number;
  /** How long the point in time lives between two pages. Default 5 minutes. */
  keepAlive?: string;
}

/** Raised when the run stopped because its signal was aborted. */
export class ReanalysisAbortedError extends Error {
  constructor(readonly progress: ReanalysisProgress) {
    super('re-analysis stopped before the end');
  }
}

/**
 * Re-analyses the indexed mentions that another pipeline version labelled (or none: documents from
 * before `pipelineVersion` existed). Reads them under one point in time, runs the caller's
 * pipeline on each, and writes a conditional partial update planned by `planReanalysis` (analysis
 * fields only; people's corrections, near-duplicate groups, workflow and raw fields kept), and
 * after each page repairs the groups its new labels left with a service member under a head that
 * is not a service issue (`repairGroups`, `planGroupRepair`). A mention rewritten in between (an
 * ingest, a correction, a re-tag) answers 409, is read again and planned again from what it holds
 * now. The selection is the resume point: what was written carries the current version and is not
 * read again, so a stopped run picks up where it was, and a run after a complete one finds nothing.
 */
export class MentionReanalyser {
  private readonly pageSize: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly keepAlive: string;
  private readonly nearDuplicateDistance: number;

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    options: MentionReanalyserOptions,
  ) {
    this.nearDuplicateDistance = options.nearDuplicateDistance;
    this.pageSize = Math.max(1, options.pageSize ?? 500);
    this.maxRetries = options.maxRetries ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.keepAlive = options.keepAlive ?? '5m';
  }

  /** Mentions not labelled by `version`, including those without any version. */
  static staleQuery(version: string): estypes.QueryDslQueryContainer {
    return { bool: { must_not: [{ term: { pipelineVersion: version } }] } };
  }

  /** How many mentions a run for `version` will read (after a refresh, so recent writes count). */
  async count(version: string): Promise<number> {
    await this.client.indices.refresh({ index: this.manager.readAlias });
    const res = await this.client.count({ index: this.manager.readAlias, query: MentionReanalyser.staleQuery(version) });
    return res.count;
  }

  /**
   * Re-analyses every mention not at `version` with `analyse` (whose results must carry `version`).
   * Failed mentions are in the result's `failed`; a request Elasticsearch cannot answer at all
   * throws (run again to resume).
   */
  async run(version: string, analyse: AnalyseStored, options: ReanalysisRunOptions = {}): Promise<ReanalysisProgress> {
    const progress: ReanalysisProgress = { processed: 0, changed: 0, conflicts: 0, regrouped: 0, failed: [] };
    const fields = [...REANALYSIS_SOURCE_FIELDS];
    // Heads of groups that may now hold a service member under a head that is not service.
    const suspectHeads = new Set<string>();
    const plan = (stored: ReanalysisStored): ReanalysisPatch | null => {
      const analysis = analyse(stored);
      if (analysis.pipelineVersion !== version) throw new Error(`the pipeline answered version ${analysis.pipelineVersion}, not ${version}`);
      const patch = planReanalysis(analysis, stored);
      const categoryCorrected = correctedLabelsOf(stored).includes('category');
      if (patch && !categoryCorrected) {
        const head = memberOf(stored);
        if (head !== null && analysis.category === 'service') suspectHeads.add(head);
        else if (head === null && stored.category === 'service' && analysis.category !== 'service' && typeof stored.id === 'string') suspectHeads.add(stored.id);
      }
      return patch;
    };
    const scan = {
      index: this.manager.readAlias,
      query: MentionReanalyser.staleQuery(version),
      fields,
      pageSize: options.pageSize ?? this.pageSize,
      keepAlive: this.keepAlive,
    };
    await scanUnderPointInTime<ReanalysisStored>(this.client, scan, async (page) => {
      const changes: Array<ConditionalChange<ReanalysisPatch>> = [];
      for (const hit of page) {
        const doc = plan(hit._source ?? {});
        if (doc && hit._seq_no !== undefined && hit._primary_term !== undefined) {
          changes.push({ index: hit._index, id: hit._id!, version: { seqNo: hit._seq_no, primaryTerm: hit._primary_term }, doc });
        }
      }
      await options.beforeWrite?.(changes);
      const result = await writeConditionalUpdates<ReanalysisStored, ReanalysisPatch>(this.client, changes, {
        fields,
        replan: (fresh) => plan(fresh),
        maxRetries: this.maxRetries,
        retryBaseMs: this.retryBaseMs,
      });
      progress.processed += page.length;
      progress.changed += result.written;
      progress.conflicts += result.conflicts;
      progress.failed.push(...result.failed);
      // Repaired page by page, so a run stopped or failed later leaves no broken group behind (the
      // next run does not read this page's mentions again). A head re-analysed on a later page is
      // noted there, with its members checked then.
      await this.repairGroups([...suspectHeads], analyse, progress);
      suspectHeads.clear();
      await options.onPage?.({ ...progress, failed: [...progress.failed] });
      if (options.signal?.aborted) throw new ReanalysisAbortedError(progress);
    });
    return progress;
  }

  /**
   * Groups whose head is not (any more) a service issue while some member's own label is service:
   * the members are read again with their versions, analysed for their own labels, and moved as
   * `planGroupRepair` says: the new head first, then the members that join it (only once their new
   * head has left the old group, so none points at a member).
   */
  private async repairGroups(suspects: string[], analyse: AnalyseStored, progress: ReanalysisProgress): Promise<void> {
    const fields = [...REANALYSIS_SOURCE_FIELDS, 'simhash'];
    for (let from = 0; from < suspects.length; from += REPAIR_HEADS_PER_ROUND) {
      const heads = suspects.slice(from, from + REPAIR_HEADS_PER_ROUND);
      await this.client.indices.refresh({ index: this.manager.readAlias });
      const found = await this.client.search<Pick<Mention, 'category'>>({
        index: this.manager.readAlias,
        size: heads.length,
        query: { ids: { values: heads } },
        _source: ['category'],
      });
      const service = new Set(found.hits.hits.filter((h) => h._source?.category === 'service').map((h) => h._id!));
      const broken = heads.filter((id) => !service.has(id));
      if (broken.length === 0) continue;

      const members = new Map<string, Array<estypes.SearchHit<StoredMember>>>();
      await scanUnderPointInTime<StoredMember>(
        this.client,
        { index: this.manager.readAlias, query: { terms: { duplicateOf: broken } }, fields, pageSize: this.pageSize, keepAlive: this.keepAlive },
        async (page) => {
          for (const hit of page) {
            const head = memberOf(hit._source ?? {});
            if (head === null) continue;
            const list = members.get(head);
            if (list) list.push(hit);
            else members.set(head, [hit]);
          }
        },
      );
      for (const [head, hits] of members) {
        const byId = new Map(hits.map((hit) => [hit._id!, hit]));
        const patches = planGroupRepair(
          head,
          hits.map((hit) => {
            const stored: StoredMember = hit._source ?? {};
            const own = analyse(stored);
            return {
              id: hit._id!,
              publishedAt: typeof stored.publishedAt === 'string' ? Date.parse(stored.publishedAt) : Number.NaN,
              simhash: typeof stored.simhash === 'string' ? stored.simhash : null,
              own: {
                category: own.category,
                flushReason: own.flushReason,
                explanation: own.explanations.category,
                // Outside the group: its own category, the other labels as re-analysis keeps them.
                priority: priorityAfterRelabel({ ...labelsAfterReanalysis(own, stored), category: own.category }, own.priorityFactors, own.priority),
              },
              categoryCorrected: correctedLabelsOf(stored).includes('category'),
            };
          }),
          this.nearDuplicateDistance,
        );
        if (patches.size === 0) continue;
        const changes = [...patches].map(([id, doc]) => {
          const hit = byId.get(id)!;
          return { index: hit._index, id, version: { seqNo: hit._seq_no!, primaryTerm: hit._primary_term! }, doc };
        });
        // The new head leaves first; the others follow only if it did (not if it failed, or if
        // someone moved it meanwhile: they would point at a member).
        const [newHead, ...rest] = changes;
        if ((await this.writeRepair([newHead], head, progress)) !== 1) continue;
        await this.writeRepair(rest, head, progress);
      }
    }
  }

  /** Writes the repair updates that still apply (the member is still in `head`'s group); returns how many were written. */
  private async writeRepair(changes: Array<ConditionalChange<GroupRepairPatch>>, head: string, progress: ReanalysisProgress): Promise<number> {
    if (changes.length === 0) return 0;
    const result = await writeConditionalUpdates<ReanalysisStored, GroupRepairPatch>(this.client, changes, {
      fields: ['duplicateOf'],
      // Someone moved it meanwhile (a person, another run): what they did stands.
      replan: (fresh, change) => (memberOf(fresh) === head ? change.doc : null),
      maxRetries: this.maxRetries,
      retryBaseMs: this.retryBaseMs,
    });
    progress.regrouped += result.written;
    progress.conflicts += result.conflicts;
    progress.failed.push(...result.failed);
    return result.written;
  }
}

/** A group member as the repair reads it: what re-analysis reads, and its sketch. */
type StoredMember = ReanalysisStored & Partial<Pick<Mention, 'simhash'>>;

/** Heads whose groups are checked per round (one look-up of their categories, one scan of their members). */
const REPAIR_HEADS_PER_ROUND = 1_000;

/** The head a stored mention belongs to, or null for a head or a mention in no group. */
function memberOf(stored: Pick<ReanalysisStored, 'duplicateOf'>): string | null {
  return typeof stored.duplicateOf === 'string' && stored.duplicateOf !== '' ? stored.duplicateOf : null;
}
