// File imports (NDJSON/CSV exports of other tools) as the API shows them to the dashboard.

export type ImportJobStatusView = 'pending' | 'running' | 'succeeded' | 'failed';

/** One import job: a file going into an `import` source, with its progress and counts. */
export interface ImportJobView {
  id: string;
  sourceId: string;
  sourceName: string;
  fileName: string;
  format: 'ndjson' | 'csv';
  status: ImportJobStatusView;
  /** Error of a failed job, or why a pending job stopped (it resumes). */
  error: string | null;
  bytesTotal: number;
  bytesDone: number;
  /** 0–100, from the bytes read up to the last checkpoint. */
  percent: number;
  rowsDone: number;
  imported: number;
  created: number;
  updated: number;
  rejected: number;
  /** Columns of the file that were not used. */
  ignoredColumns: string[];
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}
