import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { labelsFollowTopicAccounts, TOPIC_DOCUMENT_FIELDS, topicDocumentOf, type StoredTopicFields, type TopicDocument } from '@ascolto/nlp';
import { TopicRetagJobEntity } from '@ascolto/persistence';
import { MentionTopicRetagger, RetagAbortedError, type RetagDoc, type RetagProgress, type TopicRetagPlan } from '@ascolto/search';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { TopicCatalogService, type TopicSnapshot } from './topic-catalog.service';
import { TopicFenceService, topicFenceUnseen } from './topic-fence.service';

/** Our advisory locks' namespace for topic re-tags ("TR"), apart from source runs and imports. */
const RETAG_LOCK_NAMESPACE = 0x5452;
/** Progress (and heartbeat) is written at most this often. */
export const RETAG_PROGRESS_MS = 1_000;
/** Jobs looked at per claim: a few may belong to topics another worker still holds. */
const CLAIM_CANDIDATES = 10;

export type TopicRetagOutcome =
  | { kind: 'idle' }
  /** The job ended here: succeeded, failed for good, or put back as pending (a retry, a shutdown). */
  | { kind: 'finished'; job: TopicRetagJobEntity; conflicts: number }
  /** A newer change superseded the job (or another worker took it over) while it ran: it stopped. */
  | { kind: 'stopped'; job: TopicRetagJobEntity };

export interface TopicRetagRunOptions {
  /** Stops after the page in progress; the job goes back to pending, its attempt not counted. */
  signal?: AbortSignal;
  /** Mentions per page (tests use small pages to act in between). */
  pageSize?: number;
  /** After each page is written (tests). */
  onPage?: (progress: RetagProgress) => void | Promise<void>;
}

type Claimed = Pick<TopicRetagJobEntity, 'id' | 'topicId' | 'attempts' | 'changed'>;

/** Where a stored mention keeps the reasons of its category (`labelsFollowTopicAccounts` reads the first). */
const CATEGORY_REASONS_FIELD = 'explanations.category.reasons';

/** The first reason the pipeline gave for a stored category; none where a person set the category (theirs stands). */
function pipelineCategoryReason(stored: RetagDoc): string | undefined {
  if (Array.isArray(stored.correctedLabels) && stored.correctedLabels.includes('category')) return undefined;
  const explanations = stored.explanations as { category?: { reasons?: unknown } } | undefined;
  const reasons = explanations?.category?.reasons;
  return Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : undefined;
}

/**
 * Runs topic re-tagging jobs (`topic_retag_jobs`, enqueued by the API with each topic change).
 *
 * Claiming: `FOR UPDATE SKIP LOCKED` over the due jobs, so workers polling side by side never take
 * the same row, plus a session advisory lock per topic held for the whole run, so one topic is
 * never re-tagged by two workers at once (a superseded job still finishing its page holds it until
 * it notices). A pending job is due once every live topic fence sees the change that enqueued it
 * (TopicFenceService: no process still writes mentions tagged with the older definition; this
 * worker reports its own fence, after catching its catalog up, right before claiming); a running
 * job is due again when its heartbeat is older than the lease (its worker died; its lock died with
 * its connection).
 *
 * Running: refresh this worker's topic catalog, count the mentions to read, then let
 * `MentionTopicRetagger` stream them and write the changed `topicIds`, with the topic's matcher
 * from that catalog and the mention rebuilt as the pipeline saw it (`topicDocumentOf`). Progress and
 * heartbeat go to the job row once a second; a write that finds the job no longer running under
 * this worker stops the run. Failures are retried with exponential backoff up to
 * `topicRetagMaxAttempts`, then the job is `failed` with the reason. Re-running a job is harmless.
 */
@Injectable()
export class TopicRetagRunnerService {
  private readonly logger = new Logger(TopicRetagRunnerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly retagger: MentionTopicRetagger,
    private readonly catalog: TopicCatalogService,
    private readonly fence: TopicFenceService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  /** Claims and runs the oldest due job, if any. */
  async runNext(options: TopicRetagRunOptions = {}): Promise<TopicRetagOutcome> {
    await this.fence.report();
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    try {
      const job = await this.claim(session);
      if (!job) return { kind: 'idle' };
      try {
        return await this.run(job, options);
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RETAG_LOCK_NAMESPACE, job.topicId]).catch(() => undefined);
      }
    } finally {
      await session.release();
    }
  }

  /** The job and, on `session`, the lock of its topic; null when nothing is due (or all due topics are held elsewhere). */
  private async claim(session: QueryRunner): Promise<Claimed | null> {
    await session.startTransaction();
    try {
      const candidates: Array<{ id: string; topic_id: string }> = await session.query(
        `SELECT id, topic_id FROM topic_retag_jobs j
          WHERE (state = 'pending' AND run_after <= now() AND NOT ${topicFenceUnseen('$1')})
             OR (state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2)))
          ORDER BY created_at
          LIMIT ${CLAIM_CANDIDATES}
          FOR UPDATE OF j SKIP LOCKED`,
        [this.config.topicFenceSeconds, this.config.topicRetagLeaseSeconds],
      );
      for (const candidate of candidates) {
        const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [RETAG_LOCK_NAMESPACE, candidate.topic_id]);
        if (!locked) continue;
        const [rows]: [Array<{ id: string; topic_id: string; attempts: number; changed: number }>, number] = await session.query(
          `UPDATE topic_retag_jobs
              SET state = 'running', worker_id = $2, heartbeat_at = now(), attempts = attempts + 1, processed = 0,
                  started_at = COALESCE(started_at, now())
            WHERE id = $1
            RETURNING id, topic_id, attempts, changed`,
          [candidate.id, this.config.workerId],
        );
        await session.commitTransaction();
        const row = rows[0];
        return { id: row.id, topicId: row.topic_id, attempts: row.attempts, changed: row.changed };
      }
      await session.commitTransaction();
      return null;
    } catch (error) {
      if (session.isTransactionActive) await session.rollbackTransaction();
      throw error;
    }
  }

  private async run(job: Claimed, options: TopicRetagRunOptions): Promise<TopicRetagOutcome> {
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort);
    const state = { total: null as number | null, processed: 0, changed: job.changed, conflicts: 0, lost: false };
    let writing: Promise<void> = Promise.resolve();
    // Progress doubles as heartbeat and as the "still mine?" check: superseded or taken over → stop.
    const beat = () =>
      (writing = writing.then(async () => {
        if (state.lost) return;
        const [rows]: [unknown[], number] = await this.dataSource.query(
          `UPDATE topic_retag_jobs SET processed = $3, changed = $4, total = COALESCE($5, total), heartbeat_at = now()
            WHERE id = $1 AND state = 'running' AND worker_id = $2 RETURNING id`,
          [job.id, this.config.workerId, state.processed, state.changed, state.total],
        );
        if (rows.length === 0) {
          state.lost = true;
          stop.abort();
        }
      }).catch((error: Error) => this.logger.warn(`retag job ${job.id}: progress not written (${error.message})`)));
    const timer = setInterval(() => void beat(), RETAG_PROGRESS_MS);
    try {
      const plan = this.planFor(job.topicId, await this.catalog.reload());
      state.total = await this.retagger.count(plan);
      await beat();
      if (state.lost) return this.stopped(job);
      const base = job.changed;
      const result = await this.retagger.retag(plan, {
        signal: stop.signal,
        pageSize: options.pageSize,
        onPage: async (progress) => {
          state.processed = progress.processed;
          state.changed = base + progress.changed;
          state.conflicts = progress.conflicts;
          await options.onPage?.(progress);
        },
      });
      const matched = await this.retagger.countTagged(job.topicId);
      clearInterval(timer);
      await writing;
      const [rows]: [unknown[], number] = await this.dataSource.query(
        `UPDATE topic_retag_jobs
            SET state = 'succeeded', processed = $3, changed = $4, total = GREATEST(COALESCE(total, 0), $3), matched = $5,
                error = NULL, heartbeat_at = now(), finished_at = now()
          WHERE id = $1 AND state = 'running' AND worker_id = $2 RETURNING id`,
        [job.id, this.config.workerId, result.processed, base + result.changed, matched],
      );
      if (rows.length === 0) return this.stopped(job);
      this.logger.log(
        { jobId: job.id, topicId: job.topicId, processed: result.processed, changed: result.changed, conflicts: result.conflicts, matched },
        'Topic re-tag done',
      );
      return { kind: 'finished', job: await this.load(job.id), conflicts: result.conflicts };
    } catch (error) {
      clearInterval(timer);
      await writing;
      if (state.lost) return this.stopped(job);
      if (error instanceof RetagAbortedError && options.signal?.aborted) return this.putBack(job);
      return this.failed(job, error as Error, state.conflicts);
    } finally {
      clearInterval(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The pipeline's rule for the topic, over stored mentions. */
  private planFor(topicId: string, snapshot: TopicSnapshot): TopicRetagPlan {
    const membership = snapshot.membership(topicId);
    if (!membership) return { topicId, belongs: null, fields: [] };
    const { matcher } = membership;
    // `relabel` is asked right after `belongs` of the same document: rebuild it once for both.
    let last: { stored: RetagDoc; doc: TopicDocument } | undefined;
    const documentOf = (stored: RetagDoc): TopicDocument => {
      if (last?.stored !== stored) last = { stored, doc: topicDocumentOf(stored as StoredTopicFields) };
      return last.doc;
    };
    // Also without handles now: the topic may have named the account a member is written to before.
    const relabel = (stored: RetagDoc) => labelsFollowTopicAccounts(documentOf(stored), matcher.handles, pipelineCategoryReason(stored));
    const fields = [...TOPIC_DOCUMENT_FIELDS, CATEGORY_REASONS_FIELD];
    if (membership.sourceIds === null) {
      return { topicId, fields, relabel, belongs: (doc) => matcher.matches(documentOf(doc)) };
    }
    const sources = new Set(membership.sourceIds);
    return {
      topicId,
      fields,
      relabel,
      sourceIds: membership.sourceIds,
      belongs: (doc) => typeof doc.sourceId === 'string' && sources.has(doc.sourceId) && matcher.matches(documentOf(doc)),
    };
  }

  private async stopped(job: Claimed): Promise<TopicRetagOutcome> {
    this.logger.log({ jobId: job.id, topicId: job.topicId }, 'Topic re-tag stopped: superseded by a newer change or taken over');
    return { kind: 'stopped', job: await this.load(job.id) };
  }

  /** Shutdown: back to pending for the next worker, the attempt not counted. */
  private async putBack(job: Claimed): Promise<TopicRetagOutcome> {
    await this.dataSource.query(
      `UPDATE topic_retag_jobs SET state = 'pending', attempts = GREATEST(attempts - 1, 0), worker_id = NULL, heartbeat_at = NULL, run_after = now()
        WHERE id = $1 AND state = 'running' AND worker_id = $2`,
      [job.id, this.config.workerId],
    );
    return { kind: 'finished', job: await this.load(job.id), conflicts: 0 };
  }

  /** Retried later with backoff, or failed for good with the reason once the attempts are spent. */
  private async failed(job: Claimed, error: Error, conflicts: number): Promise<TopicRetagOutcome> {
    const reason = (error.message || String(error)).slice(0, 1_000);
    const final = job.attempts >= this.config.topicRetagMaxAttempts;
    const delayMs = Math.min(this.config.topicRetagBackoffBaseMs * 2 ** (job.attempts - 1), 3_600_000);
    await this.dataSource.query(
      final
        ? `UPDATE topic_retag_jobs SET state = 'failed', error = $3, worker_id = NULL, finished_at = now()
            WHERE id = $1 AND state = 'running' AND worker_id = $2`
        : `UPDATE topic_retag_jobs SET state = 'pending', error = $3, worker_id = NULL, heartbeat_at = NULL,
                  run_after = now() + make_interval(secs => $4)
            WHERE id = $1 AND state = 'running' AND worker_id = $2`,
      final ? [job.id, this.config.workerId, reason] : [job.id, this.config.workerId, reason, delayMs / 1000],
    );
    if (final) this.logger.error(`topic re-tag ${job.id} (topic ${job.topicId}) failed after ${job.attempts} attempt(s): ${reason}`);
    else this.logger.warn(`topic re-tag ${job.id} (topic ${job.topicId}) attempt ${job.attempts} failed, retrying in ${delayMs} ms: ${reason}`);
    return { kind: 'finished', job: await this.load(job.id), conflicts };
  }

  private load(id: string): Promise<TopicRetagJobEntity> {
    return this.dataSource.getRepository(TopicRetagJobEntity).findOneByOrFail({ id });
  }
}
