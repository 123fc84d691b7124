import type { CorrectLabelsRequest, Mention } from '@ascolto/domain';
import { createCorrectionIntent } from '@ascolto/persistence';
import { MentionSearchService, planCorrection } from '@ascolto/search';
import { makeMention } from '@ascolto/testing';
import type { WorkerConfig } from '../../worker/src/config/worker-config';
import { LabelCorrectionReconcilerService } from '../../worker/src/reconcile/label-correction-reconciler.service';
import { correctionRecords, type CorrectionRecord } from '../src/corrections/corrections-export';
import { ApiTestEnv, type Agent } from './support/api-test-env';

jest.setTimeout(60_000);

const GRACE_SECONDS = 120;
const AFTER_GRACE = () => new Date(Date.now() + (GRACE_SECONDS + 1) * 1000);

/**
 * The API records a correction PostgreSQL first: intent, document, rows. These tests leave the
 * states a failure leaves (Elasticsearch refusing, a crash before or after the document write)
 * and check that the worker's reconciler finishes what is left and nothing is recorded twice.
 */
describe('label corrections when something fails half-way', () => {
  let env: ApiTestEnv;
  let agent: Agent;
  let csrf: string;
  let search: MentionSearchService;
  let reconciler: LabelCorrectionReconcilerService;
  const m = (overrides: Partial<Mention>) =>
    makeMention({ publishedAt: '2026-04-02T08:00:00.000Z', sentiment: 'positive', intent: 'praise', category: 'service', flushReason: null, language: 'it', ...overrides });
  const refused = m({ text: 'Il blocco in scrittura' });
  const beforeWrite = m({ text: 'Caduto prima di scrivere' });
  const afterWrite = m({ text: 'Caduto dopo aver scritto' });
  const superseded = m({ text: 'Corretto due volte' });

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    await env.indexMentions([refused, beforeWrite, afterWrite, superseded]);
    ({ agent, csrf } = await env.login('agent'));
    search = env.app.get(MentionSearchService);
    // The worker's reconciler over the same database and indices (its timer is not started).
    reconciler = new LabelCorrectionReconcilerService(env.db.dataSource, search, { correctionGraceSeconds: GRACE_SECONDS, reconcileSeconds: 30 } as WorkerConfig);
  });
  afterAll(() => env?.close());

  const patch = (id: string, body: object) => agent.patch(`/api/mentions/${id}/labels`).set('X-XSRF-TOKEN', csrf).send(body);
  const rows = (id: string) =>
    env.db.dataSource.query(
      'SELECT kind, machine_value, corrected_value, user_id, intent_id, created_at, applied_at FROM label_corrections WHERE mention_id = $1 ORDER BY created_at, kind',
      [id],
    );
  const intents = (id: string) =>
    env.db.dataSource.query('SELECT id, user_id, created_at, applied_at FROM label_correction_intents WHERE mention_id = $1 ORDER BY id', [id]);
  const refresh = () => env.es.indices.refresh({ index: `${env.indexPrefix}*` });
  const exported = async () => {
    const records = new Map<string, CorrectionRecord>();
    for await (const record of correctionRecords(env.db.dataSource)) records.set(record.id, record);
    return records;
  };
  const agentUser = () => env.users.get('agent')!.user;

  /** What the API commits before it writes Elasticsearch, for a process that then dies. */
  async function intentAsTheApiWould(mention: Mention, request: CorrectLabelsRequest): Promise<string> {
    const located = (await search.getLocated(mention.id))!;
    const plan = planCorrection(located.mention, request, agentUser().name);
    return createCorrectionIntent(env.db.dataSource, {
      mentionId: mention.id,
      mentionIndex: located.index,
      request,
      planned: plan.changes,
      userId: agentUser().id,
      userName: agentUser().name,
    });
  }

  it('Elasticsearch refusing the write answers 503 and records nothing', async () => {
    const { index } = (await search.getLocated(refused.id))!;
    await env.es.indices.putSettings({ index, settings: { 'index.blocks.write': true } });
    try {
      const res = await patch(refused.id, { sentiment: 'negative' }).expect(503);
      expect(res.body).toMatchObject({ statusCode: 503, message: 'Search is temporarily unavailable; the labels were not changed' });
    } finally {
      await env.es.indices.putSettings({ index, settings: { 'index.blocks.write': false } });
    }
    expect(await rows(refused.id)).toEqual([]);
    // The intent was removed: the reconciler has nothing to apply later.
    expect(await intents(refused.id)).toEqual([]);
    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(0);
    expect(await env.documentOf(refused.id)).toMatchObject({ sentiment: 'positive' });
    expect((await env.documentOf(refused.id))?.correctedLabels).toBeUndefined();

    // Once Elasticsearch takes writes again, the person's retry goes through.
    await patch(refused.id, { sentiment: 'negative' }).expect(200);
    expect((await rows(refused.id)).map((r: { corrected_value: string }) => r.corrected_value)).toEqual(['negative']);
  });

  it('a crash before the document was written leaves an intent the reconciler applies after the grace period', async () => {
    const intentId = await intentAsTheApiWould(beforeWrite, { sentiment: 'negative', category: 'flush', flushReason: 'spam' });
    // Pending: not a correction yet, for the audit trail or the export.
    expect(await rows(beforeWrite.id)).toEqual([]);
    expect((await exported()).has(beforeWrite.id)).toBe(false);

    // Still within the grace period: it may be a request in flight, left alone.
    expect(await reconciler.reconcileOnce(new Date())).toBe(0);
    expect((await intents(beforeWrite.id))[0].applied_at).toBeNull();

    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(1);
    await refresh();
    const doc = await env.documentOf(beforeWrite.id);
    expect(doc).toMatchObject({ sentiment: 'negative', category: 'flush', flushReason: 'spam', correctedLabels: ['sentiment', 'category', 'flushReason'] });
    expect(doc?.explanations.sentiment.reasons).toEqual(['corrected by The agent']);

    const [intent] = await intents(beforeWrite.id);
    expect(intent).toMatchObject({ id: intentId, applied_at: expect.any(Date) });
    const recorded = await rows(beforeWrite.id);
    expect(recorded.map((r: { kind: string; machine_value: string | null; corrected_value: string | null }) => [r.kind, r.machine_value, r.corrected_value])).toEqual([
      ['category', 'service', 'flush'],
      ['flush_reason', null, 'spam'],
      ['sentiment', 'positive', 'negative'],
    ]);
    for (const row of recorded) {
      // The person's correction, made when they asked, recorded when the reconciler finished it.
      expect(row).toMatchObject({ user_id: agentUser().id, intent_id: intentId, created_at: intent.created_at });
      expect(row.applied_at.getTime()).toBeGreaterThan(intent.created_at.getTime());
    }
    const audit = (await env.auditEvents('mention.labels')).filter((e) => e.entity_id === beforeWrite.id);
    expect(audit).toEqual([
      {
        actor_id: agentUser().id,
        entity_id: beforeWrite.id,
        data: {
          changes: [
            { label: 'sentiment', from: 'positive', to: 'negative' },
            { label: 'category', from: 'service', to: 'flush' },
            { label: 'flushReason', from: null, to: 'spam' },
          ],
          corrected: ['sentiment', 'category', 'flushReason'],
          reconciled: true,
        },
      },
    ]);
    expect((await exported()).get(beforeWrite.id)).toEqual({ id: beforeWrite.id, text: beforeWrite.text, lang: 'it', sentiment: 'negative', category: 'flush', flushReason: 'spam' });
    // Done: a second pass finds nothing.
    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(0);
  });

  it('a crash after the document was written: the retry and the reconciler record the correction once', async () => {
    const request = { sentiment: 'negative', intent: 'complaint' } as const;
    const intentId = await intentAsTheApiWould(afterWrite, request);
    // The API wrote the document, then died before its second transaction.
    const { index } = (await search.getLocated(afterWrite.id))!;
    await search.correctLabels(index, afterWrite.id, (current) => planCorrection(current, request, agentUser().name).patch, { refresh: 'wait_for' });
    expect(await env.documentOf(afterWrite.id)).toMatchObject({ sentiment: 'negative', intent: 'complaint' });
    expect(await rows(afterWrite.id)).toEqual([]);

    // The person saw no answer and tries again: the values no longer change, so the retry adds no row…
    const retry = await patch(afterWrite.id, request).expect(200);
    expect(retry.body).toMatchObject({ sentiment: 'negative', intent: 'complaint', correctedLabels: ['sentiment', 'intent'] });
    expect(await rows(afterWrite.id)).toEqual([]);

    // …and the reconciler records the first attempt, from the values it replaced.
    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(1);
    const recorded = await rows(afterWrite.id);
    expect(recorded.map((r: { kind: string; machine_value: string; corrected_value: string; intent_id: string }) => [r.kind, r.machine_value, r.corrected_value, r.intent_id])).toEqual([
      ['intent', 'praise', 'complaint', intentId],
      ['sentiment', 'positive', 'negative', intentId],
    ]);
    // Another retry and another pass: still one row per label.
    await patch(afterWrite.id, request).expect(200);
    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(0);
    expect(await rows(afterWrite.id)).toHaveLength(2);
    expect((await intents(afterWrite.id)).every((i: { applied_at: Date | null }) => i.applied_at !== null)).toBe(true);
    expect((await exported()).get(afterWrite.id)).toEqual({ id: afterWrite.id, text: afterWrite.text, lang: 'it', sentiment: 'negative', intent: 'complaint' });
  });

  it('a later correction of the same label wins over an older one the reconciler finishes', async () => {
    // Crashed before its write: sentiment and intent.
    await intentAsTheApiWould(superseded, { sentiment: 'negative', intent: 'complaint' });
    // Then a person sets the sentiment again, and the API finishes that one.
    await patch(superseded.id, { sentiment: 'neutral' }).expect(200);

    expect(await reconciler.reconcileOnce(AFTER_GRACE())).toBe(1);
    await refresh();
    // The older correction did not overwrite the newer sentiment; its intent still applied.
    expect(await env.documentOf(superseded.id)).toMatchObject({ sentiment: 'neutral', intent: 'complaint', correctedLabels: ['sentiment', 'intent'] });
    expect((await rows(superseded.id)).map((r: { kind: string; machine_value: string; corrected_value: string }) => [r.kind, r.machine_value, r.corrected_value])).toEqual([
      ['intent', 'praise', 'complaint'],
      ['sentiment', 'positive', 'neutral'],
    ]);
    expect((await exported()).get(superseded.id)).toMatchObject({ sentiment: 'neutral', intent: 'complaint' });
  });
});
