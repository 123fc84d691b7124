import { PRIORITY_WEIGHTS, type Mention } from '@ascolto/domain';
import { SourceCursorEntity } from '@ascolto/persistence';
import { MentionIndexManager, MentionSearchService } from '@ascolto/search';
import { LoopbackFeedServer } from '@ascolto/testing';
import { CollectionRunService } from '../src/collection/collection-run.service';
import { WorkerHarness } from './worker-harness';

const FEED = '/campaign/feed.xml';
const COMPLAINT =
  'Da tre giorni la fibra di Vela Mobile a casa non funziona e il servizio clienti non risponde, ho chiamato cinque volte senza nessuna soluzione';

// What 30 accounts do to one pasted complaint: change a word, add a tail, retweet it, address it
// to someone, shout it, drop the accents.
const EDITS: Array<(text: string, n: number) => string> = [
  (t) => t,
  (t) => `${t} #VelaMobile`,
  (t) => `RT @utente_arrabbiato: ${t}`,
  (t) => t.replace('cinque', 'sei'),
  (t) => `@VelaMobile ${t}!!!`,
  (t) => t.toUpperCase(),
  (t) => t.replace('Da tre giorni', 'Da 3 giorni'),
  (t, n) => `${t} (utente ${n})`,
  (t) => `${t} Vergogna`,
  (t) => t.replace('nessuna soluzione', 'alcuna soluzione'),
];

function post(n: number, description: string) {
  return {
    guid: `post-${n}`,
    // Social posts in feeds often have no title of their own.
    title: '',
    link: `https://social.example/p/${n}`,
    description,
    author: `account${n}`,
    pubDate: new Date(Date.UTC(2026, 10, 20, 8, n)),
  };
}

const complaints = Array.from({ length: 30 }, (_, n) => post(n, EDITS[n % EDITS.length](COMPLAINT, n)));
const unrelated = [
  post(40, 'Bellissima la nuova campagna estiva di Vela, lo spot con il faro al tramonto mi ha fatto venire voglia di mare'),
  post(41, 'Qualcuno sa come si scarica la fattura dalla app? Non trovo più la sezione pagamenti dopo l aggiornamento'),
  post(42, 'Grazie'),
];

describe('near-duplicate grouping (worker → pipeline → grouper → Elasticsearch)', () => {
  const feed = new LoopbackFeedServer();
  const harness = new WorkerHarness();
  let feedUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    feedUrl = `${await feed.start()}${FEED}`;
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  async function allMentions(): Promise<Mention[]> {
    const alias = harness.app.get(MentionIndexManager).readAlias;
    await harness.search.indices.refresh({ index: alias });
    const res = await harness.search.search<Mention>({ index: alias, size: 1_000, query: { match_all: {} }, sort: [{ publishedAt: 'asc' }] });
    return res.hits.hits.map((hit) => hit._source!);
  }

  it('groups 30 pasted copies across two batches under one head, leaves unrelated mentions alone, and survives re-delivery', async () => {
    const source = await harness.addSource(feedUrl);
    sourceId = source.id;

    // First batch: half the copies and the unrelated posts; second run: the other half.
    feed.setItems(FEED, [...complaints.slice(0, 15), ...unrelated]);
    expect((await harness.runs.runSource(source.id)).kind).toBe('finished');
    for (const item of complaints.slice(15)) feed.addItem(FEED, item);
    expect((await harness.runs.runSource(source.id)).kind).toBe('finished');
    const runs = await harness.runsOf(source.id);
    expect(runs.map((r) => [r.status, r.created])).toEqual([
      ['succeeded', 18],
      ['succeeded', 15],
    ]);

    const mentions = await allMentions();
    expect(mentions).toHaveLength(33);
    const byExternal = new Map(mentions.map((m) => [m.externalId, m]));
    const head = byExternal.get('post-0')!;
    expect(head.duplicateOf).toBeNull();
    expect(head.category).toBe('service');
    expect(head.simhash).toMatch(/^[0-9a-f]{16}$/);

    const members = mentions.filter((m) => m.duplicateOf !== null);
    expect(members).toHaveLength(29);
    for (const member of members) {
      expect(member.duplicateOf).toBe(head.id);
      expect(member.category).toBe('flush');
      expect(member.flushReason).toBe('duplicate');
      expect(member.explanations.category.reasons[0]).toMatch(new RegExp(`^near duplicate of ${head.id} \\(distance \\d+\\)$`));
      expect(member.explanations.category.reasons).toContain('own label: service');
      // Flushed, so at the flush ceiling: the head holds the group's place in the queue.
      expect(member.priority).toBeLessThanOrEqual(PRIORITY_WEIGHTS.flushCeiling);
    }
    expect(head.priority).toBeGreaterThan(PRIORITY_WEIGHTS.flushCeiling);
    // The second batch found its head in Elasticsearch (or in the worker's memory of recent heads).
    expect(members.filter((m) => Number(m.externalId.slice(5)) >= 15)).toHaveLength(15);

    for (const n of [40, 41, 42]) {
      const m = byExternal.get(`post-${n}`)!;
      expect(m.duplicateOf).toBeNull();
      expect(m.flushReason).not.toBe('duplicate');
    }
    // A two-word post has no sketch, only an exact-text key.
    expect(byExternal.get('post-42')).toMatchObject({ simhash: null, similarityKeys: [expect.stringMatching(/^x[0-9a-f]{16}$/)] });

    const search = harness.app.get(MentionSearchService);
    const counts = await search.similarCounts(mentions.map((m) => m.id));
    expect(Object.fromEntries(counts)).toEqual({ [head.id]: 29 });

    // Re-delivery of everything (the cursor is lost, as after a crash before the commit).
    await harness.dataSource.getRepository(SourceCursorEntity).delete({ sourceId: source.id });
    expect((await harness.runs.runSource(source.id)).kind).toBe('finished');
    expect((await harness.runsOf(source.id)).at(-1)).toMatchObject({ status: 'succeeded', created: 0, updated: 33 });

    const again = await allMentions();
    const summary = (list: Mention[]) => list.map((m) => [m.id, m.duplicateOf, m.category, m.flushReason]).sort();
    expect(summary(again)).toEqual(summary(mentions));
    // The re-delivered copies come flushed again, so their priority stays at the ceiling.
    for (const m of again) if (m.duplicateOf !== null) expect(m.priority).toBeLessThanOrEqual(PRIORITY_WEIGHTS.flushCeiling);
    expect(Object.fromEntries(await search.similarCounts(again.map((m) => m.id)))).toEqual({ [head.id]: 29 });
  });

  it('decides from Elasticsearch alone in a fresh worker: re-delivered mentions keep their group, a new copy joins it', async () => {
    // A new worker process has no memory of recent heads: only what Elasticsearch stores decides.
    const before = await allMentions();
    const head = before.find((m) => m.externalId === 'post-0')!;
    const fresh = await harness.createWorker();
    try {
      await harness.dataSource.getRepository(SourceCursorEntity).delete({ sourceId });
      feed.addItem(FEED, post(50, `${COMPLAINT} ancora`));
      expect((await fresh.get(CollectionRunService).runSource(sourceId)).kind).toBe('finished');
    } finally {
      await fresh.close();
    }
    const after = await allMentions();
    expect(after).toHaveLength(34);
    const late = after.find((m) => m.externalId === 'post-50')!;
    expect(late).toMatchObject({ duplicateOf: head.id, category: 'flush', flushReason: 'duplicate' });
    const summary = (list: Mention[]) => list.filter((m) => m.externalId !== 'post-50').map((m) => [m.id, m.duplicateOf, m.category, m.flushReason]).sort();
    expect(summary(after)).toEqual(summary(before));
    expect((await harness.app.get(MentionSearchService).similarCounts([head.id])).get(head.id)).toBe(30);
  });
});
