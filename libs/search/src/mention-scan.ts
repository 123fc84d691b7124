import type { Client, estypes } from '@elastic/elasticsearch';

export interface MentionScanOptions {
  /** The read alias (every monthly index). */
  index: string;
  query: estypes.QueryDslQueryContainer;
  /** Source filtering: only these fields are fetched. */
  fields: readonly string[];
  pageSize: number;
  /** How long the point in time lives between two pages. */
  keepAlive: string;
}

/**
 * Reads every mention `query` matches, page by page, under one point in time (`search_after` on
 * `_shard_doc`, each hit with its sequence number and primary term, for conditional updates).
 * The next page is fetched while `onPage` handles the current one. Mentions indexed a moment ago
 * count: the alias is refreshed before the point in time opens. An error thrown by `onPage` stops
 * the scan (the point in time is closed either way).
 */
export async function scanUnderPointInTime<T>(
  client: Client,
  options: MentionScanOptions,
  onPage: (hits: Array<estypes.SearchHit<T>>) => Promise<void>,
): Promise<void> {
  const { index, query, keepAlive } = options;
  const size = Math.max(1, options.pageSize);
  await client.indices.refresh({ index });
  const pit = await client.openPointInTime({ index, keep_alive: keepAlive });
  let pitId = pit.id;
  const fetchPage = async (after: estypes.SortResults | undefined): Promise<Array<estypes.SearchHit<T>>> => {
    const res = await client.search<T>({
      pit: { id: pitId, keep_alive: keepAlive },
      size,
      query,
      sort: [{ _shard_doc: 'asc' }],
      search_after: after,
      _source: [...options.fields],
      seq_no_primary_term: true,
      track_total_hits: false,
    });
    if (res.pit_id) pitId = res.pit_id;
    return res.hits.hits;
  };
  let next: Promise<Array<estypes.SearchHit<T>>> | null = fetchPage(undefined);
  try {
    for (;;) {
      const page: Array<estypes.SearchHit<T>> = await next;
      next = null;
      if (page.length === 0) break;
      if (page.length === size) {
        next = fetchPage(page[page.length - 1].sort);
        next.catch(() => undefined);
      }
      await onPage(page);
      if (next === null) break;
    }
  } finally {
    await next?.catch(() => undefined);
    await client.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
