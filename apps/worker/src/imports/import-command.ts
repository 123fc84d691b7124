import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { IMPORT_DESCRIPTOR } from '@ascolto/collectors';
import { ImportJobEntity, SourceEntity } from '@ascolto/persistence';
import { TopicFenceService } from '../topics/topic-fence.service';
import { stopOnSignal } from '../stop-signal';
import { createCommandWorker } from '../worker.factory';
import { guessImportFormat, type ImportFileFormat } from './import-file-reader';
import { ImportRunnerService, type ImportProgress } from './import-runner.service';

export class ImportUsageError extends Error {}

export const IMPORT_USAGE = 'Usage: npm run import -- FILE [--source-name NAME] [--format ndjson|csv]';

export interface ImportCommandArgs {
  file: string;
  sourceName: string;
  format: ImportFileFormat;
  /** Rows per batch (tests make it small to stop a run in the middle). */
  batchRows?: number;
}

export function parseImportArgs(argv: string[]): ImportCommandArgs {
  let file: string | undefined;
  let sourceName = 'Import';
  let format: ImportFileFormat | undefined;
  let batchRows: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new ImportUsageError(`${arg} needs a value. ${IMPORT_USAGE}`);
      return next;
    };
    if (arg === '--source-name') sourceName = value().trim();
    else if (arg === '--format') {
      const f = value();
      if (f !== 'ndjson' && f !== 'csv') throw new ImportUsageError(`--format must be ndjson or csv. ${IMPORT_USAGE}`);
      format = f;
    } else if (arg === '--batch-rows') {
      batchRows = Number(value());
      if (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > 10_000) throw new ImportUsageError('--batch-rows must be 1–10000');
    } else if (arg.startsWith('--')) throw new ImportUsageError(`Unknown option ${arg}. ${IMPORT_USAGE}`);
    else if (file === undefined) file = arg;
    else throw new ImportUsageError(`One file at a time. ${IMPORT_USAGE}`);
  }
  if (!file) throw new ImportUsageError(IMPORT_USAGE);
  if (!sourceName || sourceName.length > 200) throw new ImportUsageError('--source-name must be 1–200 characters');
  format ??= guessImportFormat(file) ?? undefined;
  if (!format) throw new ImportUsageError(`Cannot tell the format from the file name; add --format ndjson or --format csv. ${IMPORT_USAGE}`);
  return { file: resolve(file), sourceName, format, batchRows };
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The `import` source with this name, created on first use. */
export async function importSourceNamed(dataSource: DataSource, name: string): Promise<SourceEntity> {
  const sources = dataSource.getRepository(SourceEntity);
  const existing = await sources.findOne({ where: { type: 'import', name }, order: { createdAt: 'ASC' } });
  if (existing) return existing;
  return sources.save({ type: 'import', name, url: '', schedule: IMPORT_DESCRIPTOR.defaultSchedule, enabled: true, settings: {} });
}

/**
 * The job for this file in this source: found by the file's SHA-256 (so a rerun resumes it and a
 * finished file is not imported twice), or created.
 */
export async function jobForFile(
  dataSource: DataSource,
  spec: { sourceId: string; fileName: string; filePath: string; sha256: string; format: ImportFileFormat; bytes: number; origin: 'cli' | 'upload'; createdBy?: string | null },
): Promise<{ job: ImportJobEntity; created: boolean }> {
  const rows: Array<{ id: string; inserted: boolean }> = await dataSource.query(
    `INSERT INTO import_jobs (source_id, file_name, file_path, file_sha256, format, origin, bytes_total, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (source_id, file_sha256) DO UPDATE SET updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [spec.sourceId, spec.fileName, spec.filePath, spec.sha256, spec.format, spec.origin, spec.bytes, spec.createdBy ?? null],
  );
  const job = await dataSource.getRepository(ImportJobEntity).findOneByOrFail({ id: rows[0].id });
  return { job, created: rows[0].inserted };
}

function summary(progress: Pick<ImportProgress, 'imported' | 'rejected' | 'created' | 'updated'>): string {
  return `${progress.imported} imported (${progress.created} new, ${progress.updated} updated), ${progress.rejected} rejected`;
}

/**
 * `npm run import -- FILE`: imports a file with a progress bar, in the worker (the pipeline lives
 * there; the API only stores). Resumable: run it again with the same file after a crash or Ctrl-C.
 */
export async function runImportCommand(argv: string[], env: NodeJS.ProcessEnv, out: (line: string) => void, opts: { progressBar?: boolean } = {}): Promise<number> {
  const args = parseImportArgs(argv);
  const info = await stat(args.file).catch(() => null);
  if (!info?.isFile()) throw new ImportUsageError(`${args.file} is not a readable file`);
  out(`Checking ${basename(args.file)} (${(info.size / 1e6).toFixed(1)} MB)…`);
  const sha256 = await sha256OfFile(args.file);

  const app: INestApplicationContext = await createCommandWorker('import', env);
  const stop = stopOnSignal(() => out('\nStopping after the current batch (run the same command again to resume)…'));
  try {
    const dataSource = app.get(DataSource);
    const source = await importSourceNamed(dataSource, args.sourceName);
    const { job, created } = await jobForFile(dataSource, {
      sourceId: source.id,
      fileName: basename(args.file),
      filePath: args.file,
      sha256,
      format: args.format,
      bytes: info.size,
      origin: 'cli',
    });
    if (job.status === 'succeeded') {
      out(`This file was already imported into "${source.name}" (job ${job.id}): ${summary({ ...job, rejected: job.rejectedCount })}.`);
      return 0;
    }
    // The file may have moved since the first attempt; this is where it is now.
    await dataSource.getRepository(ImportJobEntity).update({ id: job.id }, { filePath: args.file, format: args.format, origin: 'cli' });
    if (!created) out(`Resuming job ${job.id} from row ${job.rowsDone}.`);

    const bar = opts.progressBar === false ? null : new SingleBar({ format: ' {bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20 });
    const started = Date.now();
    const startRows = job.rowsDone;
    bar?.start(info.size, Number(job.bytesDone), { rows: job.rowsDone, speed: 0 });
    // It writes topicIds like a worker, so a topic re-tag waits for its batches (TopicFenceService).
    const outcome = await app.get(TopicFenceService).holdWhile(() =>
      app.get(ImportRunnerService).run(job.id, {
        signal: stop.signal,
        batchRows: args.batchRows,
        onProgress: (p) => {
          const seconds = Math.max(0.001, (Date.now() - started) / 1000);
          bar?.update(p.bytesDone, { rows: p.rowsDone, speed: Math.round((p.rowsDone - startRows) / seconds) });
          if (!bar) out(`progress ${p.rowsDone} rows`);
        },
      }),
    );
    bar?.stop();
    if (outcome.kind === 'locked') {
      out(`Job ${job.id} is being imported by another process right now.`);
      return 1;
    }
    if (outcome.kind === 'missing') throw new Error(`job ${job.id} disappeared`);
    const done = outcome.job;
    if (done.status === 'succeeded') {
      out(`Imported into "${source.name}" (job ${done.id}): ${summary({ ...done, rejected: done.rejectedCount })}.`);
      for (const r of done.rejectedRows.slice(0, 20)) out(`  row ${r.row}: ${r.reason}`);
      if (done.rejectedCount > 20) out(`  … ${done.rejectedCount - 20} more: download the report from the Import page (GET /api/imports/${done.id}/rejected).`);
      return 0;
    }
    out(`Import ${done.status === 'failed' ? 'failed' : 'stopped'} (job ${done.id}, ${done.rowsDone} rows done): ${done.error ?? 'unknown reason'}`);
    if (done.status !== 'failed') out('Run the same command again to resume.');
    return 1;
  } finally {
    stop.release();
    await app.close();
  }
}
