import type { Client, estypes } from '@elastic/elasticsearch';
import { writeConditionalUpdates, type ConditionalChange } from './conditional-update';
import type { MentionIndexManager } from './mention-index-manager';
import { scanUnderPointInTime } from './mention-scan';
import { planReanalysis, REANALYSIS_SOURCE_FIELDS, type ReanalysisPatch, type ReanalysisResult, type ReanalysisStored } from './reanalysis-plan';

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
 * fields only; people's corrections, near-duplicate groups, workflow and raw fields kept). A
 * mention rewritten in between (an ingest, a correction, a re-tag) answers 409, is read again and
 * planned again from what it holds now. The selection is the resume point: what was written carries
 * the current version and is not read again, so a stopped run picks up where it was, and a run
 * after a complete one finds nothing.
 */
export class MentionReanalyser {
  private readonly pageSize: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly keepAlive: string;

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    options: MentionReanalyserOptions = {},
  ) {
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
    const progress: ReanalysisProgress = { processed: 0, changed: 0, conflicts: 0, failed: [] };
    const fields = [...REANALYSIS_SOURCE_FIELDS];
    const plan = (stored: ReanalysisStored): ReanalysisPatch | null => {
      const analysis = analyse(stored);
      if (analysis.pipelineVersion !== version) throw new Error(`the pipeline answered version ${analysis.pipelineVersion}, not ${version}`);
      return planReanalysis(analysis, stored);
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
      await options.onPage?.({ ...progress, failed: [...progress.failed] });
      if (options.signal?.aborted) throw new ReanalysisAbortedError(progress);
    });
    return progress;
  }
}
