import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CollectorRunStatus = 'running' | 'succeeded' | 'not_modified' | 'failed';

/** One poll of one source: what it fetched, what it wrote, and why it failed if it did. */
@Entity({ name: 'collector_runs' })
@Index('IDX_collector_runs_source_started', ['sourceId', 'startedAt'])
export class CollectorRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  @Column({ name: 'worker_id', type: 'text' })
  workerId!: string;

  @Column({ type: 'text' })
  status!: CollectorRunStatus;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  fetched!: number;

  /** Mentions new to the index. */
  @Column({ type: 'integer', default: 0 })
  created!: number;

  /** Mentions already indexed (re-delivered or edited). */
  @Column({ type: 'integer', default: 0 })
  updated!: number;

  /** Items Elasticsearch rejected permanently, with reasons (never silently dropped). */
  @Column({ name: 'rejected_items', type: 'jsonb', default: () => "'[]'" })
  rejectedItems!: Array<{ id: string; status: number; reason: string }>;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** HTTP requests the run made. */
  @Column({ type: 'integer', default: 0 })
  requests!: number;

  /** Fetched items that were already known (filtered by the cursor, or unchanged in the index). */
  @Column({ type: 'integer', default: 0 })
  duplicates!: number;

  /** Budget units or dollars spent. */
  @Column({ type: 'double precision', default: 0 })
  spent!: number;

  /** Seconds from publication to indexing of (a sample of) the new items: freshness. */
  @Column({ name: 'lag_seconds', type: 'jsonb', default: () => "'[]'" })
  lagSeconds!: number[];
}
