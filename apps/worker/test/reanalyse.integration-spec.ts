import { PRIORITY_WEIGHTS, priorityFrom, type Mention, type RawMention } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { analyzeMention, createTopicMatcher, PIPELINE_VERSION, toMention, withSanePublishedAt } from '@ascolto/nlp';
import { TopicEntity, enqueueTopicRetag } from '@ascolto/persistence';
import { BulkMentionIndexer, MentionIndexManager, REANALYSED_FIELDS, ReanalysisAbortedError, TOPICS_CHANGED_VERSION } from '@ascolto/search';
import { reanalyseIndexedMentions, runReanalyseCommand } from '../src/reanalysis/reanalyse-command';
import { TopicRetagRunnerService } from '../src/topics/topic-retag-runner.service';
import { TEST_CREDENTIALS_KEY, WorkerHarness } from './worker-harness';

jest.setTimeout(60_000);

const FEED = 'https://forum.lanterna.example/feed.rss';
const SOURCE_ID = '00000000-0000-4000-8000-00000000a001';
const OLD = 'linear-1';
let sequence = 0;

/** A raw mention published in March 2026 and collected five minutes later (long before "today"). */
function raw(content: string, overrides: Partial<RawMention> = {}): RawMention {
  sequence++;
  const externalId = `reanalyse-${sequence}`;
  const published = Date.UTC(2026, 2, 3, 9, sequence);
  return {
    id: mentionId('rss', FEED, externalId),
    sourceType: 'rss',
    sourceId: SOURCE_ID,
    sourceKey: FEED,
    externalId,
    url: `https://forum.lanterna.example/t/${sequence}`,
    title: null,
    content,
    author: { name: `Persona ${sequence}`, handle: `persona${sequence}`, url: null, followers: 1200 },
    publishedAt: new Date(published).toISOString(),
    collectedAt: new Date(published + 5 * 60_000).toISOString(),
    ...overrides,
  };
}

const stale = (label: string) => ({ label, confidence: 0.51, reasons: ['old rule'] });

/** The document an older pipeline wrote: wrong labels, old version, no sketch, no topics. */
function oldDocument(r: RawMention, overrides: Partial<Mention> = {}): Mention {
  return {
    ...toMention(r, {
      text: 'stale text',
      language: 'other',
      sentiment: 'positive',
      sentimentScore: 0.9,
      category: 'marketing',
      intent: 'praise',
      flushReason: null,
      priority: 1,
      explanations: { language: stale('other'), sentiment: stale('positive'), category: stale('marketing'), intent: stale('praise') },
      pipelineVersion: OLD,
      simhash: null,
      similarityKeys: [],
      topicIds: [],
    }),
    ...overrides,
  };
}

const COMPLAINT = raw('Il rimborso del mio ordine non è mai arrivato dopo tre settimane, il servizio clienti non risponde mai alle mail');
const CORRECTED = raw('Ho chiesto il rimborso della bolletta due volte e nessuno mi ha ancora risposto, sono davvero stanco');
const HEAD = raw('Treno soppresso senza preavviso stamattina, rimborso impossibile da chiedere sul sito che non funziona');
const MEMBER = raw('Treno soppresso senza preavviso stamattina, rimborso impossibile da chiedere sul sito che non funziona!!');
const UNVERSIONED = raw('The app crashes every time I open my invoices, please fix it, I need them for my accountant today');
const WORKED = raw('Aspetto ancora la restituzione dei soldi per il reso, è passato un mese e non so più chi contattare');
const DELETED = raw('Servizio pessimo, rimborso negato senza spiegazioni, non comprerò mai più da voi');
const BROKEN = raw('', { title: null });
const CURRENT = raw('Tutto risolto, grazie per la pazienza e la cortesia');

const GROUPER_EXPLANATION = { label: 'flush', confidence: 1, reasons: [`near duplicate of ${HEAD.id} (distance 2)`, 'own label: service'] };
const PERSON_EXPLANATION = { label: 'positive', confidence: 1, reasons: ['corrected by Anna'] };
const WORKFLOW = {
  status: 'done',
  assigneeId: '00000000-0000-4000-8000-0000000000aa',
  ticketId: 'ZD-4411',
  tags: ['vip', 'refund'],
  triagedAt: '2026-03-03T10:00:00.000Z',
  firstResponseAt: '2026-03-03T10:30:00.000Z',
  firstResponseSeconds: 4980,
} as const satisfies Partial<Mention>;
const DELETED_AT = '2026-03-04T08:00:00.000Z';

function documents(): Mention[] {
  const broken = oldDocument(BROKEN);
  // An old, broken document: no content and no collection time at all.
  delete (broken as Partial<Mention>).content;
  delete (broken as Partial<Mention>).collectedAt;
  const unversioned = oldDocument(UNVERSIONED);
  // From before `pipelineVersion` existed.
  delete (unversioned as Partial<Mention>).pipelineVersion;
  return [
    oldDocument(COMPLAINT),
    oldDocument(CORRECTED, { correctedLabels: ['sentiment'], explanations: { ...oldDocument(CORRECTED).explanations, sentiment: PERSON_EXPLANATION } }),
    oldDocument(HEAD),
    oldDocument(MEMBER, {
      duplicateOf: HEAD.id,
      category: 'flush',
      flushReason: 'duplicate',
      explanations: { ...oldDocument(MEMBER).explanations, category: GROUPER_EXPLANATION },
    }),
    unversioned,
    oldDocument(WORKED, WORKFLOW),
    oldDocument(DELETED, { deletedAtSource: DELETED_AT }),
    broken,
    { ...toMention(CURRENT, analyzeMention(CURRENT, new Date(CURRENT.collectedAt))) },
  ];
}

describe('npm run reanalyse: indexed mentions brought up to the current pipeline', () => {
  const harness = new WorkerHarness();
  let topic: TopicEntity;

  beforeAll(async () => {
    await harness.start({ SOURCE_RELOAD_SECONDS: '3600' });
    topic = await harness.dataSource.getRepository(TopicEntity).save({ name: 'Rimborsi', query: 'rimborso OR refund OR invoices', languages: [] });
    const report = await harness.app.get(BulkMentionIndexer).indexBatch(documents());
    expect(report.failed).toEqual([]);
  });
  afterAll(async () => {
    await harness.stop();
  });

  /** What ingest's pipeline says about a raw mention, with its collection time as "now". */
  function expected(r: RawMention) {
    const matcher = createTopicMatcher({ id: topic.id, query: topic.query, languages: [] });
    return analyzeMention(withSanePublishedAt(r), new Date(r.collectedAt), { topics: [matcher] });
  }

  /** Every document with its sequence number (after a refresh). */
  async function stored(): Promise<Map<string, { doc: Mention; seqNo: number }>> {
    const alias = harness.app.get(MentionIndexManager).readAlias;
    await harness.search.indices.refresh({ index: alias });
    const res = await harness.search.search<Mention>({ index: alias, size: 100, seq_no_primary_term: true, query: { match_all: {} } });
    return new Map(res.hits.hits.map((h) => [h._id!, { doc: h._source!, seqNo: h._seq_no! }]));
  }

  let before: Map<string, { doc: Mention; seqNo: number }>;
  let after: Map<string, { doc: Mention; seqNo: number }>;
  const doc = (r: RawMention) => after.get(r.id)!.doc;

  it('re-analyses every mention at another version or none, and leaves the current ones alone', async () => {
    before = await stored();
    const progress = await reanalyseIndexedMentions(harness.app, { pageSize: 3 });
    after = await stored();
    expect(progress).toMatchObject({ processed: 8, changed: 8, conflicts: 0, failed: [] });
    for (const { doc } of after.values()) expect(doc.pipelineVersion).toBe(PIPELINE_VERSION);
    expect(after.get(CURRENT.id)!.seqNo).toBe(before.get(CURRENT.id)!.seqNo);
  });

  it('replaces the analysis fields with what ingest would compute today, topics included', () => {
    const want = expected(COMPLAINT);
    const got = doc(COMPLAINT);
    for (const field of REANALYSED_FIELDS) expect({ field, value: got[field] }).toEqual({ field, value: want[field] });
    expect(got.topicIds).toEqual([topic.id]);
    expect(got.category).toBe('service');
    expect(got.sentiment).toBe('negative');
  });

  it('computes priority with the mention\'s collection time as "now", not the run\'s clock', () => {
    const today = analyzeMention(withSanePublishedAt(COMPLAINT), new Date(), {}).priority;
    // Only meaningful if age changes the priority of this mention.
    expect(today).not.toBe(expected(COMPLAINT).priority);
    expect(doc(COMPLAINT).priority).toBe(expected(COMPLAINT).priority);
  });

  it('keeps a label a person corrected, with its explanation, and re-analyses the others', () => {
    const got = doc(CORRECTED);
    const want = expected(CORRECTED);
    expect(want.sentiment).not.toBe('positive');
    expect(got.sentiment).toBe('positive');
    expect(got.explanations.sentiment).toEqual(PERSON_EXPLANATION);
    expect(got.correctedLabels).toEqual(['sentiment']);
    expect(got).toMatchObject({ category: want.category, intent: want.intent, language: want.language, priorityFactors: want.priorityFactors });
    expect(got.explanations.intent).toEqual(want.explanations.intent);
    // The person's sentiment keeps its score, and the priority is the one the person's label implies.
    expect(got.sentimentScore).toBe(before.get(CORRECTED.id)!.doc.sentimentScore);
    expect(got.priority).toBe(priorityFrom({ sentiment: 'positive', sentimentScore: got.sentimentScore, intent: want.intent, category: want.category }, want.priorityFactors!));
    expect(got.priority).not.toBe(want.priority);
  });

  it('keeps a near-duplicate member in its group, flushed as a duplicate with the grouper\'s explanation', () => {
    const got = doc(MEMBER);
    const want = expected(MEMBER);
    expect(got).toMatchObject({ duplicateOf: HEAD.id, category: 'flush', flushReason: 'duplicate' });
    expect(got.explanations.category).toEqual(GROUPER_EXPLANATION);
    expect(got).toMatchObject({ sentiment: want.sentiment, intent: want.intent, simhash: want.simhash, similarityKeys: want.similarityKeys });
    // Its own priority would be a service post's; flushed in the group, it stays at the ceiling.
    expect(want.priority).toBeGreaterThan(PRIORITY_WEIGHTS.flushCeiling);
    expect(got.priority).toBeLessThanOrEqual(PRIORITY_WEIGHTS.flushCeiling);
    // The head is re-analysed like any mention.
    expect(doc(HEAD)).toMatchObject({ duplicateOf: null, category: expected(HEAD).category });
  });

  it('gives a mention from before the sketch (and the version) existed its sketch', () => {
    const got = doc(UNVERSIONED);
    expect(got.simhash).toMatch(/^[0-9a-f]{16}$/);
    expect(got.similarityKeys.length).toBeGreaterThan(0);
    expect(got).toMatchObject({ simhash: expected(UNVERSIONED).simhash, similarityKeys: expected(UNVERSIONED).similarityKeys, language: 'en' });
  });

  it('never touches workflow, raw fields or the deleted-at-source mark', () => {
    expect(doc(WORKED)).toMatchObject(WORKFLOW);
    expect(doc(DELETED).deletedAtSource).toBe(DELETED_AT);
    for (const [id, { doc: was }] of before) {
      const now = after.get(id)!.doc;
      for (const field of ['content', 'title', 'author', 'publishedAt', 'collectedAt', 'url', 'sourceId', 'deletedAtSource', 'duplicateOf', 'correctedLabels', 'status', 'assigneeId', 'ticketId', 'tags', 'triagedAt', 'firstResponseAt', 'firstResponseSeconds'] as const) {
        expect({ id, field, value: now[field] }).toEqual({ id, field, value: was[field] });
      }
    }
  });

  it('gives a broken document (no content, no collection time) the pipeline\'s low-confidence labels instead of failing', () => {
    const got = doc(BROKEN);
    expect(got.content).toBeUndefined();
    expect(got).toMatchObject({ text: '', pipelineVersion: PIPELINE_VERSION, simhash: null, similarityKeys: [] });
    expect(got.explanations.language.confidence).toBeLessThan(0.5);
  });

  it('finds nothing to do the second time', async () => {
    const progress = await reanalyseIndexedMentions(harness.app);
    expect(progress).toEqual({ processed: 0, changed: 0, conflicts: 0, regrouped: 0, failed: [] });
    const again = await stored();
    for (const [id, { seqNo }] of after) expect({ id, seqNo: again.get(id)!.seqNo }).toEqual({ id, seqNo });
  });

  it('reads again and plans again a mention a person corrects between the read and the write (409)', async () => {
    const late = raw('Il rimborso promesso non è mai arrivato e il numero verde è sempre occupato, che vergogna');
    await harness.app.get(BulkMentionIndexer).indexBatch([oldDocument(late)]);
    let bumped = 0;
    const progress = await reanalyseIndexedMentions(harness.app, {
      beforeWrite: async (changes) => {
        const mine = changes.find((c) => c.id === late.id);
        if (!mine || bumped++ > 0) return;
        // What the API writes for a correction, landing after the scan read the mention.
        await harness.search.update({
          index: mine.index,
          id: mine.id,
          doc: { sentiment: 'neutral', correctedLabels: ['sentiment'], explanations: { sentiment: { label: 'neutral', confidence: 1, reasons: ['corrected by Bea'] } }, status: 'in_progress' },
        });
      },
    });
    expect(progress).toMatchObject({ processed: 1, changed: 1, conflicts: 1, failed: [] });
    const got = (await stored()).get(late.id)!.doc;
    expect(got).toMatchObject({ sentiment: 'neutral', status: 'in_progress', correctedLabels: ['sentiment'], pipelineVersion: PIPELINE_VERSION });
    expect(got.explanations.sentiment.reasons).toEqual(['corrected by Bea']);
    expect(got).toMatchObject({ category: expected(late).category, intent: expected(late).intent, topicIds: [topic.id] });
  });

  it('resumes where a stopped run left off (the version is the resume point)', async () => {
    const batch = ['Prima', 'Seconda', 'Terza', 'Quarta', 'Quinta'].map((n) => raw(`${n} segnalazione: il rimborso della bolletta non arriva e nessuno risponde`));
    await harness.app.get(BulkMentionIndexer).indexBatch(batch.map((r) => oldDocument(r)));
    const stop = new AbortController();
    const stopped = reanalyseIndexedMentions(harness.app, { pageSize: 2, signal: stop.signal, onPage: () => stop.abort() });
    await expect(stopped).rejects.toBeInstanceOf(ReanalysisAbortedError);
    await expect(stopped).rejects.toMatchObject({ progress: { processed: 2, changed: 2, failed: [] } });
    const resumed = await reanalyseIndexedMentions(harness.app, { pageSize: 2 });
    expect(resumed).toMatchObject({ processed: 3, changed: 3, failed: [] });
    const docs = await stored();
    for (const r of batch) expect(docs.get(r.id)!.doc.pipelineVersion).toBe(PIPELINE_VERSION);
  });

  it('reports the mentions it could not write by id and exits non-zero; a rerun finishes them', async () => {
    const blocked = raw('Refund still missing after a month, nobody answers the phone');
    await harness.app.get(BulkMentionIndexer).indexBatch([oldDocument(blocked)]);
    const alias = harness.app.get(MentionIndexManager).readAlias;
    const env = { ...process.env, DATABASE_URL: harness.db.url, ES_INDEX_PREFIX: harness.indexPrefix, OUTBOUND_ALLOWLIST: '127.0.0.1', ASCOLTO_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY };
    const lines: string[] = [];
    await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.write': true } });
    try {
      expect(await runReanalyseCommand([], env, (l) => lines.push(l), { progressBar: false })).toBe(1);
    } finally {
      await harness.search.indices.putSettings({ index: alias, settings: { 'index.blocks.write': null } });
    }
    expect(lines.join('\n')).toContain(`mention ${blocked.id}: cluster_block_exception`);
    expect((await stored()).get(blocked.id)!.doc.pipelineVersion).toBe(OLD);

    lines.length = 0;
    expect(await runReanalyseCommand([], env, (l) => lines.push(l), { progressBar: false })).toBe(0);
    expect((await stored()).get(blocked.id)!.doc.pipelineVersion).toBe(PIPELINE_VERSION);
    lines.length = 0;
    expect(await runReanalyseCommand([], env, (l) => lines.push(l), { progressBar: false })).toBe(0);
    expect(lines).toEqual([`Every indexed mention is at pipeline ${PIPELINE_VERSION}: nothing to do.`]);
  });
  it('holds back a re-tag of a topic changed during the run until the pages tagged with the old topics are written', async () => {
    const invoices = ['Prima', 'Seconda', 'Terza', 'Quarta', 'Quinta', 'Sesta'].map((n) => raw(`${n} fattura sbagliata: il rimborso non arriva e nessuno risponde`));
    await harness.app.get(BulkMentionIndexer).indexBatch(invoices.map((r) => oldDocument(r)));
    const runner = harness.app.get(TopicRetagRunnerService);
    let created: { topicId: string; jobId: string } | null = null;
    const progress = await reanalyseIndexedMentions(harness.app, {
      pageSize: 2,
      onPage: async (p) => {
        if (p.processed !== 2) return;
        // What the API does: a new topic and its re-tag job, while the next page is already tagged.
        created = await harness.dataSource.transaction(async (tx) => {
          const saved = await tx.save(TopicEntity, { name: 'Fatture', query: 'fattura', languages: [] });
          return { topicId: saved.id, jobId: await enqueueTopicRetag(tx, saved.id, 'create') };
        });
        await expect(runner.runNext()).resolves.toEqual({ kind: 'idle' });
      },
    });
    expect(progress).toMatchObject({ processed: 6, changed: 6, failed: [] });
    const { topicId, jobId } = created!;
    // The run ended and withdrew its fence: the re-tag starts and tags the pages written before.
    const outcome = await runner.runNext();
    expect(outcome.kind === 'finished' && outcome.job).toMatchObject({ id: jobId, state: 'succeeded', matched: 6 });
    const docs = await stored();
    for (const r of invoices) expect(docs.get(r.id)!.doc.topicIds).toEqual([topic.id, topicId]);
    // Those the re-tag moved carry labels read without the new topic: the next run labels them again.
    const moved = invoices.filter((r) => docs.get(r.id)!.doc.pipelineVersion === TOPICS_CHANGED_VERSION);
    expect(moved.length).toBe(outcome.kind === 'finished' ? outcome.job.changed : -1);
    expect(await reanalyseIndexedMentions(harness.app)).toMatchObject({ processed: moved.length, changed: moved.length, failed: [] });
    for (const r of invoices) expect((await stored()).get(r.id)!.doc).toMatchObject({ pipelineVersion: PIPELINE_VERSION, topicIds: [topic.id, topicId] });
  });
  describe('near-duplicate groups: a service mention never stays flushed under a head that is not a service issue', () => {
    const COMPLAINT = 'Il rimborso del volo cancellato non è mai arrivato, sono tre settimane che scrivo al servizio clienti senza risposta';
    const OTHER_COMPLAINT = "La fibra è staccata da quattro giorni e il tecnico non si è presentato all'appuntamento, nessuno risponde al telefono";
    const PROMO = 'Offerta speciale: sconto del 20% su tutti gli abbonamenti, solo per oggi! Scopri di più sul nostro sito';

    /** A member as the grouper stored it: flushed as a duplicate of `head`, with its own label in the explanation. */
    function member(doc: Mention, head: string): Mention {
      return {
        ...doc,
        duplicateOf: head,
        category: 'flush',
        flushReason: 'duplicate',
        explanations: { ...doc.explanations, category: { label: 'flush', confidence: 1, reasons: [`near duplicate of ${head} (distance 4)`, 'own label: marketing'] } },
      };
    }
    const current = (r: RawMention): Mention => toMention(r, analyzeMention(r, new Date(r.collectedAt)));

    it('moves members whose own label is now service from a head that is not: the earliest leads, near copies follow, the rest stand alone', async () => {
      // The head was labelled by the current pipeline (marketing); its members by an older one.
      const head = raw('Nuova collezione primavera disponibile in tutti i negozi');
      const first = raw(COMPLAINT);
      const copy = raw(`${COMPLAINT}!!`);
      const far = raw(OTHER_COMPLAINT);
      const promo = raw(PROMO);
      await harness.app.get(BulkMentionIndexer).indexBatch([
        { ...current(head), category: 'marketing' },
        ...[first, copy, far, promo].map((r) => member(oldDocument(r), head.id)),
      ]);

      const progress = await reanalyseIndexedMentions(harness.app, { pageSize: 2 });
      expect(progress).toMatchObject({ processed: 4, changed: 4, regrouped: 3, failed: [] });
      const docs = await stored();
      const at = (r: RawMention) => docs.get(r.id)!.doc;
      expect(at(first)).toMatchObject({ duplicateOf: null, category: 'service', flushReason: null, pipelineVersion: PIPELINE_VERSION });
      // Out of the group, each takes its own place in the queue back; the copy stays at the ceiling.
      expect(at(first).priority).toBe(analyzeMention(withSanePublishedAt(first), new Date(first.collectedAt)).priority);
      expect(at(far).priority).toBe(analyzeMention(withSanePublishedAt(far), new Date(far.collectedAt)).priority);
      expect(at(first).priority).toBeGreaterThan(PRIORITY_WEIGHTS.flushCeiling);
      expect(at(copy).priority).toBeLessThanOrEqual(PRIORITY_WEIGHTS.flushCeiling);
      expect(at(first).explanations.category.reasons[0]).toBe(`left the near-duplicate group of ${head.id}: its first mention is no longer a service issue`);
      expect(at(copy)).toMatchObject({ duplicateOf: first.id, category: 'flush', flushReason: 'duplicate' });
      expect(at(copy).explanations.category.reasons).toEqual([`near duplicate of ${first.id} (distance 0)`, 'own label: service']);
      expect(at(far)).toMatchObject({ duplicateOf: null, category: 'service' });
      // Not a service mention: it may stay flushed under any head.
      expect(at(promo)).toMatchObject({ duplicateOf: head.id, category: 'flush', flushReason: 'duplicate' });
      expect(at(head)).toMatchObject({ duplicateOf: null, category: 'marketing' });
    });

    it('hands the service members of a head that is no longer a service issue a head of their own', async () => {
      // The head was a service issue for an older pipeline; its members were labelled by the current one.
      const head = raw('Che bella giornata al mare con gli amici, foto ricordo del weekend');
      const first = raw(COMPLAINT);
      const copy = raw(`${COMPLAINT}!!`);
      await harness.app.get(BulkMentionIndexer).indexBatch([
        oldDocument(head, { category: 'service' }),
        ...[first, copy].map((r) => member(current(r), head.id)),
      ]);

      const progress = await reanalyseIndexedMentions(harness.app, { pageSize: 2 });
      expect(progress).toMatchObject({ processed: 1, changed: 1, regrouped: 2, failed: [] });
      const docs = await stored();
      expect(docs.get(head.id)!.doc.category).not.toBe('service');
      expect(docs.get(first.id)!.doc).toMatchObject({ duplicateOf: null, category: 'service', priority: current(first).priority });
      expect(docs.get(copy.id)!.doc).toMatchObject({ duplicateOf: first.id, category: 'flush' });
      // Nothing left to repair: a second run reads nothing and moves nothing.
      expect(await reanalyseIndexedMentions(harness.app)).toMatchObject({ processed: 0, regrouped: 0 });
    });

    it('repairs page by page: a run stopped after its first page leaves no broken group behind', async () => {
      const head = raw('Nuovi orari estivi dei negozi del centro, aperti anche la domenica');
      const first = raw(COMPLAINT);
      const copy = raw(`${COMPLAINT}!!`);
      // Indexed in this order, so the first page (of two) holds the two members.
      await harness.app.get(BulkMentionIndexer).indexBatch([
        ...[first, copy].map((r) => member(oldDocument(r), head.id)),
        { ...current(head), category: 'marketing' },
        oldDocument(raw(PROMO)),
        oldDocument(raw(OTHER_COMPLAINT)),
      ]);
      const stop = new AbortController();
      const stopped = reanalyseIndexedMentions(harness.app, { pageSize: 2, signal: stop.signal, onPage: () => stop.abort() });
      await expect(stopped).rejects.toMatchObject({ progress: { processed: 2, changed: 2, regrouped: 2 } });
      const docs = await stored();
      expect(docs.get(first.id)!.doc).toMatchObject({ duplicateOf: null, category: 'service' });
      expect(docs.get(copy.id)!.doc).toMatchObject({ duplicateOf: first.id });
      await reanalyseIndexedMentions(harness.app);
    });
  });
});
