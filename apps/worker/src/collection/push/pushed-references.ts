import type { DataSource } from 'typeorm';
import type { SourceType } from '@ascolto/domain';
import type { CollectRequest } from '@ascolto/collectors';

/** Polled types that also take webhook deliveries (references the adapter reads from the source's API). */
const TYPES_WITH_PUSHED: ReadonlySet<SourceType> = new Set<SourceType>(['instagram']);
/** References handed to one run; each costs a request, the rest wait for the next run. */
export const PUSHED_BATCH = 100;

/** The cursor's mark: the last pushed `seq` the adapter fully handled ("0" before any). */
export function pushedThroughOf(cursor: unknown): string {
  const value = (cursor as { pushedThrough?: unknown } | null)?.pushedThrough;
  return typeof value === 'string' && /^\d{1,19}$/.test(value) ? value : '0';
}

/**
 * The deliveries the API stored for a polled source after its cursor's mark, oldest first, for
 * `CollectRequest.pushed`; undefined for types that take none. Compared as bigint in SQL, so a
 * seq past 2^53 is still exact.
 */
export async function readPushed(dataSource: DataSource, source: { id: string; type: SourceType }, cursor: unknown, batch = PUSHED_BATCH): Promise<CollectRequest['pushed']> {
  if (!TYPES_WITH_PUSHED.has(source.type)) return undefined;
  const rows: Array<{ seq: string; item: unknown }> = await dataSource.query(
    `SELECT i.seq::text AS seq, i.item FROM inbound_items i WHERE i.source_id = $1 AND i.seq > $2::bigint ORDER BY i.seq LIMIT $3`,
    [source.id, pushedThroughOf(cursor), batch + 1],
  );
  const items = rows.slice(0, batch).map((row) => ({ seq: row.seq, payload: row.item }));
  return { items, ...(rows.length > batch ? { more: true } : {}) };
}
