import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadDatabaseConfig, migrateDatabase } from '@ascolto/persistence';
import { correctionLines } from '../corrections/corrections-export';
import { UsageError } from './create-user.command';

export const EXPORT_CORRECTIONS_USAGE =
  'Usage: node dist/apps/api/main.js export-corrections --out FILE.jsonl [--since ISO-8601]\n' +
  '  Writes one training record per corrected mention, for: npm run nlp:train -- --corrections FILE.jsonl';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * `main.js export-corrections`: people's label corrections as training JSONL, read from PostgreSQL
 * only (Elasticsearch need not run). Written to a temporary file renamed at the end, so a failed
 * export never leaves a truncated file where training would read it.
 */
export async function runExportCorrectionsCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<void> {
  let values: { out?: string; since?: string };
  try {
    ({ values } = parseArgs({ args, options: { out: { type: 'string' }, since: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${EXPORT_CORRECTIONS_USAGE}`);
  }
  if (!values.out) throw new UsageError(`--out is required\n${EXPORT_CORRECTIONS_USAGE}`);
  let since: Date | undefined;
  if (values.since !== undefined) {
    since = new Date(values.since);
    if (!ISO.test(values.since) || Number.isNaN(since.getTime())) {
      throw new UsageError(`--since must be an ISO 8601 date or time, e.g. 2026-11-01T00:00:00Z\n${EXPORT_CORRECTIONS_USAGE}`);
    }
  }

  const config = loadDatabaseConfig(env);
  await migrateDatabase(config);
  const dataSource = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    let count = 0;
    async function* counted(): AsyncGenerator<string> {
      for await (const line of correctionLines(dataSource, since)) {
        count++;
        yield line;
      }
    }
    const partial = `${values.out}.partial`;
    await pipeline(Readable.from(counted()), createWriteStream(partial, { encoding: 'utf8' }));
    await rename(partial, values.out);
    out(`Wrote ${count} corrected mention(s) to ${values.out}`);
  } finally {
    await dataSource.destroy();
  }
}
