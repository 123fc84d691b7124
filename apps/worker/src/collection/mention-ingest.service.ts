import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RawMention } from '@ascolto/domain';
import { runPipeline } from '@ascolto/nlp';
import { BulkMentionIndexer, NearDuplicateGrouper, type BulkReport } from '@ascolto/search';
import { CollectorRunEntity, SourceCursorEntity } from '@ascolto/persistence';
import { TopicCatalogService, type TopicSnapshot } from '../topics/topic-catalog.service';

export interface IngestOutcome {
  report: BulkReport;
  /** Items Elasticsearch refused for good (bad data): recorded on the run, cursor still moves. */
  rejected: BulkReport['failed'];
}

/**
 * A failure that must not move the cursor: Elasticsearch was down or overloaded for some items
 * even after retries. The batch is repeated on the next run; deterministic ids make that harmless.
 */
export class TransientIngestError extends Error {}

/** Mentions per bulk request on the ingest path (the indexer's own chunk size). */
const INGEST_CHUNK = 2_000;
/** Bulk requests in flight while the pipeline prepares the next chunk. */
const INGEST_IN_FLIGHT = 3;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Statuses Elasticsearch uses for "try again later" rather than "this document is wrong". */
function isTransient(status: number): boolean {
  return status === 429 || status >= 500 || status === 0;
}

/**
 * The write half of a collector run: pipeline → bulk index → (only then) cursor and run record.
 * Shared by scheduled runs and the ingest benchmark, so the benchmark measures the real path.
 */
@Injectable()
export class MentionIngestService {
  private readonly logger = new Logger(MentionIngestService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly indexer: BulkMentionIndexer,
    private readonly topics: TopicCatalogService,
    private readonly duplicates: NearDuplicateGrouper,
  ) {}

  /**
   * Enriches and indexes a batch. Throws when anything failed in a way a retry could fix.
   *
   * Large batches (page walks, backfills, imports) go in chunks, and the pipeline of the next
   * chunk runs while Elasticsearch writes the previous ones: the pipeline is pure CPU in this
   * process and the bulk requests are I/O, so overlapping them keeps ingest close to the raw
   * `_bulk` rate instead of adding the two times up.
   */
  async indexBatch(items: RawMention[], now = new Date()): Promise<IngestOutcome> {
    // The topic definitions are held until every write of the batch settled: a re-tag of a topic
    // changed meanwhile waits for them (see TopicFenceService), whatever the batch's length.
    const lease = await this.topics.acquire();
    try {
      return await this.indexWithTopics(items, now, lease.snapshot);
    } finally {
      lease.release();
    }
  }

  private async indexWithTopics(items: RawMention[], now: Date, snapshot: TopicSnapshot): Promise<IngestOutcome> {
    const inFlight: Array<Promise<BulkReport>> = [];
    const reports: BulkReport[] = [];
    let firstError: unknown = null;
    const settleOldest = async () => {
      try {
        reports.push(await inFlight.shift()!);
      } catch (error) {
        firstError ??= error;
      }
    };
    const topics = snapshot.forBatch(items);
    const analyse = (offset: number) => runPipeline(items.slice(offset, offset + INGEST_CHUNK), now, { topics });
    let mentions = items.length > 0 ? analyse(0) : [];
    for (let offset = 0; offset < items.length; offset += INGEST_CHUNK) {
      // Near duplicates: one look-up per chunk; members are flushed under the group's first mention.
      // The look-up waits on Elasticsearch, so the pipeline analyses the next chunk meanwhile; one
      // turn of the event loop first, so the request is on its way before the CPU work starts.
      const grouping = this.duplicates.group(mentions);
      // Observed below, after the pipeline ran: no unhandled rejection in between.
      grouping.catch(() => undefined);
      await yieldToEventLoop();
      const nextOffset = offset + INGEST_CHUNK;
      const next = nextOffset < items.length ? analyse(nextOffset) : null;
      // A failed look-up fails the run like a failed bulk request, once the requests in flight settle.
      try {
        await grouping;
      } catch (error) {
        firstError = error;
        break;
      }
      if (inFlight.length >= INGEST_IN_FLIGHT) await settleOldest();
      if (firstError) break;
      inFlight.push(this.indexer.indexBatch(mentions));
      if (!next) break;
      mentions = next;
    }
    // Every request is awaited, even after a failure, so none is left running unobserved.
    while (inFlight.length) await settleOldest();
    if (firstError) throw firstError;

    const report: BulkReport = {
      created: reports.reduce((sum, r) => sum + r.created, 0),
      updated: reports.reduce((sum, r) => sum + r.updated, 0),
      failed: reports.flatMap((r) => r.failed),
      tookMs: reports.reduce((sum, r) => sum + r.tookMs, 0),
    };
    const transient = report.failed.filter((item) => isTransient(item.status));
    if (transient.length) {
      throw new TransientIngestError(
        `${transient.length} of ${items.length} mentions could not be indexed after retries (first: ${transient[0].reason})`,
      );
    }
    for (const item of report.failed) {
      this.logger.error(`Elasticsearch rejected mention ${item.id} (${item.status}): ${item.reason}`);
    }
    return { report, rejected: report.failed };
  }

  /** Marks mentions their source deleted (text kept); throws on failure so the cursor stays. */
  async markDeleted(deletions: ReadonlyArray<{ id: string; at: string }>): Promise<number> {
    return this.indexer.markDeletedAtSource(deletions);
  }

  /**
   * Moves the source's cursor and closes the run record in one transaction. Called only after
   * `indexBatch` resolved: a crash before this point repeats the batch, never skips it.
   */
  async commitCursor(
    sourceId: string,
    nextCursor: unknown,
    run: Pick<CollectorRunEntity, 'id' | 'status' | 'fetched' | 'created' | 'updated' | 'rejectedItems'> &
      Partial<Pick<CollectorRunEntity, 'requests' | 'duplicates' | 'spent' | 'lagSeconds'>>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.upsert(SourceCursorEntity, { sourceId, cursor: nextCursor as object, updatedAt: new Date() }, ['sourceId']);
      await manager.update(CollectorRunEntity, { id: run.id }, {
        status: run.status,
        fetched: run.fetched,
        created: run.created,
        updated: run.updated,
        rejectedItems: run.rejectedItems,
        requests: run.requests ?? 0,
        duplicates: run.duplicates ?? 0,
        spent: run.spent ?? 0,
        lagSeconds: run.lagSeconds ?? [],
        finishedAt: new Date(),
        error: null,
      });
    });
  }
}
