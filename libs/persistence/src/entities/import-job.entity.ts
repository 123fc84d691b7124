import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const IMPORT_JOB_STATUSES = ['pending', 'running', 'succeeded', 'failed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];
export type ImportFormat = 'ndjson' | 'csv';

/** A rejected row of an import: its number in the file (CSV: the header is row 1) and why. */
export interface ImportRejectedRow {
  row: number;
  reason: string;
}

/**
 * One file being imported into one source. Checkpointed after every batch Elasticsearch has
 * taken (`rows_done`, counts, rejected rows), so a run that stops anywhere resumes from the last
 * checkpoint; mention ids are deterministic, so the rows after it are never doubled.
 */
@Entity({ name: 'import_jobs' })
@Index('UQ_import_jobs_source_file', ['sourceId', 'fileSha256'], { unique: true })
@Index('IDX_import_jobs_status', ['status', 'createdAt'])
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  /** The name the user gave the file (shown, never used as a path). */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** Where the file is read from (the upload directory, or the path given to the CLI). */
  @Column({ name: 'file_path', type: 'text' })
  filePath!: string;

  @Column({ name: 'file_sha256', type: 'char', length: 64 })
  fileSha256!: string;

  @Column({ type: 'text' })
  format!: ImportFormat;

  /** `upload`: the file is in IMPORT_DIR and the worker imports it; `cli`: the command that created it does. */
  @Column({ type: 'text', default: 'upload' })
  origin!: 'upload' | 'cli';

  @Column({ name: 'bytes_total', type: 'bigint' })
  bytesTotal!: string;

  @Column({ name: 'bytes_done', type: 'bigint', default: 0 })
  bytesDone!: string;

  /** Data rows read and settled (imported or rejected) up to the last checkpoint. */
  @Column({ name: 'rows_done', type: 'integer', default: 0 })
  rowsDone!: number;

  @Column({ type: 'integer', default: 0 })
  imported!: number;

  @Column({ type: 'integer', default: 0 })
  created!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount!: number;

  /** The first rejected rows (bounded; `rejected_count` has them all). */
  @Column({ name: 'rejected_rows', type: 'jsonb', default: () => "'[]'" })
  rejectedRows!: ImportRejectedRow[];

  @Column({ name: 'ignored_columns', type: 'jsonb', default: () => "'[]'" })
  ignoredColumns!: string[];

  @Column({ type: 'text', default: 'pending' })
  status!: ImportJobStatus;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId!: string | null;

  /** Refreshed at every checkpoint; a running job whose heartbeat is old was abandoned and is taken over. */
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
