import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportJobView } from '@ascolto/domain';
import { IMPORT_DESCRIPTOR } from '@ascolto/collectors';
import type { ImportRejectedRow } from '@ascolto/persistence';
import type { RequestAuth } from '../common/http/authenticated-request';
import type { UploadImportDto } from './dto/upload-import.dto';

/** What multer leaves us for the uploaded file (stored under IMPORT_DIR with a random name). */
export interface UploadedImportFile {
  originalname: string;
  path: string;
  size: number;
}

interface JobRow {
  id: string;
  source_id: string;
  source_name: string;
  file_name: string;
  format: 'ndjson' | 'csv';
  status: ImportJobView['status'];
  error: string | null;
  bytes_total: string;
  bytes_done: string;
  rows_done: number;
  imported: number;
  created: number;
  updated: number;
  rejected_count: number;
  ignored_columns: string[];
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const SELECT_JOBS = `
  SELECT j.id, j.source_id, s.name AS source_name, j.file_name, j.format, j.status, j.error, j.bytes_total::text, j.bytes_done::text,
         j.rows_done, j.imported, j.created, j.updated, j.rejected_count, j.ignored_columns, j.created_at, j.updated_at, j.finished_at
    FROM import_jobs j JOIN sources s ON s.id = j.source_id`;

export function toImportJobView(row: JobRow): ImportJobView {
  const total = Number(row.bytes_total);
  const done = Math.min(Number(row.bytes_done), total);
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    fileName: row.file_name,
    format: row.format,
    status: row.status,
    error: row.error,
    bytesTotal: total,
    bytesDone: done,
    percent: row.status === 'succeeded' ? 100 : total > 0 ? Math.floor((done / total) * 100) : 0,
    rowsDone: row.rows_done,
    imported: row.imported,
    created: row.created,
    updated: row.updated,
    rejected: row.rejected_count,
    ignoredColumns: row.ignored_columns ?? [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
  };
}

/** The display name of an upload: the browser's file name without folders or control characters. */
function displayName(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/\p{Cc}/gu, '').trim().slice(0, 255);
  return clean || 'upload';
}

function guessFormat(name: string): 'ndjson' | 'csv' | null {
  const lower = name.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/.test(lower)) return 'ndjson';
  return null;
}

/**
 * Upload side of imports: the API keeps the file and creates the job; the worker imports it (the
 * API has no pipeline). Jobs are read back here for progress and the rejected-rows report.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(private readonly dataSource: DataSource) {}

  async create(file: UploadedImportFile | undefined, dto: UploadImportDto, auth: RequestAuth): Promise<{ job: ImportJobView; created: boolean }> {
    if (!file) throw new BadRequestException('Attach the file in the "file" field (multipart/form-data)');
    try {
      const fileName = displayName(file.originalname);
      const format = dto.format ?? guessFormat(fileName);
      if (!format) throw new BadRequestException('Cannot tell the format from the file name: send format=ndjson or format=csv');
      if (file.size === 0) throw new BadRequestException('The file is empty');
      await this.checkLooksLikeText(file.path, format);
      const sha256 = await sha256Of(file.path);
      const sourceId = await this.importSource(dto.sourceName ?? 'Import');
      const inserted: Array<{ id: string }> = await this.dataSource.query(
        `INSERT INTO import_jobs (source_id, file_name, file_path, file_sha256, format, origin, bytes_total, created_by)
         VALUES ($1, $2, $3, $4, $5, 'upload', $6, $7)
         ON CONFLICT (source_id, file_sha256) DO NOTHING RETURNING id`,
        [sourceId, fileName, file.path, sha256, format, file.size, auth.user.id],
      );
      if (inserted.length) {
        this.logger.log({ jobId: inserted[0].id, sourceId, bytes: file.size, userId: auth.user.id }, 'Import uploaded');
        return { job: await this.get(inserted[0].id), created: true };
      }
      // The same file was uploaded into this source before: its job is the answer, nothing is doubled.
      await unlink(file.path).catch(() => undefined);
      const [existing]: Array<{ id: string }> = await this.dataSource.query('SELECT id FROM import_jobs WHERE source_id = $1 AND file_sha256 = $2', [sourceId, sha256]);
      return { job: await this.get(existing.id), created: false };
    } catch (error) {
      await unlink(file.path).catch(() => undefined);
      throw error;
    }
  }

  async list(): Promise<ImportJobView[]> {
    const rows: JobRow[] = await this.dataSource.query(`${SELECT_JOBS} ORDER BY j.created_at DESC LIMIT 100`);
    return rows.map(toImportJobView);
  }

  async get(id: string): Promise<ImportJobView> {
    const rows: JobRow[] = await this.dataSource.query(`${SELECT_JOBS} WHERE j.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException(`Import ${id} not found`);
    return toImportJobView(rows[0]);
  }

  async rejected(id: string): Promise<{ rows: ImportRejectedRow[]; total: number }> {
    const rows: Array<{ rejected_rows: ImportRejectedRow[]; rejected_count: number }> = await this.dataSource.query(
      'SELECT rejected_rows, rejected_count FROM import_jobs WHERE id = $1',
      [id],
    );
    if (!rows[0]) throw new NotFoundException(`Import ${id} not found`);
    return { rows: rows[0].rejected_rows, total: rows[0].rejected_count };
  }

  /** The `import` source of that name, created on first use (as the CLI does). */
  private async importSource(name: string): Promise<string> {
    const [found]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM sources WHERE type = 'import' AND name = $1 ORDER BY created_at LIMIT 1`,
      [name],
    );
    if (found) return found.id;
    const [created]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO sources (type, name, url, schedule, enabled) VALUES ('import', $1, '', $2, true) RETURNING id`,
      [name, IMPORT_DESCRIPTOR.defaultSchedule],
    );
    return created.id;
  }

  /** A binary file (a spreadsheet .xlsx renamed .csv, an image) is refused now, not after a worker tried. */
  private async checkLooksLikeText(path: string, format: 'ndjson' | 'csv'): Promise<void> {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const head = buffer.subarray(0, bytesRead);
      if (head.includes(0)) throw new BadRequestException(`The file is not a text ${format.toUpperCase()} file (is it a spreadsheet? save it as CSV UTF-8)`);
      if (format === 'ndjson' && !/^\uFEFF?\s*\{/.test(head.toString('utf8'))) {
        throw new BadRequestException('An NDJSON file has one JSON object per line, starting with {');
      }
    } finally {
      await handle.close();
    }
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
