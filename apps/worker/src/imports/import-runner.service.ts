import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RawMention } from '@ascolto/domain';
import { ImportFormatError, pushItemToRawMention, validatePushItem, mentionId } from '@ascolto/collectors';
import { ImportJobEntity, SourceEntity, type ImportRejectedRow } from '@ascolto/persistence';
import { MentionIngestService } from '../collection/mention-ingest.service';
import { WORKER_CONFIG } from '../config/worker-config.token';
import type { WorkerConfig } from '../config/worker-config';
import { readImportFile, type ImportFileInfo } from './import-file-reader';

/** Rows per batch: one pipeline + bulk request, then a checkpoint. */
export const IMPORT_BATCH_ROWS = 500;
/** Rejected rows kept for the report; the count goes on beyond it. */
export const MAX_REJECTED_STORED = 10_000;
/** Our advisory locks' namespace for import jobs ("AR"), apart from source runs and webhook inserts. */
const IMPORT_LOCK_NAMESPACE = 0x4152;

export interface ImportProgress {
  rowsDone: number;
  bytesDone: number;
  bytesTotal: number;
  imported: number;
  rejected: number;
  created: number;
  updated: number;
}

export type ImportRunOutcome = { kind: 'locked' } | { kind: 'missing' } | { kind: 'finished'; job: ImportJobEntity };

export interface ImportRunOptions {
  /** Stops after the batch in progress is checkpointed (shutdown, Ctrl-C). */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  batchRows?: number;
}

interface Batch {
  items: RawMention[];
  /** Mention id → row numbers, to report rows Elasticsearch refused. */
  rowsOf: Map<string, number[]>;
  deletions: Map<string, string>;
  rejected: ImportRejectedRow[];
  rows: number;
  bytes: number;
}

const emptyBatch = (): Batch => ({ items: [], rowsOf: new Map(), deletions: new Map(), rejected: [], rows: 0, bytes: 0 });

/**
 * Imports one file into one source: read → validate row by row → pipeline and Elasticsearch in
 * batches → checkpoint. The CLI and the worker's job service both run imports through this.
 *
 * Only one process runs a job at a time (a session advisory lock: a killed process loses it at
 * once, so a rerun can take over without waiting). A checkpoint is written only after its batch
 * is in Elasticsearch; a rerun skips the rows up to the last checkpoint and repeats the rest,
 * which the deterministic ids turn into overwrites: no row is lost or doubled.
 */
@Injectable()
export class ImportRunnerService {
  private readonly logger = new Logger(ImportRunnerService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: MentionIngestService,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(jobId: string, options: ImportRunOptions = {}): Promise<ImportRunOutcome> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [IMPORT_LOCK_NAMESPACE, jobId]);
      if (!locked) return { kind: 'locked' };
      try {
        return await this.runLocked(jobId, options);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [IMPORT_LOCK_NAMESPACE, jobId]);
      }
    } finally {
      await lock.release();
    }
  }

  private async runLocked(jobId: string, options: ImportRunOptions): Promise<ImportRunOutcome> {
    const jobs = this.dataSource.getRepository(ImportJobEntity);
    const job = await jobs.findOneBy({ id: jobId });
    if (!job) return { kind: 'missing' };
    if (job.status === 'succeeded') return { kind: 'finished', job };
    const source = await this.dataSource.getRepository(SourceEntity).findOneBy({ id: job.sourceId });
    if (!source) return { kind: 'missing' };
    await jobs.update({ id: jobId }, { status: 'running', workerId: this.config.workerId, error: null, heartbeatAt: new Date() });

    const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
    const now = new Date();
    const ctx = { sourceType: 'import' as const, sourceId: source.id, sourceKey: source.id, collectedAt: now };
    const progress: ImportProgress = {
      rowsDone: job.rowsDone,
      bytesDone: Number(job.bytesDone),
      bytesTotal: Number(job.bytesTotal),
      imported: job.imported,
      rejected: job.rejectedCount,
      created: job.created,
      updated: job.updated,
    };
    let stored = job.rejectedRows.length;
    const info: ImportFileInfo = { ignoredColumns: [] };
    let seen = 0;
    let batch = emptyBatch();

    try {
      for await (const row of readImportFile(job.filePath, job.format, info)) {
        seen++;
        // Rows up to the checkpoint are in Elasticsearch already: read past them, do nothing.
        if (seen <= job.rowsDone) continue;
        batch.rows++;
        batch.bytes = row.bytes;
        if (row.error) {
          batch.rejected.push({ row: row.row, reason: row.error });
        } else {
          const check = validatePushItem(row.candidate, now);
          if (!check.ok) {
            batch.rejected.push({ row: row.row, reason: check.reason });
          } else if (check.item.deleted && !check.item.text) {
            batch.deletions.set(mentionId('import', source.id, check.item.id), check.item.deletedAt ?? now.toISOString());
          } else {
            // Deleted rows that carry their text are indexed already marked (`deletedAtSource`).
            const mention = pushItemToRawMention(check.item, ctx);
            batch.items.push(mention);
            batch.rowsOf.set(mention.id, [...(batch.rowsOf.get(mention.id) ?? []), row.row]);
          }
        }
        if (batch.rows >= batchRows) {
          stored = await this.flush(job, batch, progress, stored, info);
          batch = emptyBatch();
          options.onProgress?.({ ...progress });
          if (options.signal?.aborted) {
            await jobs.update({ id: jobId }, { status: 'pending', error: 'interrupted; resumes from the last checkpoint' });
            return { kind: 'finished', job: await jobs.findOneByOrFail({ id: jobId }) };
          }
        }
      }
      if (batch.rows > 0) stored = await this.flush(job, batch, progress, stored, info);
      progress.bytesDone = progress.bytesTotal;
      await jobs.update({ id: jobId }, { status: 'succeeded', bytesDone: String(progress.bytesTotal), finishedAt: new Date(), ignoredColumns: info.ignoredColumns, heartbeatAt: new Date() });
      options.onProgress?.({ ...progress });
      this.logger.log(`import ${jobId} ("${job.fileName}") done: ${progress.imported} imported, ${progress.rejected} rejected`);
    } catch (error) {
      const permanent = error instanceof ImportFormatError || (error as NodeJS.ErrnoException)?.code === 'ENOENT';
      const message = error instanceof ImportFormatError ? error.message : (error as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'the file is no longer there' : String((error as Error)?.message ?? error).slice(0, 500);
      // A broken file fails for good; anything else (Elasticsearch away) leaves the job to be resumed.
      await jobs.update({ id: jobId }, { status: permanent ? 'failed' : 'pending', error: message, finishedAt: permanent ? new Date() : null });
      this.logger.warn(`import ${jobId} ("${job.fileName}") ${permanent ? 'failed' : 'stopped, will resume'}: ${message}`);
    }
    return { kind: 'finished', job: await jobs.findOneByOrFail({ id: jobId }) };
  }

  /** Indexes a batch, then (only then) records the checkpoint. Returns how many rejected rows are stored. */
  private async flush(job: ImportJobEntity, batch: Batch, progress: ImportProgress, stored: number, info: ImportFileInfo): Promise<number> {
    // A row deleted in the same batch as its text: index the text already marked (a separate
    // deletion would not find a document written moments ago).
    for (const item of batch.items) {
      const at = batch.deletions.get(item.id);
      if (at) {
        item.deletedAtSource = at;
        batch.deletions.delete(item.id);
      }
    }
    let created = 0;
    let updated = 0;
    let imported = batch.items.length;
    if (batch.items.length) {
      const outcome = await this.ingest.indexBatch(batch.items);
      created = outcome.report.created;
      updated = outcome.report.updated;
      for (const failure of outcome.rejected) {
        const rows = batch.rowsOf.get(failure.id) ?? [];
        imported -= rows.length;
        for (const row of rows) batch.rejected.push({ row, reason: `Elasticsearch refused the mention: ${failure.reason.slice(0, 200)}` });
      }
    }
    if (batch.deletions.size) {
      await this.ingest.markDeleted([...batch.deletions].map(([id, at]) => ({ id, at })));
      imported += batch.deletions.size;
    }
    batch.rejected.sort((a, b) => a.row - b.row);
    const keep = batch.rejected.slice(0, Math.max(0, MAX_REJECTED_STORED - stored));
    progress.rowsDone += batch.rows;
    progress.bytesDone = batch.bytes;
    progress.imported += imported;
    progress.rejected += batch.rejected.length;
    progress.created += created;
    progress.updated += updated;
    await this.checkpoint(job.id, progress, keep, info.ignoredColumns);
    return stored + keep.length;
  }

  /** The checkpoint: how far the file is done, in one statement. Public so tests can stop a run right here. */
  async checkpoint(jobId: string, progress: ImportProgress, rejected: ImportRejectedRow[], ignoredColumns: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_jobs SET rows_done = $2, bytes_done = $3, imported = $4, rejected_count = $5, created = $6, updated = $7,
              rejected_rows = rejected_rows || $8::jsonb, ignored_columns = $9::jsonb, heartbeat_at = now(), updated_at = now()
        WHERE id = $1`,
      [jobId, progress.rowsDone, progress.bytesDone, progress.imported, progress.rejected, progress.created, progress.updated, JSON.stringify(rejected), JSON.stringify(ignoredColumns)],
    );
  }
}
