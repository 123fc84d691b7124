import type { CollectRequest, SourceCredentials, SourceDefinition } from '@ascolto/collectors';

/**
 * A `CollectRequest` for calling an adapter directly in a test, as the worker would build it.
 * `savedCredentials` records what the adapter asked to store (refreshed tokens).
 */
export function collectRequest(
  source: Partial<SourceDefinition> & Pick<SourceDefinition, 'type' | 'url'>,
  overrides: Partial<Omit<CollectRequest, 'source'>> = {},
): CollectRequest & { savedCredentials: SourceCredentials[] } {
  const savedCredentials: SourceCredentials[] = [];
  const request: CollectRequest & { savedCredentials: SourceCredentials[] } = {
    source: { id: 'src-test', name: 'Test source', settings: {}, query: null, ...source },
    cursor: null,
    credentials: {},
    budgetRemaining: null,
    stats: { requests: 0, spent: 0 },
    now: new Date(),
    signal: new AbortController().signal,
    savedCredentials,
    saveCredentials: async (next) => {
      savedCredentials.push(next);
      request.credentials = next;
    },
    ...overrides,
  };
  return request;
}
