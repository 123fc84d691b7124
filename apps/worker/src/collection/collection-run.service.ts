import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CollectorRunEntity, SourceCursorEntity, SourceEntity } from '@ascolto/persistence';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { CollectorRegistry } from './collector-registry';
import { MentionIngestService } from './mention-ingest.service';

/** Keeps our advisory locks apart from any other application's on the same database. */
const ADVISORY_LOCK_NAMESPACE = 0x4153; // "AS"; also guards migrations (key 0)

export type RunOutcome =
  | { kind: 'skipped'; reason: 'locked' | 'missing' | 'disabled' }
  | { kind: 'finished'; run: CollectorRunEntity };

/**
 * Runs one poll of one source, end to end. Only one worker in the whole deployment runs a given
 * source at a time (a PostgreSQL advisory lock held on a dedicated connection for the run).
 * The cursor moves only after the items are in Elasticsearch; every run leaves a record.
 */
@Injectable()
export class CollectionRunService {
  private readonly logger = new Logger(CollectionRunService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: CollectorRegistry,
    private readonly ingest: MentionIngestService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async runSource(sourceId: string, now = new Date()): Promise<RunOutcome> {
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
        return await this.runLocked(sourceId, now);
      } finally {
        await lockConnection.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACE, sourceId]);
      }
    } finally {
      await lockConnection.release();
    }
  }

  private async runLocked(sourceId: string, now: Date): Promise<RunOutcome> {
    const source = await this.dataSource.getRepository(SourceEntity).findOneBy({ id: sourceId });
    if (!source) return { kind: 'skipped', reason: 'missing' };
    if (!source.enabled) return { kind: 'skipped', reason: 'disabled' };

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

    try {
      const stored = await this.dataSource.getRepository(SourceCursorEntity).findOneBy({ sourceId });
      const adapter = this.registry.adapterFor(source.type);
      const result = await adapter.collect({
        source: { id: source.id, type: source.type, name: source.name, url: source.url },
        cursor: stored?.cursor ?? null,
        now,
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
        run.status = 'succeeded';
      }
      await this.ingest.commitCursor(sourceId, result.notModified ? (stored?.cursor ?? null) : result.nextCursor, run);
      run.finishedAt = new Date();
      this.logger.log(
        `source "${source.name}" (${source.type}) ${run.status}: fetched ${run.fetched}, new ${run.created}, updated ${run.updated}, rejected ${run.rejectedItems.length}`,
      );
    } catch (error) {
      run.status = 'failed';
      run.error = describeError(error);
      run.finishedAt = new Date();
      // The cursor is untouched: the next run starts from the same place and retries.
      await runs.update({ id: run.id }, { status: 'failed', error: run.error, finishedAt: run.finishedAt, fetched: run.fetched });
      this.logger.warn(`source "${source.name}" (${source.type}) failed: ${run.error}`);
    }
    return { kind: 'finished', run };
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name && error.constructor.name !== 'Error' ? `${error.constructor.name}: ` : '';
    return `${name}${error.message}`.slice(0, 2000);
  }
  return String(error).slice(0, 2000);
}
