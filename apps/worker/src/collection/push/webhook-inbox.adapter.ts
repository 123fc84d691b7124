import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { RawMention, SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import {
  brandChannelOfWebhook,
  pushDeletion,
  pushItemToRawMention,
  validatePushItem,
  WEBHOOK_DESCRIPTOR,
  type CollectRequest,
  type CollectResult,
  type PushItem,
  type SourceAdapter,
} from '@ascolto/collectors';

/** Rows read per run; more waiting makes the run `incomplete` and the next tick continues. */
export const WEBHOOK_BATCH_ROWS = 2_000;

/** The stored cursor: the last `seq` indexed, as a decimal string (bigint; never a JS number). */
export interface WebhookCursor {
  seq: string;
}

export function parseWebhookCursor(cursor: unknown): WebhookCursor {
  const seq = (cursor as { seq?: unknown } | null)?.seq;
  return { seq: typeof seq === 'string' && /^\d{1,19}$/.test(seq) ? seq : '0' };
}

interface InboundRow {
  seq: string;
  item: unknown;
}

/**
 * Reads a webhook source's pushed items from `inbound_items` (the API stored them), oldest first
 * after the cursor, and turns them into mentions and deletions. Like every adapter it stores
 * nothing: the worker moves the cursor only after Elasticsearch has the batch, so a crash reads
 * the same rows again and the deterministic ids make that an overwrite.
 */
export class WebhookInboxAdapter implements SourceAdapter {
  readonly type: SourceType = 'webhook';
  readonly descriptor: SourceTypeDescriptor = WEBHOOK_DESCRIPTOR;
  private readonly logger = new Logger(WebhookInboxAdapter.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly batchRows = WEBHOOK_BATCH_ROWS,
  ) {}

  async collect(req: CollectRequest): Promise<CollectResult> {
    const cursor = parseWebhookCursor(req.cursor);
    const rows: InboundRow[] = await this.dataSource.query(
      // Ordered by the bigint column, not by the text alias of the same name ("10" < "9").
      `SELECT i.seq::text AS seq, i.item FROM inbound_items i WHERE i.source_id = $1 AND i.seq > $2::bigint ORDER BY i.seq LIMIT $3`,
      [req.source.id, cursor.seq, this.batchRows],
    );
    if (rows.length === 0) return { items: [], nextCursor: cursor, notModified: false, fetched: 0 };

    const ctx = {
      sourceType: 'webhook' as const,
      sourceId: req.source.id,
      sourceKey: req.source.id,
      collectedAt: req.now,
      brandChannel: brandChannelOfWebhook(req.source.settings['channel']),
    };
    // Rows in seq order; per mention the last row says what it is now. An edit and a deletion of
    // the same item in one batch: the latest text is indexed already marked deleted, because a
    // separate deletion could not yet find a document written in the same run.
    const latest = new Map<string, PushItem>();
    const content = new Map<string, PushItem>();
    for (const row of rows) {
      const check = validatePushItem(row.item, req.now);
      if (!check.ok) {
        this.logger.warn(`webhook source ${req.source.id}: stored item seq ${row.seq} is no longer valid (${check.reason}); skipped`);
        continue;
      }
      latest.set(check.item.id, check.item);
      if (!check.item.deleted) content.set(check.item.id, check.item);
    }
    const items: RawMention[] = [];
    const deletions: Array<{ id: string; at: string }> = [];
    for (const [id, item] of latest) {
      if (!item.deleted) {
        items.push(pushItemToRawMention(item, ctx));
      } else if (content.has(id)) {
        items.push(pushItemToRawMention({ ...content.get(id)!, deleted: true, deletedAt: item.deletedAt }, ctx));
      } else if (item.text) {
        // A deletion that carries the text: indexed already marked, the text kept.
        items.push(pushItemToRawMention(item, ctx));
      } else {
        deletions.push(pushDeletion(item, ctx, req.now));
      }
    }
    const last = rows[rows.length - 1].seq;
    return {
      items,
      deletions,
      nextCursor: { seq: last } satisfies WebhookCursor,
      notModified: false,
      fetched: rows.length,
      ...(rows.length >= this.batchRows ? { incomplete: { reason: `more than ${this.batchRows} pushed items waiting` } } : {}),
    };
  }
}
