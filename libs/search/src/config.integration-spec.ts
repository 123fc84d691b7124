import { checkSearchHealth, createSearchClient, loadSearchConfig } from './config';

// Real cluster work on shared cores: the default 5 s is too tight under load.
jest.setTimeout(60_000);

describe('search client and health (real Elasticsearch)', () => {
  it('reports the health of the cluster', async () => {
    const client = createSearchClient(loadSearchConfig({ ELASTICSEARCH_NODES: 'http://127.0.0.1:9200' }));
    try {
      const health = await checkSearchHealth(client);
      expect(['green', 'yellow']).toContain(health.status);
      expect(health.numberOfNodes).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it('uses every configured node, riding over one that is down', async () => {
    const client = createSearchClient(
      loadSearchConfig({ ELASTICSEARCH_NODES: 'http://127.0.0.1:1,http://127.0.0.1:9200', ES_REQUEST_TIMEOUT_MS: '5000' }),
    );
    try {
      for (let i = 0; i < 4; i++) expect((await checkSearchHealth(client)).numberOfNodes).toBeGreaterThanOrEqual(1);
    } finally {
      await client.close();
    }
  });

  it('fails when no node answers', async () => {
    const client = createSearchClient(loadSearchConfig({ ELASTICSEARCH_NODES: 'http://127.0.0.1:1' }));
    try {
      await expect(checkSearchHealth(client, { timeoutMs: 2_000 })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});
