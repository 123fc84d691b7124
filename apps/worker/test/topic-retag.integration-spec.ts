import { Client } from 'pg';
import type { Mention, RawMention, TopicRetagReason } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { deferred } from '@ascolto/testing';
import { TopicEntity, TopicRetagJobEntity, enqueueTopicRetag } from '@ascolto/persistence';
import { PIPELINE_VERSION } from '@ascolto/nlp';
import { BulkMentionIndexer, MentionIndexManager, TOPICS_CHANGED_VERSION } from '@ascolto/search';
import { MentionIngestService } from '../src/collection/mention-ingest.service';
import { reanalyseIndexedMentions } from '../src/reanalysis/reanalyse-command';
import { TopicCatalogService } from '../src/topics/topic-catalog.service';
import { TopicFenceService } from '../src/topics/topic-fence.service';
import { TopicRetagRunnerService, type TopicRetagOutcome } from '../src/topics/topic-retag-runner.service';
import { WorkerHarness } from './worker-harness';

const FEED = 'https://forum.vela.example/latest.rss';
let sequence = 0;

/** A raw mention as a collector delivers it, published in `month` (one index per month). */
function raw(content: string, month: number, overrides: Partial<RawMention> = {}): RawMention {
  sequence++;
  const externalId = `retag-${sequence}`;
  return {
    id: mentionId('rss', FEED, externalId),
    sourceType: 'rss',
    sourceId: '00000000-0000-4000-8000-000000000001',
    sourceKey: FEED,
    externalId,
    url: `https://forum.vela.example/t/${sequence}`,
    title: null,
    content,
    author: { name: `Utente ${sequence}`, handle: `utente${sequence}`, url: null },
    publishedAt: new Date(Date.UTC(2026, month - 1, 10, 8, sequence)).toISOString(),
    collectedAt: '2026-11-20T08:00:00.000Z',
    ...overrides,
  } as RawMention;
}

// Three months (three monthly indices), Italian and English, with and without the words.
const MENTIONS = [
  raw('Il rimborso non è mai arrivato, scrivo da tre settimane', 9),
  raw('Still waiting for my refund, three weeks now', 9),
  raw('Ho spedito il reso ieri, quando arriva il rimborso?', 10),
  raw('Il reso è stato accettato, grazie', 10),
  raw('La fibra è lenta da giorni a Milano', 11),
  raw('Great customer service today, thanks', 11),
  raw('Refund denied, terrible experience', 11, { title: 'Rimborso negato' }),
];
const TEXT = new Map(MENTIONS.map((m) => [m.id, m.content as string]));

describe('topic re-tagging of the mentions already indexed (API change → job → worker → Elasticsearch)', () => {
  const harness = new WorkerHarness();

  beforeAll(async () => {
    // Topics are re-read only when a job (or the test) says so; a lease of 2 s.
    await harness.start({
      SOURCE_RELOAD_SECONDS: '3600',
      TOPIC_RETAG_LEASE_SECONDS: '2',
      TOPIC_RETAG_MAX_ATTEMPTS: '2',
      TOPIC_RETAG_BACKOFF_BASE_MS: '300',
    });
    // Indexed before any topic exists: nothing tagged.
    await harness.app.get(MentionIngestService).indexBatch(MENTIONS);
  });
  afterAll(async () => {
    await harness.stop();
  });

  const topics = () => harness.dataSource.getRepository(TopicEntity);
  const jobs = () => harness.dataSource.getRepository(TopicRetagJobEntity);
  const runner = () => harness.app.get(TopicRetagRunnerService);

  /** What the API does in one transaction: change the topic and enqueue its job. */
  async function change(topicId: string, patch: Partial<TopicEntity> | 'delete', reason: TopicRetagReason): Promise<string> {
    return harness.dataSource.transaction(async (tx) => {
      if (patch === 'delete') await tx.delete(TopicEntity, { id: topicId });
      else await tx.update(TopicEntity, { id: topicId }, patch);
      return enqueueTopicRetag(tx, topicId, reason);
    });
  }
  async function createTopic(name: string, query: string, extra: Partial<TopicEntity> = {}): Promise<{ topic: TopicEntity; jobId: string }> {
    return harness.dataSource.transaction(async (tx) => {
      const topic = await tx.save(TopicEntity, { name, query, languages: [], ...extra });
      return { topic, jobId: await enqueueTopicRetag(tx, topic.id, 'create') };
    });
  }

  /** topicIds of every indexed mention, by its text. */
  async function tags(): Promise<Map<string, string[]>> {
    const docs = await harness.indexedMentions<Mention>();
    return new Map([...docs.values()].map((m) => [TEXT.get(m.id) ?? m.text, [...m.topicIds].sort()]));
  }
  function finished(outcome: TopicRetagOutcome): TopicRetagJobEntity {
    if (outcome.kind !== 'finished') throw new Error(`expected a finished job, got ${outcome.kind}`);
    return outcome.job;
  }

  let refund: TopicEntity;

  it('tags the matching mentions of every month when a topic is created, and reports progress on the job', async () => {
    const created = await createTopic('Rimborsi', 'rimborso OR refund');
    refund = created.topic;
    const pages: number[] = [];
    const job = finished(await runner().runNext({ pageSize: 2, onPage: (p) => void pages.push(p.processed) }));

    expect(job).toMatchObject({ id: created.jobId, state: 'succeeded', total: 7, processed: 7, changed: 4, matched: 4, attempts: 1, error: null });
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(pages).toEqual([2, 4, 6, 7]);
    const byText = await tags();
    expect(byText.get('Il rimborso non è mai arrivato, scrivo da tre settimane')).toEqual([refund.id]);
    expect(byText.get('Still waiting for my refund, three weeks now')).toEqual([refund.id]);
    expect(byText.get('Ho spedito il reso ieri, quando arriva il rimborso?')).toEqual([refund.id]);
    expect(byText.get('Refund denied, terrible experience')).toEqual([refund.id]);
    expect(byText.get('Il reso è stato accettato, grazie')).toEqual([]);
    expect(byText.get('La fibra è lenta da giorni a Milano')).toEqual([]);
    await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
  });

  it('gives the same tags as ingesting the mentions again with the new topics (same matcher, same document)', async () => {
    const title = await createTopic('Titoli', 'negato OR "customer service" OR reso');
    finished(await runner().runNext());
    const retagged = await tags();
    // A re-delivery recomputes topicIds through the pipeline with the catalog the job refreshed.
    await harness.app.get(MentionIngestService).indexBatch(MENTIONS);
    expect(await tags()).toEqual(retagged);
    expect(retagged.get('Refund denied, terrible experience')).toEqual([refund.id, title.topic.id].sort());
    await change(title.topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('moves mentions both ways when the query is edited, and changes nothing when run again', async () => {
    const jobId = await change(refund.id, { query: 'refund OR reso' }, 'update');
    const job = finished(await runner().runNext());
    expect(job).toMatchObject({ id: jobId, state: 'succeeded', changed: 2, matched: 4 });
    const byText = await tags();
    expect(byText.get('Il rimborso non è mai arrivato, scrivo da tre settimane')).toEqual([]);
    expect(byText.get('Il reso è stato accettato, grazie')).toEqual([refund.id]);
    expect(byText.get('Ho spedito il reso ieri, quando arriva il rimborso?')).toEqual([refund.id]);

    // Idempotent: the same definition again reads everything and writes nothing.
    await change(refund.id, { query: 'refund OR reso' }, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', processed: 7, changed: 0, matched: 4 });
    expect(await tags()).toEqual(byText);
  });

  it('takes the tag off when the topic is disabled, puts it back when enabled, and removes it when deleted', async () => {
    await change(refund.id, { enabled: false }, 'disable');
    // Only the mentions carrying the topic are read to take it off.
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', total: 4, processed: 4, changed: 4, matched: 0 });
    expect([...(await tags()).values()].flat()).not.toContain(refund.id);

    await change(refund.id, { enabled: true }, 'enable');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 4, matched: 4 });

    await change(refund.id, 'delete', 'delete');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 4, matched: 0 });
    expect([...(await tags()).values()].flat()).toEqual([]);
  });

  it('runs only the newest change of a topic: an older pending job is superseded', async () => {
    const { topic, jobId: first } = await createTopic('Fibra', 'fibra');
    const second = await change(topic.id, { query: 'fibra OR reso' }, 'update');
    expect(await jobs().findOneByOrFail({ id: first })).toMatchObject({ state: 'superseded', finishedAt: expect.any(Date) });

    const job = finished(await runner().runNext());
    expect(job).toMatchObject({ id: second, state: 'succeeded', matched: 3 });
    await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('stops a running job when a newer change supersedes it, and the newer one wins', async () => {
    const { topic } = await createTopic('Servizio', 'service OR servizio');
    let newer = '';
    const outcome = await runner().runNext({
      pageSize: 1,
      onPage: async (p) => {
        if (p.processed !== 1) return;
        newer = await change(topic.id, { query: 'fibra' }, 'update');
        // The runner notices at its next progress write (about a second).
        await new Promise((resolve) => setTimeout(resolve, 1_500));
      },
    });
    expect(outcome.kind).toBe('stopped');
    expect(outcome.kind !== 'idle' && outcome.job.state).toBe('superseded');
    expect(finished(await runner().runNext())).toMatchObject({ id: newer, state: 'succeeded', matched: 1 });
    const byText = await tags();
    expect(byText.get('La fibra è lenta da giorni a Milano')).toEqual([topic.id]);
    expect(byText.get('Great customer service today, thanks')).toEqual([]);
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('keeps an ingest update that lands on a mention between the scan reading it and writing it (409, read again)', async () => {
    // Another topic the ingest path knows about from now on; only the new one is re-tagged.
    const other = await topics().save({ name: 'Resi', query: 'reso OR refund', languages: [] });
    const { topic } = await createTopic('Rimborsi 2', 'rimborso OR refund');
    let redelivered = false;
    const outcome = await runner().runNext({
      pageSize: 1,
      onPage: async (p) => {
        if (p.processed !== 1) return;
        // The runner refreshed the catalog: a re-delivery now writes both topics' ids, after the
        // point in time the scan reads from.
        await harness.app.get(MentionIngestService).indexBatch(MENTIONS);
        redelivered = true;
      },
    });
    expect(redelivered).toBe(true);
    expect(outcome.kind === 'finished' && outcome.conflicts).toBeGreaterThan(0);
    const byText = await tags();
    expect(byText.get('Still waiting for my refund, three weeks now')).toEqual([topic.id, other.id].sort());
    expect(byText.get('Refund denied, terrible experience')).toEqual([topic.id, other.id].sort());
    expect(byText.get('Il reso è stato accettato, grazie')).toEqual([other.id]);
    expect(byText.get('Il rimborso non è mai arrivato, scrivo da tre settimane')).toEqual([topic.id]);
    for (const id of [other.id, topic.id]) await change(id, 'delete', 'delete');
    for (let i = 0; i < 2; i++) finished(await runner().runNext());
    expect([...(await tags()).values()].flat()).toEqual([]);
  });

  it('takes over a job whose worker died (old heartbeat, lock gone), but never one a live worker holds', async () => {
    const { topic, jobId } = await createTopic('Fibra lenta', 'fibra');
    // A worker claimed it and died: the row says running, its heartbeat stopped.
    await harness.dataSource.query(
      `UPDATE topic_retag_jobs SET state = 'running', worker_id = 'dead-worker', attempts = 1, processed = 3, heartbeat_at = now() WHERE id = $1`,
      [jobId],
    );
    // Fresh heartbeat: not taken.
    await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });

    // Heartbeat older than the lease, but the worker still holds the topic's lock (alive, slow): not taken.
    await harness.dataSource.query(`UPDATE topic_retag_jobs SET heartbeat_at = now() - interval '1 minute' WHERE id = $1`, [jobId]);
    const live = new Client({ connectionString: harness.db.url });
    await live.connect();
    try {
      await live.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x5452, topic.id]);
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    } finally {
      // Its connection ends (the process died): the lock goes with it.
      await live.end();
    }
    const job = finished(await runner().runNext());
    expect(job).toMatchObject({ id: jobId, state: 'succeeded', attempts: 2, processed: 7, matched: 1 });
    expect(job.workerId).not.toBe('dead-worker');
    expect((await tags()).get('La fibra è lenta da giorni a Milano')).toEqual([topic.id]);
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('waits until every live worker sees the change: another worker cannot start it while this one still holds the old topics', async () => {
    // This worker reports its fence (topics read before the change), then the topic changes.
    await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    const patient = await harness.createWorker({ SOURCE_RELOAD_SECONDS: '3600', WORKER_ID: 'patient-worker' });
    let topicId: string;
    try {
      const { topic, jobId } = await createTopic('Attesa', 'grazie');
      topicId = topic.id;
      // The other worker reads the change itself, but this one has not said it has.
      await expect(patient.get(TopicRetagRunnerService).runNext()).resolves.toEqual({ kind: 'idle' });
      expect(await jobs().findOneByOrFail({ id: jobId })).toMatchObject({ state: 'pending', attempts: 0 });
      // This one catches up before claiming, so it can start it at once.
      expect(finished(await runner().runNext())).toMatchObject({ id: jobId, state: 'succeeded', matched: 1 });

      // The other way round: the other worker's fence (reported above) does not see a newer change.
      await change(topic.id, 'delete', 'delete');
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    } finally {
      await patient.close();
    }
    // Closing withdrew the other worker's fence: it holds nothing back any more.
    finished(await runner().runNext());
    expect([...(await tags()).values()].flat()).not.toContain(topicId);
  });

  it('does not start while a batch tagged with the old definition is still being written, so that batch is re-tagged too', async () => {
    const { topic } = await createTopic('Rete', 'fibra');
    finished(await runner().runNext());

    // A batch is tagged under "fibra", and Elasticsearch is slow to take its bulk write.
    const late = raw('La fibra a Roma è ferma da ieri', 11);
    TEXT.set(late.id, late.content as string);
    const indexer = harness.app.get(BulkMentionIndexer);
    const write = indexer.indexBatch.bind(indexer);
    const held = deferred();
    const writing = deferred();
    const spy = jest.spyOn(indexer, 'indexBatch').mockImplementationOnce(async (...args) => {
      writing.resolve();
      await held.promise;
      return write(...args);
    });
    try {
      const ingest = harness.app.get(MentionIngestService).indexBatch([late]);
      await writing.promise;

      // Meanwhile the topic changes: "milano" instead of "fibra".
      const jobId = await change(topic.id, { query: 'milano' }, 'update');
      // Running now would scan before the batch lands, and the batch would keep the old tag.
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
      expect(await jobs().findOneByOrFail({ id: jobId })).toMatchObject({ state: 'pending', attempts: 0 });

      held.resolve();
      await ingest;
      expect((await tags()).get('La fibra a Roma è ferma da ieri')).toEqual([topic.id]);
      expect(finished(await runner().runNext())).toMatchObject({ id: jobId, state: 'succeeded', matched: 1 });
    } finally {
      held.resolve();
      spy.mockRestore();
    }
    const byText = await tags();
    expect(byText.get('La fibra a Roma è ferma da ieri')).toEqual([]);
    expect(byText.get('La fibra è lenta da giorni a Milano')).toEqual([topic.id]);
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('is held back by a command that holds its fence (import, re-analysis) while it writes with the old topics', async () => {
    const { topic } = await createTopic('Comando', 'fibra');
    finished(await runner().runNext());
    // Another process, as `npm run import` builds it: no schedules, an id of its own.
    const command = await harness.createWorker({ SOURCE_RELOAD_SECONDS: '3600', WORKER_ID: 'import-command', TOPIC_RETAG_POLL_MS: '200', TOPIC_FENCE_SECONDS: '5' });
    const fences = async () => new Map(((await harness.dataSource.query('SELECT holder_id, reported_at FROM topic_fences')) as Array<{ holder_id: string; reported_at: Date }>).map((r) => [r.holder_id, r.reported_at.getTime()]));
    const writing = deferred();
    const done = deferred();
    try {
      const held = command.get(TopicFenceService).holdWhile(async () => {
        // A batch tagged with the topics as they are now, still being written.
        const lease = await command.get(TopicCatalogService).acquire();
        writing.resolve();
        await done.promise;
        lease.release();
      });
      await writing.promise;
      const jobId = await change(topic.id, { query: 'milano' }, 'update');
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
      // Renewed while the command works, so it never expires under it.
      const first = (await fences()).get('import-command')!;
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await fences()).get('import-command')!).toBeGreaterThan(first);
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
      done.resolve();
      await held;
      // Withdrawn when the work ends: the re-tag starts.
      expect((await fences()).has('import-command')).toBe(false);
      expect(finished(await runner().runNext())).toMatchObject({ id: jobId, state: 'succeeded' });
    } finally {
      done.resolve();
      await command.close();
    }
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it('is held back by a fence that could not read its topics, and no longer by one its process left behind when it died', async () => {
    // A live fence that says nothing (its worker cannot read the topics) holds every job back.
    await harness.dataSource.query(`INSERT INTO topic_fences (holder_id, snapshots, reported_at) VALUES ('blind-worker', NULL, now())`);
    const { topic, jobId } = await createTopic('Recinto', 'grazie');
    await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    // Its process died: once the fence is older than TOPIC_FENCE_SECONDS (60 s) it is ignored.
    await harness.dataSource.query(`UPDATE topic_fences SET reported_at = now() - interval '61 seconds' WHERE holder_id = 'blind-worker'`);
    expect(finished(await runner().runNext())).toMatchObject({ id: jobId, state: 'succeeded' });
    // A day later its row is deleted by the next report of any worker.
    await harness.dataSource.query(`UPDATE topic_fences SET reported_at = now() - interval '25 hours' WHERE holder_id = 'blind-worker'`);
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
    const holders: Array<{ holder_id: string }> = await harness.dataSource.query('SELECT holder_id FROM topic_fences');
    expect(holders.map((h) => h.holder_id)).not.toContain('blind-worker');
  });

  it('retries a failed job with backoff, then reports it failed with the reason', async () => {
    const alias = harness.app.get(MentionIndexManager).readAlias;
    const { jobId } = await createTopic('Bloccato', 'grazie');
    await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.write': true } });
    try {
      const first = finished(await runner().runNext());
      expect(first).toMatchObject({ id: jobId, state: 'pending', attempts: 1, error: expect.stringContaining('cluster_block_exception') });
      expect(first.runAfter.getTime()).toBeGreaterThan(Date.now());
      // Not due before its backoff.
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
      await new Promise((resolve) => setTimeout(resolve, first.runAfter.getTime() - Date.now() + 50));
      const last = finished(await runner().runNext());
      expect(last).toMatchObject({ id: jobId, state: 'failed', attempts: 2, error: expect.stringContaining('cluster_block_exception') });
      expect(last.finishedAt).toBeInstanceOf(Date);
      await expect(runner().runNext()).resolves.toEqual({ kind: 'idle' });
    } finally {
      await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.write': null } });
    }
  });

  it('refreshes its own topic catalog first, so the mentions it ingests next use the new definition', async () => {
    const catalog = harness.app.get(TopicCatalogService);
    await catalog.current();
    const { topic } = await createTopic('Milano', 'milano');
    expect((await catalog.current()).membership(topic.id)).toBeNull();
    finished(await runner().runNext());
    expect((await catalog.current()).membership(topic.id)).not.toBeNull();
  });

  it('gives an empty-query topic the mentions of its linked sources, and takes them back when unlinked', async () => {
    const { topic } = await createTopic('Pagina ufficiale', '');
    const page = await harness.addTypedSource({ type: 'rss', url: 'https://vela.example/feed.xml', name: 'Pagina Vela' });
    const own = [raw('Orari del negozio di Torino?', 11, { sourceId: page.id }), raw('Quando riaprite?', 11, { sourceId: page.id })];
    for (const m of own) TEXT.set(m.id, m.content as string);
    await harness.app.get(MentionIngestService).indexBatch(own);
    // No source linked yet: the topic holds nothing.
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', matched: 0 });
    expect((await tags()).get('Orari del negozio di Torino?')).toEqual([]);

    // What the API does when a source is linked: the topic's mentions are re-tagged.
    await harness.dataSource.transaction(async (tx) => {
      await tx.query('UPDATE sources SET topic_id = $2 WHERE id = $1', [page.id, topic.id]);
      await enqueueTopicRetag(tx, topic.id, 'update');
    });
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', total: 2, changed: 2, matched: 2 });
    const byText = await tags();
    expect(byText.get('Orari del negozio di Torino?')).toEqual([topic.id]);
    expect(byText.get('Quando riaprite?')).toEqual([topic.id]);
    // Mentions of other sources are not the page's.
    expect([...byText.entries()].filter(([, ids]) => ids.includes(topic.id)).map(([text]) => text).sort()).toEqual(['Orari del negozio di Torino?', 'Quando riaprite?']);

    await harness.dataSource.query('UPDATE sources SET topic_id = NULL WHERE id = $1', [page.id]);
    await enqueueTopicRetag(harness.dataSource, topic.id, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 2, matched: 0 });
  });
  it('labels again the mentions a change moved in or out of a topic: its handles and its NOTs take part in their labels', async () => {
    // The re-tags above marked the mentions they moved; bring those up to date first.
    const reanalyse = () => reanalyseIndexedMentions(harness.app);
    await reanalyse();
    const written = raw('@LampoExpress left my parcel in the rain outside the building, the box is soaked', 11);
    const pie = raw('Lampo express delivery of an apple pie with fresh fruit from the market', 11);
    const customer = raw('@LampoExpress left my parcel in the rain again', 11);
    for (const m of [written, pie, customer]) TEXT.set(m.id, m.content as string);
    await harness.app.get(MentionIngestService).indexBatch([written, pie, customer]);
    const doc = async (m: RawMention) => (await harness.indexedMentions<Mention>()).get(m.id)!;
    // No topic names the account yet: words no rule knows, flushed.
    expect(await doc(written)).toMatchObject({ category: 'flush', flushReason: 'no_action', pipelineVersion: PIPELINE_VERSION });
    // A person said this one is a complaint: re-analysis must keep that.
    const alias = harness.app.get(MentionIndexManager).readAlias;
    const [hit] = (await harness.search.search({ index: alias, query: { ids: { values: [customer.id] } } })).hits.hits;
    await harness.search.update({ index: hit._index, id: customer.id, doc: { category: 'service', intent: 'complaint', correctedLabels: ['category', 'intent'] }, refresh: true });

    const { topic } = await createTopic('Lampo', '@LampoExpress OR "Lampo Express"');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 3 });
    // The re-tag moves the mentions and marks their labels out of date; it does not label.
    expect(await doc(written)).toMatchObject({ topicIds: [topic.id], category: 'flush', pipelineVersion: TOPICS_CHANGED_VERSION });

    // The run the background re-analysis makes (TopicRetagJob asks for it once re-tags moved mentions).
    expect(await reanalyse()).toMatchObject({ processed: 3, changed: 3, failed: [] });
    expect(await doc(written)).toMatchObject({ topicIds: [topic.id], category: 'service', intent: 'complaint', flushReason: null, pipelineVersion: PIPELINE_VERSION });
    expect((await doc(written)).explanations.category.reasons).toEqual(['written to @lampoexpress, with no clear request: kept for a person']);
    expect(await doc(customer)).toMatchObject({ category: 'service', intent: 'complaint', correctedLabels: ['category', 'intent'], pipelineVersion: PIPELINE_VERSION });

    // The team's own NOT turns the pie away: it leaves the topic and is flushed as a keyword collision.
    await change(topic.id, { query: '(@LampoExpress OR "Lampo Express") NOT (pie OR fruit)' }, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 1 });
    expect((await doc(written)).pipelineVersion).toBe(PIPELINE_VERSION);
    expect(await reanalyse()).toMatchObject({ processed: 1, changed: 1, failed: [] });
    expect(await doc(pie)).toMatchObject({ topicIds: [], category: 'flush', flushReason: 'off_topic', pipelineVersion: PIPELINE_VERSION });
    expect(await reanalyse()).toMatchObject({ processed: 0, changed: 0 });
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });

  it("labels again a mention that stays in the topic when the topic starts or stops naming the account it is written to", async () => {
    const reanalyse = () => reanalyseIndexedMentions(harness.app);
    await reanalyse();
    const written = raw('@PortaPacchi the box went to the porter of the building next door', 11);
    TEXT.set(written.id, written.content as string);
    await harness.app.get(MentionIngestService).indexBatch([written]);
    const doc = async () => (await harness.indexedMentions<Mention>()).get(written.id)!;

    const { topic } = await createTopic('Portineria', 'porter');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 1 });
    await reanalyse();
    // In the topic, but no word a rule knows and no account the topic names: flushed.
    expect(await doc()).toMatchObject({ topicIds: [topic.id], category: 'flush', flushReason: 'no_action', pipelineVersion: PIPELINE_VERSION });

    // The account joins the query (an account no other mention here is written to): the membership
    // stays, the labels must not.
    await change(topic.id, { query: '@PortaPacchi OR porter' }, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 1 });
    expect(await doc()).toMatchObject({ topicIds: [topic.id], pipelineVersion: TOPICS_CHANGED_VERSION });
    expect(await reanalyse()).toMatchObject({ processed: 1, changed: 1, failed: [] });
    expect(await doc()).toMatchObject({ topicIds: [topic.id], category: 'service', intent: 'complaint', flushReason: null, pipelineVersion: PIPELINE_VERSION });
    expect((await doc()).explanations.category.reasons).toEqual(['written to @portapacchi, with no clear request: kept for a person']);

    // The same change again moves nothing and asks for nothing.
    await change(topic.id, { query: '@PortaPacchi OR porter' }, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 0 });

    // The account leaves the query: flushed again.
    await change(topic.id, { query: 'porter' }, 'update');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 1 });
    expect(await reanalyse()).toMatchObject({ processed: 1, changed: 1, failed: [] });
    expect(await doc()).toMatchObject({ topicIds: [topic.id], category: 'flush', flushReason: 'no_action' });
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
    await reanalyse();
  });

  it('flushes a crowd question no topic takes as small talk, and asks for it again once a new topic takes it', async () => {
    const reanalyse = () => reanalyseIndexedMentions(harness.app);
    await reanalyse();
    const asked = raw("Qualcuno ha provato la nuova pizzeria Fiamma in centro? Com'è?", 11);
    TEXT.set(asked.id, asked.content as string);
    await harness.app.get(MentionIngestService).indexBatch([asked]);
    const doc = async () => (await harness.indexedMentions<Mention>()).get(asked.id)!;
    // The account has topics, and none of them takes it: a question about nothing the team follows.
    expect(await doc()).toMatchObject({ topicIds: [], category: 'flush', intent: 'other', flushReason: 'no_action' });
    expect((await doc()).explanations.category.reasons).toEqual(['a question about nothing a topic follows: small talk']);

    const { topic } = await createTopic('Fiamma', 'fiamma');
    expect(finished(await runner().runNext())).toMatchObject({ state: 'succeeded', changed: 1 });
    expect(await reanalyse()).toMatchObject({ processed: 1, changed: 1, failed: [] });
    expect(await doc()).toMatchObject({ topicIds: [topic.id], category: 'service', intent: 'question', flushReason: null, pipelineVersion: PIPELINE_VERSION });
    await change(topic.id, 'delete', 'delete');
    finished(await runner().runNext());
  });
});
