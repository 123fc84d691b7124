import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, CsvError } from 'csv-parse';
import { csvRecordToCandidate, ImportFormatError, ndjsonObjectToCandidate, resolveImportHeader } from '@ascolto/collectors';

export type ImportFileFormat = 'ndjson' | 'csv';

/** One data row of a file: its candidate item, or why it could not even be read. */
export interface ImportRow {
  /** NDJSON: the line number; CSV: the record number counting the header as row 1. */
  row: number;
  /** Bytes of the file read so far (for progress). */
  bytes: number;
  candidate?: Record<string, unknown>;
  error?: string;
}

export interface ImportFileInfo {
  /** Header columns nobody maps (CSV only). */
  ignoredColumns: string[];
}

/** Longest NDJSON line or CSV record read; longer ones are refused (row) or stop the file (CSV). */
export const MAX_ROW_BYTES = 1024 * 1024;

/** The format from the file name when not given: .csv/.tsv → csv, .ndjson/.jsonl/.json → ndjson. */
export function guessImportFormat(fileName: string): ImportFileFormat | null {
  const lower = fileName.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  if (/\.(ndjson|jsonl|json)$/.test(lower)) return 'ndjson';
  return null;
}

/**
 * Reads an import file row by row, streaming (files can be hundreds of megabytes). A row that
 * cannot be parsed is yielded with its `error` and reading goes on; a file that cannot be read
 * at all (no text column, broken CSV quoting) throws ImportFormatError.
 */
export async function* readImportFile(path: string, format: ImportFileFormat, info: ImportFileInfo = { ignoredColumns: [] }): AsyncGenerator<ImportRow> {
  if (format === 'ndjson') yield* readNdjson(path);
  else yield* readCsv(path, info);
}

async function* readNdjson(path: string): AsyncGenerator<ImportRow> {
  let line = 1;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  const emit = (chunk: Buffer): ImportRow | null => {
    const row = line++;
    if (tooLong) return { row, bytes, error: `line is longer than ${MAX_ROW_BYTES} bytes` };
    const text = chunk.toString('utf8').replace(/^\uFEFF/, '').trim();
    if (!text) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { row, bytes, error: 'line is not valid JSON' };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { row, bytes, error: 'line is not a JSON object' };
    return { row, bytes, candidate: ndjsonObjectToCandidate(parsed as Record<string, unknown>) };
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      bytes += piece.length + 1;
      if (!tooLong) pending.push(piece);
      const row = emit(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      if (row) yield row;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    bytes += rest.length;
    if (!tooLong) {
      pendingBytes += rest.length;
      // A line that never ends is not kept in memory: it is refused when its newline (or EOF) comes.
      if (pendingBytes > MAX_ROW_BYTES) {
        tooLong = true;
        pending = [];
      } else if (rest.length) {
        pending.push(Buffer.from(rest));
      }
    }
  }
  if (tooLong || pending.length) {
    const row = emit(Buffer.concat(pending));
    if (row) yield row;
  }
}

/** `;` (Italian Excel), tab or `,`: whichever the header line has most of, outside quotes. */
async function sniffDelimiter(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    const firstLine = head.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
    const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
    counts.sort((a, b) => b[1] - a[1]);
    return counts[0][1] > 0 ? counts[0][0] : ',';
  } finally {
    await handle.close();
  }
}

async function* readCsv(path: string, info: ImportFileInfo): AsyncGenerator<ImportRow> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      delimiter: await sniffDelimiter(path),
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: MAX_ROW_BYTES,
    }),
  );
  let header: ReturnType<typeof resolveImportHeader> | null = null;
  try {
    for await (const { record, info: at } of parser as AsyncIterable<{ record: string[]; info: { bytes: number; records: number } }>) {
      if (!header) {
        header = resolveImportHeader(record);
        info.ignoredColumns = header.ignored;
        continue;
      }
      // `records` counts the header too, so it is the row number as a spreadsheet shows it.
      yield { row: at.records, bytes: at.bytes, candidate: csvRecordToCandidate(record, header) };
    }
  } catch (error) {
    // The code and line only: csv-parse's own message quotes the offending text.
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new ImportFormatError(`the CSV cannot be read${line ? ` at line ${line}` : ''} (${error.code})`);
    }
    throw error;
  }
  if (!header) throw new ImportFormatError('the file is empty');
}
