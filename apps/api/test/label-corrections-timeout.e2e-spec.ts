import type { Mention } from '@ascolto/domain';
import { MentionIndexManager, MentionSearchService } from '@ascolto/search';
import { ElasticsearchFaultProxy, makeMention, TEST_ELASTICSEARCH_NODE, type HeldRequest } from '@ascolto/testing';
import type { WorkerConfig } from '../../worker/src/config/worker-config';
import { LabelCorrectionReconcilerService } from '../../worker/src/reconcile/label-correction-reconciler.service';
import { ApiTestEnv, type Agent } from './support/api-test-env';

jest.setTimeout(120_000);

// The API's Elasticsearch requests time out after this long. Long enough that every other request
// of a correction (the look-up, the read before the write) answers in time on a loaded machine;
// only the held write times out, and the client gives up on it by itself.
const REQUEST_TIMEOUT_MS = 10_000;
// The worker's shortest allowed grace (CORRECTION_GRACE_SECONDS is at least 1): the API has
// answered long before the reconciler runs, so the intent is no longer a request in flight.
const GRACE_SECONDS = 1;
// How long to wait for something the test does not time itself (Elasticsearch answering the
// held write); far above what it takes, so that only a real failure ends the wait.
const DEADLINE_MS = 60_000;

const SAVED = 'Search did not answer in time; the correction is saved and will be applied when search answers';

/**
 * The API writes a correction PostgreSQL first: intent, document, rows. Here Elasticsearch answers
 * the document write too late, for real: the API talks to Elasticsearch through a loopback proxy
 * that holds that one write (sending it on, or not at all) until the API's client times out. The
 * API must answer 503 "saved" and leave the intent pending; the worker's reconciler, talking to
 * Elasticsearch directly as the worker does, must then record the correction exactly once (and
 * write it first if the held write never reached Elasticsearch).
 */
describe('label corrections when Elasticsearch answers the write too late', () => {
  const proxy = new ElasticsearchFaultProxy(TEST_ELASTICSEARCH_NODE);
  let env: ApiTestEnv;
  let agent: Agent;
  let csrf: string;
  let reconciler: LabelCorrectionReconcilerService;
  const m = (overrides: Partial<Mention>) =>
    makeMention({
      publishedAt: '2026-05-04T10:00:00.000Z',
      sentiment: 'positive',
      intent: 'praise',
      category: 'service',
      flushReason: null,
      language: 'it',
      ...overrides,
    });
  const landed = m({ text: 'La scrittura arriva ma la risposta no' });
  const lost = m({ text: 'La scrittura non arriva mai' });
  const cut = m({ text: 'La scrittura arriva, poi il nodo cade' });

  beforeAll(async () => {
    const proxyUrl = await proxy.start();
    env = await ApiTestEnv.start({ ELASTICSEARCH_NODES: proxyUrl, ES_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
    await env.createUsers(['agent']);
    await env.indexMentions([landed, lost, cut]);
    ({ agent, csrf } = await env.login('agent'));
    // The worker's reconciler with its own client straight to Elasticsearch (its timer is not started).
    const search = new MentionSearchService(
      env.es,
      new MentionIndexManager(env.es, { indexPrefix: env.indexPrefix, shards: 1, replicas: 0 }),
    );
    reconciler = new LabelCorrectionReconcilerService(env.db.dataSource, search, {
      correctionGraceSeconds: GRACE_SECONDS,
      reconcileSeconds: 30,
    } as WorkerConfig);
  });
  afterAll(async () => {
    await env?.close();
    await proxy.stop();
  });

  const patch = (id: string, body: object) => agent.patch(`/api/mentions/${id}/labels`).set('X-XSRF-TOKEN', csrf).send(body);
  const isWriteOf = (id: string) => (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith(`/_update/${id}`);
  const rows = (id: string) =>
    env.db.dataSource.query(
      'SELECT kind, machine_value, corrected_value, user_id, intent_id FROM label_corrections WHERE mention_id = $1 ORDER BY kind',
      [id],
    ) as Promise<Array<{ kind: string; machine_value: string | null; corrected_value: string | null; user_id: string; intent_id: string }>>;
  const intents = (id: string) =>
    env.db.dataSource.query('SELECT id, user_id, applied_at, attempts FROM label_correction_intents WHERE mention_id = $1 ORDER BY id', [
      id,
    ]) as Promise<Array<{ id: string; user_id: string; applied_at: Date | null; attempts: number }>>;
  const auditOf = async (id: string) => (await env.auditEvents('mention.labels')).filter((event) => event.entity_id === id);
  const refresh = () => env.es.indices.refresh({ index: `${env.indexPrefix}*` });
  const agentId = () => env.users.get('agent')!.user.id;
  /** After the grace period, counted from now: the intents made before this test's pass. */
  const afterGrace = () => new Date(Date.now() + GRACE_SECONDS * 1000 + 1);

  /** The API's answer when the held write times out, with what must hold right then. */
  async function correctWithTimeout(mention: Mention, request: object, held: HeldRequest): Promise<string> {
    const res = await patch(mention.id, request).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, message: SAVED });
    // The 503 came from the client giving up on the held write, not from anything else.
    await within(held.clientGaveUp, 'the API giving up on the held write');
    expect(proxy.seen(isWriteOf(mention.id))).toHaveLength(1);

    // Pending: saved, but not a correction yet.
    const pending = await intents(mention.id);
    expect(pending).toEqual([{ id: expect.any(String), user_id: agentId(), applied_at: null, attempts: 0 }]);
    expect(await rows(mention.id)).toEqual([]);
    expect(await auditOf(mention.id)).toEqual([]);
    return pending[0].id;
  }

  it('the write landed: 503 "saved", then the reconciler records it once without writing it again', async () => {
    const held = proxy.holdNext(isWriteOf(landed.id), 'forward');
    const intentId = await correctWithTimeout(landed, { sentiment: 'negative' }, held);

    // Elasticsearch did apply the write the API stopped waiting for (and refreshed: `wait_for`).
    const answered = await within(held.upstreamAnswered, 'Elasticsearch answering the held write');
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ result: 'updated' });
    expect(await env.documentOf(landed.id)).toMatchObject({ sentiment: 'negative', correctedLabels: ['sentiment'] });

    expect(await reconciler.reconcileOnce(afterGrace())).toBe(1);
    await refresh();
    const doc = await env.documentOf(landed.id);
    expect(doc).toMatchObject({ sentiment: 'negative', intent: 'praise', category: 'service', correctedLabels: ['sentiment'] });
    expect(doc?.explanations.sentiment.reasons).toEqual(['corrected by The agent']);
    // Recorded from the change the person asked for, although re-planned on the written document it changes nothing.
    expect(await rows(landed.id)).toEqual([
      { kind: 'sentiment', machine_value: 'positive', corrected_value: 'negative', user_id: agentId(), intent_id: intentId },
    ]);
    expect(await auditOf(landed.id)).toEqual([
      {
        actor_id: agentId(),
        entity_id: landed.id,
        data: { changes: [{ label: 'sentiment', from: 'positive', to: 'negative' }], corrected: ['sentiment'], reconciled: true },
      },
    ]);
    expect(await intents(landed.id)).toEqual([{ id: intentId, user_id: agentId(), applied_at: expect.any(Date), attempts: 0 }]);

    // Finished: another pass records nothing more.
    expect(await reconciler.reconcileOnce(afterGrace())).toBe(0);
    expect(await rows(landed.id)).toHaveLength(1);
    expect(await auditOf(landed.id)).toHaveLength(1);
    // And the API, whose client timed out, answers through the same connection pool again.
    const read = await agent.get(`/api/mentions/${landed.id}`).expect(200);
    expect(read.body).toMatchObject({ sentiment: 'negative', correctedLabels: ['sentiment'] });
  });

  it('the write never arrived: 503 "saved", then the reconciler writes the document and records it once', async () => {
    const held = proxy.holdNext(isWriteOf(lost.id), 'drop');
    const request = { sentiment: 'negative', category: 'flush', flushReason: 'spam' };
    const intentId = await correctWithTimeout(lost, request, held);
    expect(await held.arrived).toMatchObject({ method: 'POST' });

    // Nothing reached Elasticsearch: the document is as the pipeline labelled it.
    await refresh();
    const untouched = await env.documentOf(lost.id);
    expect(untouched).toMatchObject({ sentiment: 'positive', category: 'service', flushReason: null });
    expect(untouched?.correctedLabels).toBeUndefined();

    expect(await reconciler.reconcileOnce(afterGrace())).toBe(1);
    await refresh();
    const doc = await env.documentOf(lost.id);
    expect(doc).toMatchObject({
      sentiment: 'negative',
      category: 'flush',
      flushReason: 'spam',
      intent: 'praise',
      correctedLabels: ['sentiment', 'category', 'flushReason'],
    });
    expect(doc?.explanations.sentiment.reasons).toEqual(['corrected by The agent']);
    expect(doc?.explanations.category.reasons).toEqual(['corrected by The agent']);
    expect(await rows(lost.id)).toEqual([
      { kind: 'category', machine_value: 'service', corrected_value: 'flush', user_id: agentId(), intent_id: intentId },
      { kind: 'flush_reason', machine_value: null, corrected_value: 'spam', user_id: agentId(), intent_id: intentId },
      { kind: 'sentiment', machine_value: 'positive', corrected_value: 'negative', user_id: agentId(), intent_id: intentId },
    ]);
    expect(await auditOf(lost.id)).toEqual([
      {
        actor_id: agentId(),
        entity_id: lost.id,
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
    expect(await intents(lost.id)).toEqual([{ id: intentId, user_id: agentId(), applied_at: expect.any(Date), attempts: 0 }]);

    expect(await reconciler.reconcileOnce(afterGrace())).toBe(0);
    expect(await rows(lost.id)).toHaveLength(3);
    expect(await auditOf(lost.id)).toHaveLength(1);
    // The API never re-sent the write on its own (a retry after a timeout could apply it behind the reconciler's back).
    expect(proxy.seen(isWriteOf(lost.id))).toHaveLength(1);
  });

  it('the write landed and then the connection broke, retries included: 503 "saved", then the reconciler records it once', async () => {
    // Elasticsearch applies the write and goes down before answering; the client's retries find it
    // down (the client retries a broken connection up to 3 times). The last error is "connection
    // refused", which says nothing about the first attempt.
    const applied = proxy.holdNext(isWriteOf(cut.id), 'forward-then-reset');
    for (let retry = 0; retry < 3; retry++) proxy.holdNext(isWriteOf(cut.id), 'reset');
    const res = await patch(cut.id, { sentiment: 'negative' }).expect(503);
    expect(res.body).toMatchObject({ statusCode: 503, message: SAVED });
    const answered = await within(applied.upstreamAnswered, 'Elasticsearch answering the first attempt');
    expect(answered.status).toBe(200);
    expect(await env.documentOf(cut.id)).toMatchObject({ sentiment: 'negative', correctedLabels: ['sentiment'] });

    // Kept pending, not discarded: the document holds a correction nobody has recorded yet.
    const pending = await intents(cut.id);
    expect(pending).toEqual([{ id: expect.any(String), user_id: agentId(), applied_at: null, attempts: 0 }]);
    expect(await rows(cut.id)).toEqual([]);

    expect(await reconciler.reconcileOnce(afterGrace())).toBe(1);
    expect(await rows(cut.id)).toEqual([
      { kind: 'sentiment', machine_value: 'positive', corrected_value: 'negative', user_id: agentId(), intent_id: pending[0].id },
    ]);
    expect(await auditOf(cut.id)).toHaveLength(1);
    expect(await reconciler.reconcileOnce(afterGrace())).toBe(0);
    expect(await rows(cut.id)).toHaveLength(1);
  });
});

/** `promise`, or a failure naming `what` if it takes longer than DEADLINE_MS. */
async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${DEADLINE_MS} ms for ${what}`)), DEADLINE_MS);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
