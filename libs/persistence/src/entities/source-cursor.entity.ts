import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How far a source has been read. Written only after the batch it covers is durably indexed,
 * in the same transaction as the run record, so a crash repeats a batch rather than skipping one.
 */
@Entity({ name: 'source_cursors' })
export class SourceCursorEntity {
  @PrimaryColumn({ name: 'source_id', type: 'uuid' })
  sourceId!: string;

  @Column({ type: 'jsonb', nullable: true })
  cursor!: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
