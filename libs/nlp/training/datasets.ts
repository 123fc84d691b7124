import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Reads the labelled data sets of `../shared/datasets` (see its README for the record format).
 * Only the `dev.jsonl` files exist for developers; training, tuning and cross-validation use them
 * alone. Texts are never copied into the repository: they are read from there at training and
 * evaluation time.
 */

/** One record as stored: `id`, `text`, `lang` and the data set's own labels. */
export interface DatasetRecord {
  id: string;
  text: string;
  lang: string;
  [label: string]: unknown;
}

/** `ASCOLTO_DATASETS_DIR`, else `../shared/datasets` beside the repository. */
export function datasetsDir(): string {
  const fromEnv = process.env.ASCOLTO_DATASETS_DIR;
  if (fromEnv) return resolve(fromEnv);
  return resolve(__dirname, '../../../../shared/datasets');
}

/** Names of the data sets that have a dev file, sorted so every run sees the same order. */
export function listDatasets(dir: string = datasetsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'dev.jsonl')))
    .map((entry) => entry.name)
    .sort();
}

/** The dev records of one data set, in file order. */
export function readDataset(name: string, dir: string = datasetsDir()): DatasetRecord[] {
  return readJsonl(join(dir, name, 'dev.jsonl'));
}

/**
 * Any JSONL file in the data sets' record format. Lines that are blank are skipped; a line that is
 * not a JSON object with a string `text` is an error naming the file and line, because a silently
 * shortened evaluation set would report a wrong figure.
 */
export function readJsonl(path: string): DatasetRecord[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const records: DatasetRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${path}:${i + 1}: not JSON (${(err as Error).message})`, { cause: err });
    }
    if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
      throw new Error(`${path}:${i + 1}: a record needs a string "text"`);
    }
    const record = value as DatasetRecord;
    records.push({ ...record, id: String(record.id ?? `line-${i + 1}`), lang: typeof record.lang === 'string' ? record.lang : '' });
  }
  return records;
}
