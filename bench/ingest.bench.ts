// npm run bench:ingest — how close the worker's real ingest path comes to the raw _bulk limit.
//
// In one run, on the same machine and the same Elasticsearch node:
//   1. raw:  the mention documents written with a plain `client.bulk` loop (index ops, no
//            pipeline, no bookkeeping): the ceiling;
//   2. real: the same number of raw mentions through the worker's path, run by run:
//            pipeline (libs/nlp) → BulkMentionIndexer (create/update, retries) → cursor and run
//            record committed in PostgreSQL.
// Both send bulk requests of 2,000 documents with three in flight (where the raw loop saturates
// the node), so the ratio measures what the pipeline and the bookkeeping cost.
//
// The pair is measured in two layouts:
//   shared  — Elasticsearch and this process share every core (a laptop demo);
//   pinned  — Elasticsearch on core 0, this process on core 1 (with `taskset`), the way a
//             deployment gives Elasticsearch its own resources. Skipped when the node is not
//             local or affinity cannot be set.
// and in each layout for several rounds, the raw loop first in one round and the worker path first
// in the next: on this virtual machine the same phase can run at half its speed a few minutes
// later, so a ratio is only trusted between phases run back to back, and the summary is the
// median of the rounds' ratios.
//
// Options: --count N (default 200000), --run N (mentions per collector run, i.e. per cursor
// commit; default 10000), --rounds N (default 2), --no-pin, --no-grouping (diagnostic: the worker
// path without the near-duplicate look-up, to see what it costs Elasticsearch and this process;
// not the product's path). Every phase writes to its own index prefix, deleted afterwards.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import type { Client } from '@elastic/elasticsearch';
import type { Mention, RawMention } from '@ascolto/domain';
import { NEAR_DUPLICATE_DISTANCE, runPipeline } from '@ascolto/nlp';
import { BulkMentionIndexer, MentionIndexManager, NearDuplicateGrouper, createSearchClient, loadSearchConfig, type SearchConfig } from '@ascolto/search';
import { CollectorRunEntity, SourceEntity, dropDatabase } from '@ascolto/persistence';
import { generateRealisticRawMentions } from '@ascolto/testing';
import { openBenchDatabase } from './support/bench-database';
import { median } from './support/median';
import { mentionsProgressBar, rateSince } from './support/progress';
import { MentionIngestService } from '../apps/worker/src/collection/mention-ingest.service';
import { TopicCatalogService } from '../apps/worker/src/topics/topic-catalog.service';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const COUNT = option('count', 200_000);
const RUN_SIZE = option('run', 10_000);
const ROUNDS = Math.max(1, option('rounds', 2));
const WITHOUT_GROUPING = process.argv.includes('--no-grouping');
/** `--no-grouping`: a stage that groups nothing and asks Elasticsearch nothing. */
const NO_GROUPING = { group: async (mentions: Mention[]) => mentions } as unknown as NearDuplicateGrouper;
const REQUEST_DOCS = 2_000;
const IN_FLIGHT = 3;

/** A phase's rate, and the CPU time per mention it cost Elasticsearch and this process. */
interface PhaseResult {
  rate: number;
  /** µs of Elasticsearch CPU per mention; null when the node is not a local process. */
  esCpu: number | null;
  /** µs of this process's CPU per mention (pipeline, grouping, serialisation, GC). */
  ownCpu: number;
}

interface Pair {
  raw: PhaseResult;
  real: PhaseResult;
}

/** User + system CPU seconds of a process so far, from /proc (Linux); null elsewhere. */
function processCpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which may contain spaces), so split after the last ')'.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(' ');
    const ticksPerSecond = 100;
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/**
 * Runs a phase and charges it the CPU that Elasticsearch and this process spent meanwhile: where
 * the worker path is slower than the raw loop, this says which side paid for the difference.
 */
async function accounted(esPid: number | null, count: number, phase: () => Promise<number>): Promise<PhaseResult> {
  const esBefore = esPid ? processCpuSeconds(esPid) : null;
  const ownBefore = process.cpuUsage();
  const rate = await phase();
  const own = process.cpuUsage(ownBefore);
  const esAfter = esPid ? processCpuSeconds(esPid) : null;
  return {
    rate,
    esCpu: esBefore !== null && esAfter !== null ? Math.round(((esAfter - esBefore) * 1e6) / count) : null,
    ownCpu: Math.round((own.user + own.system) / count),
  };
}

async function measureRaw(client: Client, search: SearchConfig, documents: Mention[], label: string): Promise<number> {
  const manager = new MentionIndexManager(client, { ...search, indexPrefix: `bench-raw-${randomBytes(4).toString('hex')}-` });
  await manager.ensureReady();
  const progress = mentionsProgressBar(`${label} raw`);
  progress.start(documents.length, 0, { rate: 0 });
  const start = process.hrtime.bigint();
  let done = 0;
  let next = 0;
  const sender = async () => {
    while (next < documents.length) {
      const offset = next;
      next += REQUEST_DOCS;
      const operations: unknown[] = [];
      for (const doc of documents.slice(offset, offset + REQUEST_DOCS)) {
        operations.push({ index: { _index: manager.indexNameFor(doc.publishedAt), _id: doc.id } }, doc);
      }
      const response = await client.bulk({ operations });
      if (response.errors) throw new Error('raw bulk reported item errors');
      done += response.items.length;
      progress.update(done, { rate: rateSince(start, done) });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const rate = rateSince(start, documents.length);
  progress.stop();
  await manager.deleteAll();
  return rate;
}

async function measureReal(client: Client, search: SearchConfig, dataSource: DataSource, raw: RawMention[], label: string): Promise<number> {
  const manager = new MentionIndexManager(client, { ...search, indexPrefix: `bench-real-${randomBytes(4).toString('hex')}-` });
  await manager.ensureReady();
  const ingest = new MentionIngestService(
    dataSource,
    new BulkMentionIndexer(client, manager),
    new TopicCatalogService(dataSource, { sourceReloadSeconds: 15 }),
    WITHOUT_GROUPING ? NO_GROUPING : new NearDuplicateGrouper(client, manager, { maxDistance: NEAR_DUPLICATE_DISTANCE }),
  );
  const source = await dataSource.getRepository(SourceEntity).save({ type: 'rss', name: `bench ${label}`, url: 'http://bench.invalid/feed', schedule: '*/1 * * * *', enabled: true });
  const runs = dataSource.getRepository(CollectorRunEntity);
  const progress = mentionsProgressBar(`${label} real`);
  progress.start(raw.length, 0, { rate: 0 });
  const start = process.hrtime.bigint();
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
    progress.update(offset + batch.length, { rate: rateSince(start, offset + batch.length) });
  }
  const rate = rateSince(start, raw.length);
  progress.stop();
  if (created !== raw.length) throw new Error(`expected ${raw.length} new mentions, the indexer created ${created}`);
  await manager.deleteAll();
  return rate;
}

/** The local node's pid, if the node runs on this machine; null otherwise. */
async function localNodePid(client: Client): Promise<number | null> {
  const info = await client.nodes.info({ node_id: '_local', metric: 'process' });
  const node = Object.values(info.nodes)[0] as { process?: { id?: number }; host?: string } | undefined;
  const pid = node?.process?.id;
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function pin(pid: number, cpuList: string): void {
  execFileSync('taskset', ['-a', '-cp', cpuList, String(pid)], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const search = loadSearchConfig();
  const client = createSearchClient(search);
  const { database, dataSource } = await openBenchDatabase();

  console.error(`generating ${COUNT.toLocaleString('en')} realistic raw mentions…`);
  const raw = generateRealisticRawMentions(COUNT, { sourceId: '00000000-0000-4000-8000-000000000001', seed: 42 });
  // The raw phase indexes finished documents: the pipeline's work is not part of the ceiling.
  const documents = runPipeline(raw, new Date());

  const results: Array<[string, Pair[]]> = [];
  const localPid = await localNodePid(client).catch(() => null);
  const measurePairs = async (layout: string): Promise<Pair[]> => {
    const pairs: Pair[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const label = `${layout} ${round + 1}/${ROUNDS}`;
      const rawPhase = () => accounted(localPid, documents.length, () => measureRaw(client, search, documents, label));
      const realPhase = () => accounted(localPid, raw.length, () => measureReal(client, search, dataSource, raw, label));
      if (round % 2 === 0) {
        const rawResult = await rawPhase();
        pairs.push({ raw: rawResult, real: await realPhase() });
      } else {
        const realResult = await realPhase();
        pairs.push({ raw: await rawPhase(), real: realResult });
      }
    }
    return pairs;
  };
  try {
    results.push(['shared', await measurePairs('shared')]);

    const esPid = process.argv.includes('--no-pin') || cpus().length < 2 ? null : localPid;
    if (esPid) {
      const all = `0-${cpus().length - 1}`;
      try {
        pin(esPid, '0');
        pin(process.pid, '1');
        results.push(['pinned', await measurePairs('pinned')]);
      } finally {
        pin(esPid, all);
        pin(process.pid, all);
      }
    } else {
      console.error('pinned layout skipped (--no-pin, one core, a remote node, or no permission to set affinity)');
    }
  } finally {
    await dataSource.destroy();
    await dropDatabase(database.url);
    await client.close();
  }

  console.log(`
ingest benchmark${WITHOUT_GROUPING ? ' (DIAGNOSTIC: --no-grouping, not the product path)' : ''} — ${COUNT.toLocaleString('en')} mentions, bulk requests of ${REQUEST_DOCS} docs × ${IN_FLIGHT} in flight, ${RUN_SIZE.toLocaleString('en')} mentions per run, ${ROUNDS} rounds, ${cpus().length} cores, Node ${process.version}
  layout, round                                    raw _bulk     worker path   ratio (target ≥ 0.90)   CPU µs per mention, raw → worker path`);
  const cpu = (phase: PhaseResult) => `${phase.esCpu ?? '?'} ES + ${phase.ownCpu} ingest`;
  const ratios: Array<[string, number]> = [];
  for (const [layout, pairs] of results) {
    const name = layout === 'shared' ? 'shared: Elasticsearch + ingest, all cores' : 'pinned: Elasticsearch core 0, ingest core 1';
    for (const [round, pair] of pairs.entries()) {
      console.log(
        `  ${`${name}, ${round + 1}`.padEnd(49)}${String(pair.raw.rate).padStart(7)} /s  ${String(pair.real.rate).padStart(9)} /s    ${(pair.real.rate / pair.raw.rate).toFixed(2)}` +
          `                    ${cpu(pair.raw)} → ${cpu(pair.real)}`,
      );
    }
    ratios.push([layout, median(pairs.map((pair) => pair.real.rate / pair.raw.rate))]);
  }
  console.log(`  median ratio: ${ratios.map(([layout, ratio]) => `${layout} ${ratio.toFixed(2)}`).join(', ')}`);
}


main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
