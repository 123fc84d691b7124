import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Language } from '@ascolto/domain';

/** The labels a person can correct, as stored (snake_case, like the rest of PostgreSQL). */
export const LABEL_KINDS = ['sentiment', 'category', 'intent', 'flush_reason'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/**
 * One person's correction of one automatic label of one mention. Append-only: every correction
 * is kept for the audit trail, and the training export reads the latest per mention and kind.
 * A row exists only once the correction is applied (see `LabelCorrectionIntentEntity`).
 * The mention's text and language are copied here so that the export needs no Elasticsearch and
 * still works after retention has deleted the mention.
 */
@Entity({ name: 'label_corrections' })
@Index('IDX_label_corrections_mention_kind', ['mentionId', 'kind', 'createdAt'])
@Index('IDX_label_corrections_created_at', ['createdAt'])
@Index('IDX_label_corrections_applied_at', ['appliedAt'])
export class LabelCorrectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'mention_id', type: 'text' })
  mentionId!: string;

  /** Monthly index that held the document when it was corrected. */
  @Column({ name: 'mention_index', type: 'text' })
  mentionIndex!: string;

  @Column({ name: 'mention_published_at', type: 'timestamptz' })
  mentionPublishedAt!: Date;

  @Column({ type: 'text' })
  kind!: LabelKind;

  /** What the pipeline had said (null: no label, e.g. no flush reason outside `flush`). */
  @Column({ name: 'machine_value', type: 'text', nullable: true })
  machineValue!: string | null;

  @Column({ name: 'machine_confidence', type: 'real', nullable: true })
  machineConfidence!: number | null;

  /** What the person set; null only for a flush reason cleared because the category left `flush`. */
  @Column({ name: 'corrected_value', type: 'text', nullable: true })
  correctedValue!: string | null;

  @Column({ name: 'pipeline_version', type: 'text' })
  pipelineVersion!: string;

  @Column({ name: 'mention_text', type: 'text' })
  mentionText!: string;

  @Column({ name: 'mention_language', type: 'text' })
  mentionLanguage!: Language;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** When the person made the correction (its intent's time: the order of corrections). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the row was recorded: later than `createdAt` when the worker's reconciler finished it. */
  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;

  /** The intent this row records; null for rows recorded before intents existed. */
  @Column({ name: 'intent_id', type: 'bigint', nullable: true })
  intentId!: string | null;
}
