import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Mention } from '@ascolto/domain';
import { mentionId, signWebhookBody } from '@ascolto/collectors';
import { collectRequest } from '@ascolto/testing';
import { createApiApp } from '../../api/src/app.factory';
import { MentionIngestService } from '../src/collection/mention-ingest.service';
import { InboundItemsPrunerService } from '../src/collection/push/inbound-items-pruner.service';
import { WebhookInboxAdapter } from '../src/collection/push/webhook-inbox.adapter';
import { TEST_CREDENTIALS_KEY, WorkerHarness } from './worker-harness';

const SECRET = 'whsec-integration-0123456789';

// Pushed through the real API (signature, validation, storage), read by the real worker (adapter,
// pipeline, Elasticsearch), on one PostgreSQL database and one index prefix.
describe('webhook source end to end', () => {
  const harness = new WorkerHarness();
  let api: INestApplication;
  let sourceId: string;

  beforeAll(async () => {
    await harness.start();
    api = await createApiApp({
      ...process.env,
      DATABASE_URL: harness.db.url,
      DATABASE_POOL_SIZE: '3',
      ES_INDEX_PREFIX: harness.indexPrefix,
      ASCOLTO_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
      LOG_LEVEL: 'silent',
      DASHBOARD_DIST: '/nonexistent/ascolto-dashboard',
    });
    const source = await harness.addTypedSource({ type: 'webhook', url: '', name: 'Messenger', settings: { channel: 'messenger' }, credentials: { signingSecret: SECRET } });
    sourceId = source.id;
  });
  afterAll(async () => {
    await api?.close();
    await harness.stop();
  });

  async function push(items: unknown[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
    const body = JSON.stringify({ items });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await request(api.getHttpServer())
      .post(`/api/ingest/webhooks/${sourceId}`)
      .set('Content-Type', 'application/json')
      .set('X-Ascolto-Timestamp', ts)
      .set('X-Ascolto-Signature', signWebhookBody(SECRET, ts, Buffer.from(body)))
      .send(body);
    expect(res.status).toBe(202);
    return res.body;
  }
  const idOf = (externalId: string) => mentionId('webhook', sourceId, externalId);
  // Fixed once: a re-delivery repeats the item exactly, dates included.
  const started = Date.now();
  const at = (minutesAgo: number) => new Date(started - minutesAgo * 60_000).toISOString();
  const lastRun = async () => (await harness.runsOf(sourceId)).at(-1)!;

  it('indexes pushed messages on the next run and moves the cursor to the last seq', async () => {
    await push([
      { id: 'm1', text: 'Il mio pacco è in ritardo da una settimana', publishedAt: at(30), author: { name: 'Giulia', handle: 'giulia.r' } },
      { id: 'm2', text: '<b>Rimborso</b> non ancora arrivato', publishedAt: at(20), inReplyTo: 'm1' },
      { id: 'm3', text: 'Grazie per l’aiuto!', publishedAt: at(10), language: 'it' },
    ]);
    await harness.runs.runSource(sourceId);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', fetched: 3, created: 3 });
    const docs = await harness.indexedMentions<Mention>();
    expect([...docs.keys()].sort()).toEqual([idOf('m1'), idOf('m2'), idOf('m3')].sort());
    expect(docs.get(idOf('m1'))).toMatchObject({ sourceType: 'webhook', sourceId, externalId: 'm1', author: { name: 'Giulia', handle: 'giulia.r' } });
    expect(docs.get(idOf('m2'))).toMatchObject({ inReplyTo: 'm1', content: '<b>Rimborso</b> non ancora arrivato', text: 'Rimborso non ancora arrivato' });
    const [{ max }] = await harness.dataSource.query('SELECT max(seq)::text AS max FROM inbound_items WHERE source_id = $1', [sourceId]);
    expect(await harness.cursorOf(sourceId)).toEqual({ seq: max });
  });

  it('does nothing with a re-delivery', async () => {
    await expect(push([{ id: 'm3', text: 'Grazie per l’aiuto!', publishedAt: at(10), language: 'it' }])).resolves.toMatchObject({ duplicates: 1 });
    await harness.runs.runSource(sourceId);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
    expect(await harness.indexedIds()).toHaveLength(3);
  });

  it('turns an edit into an update of the same mention and a deletion into a mark', async () => {
    const editedAt = new Date().toISOString();
    await push([{ id: 'm1', text: 'Il mio pacco è in ritardo da DUE settimane', publishedAt: at(30), editedAt }]);
    await push([{ id: 'm3', deleted: true }]);
    await harness.runs.runSource(sourceId);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', fetched: 2, created: 0, updated: 1 });
    const docs = await harness.indexedMentions<Mention>();
    expect(docs.size).toBe(3);
    expect(docs.get(idOf('m1'))).toMatchObject({ content: 'Il mio pacco è in ritardo da DUE settimane', editedAt: new Date(editedAt).toISOString() });
    expect(docs.get(idOf('m3'))).toMatchObject({ content: 'Grazie per l’aiuto!', deletedAtSource: expect.any(String) });
  });

  it('indexes an item created and deleted before a run as one deleted mention', async () => {
    await push([{ id: 'm4', text: 'scritto e cancellato', publishedAt: at(5) }]);
    const deletedAt = at(1);
    await push([{ id: 'm4', deleted: true, deletedAt }]);
    await harness.runs.runSource(sourceId);
    const docs = await harness.indexedMentions<Mention>();
    expect(docs.get(idOf('m4'))).toMatchObject({ content: 'scritto e cancellato', deletedAtSource: deletedAt });
  });

  it('repeats the batch after a crash between indexing and the cursor: no duplicate, no gap', async () => {
    await push([
      { id: 'c1', text: 'prima del crash', publishedAt: at(3) },
      { id: 'c2', text: 'anche questo', publishedAt: at(2) },
    ]);
    const cursorBefore = await harness.cursorOf(sourceId);
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    await harness.runs.runSource(sourceId);
    expect(await lastRun()).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(sourceId)).toEqual(cursorBefore);
    commit.mockRestore();

    await harness.runs.runSource(sourceId);
    expect(await lastRun()).toMatchObject({ status: 'succeeded', fetched: 2, created: 0, updated: 2 });
    const ids = await harness.indexedIds();
    expect(ids).toEqual([...new Set(ids)]);
    expect(ids).toEqual(expect.arrayContaining([idOf('c1'), idOf('c2')]));
    expect(ids).toHaveLength(6); // m1–m4, c1, c2
  });

  it('reads at most a batch per run and continues from there (incomplete, cursor at the last row read)', async () => {
    await push([1, 2, 3, 4, 5].map((n) => ({ id: `b${n}`, text: `messaggio ${n}`, publishedAt: at(1) })));
    const adapter = new WebhookInboxAdapter(harness.dataSource, 2);
    const source = await harness.sourceState(sourceId);
    let cursor = await harness.cursorOf(sourceId);
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await adapter.collect(collectRequest({ id: source.id, type: 'webhook', name: source.name, url: '' }, { cursor }));
      seen.push(...result.items.map((m) => m.externalId));
      expect([result.fetched, Boolean(result.incomplete)]).toEqual(i < 2 ? [2, true] : [1, false]);
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('prunes pushed items once indexed and old, never one the worker has not read', async () => {
    await push([{ id: 'late', text: 'non ancora letto', publishedAt: at(1) }]);
    const cursor = (await harness.cursorOf(sourceId)) as { seq: string };
    await harness.dataSource.query(`UPDATE inbound_items SET received_at = now() - interval '40 days'`);
    const before: Array<{ n: number }> = await harness.dataSource.query('SELECT count(*)::int AS n FROM inbound_items');
    const pruned = await new InboundItemsPrunerService(harness.dataSource).pruneOnce();
    const left: Array<{ seq: string; external_id: string }> = await harness.dataSource.query('SELECT seq::text AS seq, external_id FROM inbound_items ORDER BY seq');
    expect(pruned).toBe(before[0].n - left.length);
    expect(left.every((row) => BigInt(row.seq) > BigInt(cursor.seq))).toBe(true);
    expect(left.map((row) => row.external_id)).toContain('late');
    // The unread item still reaches Elasticsearch.
    await harness.runs.runSource(sourceId);
    expect(await harness.indexedIds()).toContain(idOf('late'));
  });

  it('keeps a private message in words no rule knows for a person: the channel says it is written to the brand', async () => {
    await push([{ id: 'dm1', text: 'Sabato sera ho lasciato il cappotto blu sulla sedia del tavolo 12', publishedAt: at(5) }]);
    await harness.runs.runSource(sourceId);
    const doc = (await harness.indexedMentions<Mention>()).get(idOf('dm1'))!;
    // The same words found by a keyword search are flushed as `no_action` (no cue at all).
    // Written to the brand in words no rule knows: an unsure complaint (most such posts report a problem).
    expect(doc).toMatchObject({ brandChannel: 'direct_message', category: 'service', intent: 'complaint', flushReason: null });
    expect(doc.explanations.category.reasons).toContain('a private message to the brand, with no clear request: kept for a person');
  });
});
