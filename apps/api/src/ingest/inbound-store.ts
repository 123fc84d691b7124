import type { DataSource } from 'typeorm';

/** Keeps our advisory locks apart from other applications'; distinct from the worker's run locks. */
const INBOUND_LOCK_NAMESPACE = 0x4149; // "AI": ascolto inbound

/** One pushed delivery as stored: its id at the sender, a hash of its content, the item itself. */
export interface InboundRow {
  externalId: string;
  /** 64 hex characters; the same (external id, hash) again is a re-delivery and is skipped. */
  hash: string;
  item: unknown;
}

/**
 * Inserts the rows in order into `inbound_items`; a repeat of a stored (source, id, content) is
 * skipped. The per-source transaction lock makes a source's rows commit in `seq` order, so the
 * worker, reading `seq > cursor`, can never pass a row that is still being committed.
 * Returns how many rows were new.
 */
export async function storeInboundRows(dataSource: DataSource, sourceId: string, rows: InboundRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  return dataSource.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INBOUND_LOCK_NAMESPACE, sourceId]);
    const inserted: unknown[] = await tx.query(
      `INSERT INTO inbound_items (source_id, external_id, content_hash, item)
       SELECT $1, e->>'externalId', e->>'hash', e->'item'
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, n)
        ORDER BY n
       ON CONFLICT (source_id, external_id, content_hash) DO NOTHING
       RETURNING seq`,
      [sourceId, JSON.stringify(rows)],
    );
    return inserted.length;
  });
}
