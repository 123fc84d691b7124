// npm run bench:collectors — the collectors under a realistic load, end to end.
//
// N sources (default 200) spread over the fake source kinds, each polled by the real worker (built
// app, its own process, real scheduler) every --interval seconds (default 30), while a traffic
// generator makes new items appear at the fakes for --minutes (default 10). Measured:
//   - items per second sustained (indexed during the window / window length);
//   - freshness: from an item appearing at its fake source to it being searchable in
//     Elasticsearch, p50 / p95 / max (target p95 ≤ interval + 5 s);
//   - requests per item (every HTTP request the fakes answered / items indexed);
//   - the worker process's CPU (share of one core) and resident memory (average and peak);
//   - nothing lost, nothing doubled: every published item found exactly once.
//
// Options: --sources N, --interval S, --minutes M, --rate R (new items per source per minute,
// default 2), --kinds rss,… (default: every kind available), --no-build.
import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { CredentialCipher, SourceEntity } from '@ascolto/persistence';
import { createSearchClient, loadSearchConfig } from '@ascolto/search';
import { createTestDatabase, generateRealisticRawMentions } from '@ascolto/testing';
import { BENCH_SOURCE_KINDS } from './collectors/available-kinds';
import type { BenchSourceKind } from './collectors/bench-source-kinds';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : fallback;
}

const SOURCES = Number(option('sources', '200'));
const INTERVAL_S = Number(option('interval', '30'));
const MINUTES = Number(option('minutes', '10'));
const RATE_PER_MIN = Number(option('rate', '2'));
const KIND_NAMES = option('kinds', Object.keys(BENCH_SOURCE_KINDS).join(',')).split(',');
const BUILD = !process.argv.includes('--no-build');
const LOG_DIR = join(process.cwd(), 'test-output', 'bench-logs');
const KEY_PATTERN = /\[(b[0-9a-f]{6}-\d+)\]/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  mkdirSync(LOG_DIR, { recursive: true });
  if (BUILD || !existsSync('dist/apps/worker/main.js')) {
    console.log('[bench] building the worker (nest build worker)…');
    execFileSync('npx', ['nest', 'build', 'worker'], { stdio: 'inherit' });
  }
  const kinds: BenchSourceKind[] = KIND_NAMES.map((name) => {
    const make = BENCH_SOURCE_KINDS[name];
    if (!make) throw new Error(`unknown kind "${name}" (have: ${Object.keys(BENCH_SOURCE_KINDS).join(', ')})`);
    return make();
  });
  for (const [k, kind] of kinds.entries()) {
    await kind.start();
    // Sources are dealt round-robin over the kinds.
    await kind.prepare?.(Math.ceil((SOURCES - k) / kinds.length));
  }

  const db = await createTestDatabase();
  const indexPrefix = `bench-col-${randomBytes(3).toString('hex')}-`;
  const key = randomBytes(32).toString('base64');
  const cipher = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: key });
  const search = createSearchClient(loadSearchConfig(process.env));
  const runId = randomBytes(3).toString('hex');
  let worker: ChildProcess | null = null;

  try {
    // Sources, spread round-robin over the kinds, all on the same interval.
    const placement: Array<{ kind: BenchSourceKind; i: number }> = [];
    const repo = db.dataSource.getRepository(SourceEntity);
    for (let n = 0; n < SOURCES; n++) {
      const kind = kinds[n % kinds.length];
      const i = Math.floor(n / kinds.length);
      const spec = kind.addSource(i);
      const source = await repo.save({
        type: kind.type,
        name: `bench ${kind.type} ${i}`,
        url: spec.url,
        schedule: `*/${INTERVAL_S} * * * * *`,
        enabled: true,
        settings: spec.settings ?? {},
      });
      if (spec.credentials) await repo.update({ id: source.id }, { credentialsEncrypted: cipher.encrypt(source.id, spec.credentials) });
      placement.push({ kind, i });
    }
    console.log(`[bench] ${SOURCES} sources (${kinds.map((k) => k.type).join(', ')}) every ${INTERVAL_S} s; ${MINUTES} min of traffic at ${RATE_PER_MIN} items/source/min`);

    const log = createWriteStream(join(LOG_DIR, 'collectors-worker.log'));
    worker = spawn(process.execPath, [join('dist', 'apps', 'worker', 'main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        ES_INDEX_PREFIX: indexPrefix,
        OUTBOUND_ALLOWLIST: '127.0.0.1',
        ASCOLTO_CREDENTIALS_KEY: key,
        SOURCE_RELOAD_SECONDS: '10',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.pipe(log);
    worker.stderr?.pipe(log);
    const pid = worker.pid!;

    // Warm-up: every source has had its first run (empty feeds), so the window measures steady state.
    const warmupDeadline = Date.now() + (INTERVAL_S + 60) * 1000;
    for (;;) {
      const [{ n }] = await db.dataSource.query(`SELECT count(DISTINCT source_id)::int AS n FROM collector_runs WHERE status <> 'running'`);
      if (n >= SOURCES || Date.now() > warmupDeadline) {
        console.log(`[bench] warm-up done: ${n}/${SOURCES} sources have run`);
        break;
      }
      await sleep(1000);
    }

    const texts = generateRealisticRawMentions(5_000, { sourceId: 'bench', seed: 7 }).map((m) => m.content.replace(/<[^>]*>/g, ' ').slice(0, 400));
    const appearedAt = new Map<string, number>();
    const seenAt = new Map<string, number>();
    let duplicates = 0;
    let published = 0;
    const requestsBefore = kinds.reduce((sum, k) => sum + k.requestCount(), 0);
    const cpuBefore = cpuSeconds(pid);
    const rss: number[] = [];
    const windowStart = Date.now();
    const windowMs = MINUTES * 60_000;

    // Traffic: every 250 ms each source publishes with probability rate/min × 0.25 s.
    const perTick = (RATE_PER_MIN / 60) * 0.25;
    let seedState = 12345;
    const random = () => {
      seedState = (seedState * 1103515245 + 12345) >>> 0;
      return seedState / 4294967296;
    };
    const traffic = setInterval(() => {
      const now = new Date();
      for (let n = 0; n < placement.length; n++) {
        if (random() >= perTick) continue;
        const itemKey = `b${runId}-${published}`;
        const text = texts[published % texts.length];
        placement[n].kind.publish(placement[n].i, itemKey, text, now);
        appearedAt.set(itemKey, now.getTime());
        published++;
      }
    }, 250);
    const memory = setInterval(() => rss.push(rssMiB(pid)), 5_000);

    // Watcher: what became searchable since the last look (collectedAt is set by the worker).
    const alias = `${indexPrefix}mentions`;
    let since = new Date(windowStart - 60_000).toISOString();
    const look = async () => {
      try {
        await search.indices.refresh({ index: alias });
      } catch {
        return;
      }
      const response = await search.search<{ text: string; collectedAt: string }>({
        index: alias,
        size: 10_000,
        _source: ['text', 'collectedAt'],
        query: { range: { collectedAt: { gte: since } } },
        sort: [{ collectedAt: 'asc' }],
      });
      const now = Date.now();
      let newest = since;
      for (const hit of response.hits.hits) {
        const match = KEY_PATTERN.exec(hit._source?.text ?? '');
        if (hit._source && hit._source.collectedAt > newest) newest = hit._source.collectedAt;
        if (!match || !appearedAt.has(match[1])) continue;
        if (seenAt.has(match[1])) continue;
        seenAt.set(match[1], now);
      }
      // Overlap of a few seconds: documents of one run share a collectedAt.
      since = new Date(Date.parse(newest) - 5_000).toISOString();
    };

    const bar = new SingleBar(
      { format: '[bench] {bar} {percentage}% | {elapsed}/{total} s | published {published} | searchable {seen}', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(Math.round(windowMs / 1000), 0, { published: 0, seen: 0 });
    while (Date.now() - windowStart < windowMs) {
      await look();
      bar.update(Math.round((Date.now() - windowStart) / 1000), { published, seen: seenAt.size });
      await sleep(1000);
    }
    clearInterval(traffic);
    const windowEnd = Date.now();
    const cpuWindow = cpuSeconds(pid) - cpuBefore;
    const requestsWindow = kinds.reduce((sum, k) => sum + k.requestCount(), 0) - requestsBefore;
    // Drain: two more intervals for the last items.
    const drainUntil = Date.now() + (2 * INTERVAL_S + 10) * 1000;
    while (Date.now() < drainUntil && seenAt.size < appearedAt.size) {
      await look();
      bar.update(Math.round((windowEnd - windowStart) / 1000), { published, seen: seenAt.size });
      await sleep(1000);
    }
    bar.stop();
    clearInterval(memory);

    // Nothing doubled: each key exactly once in the index.
    await search.indices.refresh({ index: alias });
    const agg = await search.search({
      index: alias,
      size: 0,
      query: { match_all: {} },
      aggs: { total: { value_count: { field: 'id' } } },
    });
    const indexed = (agg.aggregations!.total as { value: number }).value;
    duplicates = Math.max(0, indexed - seenAt.size);

    const lags = [...seenAt.entries()].map(([k, t]) => (t - appearedAt.get(k)!) / 1000).sort((a, b) => a - b);
    const windowS = (windowEnd - windowStart) / 1000;
    const [{ failed }] = await db.dataSource.query(`SELECT count(*)::int AS failed FROM collector_runs WHERE status = 'failed'`);
    const [{ runs }] = await db.dataSource.query(`SELECT count(*)::int AS runs FROM collector_runs`);
    const memAvg = rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length);
    const lines = [
      `sources                 ${SOURCES} (${kinds.map((k) => k.type).join(', ')}), every ${INTERVAL_S} s`,
      `traffic window          ${windowS.toFixed(0)} s, ${published} items published`,
      `items/s sustained       ${(seenAt.size / windowS).toFixed(2)} (searchable during the window and drain: ${seenAt.size}/${published})`,
      `lost                    ${published - seenAt.size}`,
      `doubled                 ${duplicates} (index holds ${indexed} documents)`,
      `freshness p50           ${percentile(lags, 50).toFixed(1)} s`,
      `freshness p95           ${percentile(lags, 95).toFixed(1)} s (target ≤ ${INTERVAL_S + 5} s)`,
      `freshness max           ${lags.length ? lags[lags.length - 1].toFixed(1) : 'n/a'} s`,
      `requests per item       ${(requestsWindow / Math.max(1, seenAt.size)).toFixed(2)} (${requestsWindow} requests in the window)`,
      `collector runs          ${runs} (${failed} failed)`,
      `worker CPU              ${((cpuWindow / windowS) * 100).toFixed(1)} % of one core`,
      `worker memory (RSS)     ${memAvg.toFixed(0)} MiB average, ${Math.max(...rss).toFixed(0)} MiB peak`,
    ];
    console.log(`\n${lines.join('\n')}`);
  } finally {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    for (const kind of kinds) await kind.stop();
    await search.indices.delete({ index: `${indexPrefix}*` }).catch(() => undefined);
    await search.close();
    await db.drop();
  }
}

main().catch((error: Error) => {
  console.error(`[bench] ${error.stack ?? error.message}`);
  process.exit(1);
});
