import { errors, type Client } from '@elastic/elasticsearch';
import { CORRECTABLE_LABELS, priorityAfterRelabel, type Mention, type MentionWorkflow } from '@ascolto/domain';
import {
  BULK_ITEM_FILTER_PATH,
  backoffMs,
  bulkItemReason,
  conditionalUpdateAction,
  isTransientItem,
  readVersions,
  sleep,
  type DocVersion,
  type FilteredBulkResponse,
} from './conditional-update';
import { labelsWithKept } from './kept-labels';
import type { MentionIndexManager } from './mention-index-manager';

export interface BulkFailure {
  id: string;
  /** HTTP-like status of the item's last attempt (400 for a mention refused before sending). */
  status: number;
  reason: string;
}

export interface BulkReport {
  /** Mentions written for the first time. */
  created: number;
  /** Mentions that already existed and were updated (or found identical). */
  updated: number;
  /** Every mention that is not in Elasticsearch after this call, with why. */
  failed: BulkFailure[];
  tookMs: number;
}

export interface BulkMentionIndexerOptions {
  /** Retries of one item after 429/5xx/rejected execution. Default 5. */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 100 ms. */
  retryBaseMs?: number;
  /** Documents per `_bulk` request. Default 2,000. */
  maxChunkDocs?: number;
  /** Approximate body size per `_bulk` request (characters). Default 5 MB. */
  maxChunkBytes?: number;
  /** `_bulk` requests in flight at once. Default 2: one is being built while the other is indexed. */
  concurrency?: number;
}

export const WORKFLOW_FIELDS = [
  'status',
  'assigneeId',
  'ticketId',
  'tags',
  'triagedAt',
  'firstResponseAt',
  'firstResponseSeconds',
] as const satisfies readonly (keyof MentionWorkflow)[];

/**
 * What a repeated delivery never overwrites: people's workflow, when we first collected it, the
 * near-duplicate group it joined (a group never changes after the fact; see NearDuplicateGrouper)
 * and the list of labels people corrected. The corrected labels themselves (and their
 * explanations) differ per document, so `redeliveryDoc` leaves out the ones the stored
 * `correctedLabels` names.
 */
export const PRESERVED_ON_REDELIVERY = [...WORKFLOW_FIELDS, 'collectedAt', 'duplicateOf', 'correctedLabels'] as const;


type Op = 0 | 1; // 0 = create, 1 = update
const CREATE: Op = 0;
const UPDATE: Op = 1;

interface Chunk {
  mentions: Mention[];
  indices: string[];
  ops: Op[];
  /** Per item: transient failures seen so far. */
  retries: number[];
  lines: string[];
}


/** `_id` is limited to 512 bytes by Elasticsearch; ours are short hashes, so anything longer is a bug upstream. */
const MAX_ID_CHARS = 512;

function withoutPreserved(m: Mention): Partial<Mention> {
  const {
    status: _status,
    assigneeId: _assigneeId,
    ticketId: _ticketId,
    tags: _tags,
    triagedAt: _triagedAt,
    firstResponseAt: _firstResponseAt,
    firstResponseSeconds: _firstResponseSeconds,
    collectedAt: _collectedAt,
    duplicateOf: _duplicateOf,
    correctedLabels: _correctedLabels,
    ...rest
  } = m;
  return rest;
}

/** What a re-delivery reads of the stored document: which labels a person set, and their values. */
const REDELIVERY_READ_FIELDS = ['correctedLabels', 'sentiment', 'sentimentScore', 'category', 'intent'] as const;
export type StoredCorrections = Partial<Pick<Mention, (typeof REDELIVERY_READ_FIELDS)[number]>>;

/**
 * The partial update of a re-delivered mention: everything but the preserved fields and the labels
 * a person corrected (`stored.correctedLabels`). `explanations` is merged key by key by
 * Elasticsearch, so leaving a label's key out keeps the person's explanation while the others are
 * refreshed. The priority is recomputed with the person's labels, not the pipeline's (and a
 * corrected sentiment keeps its score), so a re-delivery does not undo what a correction did to
 * the mention's place in the queue.
 */
export function redeliveryDoc(m: Mention, stored: StoredCorrections = {}): Partial<Mention> {
  const doc: Record<string, unknown> = withoutPreserved(m);
  const corrected = CORRECTABLE_LABELS.filter((label) => Array.isArray(stored.correctedLabels) && stored.correctedLabels.includes(label));
  if (corrected.length === 0) return doc as Partial<Mention>;
  for (const label of corrected) delete doc[label];
  if (doc.explanations && typeof doc.explanations === 'object') {
    const explanations: Record<string, unknown> = { ...(doc.explanations as object) };
    for (const label of corrected) delete explanations[label];
    doc.explanations = explanations;
  }
  // A person's sentiment keeps its stored score, as the label itself is kept.
  if (corrected.includes('sentiment')) delete doc.sentimentScore;
  doc.priority = priorityAfterRelabel(labelsWithKept(m, stored, new Set(corrected)), m.priorityFactors, m.priority);
  return doc as Partial<Mention>;
}

/**
 * Writes enriched mentions. Each mention goes to the index of its publication month with
 * `_id = mention.id` as a `create`; one that already exists (409) is then updated with everything
 * except the fields people own (see PRESERVED_ON_REDELIVERY and `redeliveryDoc`), so a repeated
 * delivery refreshes text and labels without reopening a mention someone closed or undoing a label
 * someone corrected. Items refused for load (429, 5xx) are
 * retried alone with backoff; everything that still is not written is returned in `failed`.
 * A request that fails as a whole (cluster unreachable) throws, so the caller keeps its cursor.
 */
export class BulkMentionIndexer {
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly maxChunkDocs: number;
  private readonly maxChunkBytes: number;
  private readonly concurrency: number;

  constructor(
    private readonly client: Client,
    private readonly manager: MentionIndexManager,
    options: BulkMentionIndexerOptions = {},
  ) {
    this.maxRetries = options.maxRetries ?? 5;
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.maxChunkDocs = Math.max(1, options.maxChunkDocs ?? 2_000);
    this.maxChunkBytes = Math.max(1, options.maxChunkBytes ?? 5_000_000);
    this.concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /**
   * Marks mentions the source reported deleted, keeping their text (a care team may still need
   * what was said). Ids not in the index are ignored: a deletion of something never collected
   * changes nothing. Returns how many documents were marked. Throws if Elasticsearch fails, so the
   * caller keeps its cursor and the deletion is reported again.
   */
  async markDeletedAtSource(deletions: ReadonlyArray<{ id: string; at: string }>): Promise<number> {
    if (!deletions.length) return 0;
    const at = new Map(deletions.map((d) => [d.id, d.at]));
    // Search is near-real-time: a mention indexed a moment ago (even in this same run) is only
    // found after a refresh. Deletions are rare, so the refresh costs little.
    await this.client.indices.refresh({ index: this.manager.readAlias });
    const found = await this.client.search<never>({
      index: this.manager.readAlias,
      size: at.size,
      _source: false,
      query: { ids: { values: [...at.keys()] } },
    });
    if (!found.hits.hits.length) return 0;
    const operations = found.hits.hits.flatMap((hit) => [
      { update: { _index: hit._index, _id: hit._id! } },
      { doc: { deletedAtSource: at.get(hit._id!) } },
    ]);
    const response = await this.client.bulk({ operations, refresh: false });
    const failed = response.items.filter((item) => item.update?.error);
    if (failed.length) throw new Error(`marking ${failed.length} deleted mention(s) failed: ${failed[0].update?.error?.reason ?? 'unknown'}`);
    return found.hits.hits.length;
  }

  async indexBatch(mentions: readonly Mention[], opts: { refresh?: boolean | 'wait_for' } = {}): Promise<BulkReport> {
    const started = performance.now();
    const report: BulkReport = { created: 0, updated: 0, failed: [], tookMs: 0 };
    let next = 0;

    // Chunks are cut lazily, so the next body is serialised while the previous one is indexed.
    const takeChunk = (): Chunk | undefined => {
      if (next >= mentions.length) return undefined;
      const chunk: Chunk = { mentions: [], indices: [], ops: [], retries: [], lines: [] };
      let bytes = 0;
      while (next < mentions.length && chunk.mentions.length < this.maxChunkDocs && bytes < this.maxChunkBytes) {
        const m = mentions[next++];
        let index: string;
        try {
          if (typeof m.id !== 'string' || m.id.length === 0 || m.id.length > MAX_ID_CHARS) {
            throw new Error('mention id must be a non-empty string of at most 512 characters');
          }
          index = this.manager.indexNameFor(m.publishedAt);
        } catch (error) {
          report.failed.push({ id: String(m?.id), status: 400, reason: (error as Error).message });
          continue;
        }
        const action = `{"create":{"_index":"${index}","_id":${JSON.stringify(m.id)}}}`;
        const doc = JSON.stringify(m);
        bytes += action.length + doc.length + 2;
        chunk.mentions.push(m);
        chunk.indices.push(index);
        chunk.ops.push(CREATE);
        chunk.retries.push(0);
        chunk.lines.push(action, doc);
      }
      return chunk.mentions.length > 0 ? chunk : takeChunk();
    };

    const worker = async (): Promise<void> => {
      for (let chunk = takeChunk(); chunk; chunk = takeChunk()) {
        await this.writeChunk(chunk, opts.refresh, report);
      }
    };

    const results = await Promise.allSettled(Array.from({ length: this.concurrency }, worker));
    // Wait for every request in flight before throwing, so a caller that retries does not race us.
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    report.tookMs = Math.round(performance.now() - started);
    return report;
  }

  private async writeChunk(first: Chunk, refresh: boolean | 'wait_for' | undefined, report: BulkReport): Promise<void> {
    let chunk: Chunk | undefined = first;
    let backoffRound = 0;
    let needsBackoff = false;
    let requestRetries = 0;

    while (chunk) {
      if (needsBackoff) await sleep(this.backoff(++backoffRound));
      let res: FilteredBulkResponse;
      try {
        res = (await this.client.bulk({
          operations: chunk.lines,
          refresh,
          filter_path: BULK_ITEM_FILTER_PATH,
        })) as unknown as FilteredBulkResponse;
      } catch (error) {
        // Load shedding of the whole request is as transient as an item's 429; anything else
        // (unreachable, auth, bad request) is the caller's to see.
        if (error instanceof errors.ResponseError && error.statusCode === 429 && requestRetries < this.maxRetries) {
          requestRetries++;
          needsBackoff = true;
          continue;
        }
        throw error;
      }

      const n = chunk.mentions.length;
      if (!res.errors) {
        for (let i = 0; i < n; i++) {
          if (chunk.ops[i] === CREATE) report.created++;
          else report.updated++;
        }
        return;
      }
      const items = res.items ?? [];
      if (items.length !== n) throw new Error(`_bulk answered ${items.length} items for ${n} operations`);

      const again: Chunk = { mentions: [], indices: [], ops: [], retries: [], lines: [] };
      needsBackoff = false;
      const missingIndices = new Set<string>();
      for (let i = 0; i < n; i++) {
        const item = items[i];
        const r = item.create ?? item.update ?? Object.values(item)[0];
        const op = chunk.ops[i];
        const m = chunk.mentions[i];
        const index = chunk.indices[i];
        let retries = chunk.retries[i];
        if (r.status < 300) {
          if (op === CREATE) report.created++;
          else report.updated++;
          continue;
        }
        const type = r.error?.type;
        let nextOp: Op;
        if (op === CREATE && r.status === 409) {
          nextOp = UPDATE;
        } else if (op === UPDATE && r.status === 409) {
          // A person corrected a label (or another delivery wrote) between our read and our
          // update: read the document again and recompute what may be overwritten.
          nextOp = UPDATE;
          retries++;
        } else if (op === UPDATE && type === 'document_missing_exception') {
          // Deleted between our create and update: write it whole again.
          nextOp = CREATE;
          retries++;
        } else if (type === 'index_not_found_exception') {
          // Automatic index creation is disabled on this cluster: create the month's index ourselves.
          missingIndices.add(index);
          nextOp = op;
          retries++;
        } else if (isTransientItem(r.status, type)) {
          nextOp = op;
          retries++;
          needsBackoff = true;
        } else {
          report.failed.push({ id: m.id, status: r.status, reason: bulkItemReason(r) });
          continue;
        }
        if (retries > this.maxRetries) {
          report.failed.push({
            id: m.id,
            status: r.status,
            reason: `gave up after ${this.maxRetries} retries: ${bulkItemReason(r)}`,
          });
          continue;
        }
        again.mentions.push(m);
        again.indices.push(index);
        again.ops.push(nextOp);
        again.retries.push(retries);
      }
      for (const index of missingIndices) await this.manager.ensureIndex(index);
      if (again.mentions.length > 0) await this.prepareLines(again);
      chunk = again.mentions.length > 0 ? again : undefined;
    }
  }

  /**
   * Writes the operations of a retry chunk. Updates need the stored document's `correctedLabels`
   * (one real-time multi-get for the chunk's updates, only those fields) and are made conditional
   * on the sequence number read, so a correction landing in between fails the update with 409 and
   * it is recomputed, instead of being overwritten. A document gone meanwhile is created again.
   */
  private async prepareLines(chunk: Chunk): Promise<void> {
    const updates = chunk.ops.flatMap((op, i) => (op === UPDATE ? [i] : []));
    const stored = new Map<number, DocVersion & { labels: StoredCorrections }>();
    const docs = await readVersions<StoredCorrections>(
      this.client,
      updates.map((i) => ({ index: chunk.indices[i], id: chunk.mentions[i].id })),
      REDELIVERY_READ_FIELDS,
    );
    docs.forEach((doc, k) => {
      if (!doc) return;
      stored.set(updates[k], { seqNo: doc.seqNo, primaryTerm: doc.primaryTerm, labels: doc.source ?? {} });
    });
    chunk.lines = [];
    for (let i = 0; i < chunk.mentions.length; i++) {
      const m = chunk.mentions[i];
      const index = chunk.indices[i];
      const found = chunk.ops[i] === UPDATE ? stored.get(i) : undefined;
      if (!found) {
        chunk.ops[i] = CREATE;
        chunk.lines.push(`{"create":{"_index":"${index}","_id":${JSON.stringify(m.id)}}}`, JSON.stringify(m));
      } else {
        chunk.lines.push(conditionalUpdateAction(index, m.id, found), JSON.stringify({ doc: redeliveryDoc(m, found.labels) }));
      }
    }
  }

  private backoff(round: number): number {
    return backoffMs(this.retryBaseMs, round);
  }
}
