import { Logger } from '@nestjs/common';
import type { Mention } from '@ascolto/domain';
import { SourceEntity, TopicEntity } from '@ascolto/persistence';
import { MentionIndexManager } from '@ascolto/search';
import { LoopbackFeedServer } from '@ascolto/testing';
import { TopicCatalogService } from '../src/topics/topic-catalog.service';
import { WorkerHarness } from './worker-harness';

const FEED = '/apple/feed.xml';
const OWN_FEED = '/own/feed.xml';

let guid = 0;
function item(description: string) {
  guid++;
  return {
    guid: `item-${guid}`,
    title: description.slice(0, 30),
    link: `https://forum.example/t/${guid}`,
    description: `<p>${description}</p>`,
    author: `utente${guid}`,
    pubDate: new Date(Date.UTC(2026, 10, 20, 8, guid)),
  };
}

describe('topic matching in a collector run (PostgreSQL topics → pipeline → topicIds in Elasticsearch)', () => {
  const feed = new LoopbackFeedServer();
  // Topics are re-read only when the test says so (invalidate), never because a clock ran out.
  const harness = new WorkerHarness();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await feed.start();
    await harness.start({ SOURCE_RELOAD_SECONDS: '3600' });
  });
  afterAll(async () => {
    await harness.stop();
    await feed.stop();
  });

  const topics = () => harness.dataSource.getRepository(TopicEntity);

  /** topicIds of every indexed mention, by the text of its post. */
  async function topicIdsByText(): Promise<Record<string, string[]>> {
    const alias = harness.app.get(MentionIndexManager).readAlias;
    await harness.search.indices.refresh({ index: alias });
    const res = await harness.search.search<Mention>({ index: alias, size: 1_000, _source: ['text', 'topicIds'], query: { match_all: {} } });
    return Object.fromEntries(res.hits.hits.map((hit) => [hit._source!.text, [...hit._source!.topicIds].sort()]));
  }

  it('tags the mentions a topic query matches, and not those its exclusions remove', async () => {
    const brand = await topics().save({ name: 'Apple (brand)', query: 'apple -(mela OR mele OR torta OR frutta OR "apple pie")', languages: [] });
    // No language limits here: which language a short post is detected as is the detector's
    // business (and its own tests'); the language filter has unit tests of its own.
    const repairs = await topics().save({ name: 'Repairs', query: '"schermo rotto"~2 OR riparazion*', languages: [] });
    const paused = await topics().save({ name: 'Paused', query: 'apple', languages: [], enabled: false });
    feed.setItems(FEED, [
      item("L'iPhone di Apple ha lo schermo completamente rotto, serve assistenza"),
      item('Oggi torta di mele: ricetta con apple e cannella'),
      item('Best apple pie recipe ever'),
      item('Il Samsung di mia sorella è in riparazione'),
    ]);
    const source = await harness.addSource(`${baseUrl}${FEED}`, 'Apple forum');

    const outcome = await harness.runs.runSource(source.id);
    expect(outcome.kind === 'finished' && outcome.run.status).toBe('succeeded');

    expect(await topicIdsByText()).toEqual({
      "L'iPhone di Apple ha lo schermo completamente rotto, serve assistenza": [brand.id, repairs.id].sort(),
      'Oggi torta di mele: ricetta con apple e cannella': [],
      'Best apple pie recipe ever': [],
      'Il Samsung di mia sorella è in riparazione': [repairs.id],
    });
    expect(paused.enabled).toBe(false);

    // What only the brand topic's exclusions turned away is flushed as a keyword collision; a post
    // another topic took, or that no topic asked for, is not.
    const index = harness.app.get(MentionIndexManager).readAlias;
    const res = await harness.search.search<Mention>({ index, size: 1_000, _source: ['text', 'flushReason'], query: { match_all: {} } });
    const flushReasons = Object.fromEntries(res.hits.hits.map((hit) => [hit._source!.text, hit._source!.flushReason]));
    expect(flushReasons['Oggi torta di mele: ricetta con apple e cannella']).toBe('off_topic');
    expect(flushReasons['Best apple pie recipe ever']).toBe('off_topic');
    expect(flushReasons["L'iPhone di Apple ha lo schermo completamente rotto, serve assistenza"]).toBeNull();
    expect(flushReasons['Il Samsung di mia sorella è in riparazione']).not.toBe('off_topic');
  });

  it('skips a topic whose stored query no longer compiles, logs it once, and the run still succeeds', async () => {
    // Written around the API (which refuses it), as an older version or a hand edit could have.
    const broken = await topics().save({ name: 'Broken', query: '(apple OR', languages: [] });
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      harness.app.get(TopicCatalogService).invalidate();
      feed.addItem(FEED, item('Apple Watch: la batteria non dura'));
      const source = await harness.dataSource.getRepository(SourceEntity).findOneByOrFail({ name: 'Apple forum' });

      const outcome = await harness.runs.runSource(source.id);
      expect(outcome.kind === 'finished' && outcome.run.status).toBe('succeeded');
      const brand = await topics().findOneByOrFail({ name: 'Apple (brand)' });
      const tagged = (await topicIdsByText())['Apple Watch: la batteria non dura'];
      expect(tagged).toEqual([brand.id]);
      expect(tagged).not.toContain(broken.id);

      // Reloaded again: the same broken query is not reported a second time.
      harness.app.get(TopicCatalogService).invalidate();
      await harness.runs.runSource(source.id);
      const reports = errors.mock.calls.map(([message]) => String(message)).filter((message) => message.includes(broken.id));
      expect(reports).toEqual([`topic ${broken.id} is skipped: its query does not compile (OR needs a term after it (at position 7))`]);
    } finally {
      errors.mockRestore();
    }
  });

  it('gives an empty-query topic everything from its own sources, and nothing from others', async () => {
    const own = await topics().save({ name: 'Own page', query: '', languages: [] });
    const source = await harness.addSource(`${baseUrl}${OWN_FEED}`, 'Own page feed');
    await harness.dataSource.getRepository(SourceEntity).update({ id: source.id }, { topicId: own.id });
    harness.app.get(TopicCatalogService).invalidate();
    feed.setItems(OWN_FEED, [item('Buongiorno a tutti, orari del negozio?')]);
    feed.addItem(FEED, item('Nessun prodotto citato qui'));

    await harness.runs.runSource(source.id);
    const appleForum = await harness.dataSource.getRepository(SourceEntity).findOneByOrFail({ name: 'Apple forum' });
    await harness.runs.runSource(appleForum.id);

    const byText = await topicIdsByText();
    expect(byText['Buongiorno a tutti, orari del negozio?']).toEqual([own.id]);
    expect(byText['Nessun prodotto citato qui']).toEqual([]);
  });

  it('applies an edited query from the next reload on', async () => {
    const brand = await topics().findOneByOrFail({ name: 'Apple (brand)' });
    await topics().update({ id: brand.id }, { query: 'apple OR mela' });
    const appleForum = await harness.dataSource.getRepository(SourceEntity).findOneByOrFail({ name: 'Apple forum' });

    // Still cached: the old query (without `mela`) decides.
    feed.addItem(FEED, item('Una mela al giorno'));
    await harness.runs.runSource(appleForum.id);
    expect((await topicIdsByText())['Una mela al giorno']).toEqual([]);

    harness.app.get(TopicCatalogService).invalidate();
    feed.addItem(FEED, item('Mela renetta in offerta'));
    await harness.runs.runSource(appleForum.id);
    expect((await topicIdsByText())['Mela renetta in offerta']).toEqual([brand.id]);
  });
});
