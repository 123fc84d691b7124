import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { mentionId, signMetaBody } from '@ascolto/collectors';
import { FakeMetaGraphServer } from '@ascolto/testing';
import { createApiApp } from '../../../api/src/app.factory';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { InboundItemsPrunerService } from '../../src/collection/push/inbound-items-pruner.service';
import { TEST_CREDENTIALS_KEY, WorkerHarness } from '../worker-harness';

/*
 * Instagram @mentions end to end: Meta's `mentions` webhook through the real API (signature,
 * storage in inbound_items), then the real worker's Instagram run reads each referenced object
 * from the loopback Graph fake, indexes it and moves `pushedThrough` only after indexing.
 */

const APP_SECRET = 'meta-app-secret-integration';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

interface Cursor {
  pushedThrough?: string;
  tags: { newest: string | null };
}

describe('Instagram @mentions through the webhook and the worker', () => {
  const fake = new FakeMetaGraphServer();
  const harness = new WorkerHarness();
  let api: INestApplication;
  let n = 0;

  beforeAll(async () => {
    await fake.start();
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
  });
  afterAll(async () => {
    await api?.close();
    await harness.stop();
    await fake.stop();
  });

  async function newSource(settings: Record<string, string | number | boolean | string[]> = {}) {
    n++;
    const igUserId = `178414099${String(n).padStart(8, '0')}`;
    fake.addIgUser(igUserId);
    const source = await harness.addTypedSource({
      type: 'instagram',
      url: fake.baseUrl,
      name: `Instagram mentions ${n}`,
      settings: { igUserId, hashtags: [], includeTags: false, ...settings },
      credentials: { accessToken: 'fake-page-token', appSecret: APP_SECRET, webhookVerifyToken: `verify-${n}` },
    });
    return { igUserId, source };
  }

  async function deliver(sourceId: string, igUserId: string, values: Array<{ media_id: string; comment_id?: string }>) {
    const body = JSON.stringify({ object: 'instagram', entry: [{ id: igUserId, time: Math.floor(Date.now() / 1000), changes: values.map((value) => ({ field: 'mentions', value })) }] });
    const res = await request(api.getHttpServer())
      .post(`/api/ingest/meta/${sourceId}`)
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', signMetaBody(APP_SECRET, body))
      .send(body);
    expect(res.status).toBe(200);
    return res.body as { stored: number; duplicates: number };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;
  async function docsOf(sourceId: string) {
    const docs = await harness.indexedMentions<{ sourceId: string; content: string; url: string | null; externalId: string }>();
    return [...docs.entries()].filter(([, d]) => d.sourceId === sourceId);
  }
  const maxSeq = async (sourceId: string) =>
    (await harness.dataSource.query<Array<{ seq: string }>>('SELECT max(seq)::text AS seq FROM inbound_items WHERE source_id = $1', [sourceId]))[0].seq;

  it('indexes a caption and a comment @mention with their text and permalink after the webhook', async () => {
    const { igUserId, source } = await newSource();
    const media = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(10), caption: 'Finalmente la fibra di @velamobile funziona!', username: 'giulia.rossi' });
    const comment = fake.addMentionedComment(igUserId, { mediaId: media.id, text: '@velamobile il mio ordine è fermo', timestamp: minutesAgo(5), username: 'marco.b' });
    await expect(deliver(source.id, igUserId, [{ media_id: media.id }, { media_id: media.id, comment_id: comment.id }])).resolves.toMatchObject({ stored: 2 });

    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, error: null });
    const docs = new Map(await docsOf(source.id));
    const permalink = `https://www.instagram.com/p/C${media.id.slice(-8)}/`;
    expect(docs.get(mentionId('instagram', 'instagram.com', media.id))).toMatchObject({ content: 'Finalmente la fibra di @velamobile funziona!', url: permalink });
    expect(docs.get(mentionId('instagram', 'instagram.com', `comment:${comment.id}`))).toMatchObject({ content: '@velamobile il mio ordine è fermo', url: permalink });
    expect(((await harness.cursorOf(source.id)) as Cursor).pushedThrough).toBe(await maxSeq(source.id));

    // Nothing pending: the next run reads nothing and the mark stays.
    const before = fake.requests.length;
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, fetched: 0 });
    expect(fake.requests.length).toBe(before);
  });

  it('treats the same post via tags and via a caption mention as one mention', async () => {
    const { igUserId, source } = await newSource({ includeTags: true });
    const tagged = fake.addTagged(igUserId, { timestamp: minutesAgo(20), caption: 'Taggata e menzionata @velamobile' });
    fake.igUsers.get(igUserId)!.mentionedIn.push(tagged);
    await deliver(source.id, igUserId, [{ media_id: tagged.id }]);
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await docsOf(source.id)).toHaveLength(1);
  });

  it('skips a reference whose media was deleted, without failing, and moves past it', async () => {
    const { igUserId, source } = await newSource();
    const gone = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(10), caption: 'Cancellato' });
    const kept = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(9), caption: 'Resta @velamobile' });
    await deliver(source.id, igUserId, [{ media_id: gone.id }, { media_id: kept.id }]);
    fake.deleteMedia(gone.id);
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, error: null });
    expect((await docsOf(source.id)).map(([, d]) => d.content)).toEqual(['Resta @velamobile']);
    expect(await harness.sourceState(source.id)).toMatchObject({ attention: null, consecutiveFailures: 0 });
    expect(((await harness.cursorOf(source.id)) as Cursor).pushedThrough).toBe(await maxSeq(source.id));
  });

  it('repeats the references after a crash between indexing and the cursor update, without duplicates', async () => {
    const { igUserId, source } = await newSource();
    const one = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(8), caption: 'Uno @velamobile' });
    const two = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(7), caption: 'Due @velamobile' });
    await deliver(source.id, igUserId, [{ media_id: one.id }, { media_id: two.id }]);
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect((await lastRun(source.id)).status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    commit.mockRestore();

    const three = fake.addMentionedMedia(igUserId, { timestamp: minutesAgo(1), caption: 'Tre @velamobile' });
    await deliver(source.id, igUserId, [{ media_id: three.id }]);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    expect((await docsOf(source.id)).map(([, d]) => d.content).sort()).toEqual(['Due @velamobile', 'Tre @velamobile', 'Uno @velamobile']);

    // Indexed references are pruned like a webhook source's, once old enough; pending ones never.
    await harness.dataSource.query(`UPDATE inbound_items SET received_at = now() - interval '40 days' WHERE source_id = $1`, [source.id]);
    await deliver(source.id, igUserId, [{ media_id: '17999999999999999' }]);
    await harness.dataSource.query(`UPDATE inbound_items SET received_at = now() - interval '40 days' WHERE source_id = $1`, [source.id]);
    await new InboundItemsPrunerService(harness.dataSource).pruneOnce();
    const left = await harness.dataSource.query<Array<{ external_id: string }>>('SELECT external_id FROM inbound_items WHERE source_id = $1', [source.id]);
    expect(left.map((r) => r.external_id)).toEqual(['media:17999999999999999']);
  });
});
