import type { estypes } from '@elastic/elasticsearch';
import { createTestSearchClient, deleteIndicesWithPrefix, randomIndexPrefix } from '../../testing/src/elasticsearch';
import { makeMention } from '../../testing/src/mention-factory';
import { BulkMentionIndexer } from './bulk-mention-indexer';
import { loadSearchConfig } from './config';
import { MAPPING_VERSION, mentionMappings } from './mappings/mention-mapping';
import { MentionIndexManager } from './mention-index-manager';

// Real cluster work on shared cores: the default 5 s is too tight under load.
jest.setTimeout(60_000);

const client = createTestSearchClient();
const prefix = randomIndexPrefix();
const config = { ...loadSearchConfig({}), indexPrefix: prefix };
const now = new Date('2026-05-17T09:00:00Z');

/** What the next release would ship: one more field (additive). */
class NextReleaseManager extends MentionIndexManager {
  protected override mappingVersion(): number {
    return MAPPING_VERSION + 1;
  }
  protected override mappings(): estypes.MappingTypeMapping {
    const m = mentionMappings(this.mappingVersion());
    return { ...m, properties: { ...m.properties, textStems: { type: 'text', analyzer: 'mention_text' } } };
  }
}

/** A release that changes a field's type, which no index can take in place. */
class IncompatibleReleaseManager extends MentionIndexManager {
  protected override mappingVersion(): number {
    return MAPPING_VERSION + 2;
  }
  protected override mappings(): estypes.MappingTypeMapping {
    const m = mentionMappings(this.mappingVersion());
    return { ...m, properties: { ...m.properties, priority: { type: 'keyword' } } };
  }
}

async function mappingOf(index: string) {
  const res = await client.indices.getMapping({ index });
  return res[index].mappings;
}

afterAll(async () => {
  await deleteIndicesWithPrefix(client, prefix);
  await client.close();
});

describe('MentionIndexManager (real Elasticsearch)', () => {
  const manager = new MentionIndexManager(client, config);

  it('names indices and the alias after the prefix', () => {
    expect(manager.readAlias).toBe(`${prefix}mentions`);
    expect(manager.indexNameFor('2026-05-01T00:00:00Z')).toBe(`${prefix}mentions-2026.05`);
    expect(MentionIndexManager.MAPPING_VERSION).toBe(MAPPING_VERSION);
  });

  it('creates the template, the current month index and the alias', async () => {
    await manager.ensureReady(now);
    const current = `${prefix}mentions-2026.05`;

    const template = (await client.indices.getIndexTemplate({ name: `${prefix}mentions` })).index_templates[0].index_template;
    expect(template.index_patterns).toEqual([`${prefix}mentions-*`]);
    expect(template._meta).toMatchObject({ mappingVersion: MAPPING_VERSION });
    expect(template.template?.aliases).toHaveProperty(`${prefix}mentions`);

    const alias = await client.indices.getAlias({ name: `${prefix}mentions` });
    expect(Object.keys(alias)).toEqual([current]);

    const settings = (await client.indices.getSettings({ index: current, flat_settings: true }))[current].settings as Record<string, unknown>;
    expect(settings['index.number_of_shards']).toBe('1');
    expect(settings['index.number_of_replicas']).toBe('0');
    expect(settings['index.refresh_interval']).toBe('1s');

    const mapping = await mappingOf(current);
    expect(mapping.dynamic).toBe('strict');
    expect(mapping._meta).toEqual({ mappingVersion: MAPPING_VERSION });
    expect(mapping.properties?.text).toMatchObject({ type: 'text', analyzer: 'mention_text' });
    expect(mapping.properties?.content).toMatchObject({ type: 'text', index: false });
    expect(mapping.properties?.explanations).toMatchObject({ type: 'object', enabled: false });
  });

  it('analyses text with lowercase and Italian and English stop words', async () => {
    const res = await client.indices.analyze({
      index: `${prefix}mentions-2026.05`,
      analyzer: 'mention_text',
      text: 'Il RIMBORSO della carta and the Refund',
    });
    expect(res.tokens?.map((t) => t.token)).toEqual(['rimborso', 'carta', 'refund']);
  });

  it('is idempotent, also when called concurrently', async () => {
    await manager.ensureReady(now);
    const others = [new MentionIndexManager(client, config), new MentionIndexManager(client, config), manager];
    await Promise.all(others.map((m) => m.ensureReady(now)));
    // A new month arriving while several processes start.
    const june = new Date('2026-06-01T00:00:05Z');
    await Promise.all(others.map((m) => m.ensureReady(june)));
    expect(await manager.listIndices()).toEqual([`${prefix}mentions-2026.05`, `${prefix}mentions-2026.06`]);
    expect(await manager.aliasIndices()).toEqual([`${prefix}mentions-2026.05`, `${prefix}mentions-2026.06`]);
  });

  it('rejects fields the mapping does not declare (dynamic: strict)', async () => {
    const indexer = new BulkMentionIndexer(client, manager);
    const m = { ...makeMention({ publishedAt: '2026-05-02T10:00:00Z' }), surprise: 'x' };
    const report = await indexer.indexBatch([m], { refresh: 'wait_for' });
    expect(report.created).toBe(0);
    expect(report.failed).toEqual([expect.objectContaining({ id: m.id, status: 400, reason: expect.stringMatching(/strict/) })]);
  });

  it('applies an additive mapping change to existing indices and the template', async () => {
    const indexer = new BulkMentionIndexer(client, manager);
    await indexer.indexBatch([makeMention({ publishedAt: '2026-05-03T10:00:00Z' })], { refresh: true });

    const next = new NextReleaseManager(client, config);
    await next.ensureReady(now);
    for (const index of await manager.listIndices()) {
      const mapping = await mappingOf(index);
      expect(mapping._meta).toEqual({ mappingVersion: MAPPING_VERSION + 1 });
      expect(mapping.properties?.textStems).toMatchObject({ type: 'text' });
    }
    const template = (await client.indices.getIndexTemplate({ name: `${prefix}mentions` })).index_templates[0].index_template;
    expect(template._meta).toMatchObject({ mappingVersion: MAPPING_VERSION + 1 });

    // A month created after the upgrade gets the new field from the template.
    await next.ensureReady(new Date('2026-07-10T00:00:00Z'));
    expect((await mappingOf(`${prefix}mentions-2026.07`)).properties?.textStems).toBeDefined();

    // The old release starting again (rollback, rolling deploy) must not downgrade the template.
    await manager.ensureReady(now);
    const after = (await client.indices.getIndexTemplate({ name: `${prefix}mentions` })).index_templates[0].index_template;
    expect(after._meta).toMatchObject({ mappingVersion: MAPPING_VERSION + 1 });
    expect((await mappingOf(`${prefix}mentions-2026.05`))._meta).toEqual({ mappingVersion: MAPPING_VERSION + 1 });
  });

  it('stops with the name of the index to reindex when a change cannot be applied in place', async () => {
    const incompatible = new IncompatibleReleaseManager(client, config);
    await expect(incompatible.ensureReady(now)).rejects.toThrow(
      new RegExp(`Elasticsearch index ${prefix}mentions-2026\\.0[567] needs a reindex`),
    );
    // Nothing moved forward: not the index it refused, not the template new months are made from.
    expect((await mappingOf(`${prefix}mentions-2026.05`))._meta).toEqual({ mappingVersion: MAPPING_VERSION + 1 });
    const template = (await client.indices.getIndexTemplate({ name: `${prefix}mentions` })).index_templates[0].index_template;
    expect(template._meta).toMatchObject({ mappingVersion: MAPPING_VERSION + 1 });
  });

  it('deleteAll removes the indices and the template', async () => {
    const other = new MentionIndexManager(client, { ...config, indexPrefix: `${prefix.slice(0, -1)}x-` });
    await other.ensureReady(now);
    await other.deleteAll();
    expect(await other.listIndices()).toEqual([]);
    await expect(client.indices.getIndexTemplate({ name: other.templateName })).rejects.toMatchObject({ statusCode: 404 });
    // The first prefix's indices are untouched.
    expect((await manager.listIndices()).length).toBe(3);
  });
});
