import type { Client } from '@elastic/elasticsearch';

// What the writers of mention documents share: reading a document with its version, and writing an
// update that applies only to that version (`if_seq_no`/`if_primary_term`). A write that lost the
// race answers 409 and is computed again from a fresh read; nothing needs a script (our
// Elasticsearch has no Painless), and neither side's change is lost.

/** One item of a `_bulk` answer, as `BULK_ITEM_FILTER_PATH` leaves it. */
export interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

export interface FilteredBulkResponse {
  errors: boolean;
  items?: Array<Record<string, BulkItemResult>>;
}

// Only what the outcome needs: a 2,000-item answer shrinks from ~400 KB to ~50 KB of JSON to parse.
export const BULK_ITEM_FILTER_PATH = [
  'errors',
  'items.*.status',
  'items.*.error.type',
  'items.*.error.reason',
  'items.*.error.caused_by.type',
  'items.*.error.caused_by.reason',
].join(',');

/** A document's version as read: the condition of the update computed from that read. */
export interface DocVersion {
  seqNo: number;
  primaryTerm: number;
}

export interface StoredDoc<T> extends DocVersion {
  source: T | undefined;
}

/** "Try again later" rather than "this document is wrong". */
export function isTransientItem(status: number, type: string | undefined): boolean {
  return status === 429 || status >= 500 || type === 'es_rejected_execution_exception';
}

export function bulkItemReason(r: BulkItemResult): string {
  const e = r.error;
  if (!e) return `status ${r.status}`;
  const cause = e.caused_by?.reason ? ` (${e.caused_by.reason})` : '';
  return `${e.type ?? 'error'}: ${e.reason ?? ''}${cause}`;
}

/** The `_bulk` action line of an update that applies only if the document is still at `version`. */
export function conditionalUpdateAction(index: string, id: string, version: DocVersion): string {
  return `{"update":{"_index":"${index}","_id":${JSON.stringify(id)},"if_seq_no":${version.seqNo},"if_primary_term":${version.primaryTerm}}}`;
}

/**
 * Real-time multi-get of `fields` with each document's version, in the order asked; `undefined`
 * for a document that does not exist (any more).
 */
export async function readVersions<T>(
  client: Client,
  refs: ReadonlyArray<{ index: string; id: string }>,
  fields: readonly string[],
): Promise<Array<StoredDoc<T> | undefined>> {
  if (refs.length === 0) return [];
  const res = await client.mget<T>({
    docs: refs.map((ref) => ({ _index: ref.index, _id: ref.id })),
    _source_includes: [...fields],
    realtime: true,
  });
  return res.docs.map((doc) =>
    'found' in doc && doc.found && doc._seq_no !== undefined && doc._primary_term !== undefined
      ? { seqNo: doc._seq_no, primaryTerm: doc._primary_term, source: doc._source }
      : undefined,
  );
}

/** Exponential backoff with jitter, capped at 30 s: half fixed, half random, to spread writers refused together. */
export function backoffMs(baseMs: number, round: number): number {
  const ceiling = Math.min(baseMs * 2 ** (round - 1), 30_000);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
