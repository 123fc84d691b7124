import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

const PRUNE_EVERY_MS = 60 * 60_000;
/** Pushed items are kept this long after the worker indexed them: re-deliveries within it are recognised as repeats. */
export const INBOUND_RETENTION_DAYS = 30;
const BATCH = 10_000;

/**
 * Pushed items only wait in `inbound_items` until the worker has indexed them; Elasticsearch then
 * holds the mention. Rows behind their source's cursor and older than the retention are deleted
 * (never one the worker has not read yet). A re-delivery after that is stored again and becomes
 * an update of the same mention, so nothing doubles.
 */
@Injectable()
export class InboundItemsPrunerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundItemsPrunerService.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.pruneOnce().catch((error: Error) => this.logger.warn(`pruning pushed items failed: ${error.message}`));
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async pruneOnce(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - INBOUND_RETENTION_DAYS * 86_400_000);
    let deleted = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM inbound_items WHERE seq IN (
           SELECT i.seq FROM inbound_items i JOIN source_cursors c ON c.source_id = i.source_id
            WHERE i.received_at < $1
              -- A webhook source's cursor says "seq"; a polled source that also takes deliveries
              -- (Instagram @mentions) says "pushedThrough".
              AND i.seq <= CASE WHEN COALESCE(c.cursor->>'seq', c.cursor->>'pushedThrough') ~ '^[0-9]{1,18}$'
                                THEN COALESCE(c.cursor->>'seq', c.cursor->>'pushedThrough')::bigint END
            LIMIT ${BATCH})`,
        [cutoff],
      );
      deleted += count;
      if (count < BATCH) break;
    }
    if (deleted) this.logger.log(`pruned ${deleted} pushed items already indexed`);
    return deleted;
  }
}
