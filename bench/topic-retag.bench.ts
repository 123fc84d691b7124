// npm run bench:retag — how fast the worker re-tags the mentions already indexed when a topic changes.
//
// Indexes --count realistic mentions (default 200,000, three monthly indices, no topic yet), then
// runs two real re-tagging jobs through the worker's TopicRetagRunnerService, exactly as a topic
// change through the API would have them run:
//   create — a new topic: every mention is read (point in time + search_after, only the fields the
//            matcher needs), matched with the pipeline's compiled matcher, and the ones that match
//            get a conditional partial update of topicIds;
//   delete — the topic is deleted: only the mentions carrying it are read, and it is taken off.
// Prints mentions read per second and a progress bar. Uses its own database and index prefix,
// both dropped afterwards.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Logger } from '@nestjs/common';
import { runPipeline } from '@ascolto/nlp';
import { MentionIndexManager, MentionTopicRetagger, createSearchClient, loadSearchConfig } from '@ascolto/search';
import { TopicEntity, dropDatabase, enqueueTopicRetag } from '@ascolto/persistence';
import { generateRealisticRawMentions } from '@ascolto/testing';
import { openBenchDatabase } from './support/bench-database';
import { mentionsProgressBar, rateSince } from './support/progress';
import type { WorkerConfig } from '../apps/worker/src/config/worker-config';
import { TopicCatalogService } from '../apps/worker/src/topics/topic-catalog.service';
import { TopicFenceService } from '../apps/worker/src/topics/topic-fence.service';
import { TopicRetagRunnerService } from '../apps/worker/src/topics/topic-retag-runner.service';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = option('count', 200_000);
const INDEX_DOCS = 2_000;
const QUERY = 'rimborso OR refund OR "fibra lenta"~2 OR #velamobile';

interface Measured {
  label: string;
  read: number;
  changed: number;
  matched: number;
  conflicts: number;
  seconds: number;
}

async function main(): Promise<void> {
  // The runner's own log lines would break the progress bars.
  Logger.overrideLogger(['error', 'warn']);
  const search = { ...loadSearchConfig(), indexPrefix: `bench-retag-${randomBytes(4).toString('hex')}-` };
  const client = createSearchClient(search);
  const manager = new MentionIndexManager(client, search);
  const { database, dataSource } = await openBenchDatabase();
  const results: Measured[] = [];
  try {
    await manager.ensureReady();
    console.error(`generating and indexing ${COUNT.toLocaleString('en')} realistic mentions (no topic yet)…`);
    const documents = runPipeline(generateRealisticRawMentions(COUNT, { sourceId: '00000000-0000-4000-8000-000000000001', seed: 7 }), new Date());
    const indexing = mentionsProgressBar('indexing', 9);
    indexing.start(documents.length, 0, { rate: 0 });
    const indexStart = process.hrtime.bigint();
    for (let offset = 0; offset < documents.length; offset += INDEX_DOCS) {
      const operations: unknown[] = [];
      for (const doc of documents.slice(offset, offset + INDEX_DOCS)) {
        const index = manager.indexNameFor(doc.publishedAt);
        operations.push({ index: { _index: index, _id: doc.id } }, doc);
      }
      let response = await client.bulk({ operations });
      if (response.errors && response.items.some((item) => item.index?.error?.type === 'index_not_found_exception')) {
        for (const doc of documents.slice(offset, offset + INDEX_DOCS)) await manager.ensureIndex(manager.indexNameFor(doc.publishedAt));
        response = await client.bulk({ operations });
      }
      if (response.errors) throw new Error('indexing the benchmark mentions reported item errors');
      indexing.update(offset + response.items.length, { rate: rateSince(indexStart, offset + response.items.length) });
    }
    indexing.stop();
    await client.indices.refresh({ index: manager.readAlias });

    const config = {
      workerId: 'bench-retag',
      sourceReloadSeconds: 15,
      topicFenceSeconds: 60,
      topicRetagPollMs: 2_000,
      topicRetagLeaseSeconds: 60,
      topicRetagMaxAttempts: 1,
      topicRetagBackoffBaseMs: 1_000,
    } as WorkerConfig;
    const catalog = new TopicCatalogService(dataSource, config);
    const runner = new TopicRetagRunnerService(dataSource, new MentionTopicRetagger(client, manager), catalog, new TopicFenceService(dataSource, catalog, config), config);

    const topic = await dataSource.transaction(async (tx) => {
      const saved = await tx.save(TopicEntity, { name: 'Rimborsi e rete', query: QUERY, languages: [] });
      await enqueueTopicRetag(tx, saved.id, 'create');
      return saved;
    });
    results.push(await measure(runner, 'create', COUNT));

    await dataSource.transaction(async (tx) => {
      await tx.delete(TopicEntity, { id: topic.id });
      await enqueueTopicRetag(tx, topic.id, 'delete');
    });
    results.push(await measure(runner, 'delete', results[0].matched));
  } finally {
    await manager.deleteAll().catch(() => undefined);
    await dataSource.destroy();
    await dropDatabase(database.url);
    await client.close();
  }

  console.log(`
topic re-tag benchmark — ${COUNT.toLocaleString('en')} indexed mentions, query ${JSON.stringify(QUERY)}, ${cpus().length} cores, Node ${process.version}
  job      mentions read   changed   conflicts   matched after   seconds   mentions read/s`);
  for (const r of results) {
    console.log(
      `  ${r.label.padEnd(8)} ${String(r.read).padStart(13)} ${String(r.changed).padStart(9)} ${String(r.conflicts).padStart(11)} ${String(r.matched).padStart(15)} ${r.seconds.toFixed(1).padStart(9)} ${String(Math.round(r.read / r.seconds)).padStart(17)}`,
    );
  }
}

async function measure(runner: TopicRetagRunnerService, label: string, expected: number): Promise<Measured> {
  const progress = mentionsProgressBar(label, 9);
  progress.start(Math.max(1, expected), 0, { rate: 0 });
  const start = process.hrtime.bigint();
  const outcome = await runner.runNext({
    onPage: (p) => progress.update(p.processed, { rate: rateSince(start, p.processed) }),
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  progress.stop();
  if (outcome.kind !== 'finished' || outcome.job.state !== 'succeeded') {
    throw new Error(`the ${label} job did not succeed: ${outcome.kind === 'idle' ? 'no job' : `${outcome.job.state} ${outcome.job.error ?? ''}`}`);
  }
  const { job } = outcome;
  return { label, read: job.processed, changed: job.changed, matched: job.matched ?? 0, conflicts: outcome.conflicts, seconds };
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
