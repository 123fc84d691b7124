import { Client } from '@elastic/elasticsearch';
import type { Mention } from '@ascolto/domain';
import { createTestSearchClient, deleteIndicesWithPrefix, randomIndexPrefix } from '../../testing/src/elasticsearch';
import { makeMention, makeMentions, resetMentionFactory } from '../../testing/src/mention-factory';
import { BulkMentionIndexer } from './bulk-mention-indexer';
import { loadSearchConfig } from './config';
import { MentionIndexManager } from './mention-index-manager';
import { MentionSearchService } from './mention-search.service';

// Real cluster work on shared cores: the default 5 s is too tight under load.
jest.setTimeout(60_000);

const client = createTestSearchClient();
const prefix = randomIndexPrefix();
const config = { ...loadSearchConfig({}), indexPrefix: prefix };
const manager = new MentionIndexManager(client, config);
const indexer = new BulkMentionIndexer(client, manager);
const search = new MentionSearchService(client, manager);

async function countAll(): Promise<number> {
  await client.indices.refresh({ index: manager.readAlias });
  return (await client.count({ index: manager.readAlias })).count;
}

async function source(id: string): Promise<Mention> {
  const m = await search.get(id);
  if (!m) throw new Error(`mention ${id} not found`);
  return m;
}

beforeAll(async () => {
  await manager.ensureReady(new Date('2026-03-20T00:00:00Z'));
});

afterAll(async () => {
  await deleteIndicesWithPrefix(client, prefix);
  await client.close();
});

describe('BulkMentionIndexer (real Elasticsearch)', () => {
  resetMentionFactory();
  const batch = makeMentions(4_000);

  it('indexes a few thousand mentions, each in the index of its publication month', async () => {
    // Small requests, so chunking and several requests in flight are part of what is tested.
    const chunked = new BulkMentionIndexer(client, manager, { maxChunkDocs: 700, concurrency: 3 });
    const report = await chunked.indexBatch(batch, { refresh: 'wait_for' });
    expect(report).toEqual({ created: 4_000, updated: 0, failed: [], tookMs: expect.any(Number) });
    expect(await countAll()).toBe(4_000);

    const expected = new Map<string, number>();
    for (const m of batch) expected.set(manager.indexNameFor(m.publishedAt), (expected.get(manager.indexNameFor(m.publishedAt)) ?? 0) + 1);
    expect(expected.size).toBeGreaterThanOrEqual(3);
    const res = await client.search({
      index: manager.readAlias,
      size: 0,
      aggs: { byIndex: { terms: { field: '_index', size: 50 } } },
    });
    const buckets = (res.aggregations!.byIndex as { buckets: Array<{ key: string; doc_count: number }> }).buckets;
    expect(new Map(buckets.map((b) => [b.key, b.doc_count]))).toEqual(expected);

    // Months that did not exist yet were created from the template, so they are in the alias.
    expect((await manager.aliasIndices()).sort()).toEqual([...expected.keys()].sort());
    const sample = batch[1234];
    expect(await source(sample.id)).toEqual(sample);
  });

  it('re-delivery creates no duplicate, applies edits and keeps what people set', async () => {
    const triaged = batch[10];
    const ticketed = batch[11];
    await search.updateWorkflow(triaged.id, { status: 'done', triagedAt: '2026-04-01T08:00:00.000Z', tags: ['vip'] });
    await search.updateWorkflow(ticketed.id, { status: 'in_progress', ticketId: 'T-42', assigneeId: 'u-7', firstResponseSeconds: 930 });

    // The collector sees everything again, one post edited at the source, and later.
    const again = batch.map((m) => ({ ...m, collectedAt: '2026-04-02T00:00:00.000Z' }));
    again[10] = { ...again[10], text: 'Testo modificato: il rimborso è arrivato, grazie.', sentiment: 'positive' };
    const report = await indexer.indexBatch(again, { refresh: 'wait_for' });
    expect(report).toEqual({ created: 0, updated: 4_000, failed: [], tookMs: expect.any(Number) });
    expect(await countAll()).toBe(4_000);

    const t = await source(triaged.id);
    expect(t).toMatchObject({
      text: 'Testo modificato: il rimborso è arrivato, grazie.',
      sentiment: 'positive',
      status: 'done',
      triagedAt: '2026-04-01T08:00:00.000Z',
      tags: ['vip'],
      // When we first saw it, not when it came back.
      collectedAt: triaged.collectedAt,
    });
    expect(await source(ticketed.id)).toMatchObject({
      status: 'in_progress',
      ticketId: 'T-42',
      assigneeId: 'u-7',
      firstResponseSeconds: 930,
      text: ticketed.text,
    });
  });

  it("re-delivery keeps the labels a person corrected, and refreshes the others, with the priority of the person's labels", async () => {
    const m = batch[20];
    const located = await search.getLocated(m.id);
    const person = { label: 'negative', confidence: 1, reasons: ['corrected by Anna'] };
    const corrected = await search.correctLabels(
      located!.index,
      m.id,
      () => ({
        labels: { sentiment: 'negative', intent: 'complaint' },
        explanations: { sentiment: person },
        corrected: ['sentiment', 'intent'],
        derived: { sentimentScore: -1, priority: 61 },
      }),
      { refresh: 'wait_for' },
    );
    expect(corrected?.after).toMatchObject({ sentiment: 'negative', intent: 'complaint', correctedLabels: ['sentiment', 'intent'] });

    // The pipeline, run again (say a new version), says something else about every label.
    const redelivered: Mention = {
      ...m,
      sentiment: 'positive',
      sentimentScore: 0.8,
      intent: 'praise',
      category: 'marketing',
      // The pipeline's priority for a positive praise; the factors: one urgency word, a day old.
      priority: 8,
      priorityFactors: { urgencyWords: 1, reach: 0, age: 0.5 },
      pipelineVersion: 'next',
      explanations: {
        ...m.explanations,
        sentiment: { label: 'positive', confidence: 0.9, reasons: ['word "grazie"'] },
        category: { label: 'marketing', confidence: 0.8, reasons: ['rule: promo'] },
      },
    };
    const report = await indexer.indexBatch([redelivered], { refresh: 'wait_for' });
    expect(report).toMatchObject({ created: 0, updated: 1, failed: [] });
    const after = await source(m.id);
    expect(after).toMatchObject({
      sentiment: 'negative',
      // The person's sentiment keeps its score.
      sentimentScore: -1,
      intent: 'complaint',
      category: 'marketing',
      pipelineVersion: 'next',
      correctedLabels: ['sentiment', 'intent'],
      // From the person's negative complaint and the new factors: (10 + 25 + 0 + 20 + 6) × 0.5.
      priority: 31,
      priorityFactors: { urgencyWords: 1, reach: 0, age: 0.5 },
    });
    expect(after.explanations.sentiment).toEqual(person);
    expect(after.explanations.category).toEqual({ label: 'marketing', confidence: 0.8, reasons: ['rule: promo'] });
  });

  it('a correction landing between the read and the update of a re-delivery is not overwritten', async () => {
    const m = batch[21];
    const located = (await search.getLocated(m.id))!;
    let corrections = 0;
    // The real client, except that the re-delivery's read of the stored document is followed by a
    // person's correction: the indexer's update must then fail on the sequence number and retry.
    const racing = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'mget') return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<Client['mget']>) => {
          const res = await target.mget(...args);
          if (corrections++ === 0) {
            await search.correctLabels(located.index, m.id, () => ({ labels: { category: 'service' }, explanations: {}, corrected: ['category'], derived: {} }));
          }
          return res;
        };
      },
    });
    const racingIndexer = new BulkMentionIndexer(racing, manager);
    const report = await racingIndexer.indexBatch([{ ...m, category: 'flush', flushReason: 'spam' }], { refresh: 'wait_for' });
    expect(report).toMatchObject({ created: 0, updated: 1, failed: [] });
    expect(corrections).toBe(2);
    expect(await source(m.id)).toMatchObject({ category: 'service', flushReason: 'spam', correctedLabels: ['category'] });
  });

  it('writes a mention given twice in one batch once, with the later version', async () => {
    const first = makeMention({ publishedAt: '2026-03-01T10:00:00Z' });
    const second = { ...first, text: 'seconda versione', priority: 99 };
    const before = await countAll();
    const report = await indexer.indexBatch([first, second], { refresh: 'wait_for' });
    expect(report).toMatchObject({ created: 1, updated: 1, failed: [] });
    expect(await countAll()).toBe(before + 1);
    expect(await source(first.id)).toMatchObject({ text: 'seconda versione', priority: 99 });
  });

  it('reports mentions Elasticsearch refuses, and writes the others', async () => {
    const good = makeMentions(20);
    const wrongType = { ...makeMention(), priority: 'high' as unknown as number };
    const unknownField = { ...makeMention(), mood: 'angry' } as Mention;
    const badDate = makeMention({ publishedAt: 'ieri sera' });
    const noId = { ...makeMention(), id: '' };
    const before = await countAll();

    const report = await indexer.indexBatch([...good.slice(0, 10), wrongType, unknownField, badDate, noId, ...good.slice(10)], {
      refresh: 'wait_for',
    });

    expect(report.created).toBe(20);
    expect(report.failed).toHaveLength(4);
    const byId = new Map(report.failed.map((f) => [f.id, f]));
    expect(byId.get(wrongType.id)).toMatchObject({ status: 400, reason: expect.stringMatching(/priority/) });
    expect(byId.get(unknownField.id)).toMatchObject({ status: 400, reason: expect.stringMatching(/strict.*mood|mood.*strict/) });
    expect(byId.get(badDate.id)).toMatchObject({ status: 400, reason: expect.stringMatching(/publishedAt/) });
    expect(byId.get('')).toMatchObject({ status: 400 });
    expect(await countAll()).toBe(before + 20);
    expect(await search.get(wrongType.id)).toBeNull();
  });

  it('reports an edit Elasticsearch refuses on an existing mention without touching it', async () => {
    // One nobody corrected (a corrected sentiment keeps its stored score, so the bad one would not be sent).
    const existing = batch[21];
    const report = await indexer.indexBatch([{ ...existing, sentimentScore: 'very' as unknown as number }]);
    expect(report.updated).toBe(0);
    expect(report.failed).toEqual([expect.objectContaining({ id: existing.id, status: 400 })]);
    expect((await source(existing.id)).sentimentScore).toBe(existing.sentimentScore);
  });

  it('retries items refused for load until they are written', async () => {
    const month = makeMentions(30, { publishedAt: '2026-02-14T12:00:00.000Z' });
    const index = manager.indexNameFor('2026-02-14T12:00:00.000Z');
    await manager.ensureIndex(index);
    // The flood-stage block answers 429 per item, just as a node under disk pressure does.
    await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': true } });
    const counting = createTestSearchClient();
    const bulkBodies: string[] = [];
    counting.diagnostic.on('request', (_err, event) => {
      if (event?.meta.request.params.path.endsWith('/_bulk')) bulkBodies.push(String(event.meta.request.params.body));
    });
    try {
      const patient = new BulkMentionIndexer(counting, manager, { retryBaseMs: 200, maxRetries: 6 });
      const unblocked = makeMention({ publishedAt: '2026-03-03T00:00:00Z' });
      const pending = patient.indexBatch([...month, unblocked], { refresh: 'wait_for' });
      await new Promise((resolve) => setTimeout(resolve, 400));
      await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': null } });
      const report = await pending;
      expect(report).toMatchObject({ created: 31, failed: [] });
      expect(await search.getMany(month.map((m) => m.id))).toHaveLength(30);
      // Retries carried only the refused items.
      expect(bulkBodies.length).toBeGreaterThanOrEqual(2);
      for (const body of bulkBodies.slice(1)) {
        expect(body.split('\n').filter((line) => line.startsWith('{"create"'))).toHaveLength(30);
        expect(body).not.toContain(unblocked.id);
      }
    } finally {
      await counting.close();
    }
  });

  it('reports items still refused after the last retry', async () => {
    const month = makeMentions(5, { publishedAt: '2026-02-15T12:00:00.000Z' });
    const index = manager.indexNameFor('2026-02-15T12:00:00.000Z');
    await manager.ensureIndex(index);
    await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': true } });
    try {
      const quick = new BulkMentionIndexer(client, manager, { retryBaseMs: 10, maxRetries: 2 });
      const other = makeMention({ publishedAt: '2026-01-20T00:00:00Z' });
      const report = await quick.indexBatch([...month, other]);
      expect(report.created).toBe(1);
      expect(report.failed).toHaveLength(5);
      for (const f of report.failed) {
        expect(f).toMatchObject({ status: 429, reason: expect.stringMatching(/^gave up after 2 retries: cluster_block_exception/) });
      }
    } finally {
      await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': null } });
    }
  });

  it('creates the month index itself when the cluster does not auto-create indices', async () => {
    const cluster = await client.cluster.getSettings({ flat_settings: true });
    const previous = cluster.persistent?.['action.auto_create_index'] ?? null;
    // Only this test's prefix is refused, so other suites on the shared node are not affected.
    await client.cluster.putSettings({ persistent: { 'action.auto_create_index': `-${prefix}*,+*` } });
    try {
      const old = makeMentions(3, { publishedAt: '2019-07-04T12:00:00.000Z' });
      const report = await indexer.indexBatch(old, { refresh: 'wait_for' });
      expect(report).toMatchObject({ created: 3, failed: [] });
      expect(await manager.aliasIndices()).toContain(`${prefix}mentions-2019.07`);
    } finally {
      await client.cluster.putSettings({ persistent: { 'action.auto_create_index': previous } });
    }
  });

  it('throws when Elasticsearch cannot be reached, so the caller keeps its cursor', async () => {
    const unreachable = new Client({ node: 'http://127.0.0.1:1', maxRetries: 1, requestTimeout: 2_000 });
    try {
      const broken = new BulkMentionIndexer(unreachable, new MentionIndexManager(unreachable, config));
      await expect(broken.indexBatch(makeMentions(5))).rejects.toThrow(/ECONNREFUSED|connect|Connection/i);
    } finally {
      await unreachable.close();
    }
  });

  it('returns an empty report for an empty batch', async () => {
    expect(await indexer.indexBatch([])).toEqual({ created: 0, updated: 0, failed: [], tookMs: expect.any(Number) });
  });

  it('marks mentions their source deleted without losing their text, and ignores ids it never indexed', async () => {
    const kept = makeMention({ text: 'Il modem è rotto da tre giorni, nessuno risponde' });
    // No refresh after indexing: a deletion can arrive right after the item itself.
    await indexer.indexBatch([kept]);
    const at = '2026-11-22T10:00:00.000Z';
    expect(await indexer.markDeletedAtSource([{ id: kept.id, at }, { id: 'never-indexed', at }])).toBe(1);
    await client.indices.refresh({ index: manager.readAlias });
    const after = await source(kept.id);
    expect(after).toMatchObject({ text: kept.text, deletedAtSource: at, status: kept.status });
    expect(await indexer.markDeletedAtSource([])).toBe(0);

    // A later re-delivery without the flag keeps it: the deletion is a fact about the source.
    await indexer.indexBatch([{ ...kept, priority: 12 }], { refresh: 'wait_for' });
    expect(await source(kept.id)).toMatchObject({ priority: 12, deletedAtSource: at });
  });
});
