import { errors, type Client } from '@elastic/elasticsearch';

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

/** One conditional partial update: `doc` applies only if the document is still at `version`. */
export interface ConditionalChange<D> {
  index: string;
  id: string;
  version: DocVersion;
  doc: D;
}

export interface ConditionalWriteOptions<S, D> {
  /** The stored fields `replan` needs, read again (real time) for a change refused with 409. */
  fields: readonly string[];
  /**
   * The update to write now that the document holds `fresh` (it changed after the first read);
   * null when there is nothing left to write.
   */
  replan: (fresh: S, change: ConditionalChange<D>) => D | null;
  /** Retries of a refused request (429, 5xx) for the whole set, and re-reads of one document after 409. */
  maxRetries: number;
  /** First backoff delay; doubles per round, with jitter. */
  retryBaseMs: number;
}

export interface ConditionalWriteResult {
  /** Updates applied. */
  written: number;
  /** 409s: documents read again and planned again. */
  conflicts: number;
  /** Updates not applied for good, with why (the caller reports them; none is dropped silently). */
  failed: Array<{ id: string; reason: string }>;
}

/**
 * Writes conditional partial updates with `_bulk`. A 409 (the document changed after it was read:
 * an ingest, a person, another writer) is read again in real time and planned again from what it
 * holds now, so neither write is lost; a document deleted since it was read is left alone; items
 * and requests refused for load (429, 5xx) are sent again after a backoff. Whatever still fails is
 * returned in `failed` with the document's id. A request that fails otherwise (cluster
 * unreachable) throws.
 */
export async function writeConditionalUpdates<S, D>(
  client: Client,
  changes: ReadonlyArray<ConditionalChange<D>>,
  options: ConditionalWriteOptions<S, D>,
): Promise<ConditionalWriteResult> {
  const result: ConditionalWriteResult = { written: 0, conflicts: 0, failed: [] };
  let pending = [...changes];
  let refusals = 0;
  /** 409s per document id: one that keeps changing under us is given up after `maxRetries` re-reads. */
  const rereads = new Map<string, number>();
  const refused = async (what: string): Promise<boolean> => {
    if (++refusals > options.maxRetries) {
      for (const c of pending) result.failed.push({ id: c.id, reason: `gave up after ${options.maxRetries} retries: ${what}` });
      return false;
    }
    await sleep(backoffMs(options.retryBaseMs, refusals));
    return true;
  };
  while (pending.length > 0) {
    const operations = pending.flatMap((c) => [conditionalUpdateAction(c.index, c.id, c.version), JSON.stringify({ doc: c.doc })]);
    let res: FilteredBulkResponse;
    try {
      res = (await client.bulk({ operations, filter_path: BULK_ITEM_FILTER_PATH })) as unknown as FilteredBulkResponse;
    } catch (error) {
      // Load shedding of the whole request: the same changes again, after a backoff.
      if (error instanceof errors.ResponseError && error.statusCode === 429) {
        if (await refused('_bulk answered 429')) continue;
        return result;
      }
      throw error;
    }
    if (!res.errors) {
      result.written += pending.length;
      return result;
    }
    const items = res.items ?? [];
    if (items.length !== pending.length) throw new Error(`_bulk answered ${items.length} items for ${pending.length} updates`);
    const again: Array<ConditionalChange<D>> = [];
    const stale: Array<ConditionalChange<D>> = [];
    let transient: string | null = null;
    pending.forEach((change, i) => {
      const r = items[i].update ?? Object.values(items[i])[0];
      if (r.status < 300) result.written++;
      else if (r.status === 409) {
        const n = (rereads.get(change.id) ?? 0) + 1;
        rereads.set(change.id, n);
        if (n > options.maxRetries) result.failed.push({ id: change.id, reason: `kept changing under ${options.maxRetries} re-reads` });
        else stale.push(change);
      }
      // Deleted since it was read: nothing left to update.
      else if (r.error?.type === 'document_missing_exception' || r.status === 404) return;
      else if (isTransientItem(r.status, r.error?.type)) {
        again.push(change);
        transient ??= bulkItemReason(r);
      } else result.failed.push({ id: change.id, reason: bulkItemReason(r) });
    });
    if (stale.length > 0) {
      result.conflicts += stale.length;
      const fresh = await readVersions<S>(client, stale, options.fields);
      stale.forEach((change, k) => {
        const doc = fresh[k];
        if (!doc) return;
        const next = options.replan(doc.source ?? ({} as S), change);
        if (next !== null) again.push({ ...change, version: { seqNo: doc.seqNo, primaryTerm: doc.primaryTerm }, doc: next });
      });
    }
    pending = again;
    if (transient && pending.length > 0 && !(await refused(transient))) return result;
  }
  return result;
}
