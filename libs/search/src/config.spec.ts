import { loadSearchConfig } from './config';

describe('loadSearchConfig', () => {
  it('falls back to the documented defaults', () => {
    expect(loadSearchConfig({})).toEqual({
      nodes: ['http://127.0.0.1:9200'],
      indexPrefix: 'ascolto-',
      shards: 1,
      replicas: 0,
      requestTimeoutMs: 30_000,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadSearchConfig({ ELASTICSEARCH_NODES: '  ', ES_INDEX_PREFIX: '', ES_SHARDS: '' })).toMatchObject({
      nodes: ['http://127.0.0.1:9200'],
      indexPrefix: 'ascolto-',
      shards: 1,
    });
  });

  it('reads every variable', () => {
    expect(
      loadSearchConfig({
        ELASTICSEARCH_NODES: 'http://es1:9200, https://es2.internal:9243 ,',
        ES_INDEX_PREFIX: 'acme_prod-',
        ES_SHARDS: '3',
        ES_REPLICAS: '1',
        ES_REQUEST_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      nodes: ['http://es1:9200', 'https://es2.internal:9243'],
      indexPrefix: 'acme_prod-',
      shards: 3,
      replicas: 1,
      requestTimeoutMs: 5000,
    });
  });

  it.each([
    ['ELASTICSEARCH_NODES', 'localhost:9200'],
    ['ELASTICSEARCH_NODES', 'ftp://es:21'],
    ['ELASTICSEARCH_NODES', 'http://ok:9200,not a url'],
    ['ELASTICSEARCH_NODES', ',,'],
    ['ES_INDEX_PREFIX', 'Ascolto-'],
    ['ES_INDEX_PREFIX', '-ascolto'],
    ['ES_INDEX_PREFIX', 'a*b'],
    ['ES_INDEX_PREFIX', 'as colto'],
    ['ES_SHARDS', '0'],
    ['ES_SHARDS', 'two'],
    ['ES_SHARDS', '1.5'],
    ['ES_REPLICAS', '-1'],
    ['ES_REPLICAS', '1e2'],
    ['ES_REQUEST_TIMEOUT_MS', '0'],
    ['ES_REQUEST_TIMEOUT_MS', '30s'],
  ])('rejects %s=%j with an error naming the variable', (name, value) => {
    expect(() => loadSearchConfig({ [name]: value })).toThrow(name);
  });

  it('does not echo node URLs, which may hold credentials', () => {
    expect(() => loadSearchConfig({ ELASTICSEARCH_NODES: 'http://u:secret@es:9200,gopher://x' })).toThrow(
      /^ELASTICSEARCH_NODES entry 2 is not an http\(s\) URL$/,
    );
  });

  it('reads process.env by default', () => {
    const saved = process.env.ES_SHARDS;
    process.env.ES_SHARDS = '2';
    try {
      expect(loadSearchConfig().shards).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.ES_SHARDS;
      else process.env.ES_SHARDS = saved;
    }
  });
});
