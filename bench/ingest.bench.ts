// npm run bench:ingest — how close the worker's real ingest path comes to the raw _bulk limit.
//
// In one run, on the same machine and the same Elasticsearch node:
//   1. raw:  the mention documents written with a plain `client.bulk` loop (index ops, no
//            pipeline, no bookkeeping): the ceiling;
//   2. real: the same number of raw mentions through the worker's path, batch by batch:
//            pipeline (libs/nlp) → BulkMentionIndexer (create/update, retries) → cursor and run
//            record committed in PostgreSQL.
// Prints both rates and their ratio (target ≥ 0.90). Options: --count N (default 200000),
// --run N (mentions per collector run, i.e. per cursor commit; default 10000, the size of a page
// walk or an import batch; an RSS poll is smaller). Both phases send bulk requests of 2,000
// documents with three requests in flight, like the ingest path, so the ratio measures what the
// pipeline and the bookkeeping cost, not a difference in request shape. Each phase writes to its
// own fresh index prefix, deleted afterwards.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import type { RawMention } from '@ascolto/domain';
import { runPipeline } from '@ascolto/nlp';
import { BulkMentionIndexer, MentionIndexManager, createSearchClient, loadSearchConfig } from '@ascolto/search';
import { CollectorRunEntity, SourceEntity, dataSourceOptions, dropDatabase, ensureDatabase, loadDatabaseConfig, migrateDatabase } from '@ascolto/persistence';
import { generateRealisticRawMentions } from '@ascolto/testing';
import { MentionIngestService } from '../apps/worker/src/collection/mention-ingest.service';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = option('count', 200_000);
const RUN_SIZE = option('run', 10_000);
const REQUEST_DOCS = 2_000;
const IN_FLIGHT = 3;

function bar(label: string): SingleBar {
  return new SingleBar({ format: `${label.padEnd(6)} [{bar}] {percentage}% | {value}/{total} mentions | {rate}/s`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const baseSearch = loadSearchConfig();
  const client = createSearchClient(baseSearch);
  const baseDb = loadDatabaseConfig();
  const dbUrl = new URL(baseDb.url);
  dbUrl.pathname = `/ascolto_bench_${runId}`;
  const database = { ...baseDb, url: dbUrl.toString() };

  console.error(`generating ${COUNT.toLocaleString('en')} realistic raw mentions…`);
  const raw: RawMention[] = generateRealisticRawMentions(COUNT, { sourceId: '00000000-0000-4000-8000-000000000001', seed: 42 });
  // The raw phase indexes finished documents; the pipeline's work is not part of the ceiling.
  const documents = runPipeline(raw, new Date());

  // 1. Raw _bulk loop.
  const rawManager = new MentionIndexManager(client, { ...baseSearch, indexPrefix: `bench-raw-${runId}-` });
  await rawManager.ensureReady();
  const rawBar = bar('raw');
  rawBar.start(COUNT, 0, { rate: 0 });
  const rawStart = process.hrtime.bigint();
  let rawDone = 0;
  let nextOffset = 0;
  const rawWorker = async () => {
    while (nextOffset < documents.length) {
      const offset = nextOffset;
      nextOffset += REQUEST_DOCS;
      const operations: unknown[] = [];
      for (const doc of documents.slice(offset, offset + REQUEST_DOCS)) {
        operations.push({ index: { _index: rawManager.indexNameFor(doc.publishedAt), _id: doc.id } }, doc);
      }
      const response = await client.bulk({ operations });
      if (response.errors) throw new Error('raw bulk reported item errors');
      rawDone += response.items.length;
      rawBar.update(rawDone, { rate: Math.round(rawDone / (Number(process.hrtime.bigint() - rawStart) / 1e9)) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, rawWorker));
  const rawSeconds = Number(process.hrtime.bigint() - rawStart) / 1e9;
  rawBar.stop();
  await rawManager.deleteAll();

  // 2. The worker's real path.
  await ensureDatabase(database.url);
  await migrateDatabase(database);
  const dataSource = new DataSource(dataSourceOptions(database));
  await dataSource.initialize();
  const realManager = new MentionIndexManager(client, { ...baseSearch, indexPrefix: `bench-real-${runId}-` });
  await realManager.ensureReady();
  const ingest = new MentionIngestService(dataSource, new BulkMentionIndexer(client, realManager));
  const source = await dataSource.getRepository(SourceEntity).save({ type: 'rss', name: 'bench', url: 'http://bench.invalid/feed', schedule: '*/1 * * * *', enabled: true });
  const runs = dataSource.getRepository(CollectorRunEntity);

  const realBar = bar('real');
  realBar.start(COUNT, 0, { rate: 0 });
  const realStart = process.hrtime.bigint();
  let created = 0;
  for (let offset = 0; offset < raw.length; offset += RUN_SIZE) {
    const batch = raw.slice(offset, offset + RUN_SIZE);
    const run = await runs.save(runs.create({ sourceId: source.id, workerId: 'bench', status: 'running', startedAt: new Date(), rejectedItems: [] }));
    const outcome = await ingest.indexBatch(batch);
    created += outcome.report.created;
    await ingest.commitCursor(source.id, { offset: offset + batch.length }, {
      id: run.id,
      status: 'succeeded',
      fetched: batch.length,
      created: outcome.report.created,
      updated: outcome.report.updated,
      rejectedItems: outcome.rejected,
    });
    const done = Math.min(offset + RUN_SIZE, COUNT);
    realBar.update(done, { rate: Math.round(done / (Number(process.hrtime.bigint() - realStart) / 1e9)) });
  }
  const realSeconds = Number(process.hrtime.bigint() - realStart) / 1e9;
  realBar.stop();
  if (created !== COUNT) throw new Error(`expected ${COUNT} new mentions, the indexer created ${created}`);

  await realManager.deleteAll();
  await dataSource.destroy();
  await dropDatabase(database.url);
  await client.close();

  const rawRate = COUNT / rawSeconds;
  const realRate = COUNT / realSeconds;
  console.log(`
ingest benchmark — ${COUNT.toLocaleString('en')} mentions, bulk requests of ${REQUEST_DOCS} docs × ${IN_FLIGHT} in flight, ${RUN_SIZE.toLocaleString('en')} mentions per run, ${cpus().length} cores, Node ${process.version}
  raw _bulk loop          ${rawRate.toFixed(0).padStart(7)} docs/s  (${rawSeconds.toFixed(1)} s)
  worker path             ${realRate.toFixed(0).padStart(7)} docs/s  (${realSeconds.toFixed(1)} s)   pipeline → bulk indexer → cursor
  ratio                   ${(realRate / rawRate).toFixed(2)}  (target ≥ 0.90)`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
