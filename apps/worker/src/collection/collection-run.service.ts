import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RawMention, TopicQueryNode } from '@ascolto/domain';
import { descriptorOf, MissingCredentialsError, type RunStats, type SourceCredentials } from '@ascolto/collectors';
import { parseTopicQuery, TopicQueryError } from '@ascolto/nlp';
import { CollectorRunEntity, CredentialCipher, SourceBudgetEntity, SourceCursorEntity, SourceEntity, TopicEntity } from '@ascolto/persistence';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { CollectorRegistry } from './collector-registry';
import { MentionIngestService } from './mention-ingest.service';
import { readPushed } from './push/pushed-references';
import { RunSlots } from './run-slots';
import { budgetPeriod, needsPerson, verdictFor } from './source-backoff';

/** Keeps our advisory locks apart from any other application's on the same database. */
const ADVISORY_LOCK_NAMESPACE = 0x4153; // "AS"; also guards migrations (key 0)
/** New items whose publication-to-index lag is kept per run (freshness on the health page). */
const LAG_SAMPLE = 200;
/** Older items are backfill, not news: their lag says nothing about freshness. */
const LAG_HORIZON_MS = 24 * 60 * 60_000;

export type RunOutcome =
  | { kind: 'skipped'; reason: 'locked' | 'missing' | 'disabled' | 'attention' | 'backoff' | 'budget' }
  | { kind: 'finished'; run: CollectorRunEntity };

export interface RunOptions {
  now?: Date;
  /** Run even while the source waits for a person or a backoff (a "run now" by an admin). */
  force?: boolean;
}

/**
 * Runs one poll of one source, end to end. Only one worker in the whole deployment runs a given
 * source at a time (a PostgreSQL advisory lock held on a dedicated connection for the run).
 * The cursor moves only after the items are in Elasticsearch; every run leaves a record, and the
 * source's state (failures in a row, backoff, attention, budget) follows from how it ended.
 */
@Injectable()
export class CollectionRunService implements OnApplicationShutdown {
  private readonly logger = new Logger(CollectionRunService.name);
  private readonly cipher: CredentialCipher;
  /** Aborted on shutdown, so long page walks stop and leave their cursor where it was. */
  private readonly shutdown = new AbortController();
  private readonly slots: RunSlots;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: CollectorRegistry,
    private readonly ingest: MentionIngestService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.cipher = config.credentialCipher;
    this.slots = new RunSlots(config.collectorConcurrency);
  }

  /** Cancels runs in flight (their cursors stay where they were). The scheduler calls it after a grace period. */
  abortRuns(): void {
    this.shutdown.abort();
  }

  onApplicationShutdown(): void {
    this.abortRuns();
  }

  async runSource(sourceId: string, options: RunOptions | Date = {}): Promise<RunOutcome> {
    return this.slots.run(() => this.runWithLock(sourceId, options));
  }

  private async runWithLock(sourceId: string, options: RunOptions | Date): Promise<RunOutcome> {
    const opts: RunOptions = options instanceof Date ? { now: options } : options;
    const lockConnection = this.dataSource.createQueryRunner();
    await lockConnection.connect();
    try {
      const [{ locked }] = await lockConnection.query(
        'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [ADVISORY_LOCK_NAMESPACE, sourceId],
      );
      if (!locked) {
        this.logger.debug(`source ${sourceId} is being run by another worker; skipping`);
        return { kind: 'skipped', reason: 'locked' };
      }
      try {
        return await this.runLocked(sourceId, opts.now ?? new Date(), opts.force ?? false);
      } finally {
        await lockConnection.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACE, sourceId]);
      }
    } finally {
      await lockConnection.release();
    }
  }

  private async runLocked(sourceId: string, now: Date, force: boolean): Promise<RunOutcome> {
    const sources = this.dataSource.getRepository(SourceEntity);
    const source = await sources.findOneBy({ id: sourceId });
    if (!source) return { kind: 'skipped', reason: 'missing' };
    if (!source.enabled) return { kind: 'skipped', reason: 'disabled' };
    if (!force && needsPerson(source.attention)) return { kind: 'skipped', reason: 'attention' };
    if (!force && source.backoffUntil && source.backoffUntil.getTime() > now.getTime()) return { kind: 'skipped', reason: 'backoff' };

    const descriptor = descriptorOf(source.type);
    const budget = descriptor.budget ? budgetPeriod(descriptor.budget.period, now) : null;
    let budgetRemaining: number | null = null;
    if (descriptor.budget && budget) {
      const used = (await this.dataSource.getRepository(SourceBudgetEntity).findOneBy({ sourceId, period: budget.key }))?.used ?? 0;
      budgetRemaining = (source.budgetLimit ?? descriptor.budget.defaultLimit) - used;
      if (budgetRemaining <= 0 && !force) {
        await sources.update({ id: sourceId }, { attention: 'quota_exhausted', backoffUntil: budget.endsAt });
        return { kind: 'skipped', reason: 'budget' };
      }
    }

    const runs = this.dataSource.getRepository(CollectorRunEntity);
    const run = await runs.save(
      runs.create({
        sourceId,
        workerId: this.config.workerId,
        status: 'running',
        startedAt: now,
        finishedAt: null,
        fetched: 0,
        created: 0,
        updated: 0,
        rejectedItems: [],
        error: null,
      }),
    );
    const stats: RunStats = { requests: 0, spent: 0 };
    const deadline = AbortSignal.timeout(this.config.collectorRunTimeoutMs);

    try {
      const credentials = this.cipher.decrypt(source.id, source.credentialsEncrypted);
      const missing = descriptor.credentials.filter((field) => field.required && !credentials[field.key]).map((field) => field.key);
      if (missing.length) throw new MissingCredentialsError(missing);
      const stored = await this.dataSource.getRepository(SourceCursorEntity).findOneBy({ sourceId });
      const adapter = this.registry.adapterFor(source.type);
      const result = await adapter.collect({
        source: {
          id: source.id,
          type: source.type,
          name: source.name,
          url: source.url,
          settings: source.settings ?? {},
          query: await this.queryFor(source),
        },
        cursor: stored?.cursor ?? null,
        credentials,
        saveCredentials: (next) => this.saveCredentials(source.id, next),
        budgetRemaining,
        stats,
        now,
        // Shutdown, or a run that takes longer than any healthy one should: either way it stops,
        // fails with its cursor untouched, and frees its slot for the other sources.
        signal: AbortSignal.any([this.shutdown.signal, deadline]),
        pushed: await readPushed(this.dataSource, source, stored?.cursor ?? null),
      });
      run.fetched = result.fetched;
      if (result.notModified) {
        run.status = 'not_modified';
      } else {
        if (result.items.length) {
          const outcome = await this.ingest.indexBatch(result.items, now);
          run.created = outcome.report.created;
          run.updated = outcome.report.updated;
          run.rejectedItems = outcome.rejected;
        }
        if (result.deletions?.length) await this.ingest.markDeleted(result.deletions);
        run.status = 'succeeded';
      }
      run.duplicates = Math.max(0, run.fetched - run.created);
      run.requests = stats.requests;
      run.spent = stats.spent;
      run.lagSeconds = lagSample(result.items, run.created, new Date());
      await this.ingest.commitCursor(sourceId, result.notModified ? (stored?.cursor ?? null) : result.nextCursor, run);
      run.finishedAt = new Date();
      await sources.update(
        { id: sourceId },
        {
          consecutiveFailures: 0,
          lastSuccessAt: run.finishedAt,
          attention: null,
          backoffUntil: result.incomplete?.resumeAt ?? null,
        },
      );
      if (result.incomplete) this.logger.log(`source "${source.name}" (${source.type}) stopped early: ${result.incomplete.reason}`);
      this.logger.log(
        `source "${source.name}" (${source.type}) ${run.status}: fetched ${run.fetched}, new ${run.created}, updated ${run.updated}, rejected ${run.rejectedItems.length}, requests ${run.requests}`,
      );
    } catch (error) {
      run.status = 'failed';
      run.error =
        deadline.aborted && !this.shutdown.signal.aborted
          ? `run stopped after ${this.config.collectorRunTimeoutMs} ms (COLLECTOR_RUN_TIMEOUT_MS): ${describeError(error)}`.slice(0, 2000)
          : describeError(error);
      run.finishedAt = new Date();
      // The cursor is untouched: the next run starts from the same place and retries.
      await runs.update(
        { id: run.id },
        { status: 'failed', error: run.error, finishedAt: run.finishedAt, fetched: run.fetched, requests: stats.requests, spent: stats.spent },
      );
      const failures = source.consecutiveFailures + 1;
      const verdict = verdictFor(error, failures, run.finishedAt);
      await sources.update({ id: sourceId }, { consecutiveFailures: failures, attention: verdict.attention, backoffUntil: verdict.backoffUntil });
      this.logger.warn(
        `source "${source.name}" (${source.type}) failed (${failures} in a row${verdict.attention ? `, ${verdict.attention}` : ''}${
          verdict.backoffUntil ? `, held until ${verdict.backoffUntil.toISOString()}` : ''
        }): ${run.error}`,
      );
    } finally {
      if (budget && stats.spent > 0) await this.addSpend(sourceId, budget.key, stats.spent);
    }
    return { kind: 'finished', run };
  }

  /** The source's own `query` setting, else its topic's query; a query that does not parse is logged and ignored. */
  private async queryFor(source: SourceEntity): Promise<TopicQueryNode | null> {
    let text = typeof source.settings?.query === 'string' ? source.settings.query : '';
    if (!text.trim() && source.topicId) {
      text = (await this.dataSource.getRepository(TopicEntity).findOneBy({ id: source.topicId }))?.query ?? '';
    }
    if (!text.trim()) return null;
    try {
      return parseTopicQuery(text);
    } catch (error) {
      if (!(error instanceof TopicQueryError)) throw error;
      this.logger.warn(`source "${source.name}": its query does not parse (${error.message}); collecting without it`);
      return null;
    }
  }

  private async saveCredentials(sourceId: string, next: SourceCredentials): Promise<void> {
    await this.dataSource.getRepository(SourceEntity).update({ id: sourceId }, { credentialsEncrypted: this.cipher.encrypt(sourceId, next) });
  }

  private async addSpend(sourceId: string, period: string, amount: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO source_budgets (source_id, period, used) VALUES ($1, $2, $3)
       ON CONFLICT (source_id, period) DO UPDATE SET used = source_budgets.used + EXCLUDED.used`,
      [sourceId, period, amount],
    );
  }
}

/** Seconds from publication to now for (a sample of) the run's new, recent items. */
function lagSample(items: RawMention[], created: number, indexedAt: Date): number[] {
  if (created === 0) return [];
  const lags: number[] = [];
  for (const item of items) {
    const lagMs = indexedAt.getTime() - Date.parse(item.publishedAt);
    if (Number.isFinite(lagMs) && lagMs >= 0 && lagMs <= LAG_HORIZON_MS) lags.push(Math.round(lagMs / 100) / 10);
    if (lags.length >= LAG_SAMPLE) break;
  }
  return lags;
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name && error.constructor.name !== 'Error' ? `${error.constructor.name}: ` : '';
    return `${name}${error.message}`.slice(0, 2000);
  }
  return String(error).slice(0, 2000);
}
