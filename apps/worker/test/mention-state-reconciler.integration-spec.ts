import { MentionStateEntity, TicketEntity, UserEntity } from '@ascolto/persistence';
import { BulkMentionIndexer, MentionSearchService } from '@ascolto/search';
import { makeMention } from '@ascolto/testing';
import { WORKER_CONFIG } from '../src/config/worker-config.token';
import { MentionStateReconcilerService } from '../src/reconcile/mention-state-reconciler.service';
import { WorkerHarness } from './worker-harness';

describe('the mention state reconciler', () => {
  const harness = new WorkerHarness();
  let reconciler: MentionStateReconcilerService;
  let search: MentionSearchService;

  beforeAll(async () => {
    await harness.start();
    search = harness.app.get(MentionSearchService);
    reconciler = new MentionStateReconcilerService(harness.dataSource, search, harness.app.get(WORKER_CONFIG));
  });
  afterAll(() => harness.stop());

  it('re-applies states that never reached Elasticsearch, and only those', async () => {
    const [stale, synced, missing] = [makeMention(), makeMention(), makeMention()];
    await harness.app.get(BulkMentionIndexer).indexBatch([stale, synced], { refresh: 'wait_for' });
    const user = await harness.dataSource.getRepository(UserEntity).save({ email: 'lead@vela.example', name: 'Lead', passwordHash: 'x', role: 'lead' });
    const ticket = await harness.dataSource.getRepository(TicketEntity).save({ subject: 'Fibra', createdById: user.id });
    const states = harness.dataSource.getRepository(MentionStateEntity);
    const triagedAt = new Date('2026-11-20T10:00:00Z');
    // What the API leaves behind when its Elasticsearch write failed after the PostgreSQL commit.
    await states.save([
      { mentionId: stale.id, status: 'in_progress', ticketId: ticket.id, assigneeId: null, triagedAt, firstResponseAt: triagedAt, firstResponseSeconds: 600, version: 3, syncedVersion: 1, updatedAt: triagedAt },
      { mentionId: synced.id, status: 'done', ticketId: null, assigneeId: null, triagedAt, firstResponseAt: triagedAt, firstResponseSeconds: 60, version: 2, syncedVersion: 2, updatedAt: triagedAt },
      { mentionId: missing.id, status: 'flushed', ticketId: null, assigneeId: null, triagedAt, firstResponseAt: null, firstResponseSeconds: null, version: 1, syncedVersion: 0, updatedAt: triagedAt },
    ]);

    expect(await reconciler.reconcileOnce()).toBe(1);
    await harness.indexedIds(); // refreshes, as the inbox would see it a second later

    const after = await search.get(stale.id);
    expect(after).toMatchObject({ status: 'in_progress', ticketId: ticket.id, firstResponseSeconds: 600, triagedAt: triagedAt.toISOString() });
    expect((await states.findOneByOrFail({ mentionId: stale.id })).syncedVersion).toBe(3);
    // A state already in sync is not rewritten (the document keeps what the indexer wrote)…
    expect((await search.get(synced.id))?.status).toBe(synced.status);
    // …and a state whose document is not indexed yet stays pending for a later pass.
    expect((await states.findOneByOrFail({ mentionId: missing.id })).syncedVersion).toBe(0);
    expect(await reconciler.reconcileOnce()).toBe(0);
  });
});
