import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CorrectableLabel, CorrectLabelsRequest } from '@ascolto/domain';
import type { LabelKind } from './label-correction.entity';

/** A change planned when the correction was asked for (the shape of libs/search's `LabelChange`). */
export interface PlannedLabelChange {
  label: CorrectableLabel;
  kind: LabelKind;
  from: string | null;
  to: string | null;
  confidence: number | null;
}

/**
 * A person's correction of a mention's labels, committed before Elasticsearch is written. Pending
 * (`applied_at` null) until its `label_corrections` rows and audit event are recorded; an intent
 * the API could not finish (a crash, PostgreSQL failing after the document was written) is finished
 * by the worker's reconciler. Applied intents are kept: they order later corrections after earlier
 * ones, including those that changed no value and so have no `label_corrections` row.
 */
@Entity({ name: 'label_correction_intents' })
@Index('IDX_label_correction_intents_pending', ['id'], { where: '"applied_at" IS NULL' })
@Index('IDX_label_correction_intents_mention', ['mentionId', 'id'])
export class LabelCorrectionIntentEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'mention_id', type: 'text' })
  mentionId!: string;

  /** Monthly index that held the document when the person asked. */
  @Column({ name: 'mention_index', type: 'text' })
  mentionIndex!: string;

  /** The labels as the person gave them. */
  @Column({ type: 'jsonb' })
  request!: CorrectLabelsRequest;

  /** The changes planned on the document read before the write. */
  @Column({ type: 'jsonb' })
  planned!: PlannedLabelChange[];

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The name "corrected by" names, as it was when the person asked. */
  @Column({ name: 'user_name', type: 'text' })
  userName!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;

  /** Failed attempts of the reconciler, and the last one's error. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
