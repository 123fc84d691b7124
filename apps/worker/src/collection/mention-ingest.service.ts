import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RawMention } from '@ascolto/domain';
import { runPipeline } from '@ascolto/nlp';
import { BulkMentionIndexer, type BulkReport } from '@ascolto/search';
import { CollectorRunEntity, SourceCursorEntity } from '@ascolto/persistence';

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
  ) {}

  /** Enriches and indexes a batch. Throws when anything failed in a way a retry could fix. */
  async indexBatch(items: RawMention[], now = new Date()): Promise<IngestOutcome> {
    const mentions = runPipeline(items, now);
    const report = await this.indexer.indexBatch(mentions);
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

  /**
   * Moves the source's cursor and closes the run record in one transaction. Called only after
   * `indexBatch` resolved: a crash before this point repeats the batch, never skips it.
   */
  async commitCursor(
    sourceId: string,
    nextCursor: unknown,
    run: Pick<CollectorRunEntity, 'id' | 'status' | 'fetched' | 'created' | 'updated' | 'rejectedItems'>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.upsert(SourceCursorEntity, { sourceId, cursor: nextCursor as object, updatedAt: new Date() }, ['sourceId']);
      await manager.update(CollectorRunEntity, { id: run.id }, {
        status: run.status,
        fetched: run.fetched,
        created: run.created,
        updated: run.updated,
        rejectedItems: run.rejectedItems,
        finishedAt: new Date(),
        error: null,
      });
    });
  }
}
