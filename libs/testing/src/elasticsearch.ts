// Elasticsearch for integration tests: every test file gets its own index prefix on the shared
// node, and removes everything under it when done.
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';

export const TEST_ELASTICSEARCH_NODE = (process.env.ELASTICSEARCH_NODES ?? 'http://127.0.0.1:9200').split(',')[0].trim();

/** `t-<10 hex>-`: matches ES_INDEX_PREFIX's rule and never collides with `ascolto-`. */
export function randomIndexPrefix(): string {
  return `t-${randomBytes(5).toString('hex')}-`;
}

export function createTestSearchClient(): Client {
  return new Client({ node: TEST_ELASTICSEARCH_NODE, maxRetries: 1, requestTimeout: 60_000 });
}

/** Deletes every index, alias target and composable template whose name starts with `prefix`. */
export async function deleteIndicesWithPrefix(client: Client, prefix: string): Promise<void> {
  if (!/^t-[a-z0-9]+-$/.test(prefix)) throw new Error(`refusing to delete under a non-test prefix "${prefix}"`);
  const indices = Object.keys(
    await client.indices.get({ index: `${prefix}*`, expand_wildcards: 'all', allow_no_indices: true, ignore_unavailable: true }),
  );
  for (let i = 0; i < indices.length; i += 50) {
    await client.indices.delete({ index: indices.slice(i, i + 50), ignore_unavailable: true });
  }
  const templates = await client.indices.getIndexTemplate({ name: `${prefix}*` }).catch(() => ({ index_templates: [] }));
  for (const t of templates.index_templates) {
    await client.indices.deleteIndexTemplate({ name: t.name }).catch(() => undefined);
  }
}
