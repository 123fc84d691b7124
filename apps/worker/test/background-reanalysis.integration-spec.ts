import { ModuleRef } from '@nestjs/core';
import type { Mention, RawMention } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { analyzeMention, PIPELINE_VERSION, toMention } from '@ascolto/nlp';
import { BulkMentionIndexer, MentionIndexManager } from '@ascolto/search';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import type { WorkerConfig } from '../src/config/worker-config';
import { BackgroundReanalysisJob } from '../src/reanalysis/background-reanalysis.job';
import { runReanalyseCommand } from '../src/reanalysis/reanalyse-command';
import { ReanalysisLock } from '../src/reanalysis/reanalysis-lock';
import { TopicFenceService } from '../src/topics/topic-fence.service';
import { TEST_CREDENTIALS_KEY, WorkerHarness } from './worker-harness';

jest.setTimeout(60_000);

const FEED = 'https://forum.lanterna.example/background.rss';
let sequence = 0;

function raw(content: string): RawMention {
  sequence++;
  const published = Date.UTC(2026, 2, 5, 9, sequence);
  const externalId = `background-${sequence}`;
  return {
    id: mentionId('rss', FEED, externalId),
    sourceType: 'rss',
    sourceId: '00000000-0000-4000-8000-00000000b001',
    sourceKey: FEED,
    externalId,
    url: null,
    title: null,
    content,
    author: { name: `Persona ${sequence}`, handle: null, url: null },
    publishedAt: new Date(published).toISOString(),
    collectedAt: new Date(published + 60_000).toISOString(),
  };
}

/** A mention as an older pipeline left it: its own labels, but an old version and no priority factors. */
function fromOlderPipeline(r: RawMention): Mention {
  const { priorityFactors: _none, ...doc } = toMention(r, analyzeMention(r, new Date(r.collectedAt)));
  return { ...doc, pipelineVersion: 'linear-0', priority: 1 };
}

const TEXTS = [
  'Il rimborso del mio ordine non è mai arrivato dopo tre settimane, nessuno risponde alle mail',
  'Fibra ferma da due giorni in tutto il quartiere, lavoro da casa e sono bloccato',
  'Grazie per la risposta veloce, problema risolto in dieci minuti',
  'The app logs me out every time I open my invoices, please fix it',
  'Nuova offerta estate: giga illimitati a 9,99 euro al mese',
];

describe('background re-analysis: a worker brings mentions of an older pipeline up to date by itself', () => {
  const harness = new WorkerHarness();
  const mentions = TEXTS.map(raw);

  beforeAll(async () => {
    await harness.start({ WORKER_ID: 'background-reanalysis-worker' });
  });
  afterAll(async () => {
    await harness.stop();
  });

  function job(overrides: Partial<WorkerConfig> = {}): BackgroundReanalysisJob {
    const config = { ...harness.app.get<WorkerConfig>(WORKER_CONFIG), reanalysePageSize: 2, reanalysePagePauseMs: 1, ...overrides };
    return new BackgroundReanalysisJob(harness.app.get(ModuleRef), harness.dataSource, config);
  }

  async function stored(): Promise<Mention[]> {
    const alias = harness.app.get(MentionIndexManager).readAlias;
    await harness.search.indices.refresh({ index: alias });
    const res = await harness.search.search<Mention>({ index: alias, size: 100, query: { ids: { values: mentions.map((m) => m.id) } } });
    return res.hits.hits.map((h) => h._source!);
  }

  it('re-analyses every mention of an older version, keeps its own fence, and finds nothing the next time', async () => {
    expect((await harness.app.get(BulkMentionIndexer).indexBatch(mentions.map(fromOlderPipeline))).failed).toEqual([]);
    // The worker reported its fence before (as its re-tag poll does); a background run must not withdraw it.
    await harness.app.get(TopicFenceService).report();

    const outcome = await job().tick();
    expect(outcome).toMatchObject({ kind: 'finished', total: 5, progress: { processed: 5, changed: 5, failed: [] } });
    for (const doc of await stored()) {
      expect(doc.pipelineVersion).toBe(PIPELINE_VERSION);
      expect(doc.priorityFactors).toEqual(expect.objectContaining({ age: expect.any(Number) }));
      expect(doc.priority).toBeGreaterThan(1);
    }
    const fences = await harness.dataSource.query(`SELECT holder_id FROM topic_fences WHERE holder_id = 'background-reanalysis-worker'`);
    expect(fences).toHaveLength(1);

    expect(await job().tick()).toEqual({ kind: 'up-to-date' });
  });

  it('leaves the work to the worker holding the lock', async () => {
    await harness.app.get(BulkMentionIndexer).indexBatch(mentions.slice(0, 2).map(fromOlderPipeline));
    const other = harness.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1, $2)', [0x5241, 1]);
      expect(await job().tick()).toEqual({ kind: 'skipped', reason: 'locked' });
      expect((await stored()).filter((doc) => doc.pipelineVersion !== PIPELINE_VERSION)).toHaveLength(2);
      await other.query('SELECT pg_advisory_unlock($1, $2)', [0x5241, 1]);
    } finally {
      await other.release();
    }
    expect(await job().tick()).toMatchObject({ kind: 'finished', total: 2 });
  });

  const activity = async () =>
    (await harness.dataSource.query(`SELECT activity FROM worker_heartbeats WHERE worker_id = 'background-reanalysis-worker'`))[0]?.activity;

  it('a worker shutting down finishes its page and stops; the next check resumes; the heartbeat shows the run meanwhile', async () => {
    // The heartbeat row the scheduled worker keeps (HeartbeatService), which carries the progress.
    await harness.dataSource.query(
      `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules) VALUES ('background-reanalysis-worker', now(), now(), '[]')`,
    );
    await harness.app.get(BulkMentionIndexer).indexBatch(mentions.map(fromOlderPipeline));
    // One mention per page and a long pause: the shutdown comes during the first pause.
    const stopping = job({ reanalysePageSize: 1, reanalysePagePauseMs: 60_000 });
    const run = stopping.tick();
    const deadline = Date.now() + 20_000;
    while ((await stored()).every((doc) => doc.pipelineVersion !== PIPELINE_VERSION) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Reported when the run started (0 read), then at most every 2 s (so the first page shows only on a slow machine).
    const running = await activity();
    expect(running).toEqual({ kind: 'reanalysis', pipelineVersion: PIPELINE_VERSION, processed: expect.any(Number), total: 5, startedAt: expect.any(String) });
    expect([0, 1]).toContain(running.processed);
    const started = Date.now();
    await stopping.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await run).toMatchObject({ kind: 'stopped', total: 5, progress: { processed: 1 } });
    expect(await stopping.tick()).toEqual({ kind: 'skipped', reason: 'stopping' });
    expect((await stored()).filter((doc) => doc.pipelineVersion === PIPELINE_VERSION)).toHaveLength(1);

    // Cleared when the run stops.
    expect(await activity()).toBeNull();

    expect(await job().tick()).toMatchObject({ kind: 'finished', total: 4 });
    expect((await stored()).every((doc) => doc.pipelineVersion === PIPELINE_VERSION)).toBe(true);
    expect(await activity()).toBeNull();
  });

  describe('one re-analysis at a time, with `npm run reanalyse` first', () => {
    const commandEnv = () => ({
      ...process.env,
      DATABASE_URL: harness.db.url,
      ES_INDEX_PREFIX: harness.indexPrefix,
      OUTBOUND_ALLOWLIST: '127.0.0.1',
      ASCOLTO_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
    });
    const atOldVersion = async () => (await stored()).filter((doc) => doc.pipelineVersion !== PIPELINE_VERSION).length;

    it('a background run hands over to the command after its current page; the command says whom it waited for and finishes', async () => {
      await harness.dataSource.query(
        `INSERT INTO worker_heartbeats (worker_id, started_at, last_beat_at, schedules) VALUES ('background-reanalysis-worker', now(), now(), '[]')
         ON CONFLICT (worker_id) DO UPDATE SET last_beat_at = now()`,
      );
      await harness.app.get(BulkMentionIndexer).indexBatch(mentions.map(fromOlderPipeline));
      // One mention per page with a pause: left alone, the background run would take 5 pauses.
      const background = job({ reanalysePageSize: 1, reanalysePagePauseMs: 400 });
      const run = background.tick();
      const deadline = Date.now() + 20_000;
      while ((await atOldVersion()) === 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));

      const lines: string[] = [];
      expect(await runReanalyseCommand([], commandEnv(), (l) => lines.push(l), { progressBar: false })).toBe(0);
      expect(lines[0]).toMatch(/^Worker background-reanalysis-worker is re-analysing in the background \(\d of 5\): it hands over after its current page/);
      const outcome = await run;
      expect(outcome).toMatchObject({ kind: 'handed-over', total: 5 });
      const backgroundRead = (outcome as { progress: { processed: number } }).progress.processed;
      expect(backgroundRead).toBeGreaterThanOrEqual(1);
      expect(backgroundRead).toBeLessThan(5);
      // The command did the rest, and nothing twice.
      expect(lines.join('\n')).toContain(`${5 - backgroundRead} mention(s) to re-analyse`);
      expect(await atOldVersion()).toBe(0);
      expect(await activity()).toBeNull();
    });

    it('a second command waits for the first, says so, and gives up cleanly when stopped while waiting', async () => {
      const first = await ReanalysisLock.acquire(harness.dataSource);
      expect(first).not.toBeNull();
      expect(await ReanalysisLock.isWanted(harness.dataSource)).toBe(false);
      const stop = new AbortController();
      let waited = false;
      const second = ReanalysisLock.acquire(harness.dataSource, { signal: stop.signal, onWait: () => void (waited = true) });
      // A real lock wait: the holder sees it in pg_locks.
      const deadline = Date.now() + 10_000;
      while (!(await ReanalysisLock.isWanted(harness.dataSource)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await ReanalysisLock.isWanted(harness.dataSource)).toBe(true);
      expect(waited).toBe(true);
      stop.abort();
      expect(await second).toBeNull();
      expect(await ReanalysisLock.isWanted(harness.dataSource)).toBe(false);

      // Waiting for a holder that is not a worker's background run, then getting the lock when it lets go.
      await harness.app.get(BulkMentionIndexer).indexBatch(mentions.slice(0, 1).map(fromOlderPipeline));
      const lines: string[] = [];
      const command = runReanalyseCommand([], commandEnv(), (l) => lines.push(l), { progressBar: false });
      while (!(await ReanalysisLock.isWanted(harness.dataSource)) && Date.now() < deadline + 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await atOldVersion()).toBe(1);
      await first!.release();
      expect(await command).toBe(0);
      expect(lines[0]).toBe('Another re-analysis command is running: waiting for it to finish (Ctrl-C gives up)…');
      expect(await atOldVersion()).toBe(0);
    });
  });

  it('reports a run that fails (Elasticsearch refusing) and tries again at the next check', async () => {
    await harness.app.get(BulkMentionIndexer).indexBatch(mentions.slice(0, 1).map(fromOlderPipeline));
    const alias = harness.app.get(MentionIndexManager).readAlias;
    await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.read': true } });
    try {
      expect(await job().tick()).toEqual({ kind: 'failed', error: expect.stringMatching(/cluster_block_exception|blocked/) });
    } finally {
      await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.read': false } });
    }
    expect(await job().tick()).toMatchObject({ kind: 'finished', total: 1 });
  });

  it('does nothing when switched off', async () => {
    await harness.app.get(BulkMentionIndexer).indexBatch(mentions.slice(0, 1).map(fromOlderPipeline));
    const off = job({ reanalyseInBackground: false, reanalyseCheckSeconds: 1 });
    off.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await off.onApplicationShutdown();
    expect((await stored()).filter((doc) => doc.pipelineVersion !== PIPELINE_VERSION)).toHaveLength(1);
    // Switched on, the first check comes after the interval (here 1 s) and does the work.
    const on = job({ reanalyseCheckSeconds: 1 });
    on.onApplicationBootstrap();
    const deadline = Date.now() + 15_000;
    while ((await stored()).some((doc) => doc.pipelineVersion !== PIPELINE_VERSION) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await on.onApplicationShutdown();
    expect((await stored()).every((doc) => doc.pipelineVersion === PIPELINE_VERSION)).toBe(true);
  });
});
