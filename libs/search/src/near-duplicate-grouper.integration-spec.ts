import type { Mention } from '@ascolto/domain';
import { createTestSearchClient, deleteIndicesWithPrefix, randomIndexPrefix } from '../../testing/src/elasticsearch';
import { makeMention } from '../../testing/src/mention-factory';
import { BulkMentionIndexer } from './bulk-mention-indexer';
import { loadSearchConfig } from './config';
import { MentionIndexManager } from './mention-index-manager';
import { NearDuplicateGrouper } from './near-duplicate-grouper';

// Real cluster work on shared cores: the default 5 s is too tight under load.
jest.setTimeout(60_000);

const client = createTestSearchClient();
const prefix = randomIndexPrefix();
const manager = new MentionIndexManager(client, { ...loadSearchConfig({}), indexPrefix: prefix });
const indexer = new BulkMentionIndexer(client, manager);

const grouper = () => new NearDuplicateGrouper(client, manager, { maxDistance: 4 });

const BASE = Date.parse('2026-03-10T12:00:00.000Z');
const HEAD = 'ffff000000000000';
const NEAR = 'ffff00000000000f'; // 4 bits away
const FAR = 'ffff0000000000ff'; // 8 bits away

function mention(id: string, minutes: number, simhash: string | null, keys: string[], extra: Partial<Mention> = {}): Mention {
  return makeMention({
    id,
    externalId: id,
    publishedAt: new Date(BASE + minutes * 60_000).toISOString(),
    simhash,
    similarityKeys: keys,
    category: 'service',
    flushReason: null,
    ...extra,
  });
}

beforeAll(async () => {
  await manager.ensureReady(new Date(BASE));
});

afterAll(async () => {
  await deleteIndicesWithPrefix(client, prefix);
  await client.close();
});

describe(NearDuplicateGrouper.name, () => {
  it('makes the earliest published mention of a chunk the head, whatever the order of the chunk', async () => {
    const chunk = [mention('a-late', 5, NEAR, ['k-a']), mention('a-first', 0, HEAD, ['k-a']), mention('a-far', 9, FAR, ['k-a'])];
    await grouper().group(chunk);
    const [late, first, far] = chunk;
    expect(first.duplicateOf).toBeNull();
    expect(first.category).toBe('service');
    expect(late).toMatchObject({ duplicateOf: 'a-first', category: 'flush', flushReason: 'duplicate' });
    expect(late.explanations.category.reasons[0]).toBe('near duplicate of a-first (distance 4)');
    // A shared key is only a candidate: 8 bits away is not a near duplicate.
    expect(far.duplicateOf).toBeNull();
  });

  it('finds heads in Elasticsearch within the window only, and never a member as a head', async () => {
    const head = mention('b-head', 0, HEAD, ['k-b']);
    const member = mention('b-member', 1, HEAD, ['k-b'], { duplicateOf: 'b-head', category: 'flush', flushReason: 'duplicate' });
    const old = mention('c-old', -8 * 24 * 60, HEAD, ['k-c']);
    const report = await indexer.indexBatch([head, member, old], { refresh: 'wait_for' });
    expect(report.failed).toEqual([]);

    // A fresh grouper: nothing in memory, Elasticsearch decides.
    const chunk = [mention('b-new', 60, NEAR, ['k-b']), mention('c-new', 0, NEAR, ['k-c'])];
    await grouper().group(chunk);
    expect(chunk[0].duplicateOf).toBe('b-head');
    // Eight days apart: a new incident, not a copy.
    expect(chunk[1].duplicateOf).toBeNull();
  });

  it('keeps a service mention out of a group whose head is not service', async () => {
    const chunk = [
      mention('d-promo', 0, HEAD, ['k-d'], { category: 'marketing' }),
      mention('d-complaint', 1, HEAD, ['k-d'], { category: 'service' }),
      mention('d-complaint-2', 2, NEAR, ['k-d'], { category: 'service' }),
      mention('d-promo-2', 3, HEAD, ['k-d'], { category: 'marketing' }),
    ];
    await grouper().group(chunk);
    expect(chunk.map((m) => [m.id, m.duplicateOf])).toEqual([
      ['d-promo', null],
      ['d-complaint', null],
      ['d-complaint-2', 'd-complaint'],
      ['d-promo-2', 'd-promo'],
    ]);
  });

  it('groups short texts only on the same exact-text key', async () => {
    const chunk = [mention('e-1', 0, null, ['xsame']), mention('e-2', 1, null, ['xsame']), mention('e-3', 2, null, ['xother']), mention('e-4', 3, null, [])];
    await grouper().group(chunk);
    expect(chunk.map((m) => m.duplicateOf)).toEqual([null, 'e-1', null, null]);
  });

  it('keeps the stored decision for a re-delivered mention, and never makes a mention its own duplicate', async () => {
    const head = mention('f-head', 0, HEAD, ['k-f']);
    const first = grouper();
    const copy = mention('f-copy', 1, NEAR, ['k-f']);
    await first.group([head, copy]);
    await indexer.indexBatch([head, copy], { refresh: 'wait_for' });

    // Delivered again to a fresh worker, with an earlier copy that arrived late in between: the
    // group does not change after the fact.
    const again = [mention('f-earlier', -1, HEAD, ['k-f']), mention('f-head', 0, HEAD, ['k-f']), mention('f-copy', 1, NEAR, ['k-f'])];
    await grouper().group(again);
    expect(again.map((m) => [m.id, m.duplicateOf])).toEqual([
      ['f-earlier', 'f-head'],
      ['f-head', null],
      ['f-copy', 'f-head'],
    ]);
    expect(again[2]).toMatchObject({ category: 'flush', flushReason: 'duplicate' });
  });

  it('keeps the stored decision whatever month holds the mention, and a month without an index holds nothing', async () => {
    // Members whose heads are gone: without the stored decision, each would look like a new head.
    const april = new Date(BASE + 35 * 86_400_000).toISOString();
    const storedMarch = mention('g-march', 0, FAR, ['k-g'], { duplicateOf: 'g-old-head', category: 'flush', flushReason: 'duplicate' });
    const storedApril = mention('g-april', 0, FAR, ['k-h'], { publishedAt: april, duplicateOf: 'g-older-head', category: 'flush', flushReason: 'duplicate' });
    await indexer.indexBatch([storedMarch, storedApril], { refresh: 'wait_for' });

    const again = [
      mention('g-march', 0, FAR, ['k-g']),
      mention('g-april', 0, FAR, ['k-h'], { publishedAt: april }),
      // No index exists for this month yet: not found, not an error.
      mention('g-june', 0, FAR, ['k-j'], { publishedAt: new Date(BASE + 95 * 86_400_000).toISOString() }),
    ];
    await grouper().group(again);
    expect(again.map((m) => [m.id, m.duplicateOf])).toEqual([
      ['g-march', 'g-old-head'],
      ['g-april', 'g-older-head'],
      ['g-june', null],
    ]);
  });

  describe('a month whose index is still starting', () => {
    // An index whose primary shard cannot be placed (no node has this name) stands for one another
    // request is creating this instant: it exists, but no shard can answer yet.
    const JULY = BASE + 120 * 86_400_000;
    const julyIndex = () => manager.indexNameFor(new Date(JULY).toISOString());
    const holdShard = async () => {
      await client.indices.create({ index: julyIndex(), settings: { 'index.routing.allocation.require._name': 'no-such-node' }, wait_for_active_shards: 0 });
    };
    const releaseShard = async () => {
      await client.indices.putSettings({ index: julyIndex(), settings: { 'index.routing.allocation.require._name': null } });
    };
    afterEach(async () => {
      await client.indices.delete({ index: julyIndex() }, { ignore: [404] });
    });

    it('is asked again until its shard answers', async () => {
      await holdShard();
      const chunk = [mention('h-july', 0, FAR, ['k-m'], { publishedAt: new Date(JULY).toISOString() })];
      // Patient pauses (25 s in all), so that a slow shard start on a loaded machine cannot fail the test.
      const lookUp = new NearDuplicateGrouper(client, manager, { maxDistance: 4, shardRetryDelaysMs: [200, 400, 800, 1_600, 3_200, 6_400, 12_800] }).group(chunk);
      const outcome = lookUp.then(() => 'resolved', (error: Error) => error.message);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Still waiting for the shard, not failed.
      expect(await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('pending'), 50))])).toBe('pending');
      await releaseShard();
      expect(await outcome).toBe('resolved');
      // Nothing could be stored in a month whose shard was never up: a new head.
      expect(chunk[0].duplicateOf).toBeNull();
    });

    it('fails the look-up, naming the cause, when the shard never answers', async () => {
      await holdShard();
      const chunk = [mention('i-july', 0, FAR, ['k-n'], { publishedAt: new Date(JULY).toISOString() })];
      const impatient = new NearDuplicateGrouper(client, manager, { maxDistance: 4, shardRetryDelaysMs: [50, 50] });
      await expect(impatient.group(chunk)).rejects.toThrow(/no_shard_available_action_exception|unavailable_shards_exception/);
    });
  });
});
