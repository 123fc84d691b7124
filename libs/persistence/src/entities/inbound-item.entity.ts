import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One item a webhook delivered, stored as received (after validation) until the worker indexes
 * it. `seq` orders the rows of a source; the worker's cursor is the last `seq` it indexed. The
 * API inserts a source's rows one request at a time (an advisory lock per source), so a reader
 * never sees a higher `seq` of a source before a lower one is committed.
 */
@Entity({ name: 'inbound_items' })
@Index('UQ_inbound_items_delivery', ['sourceId', 'externalId', 'contentHash'], { unique: true })
@Index('IDX_inbound_items_source_seq', ['sourceId', 'seq'])
export class InboundItemEntity {
  /** bigint: kept as a string, never a JS number. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  /** SHA-256 of the validated item: a re-delivery has the same, an edit another. */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  /** The validated item (`PushItem`); untrusted text. */
  @Column({ type: 'jsonb' })
  item!: Record<string, unknown>;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
