import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MentionStatus } from '@ascolto/domain';

/**
 * The authoritative workflow state of a mention that a person touched (status, ticket…).
 * Elasticsearch carries a copy so the inbox can filter on it; `synced_version` lags `version`
 * until the copy is written, and the reconciler re-applies every row where they differ.
 */
@Entity({ name: 'mention_states' })
export class MentionStateEntity {
  @PrimaryColumn({ name: 'mention_id', type: 'text' })
  mentionId!: string;

  @Column({ type: 'text' })
  status!: MentionStatus;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'ticket_id', type: 'uuid', nullable: true })
  ticketId!: string | null;

  @Column({ name: 'triaged_at', type: 'timestamptz', nullable: true })
  triagedAt!: Date | null;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  @Column({ name: 'first_response_seconds', type: 'integer', nullable: true })
  firstResponseSeconds!: number | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'synced_version', type: 'integer', default: 0 })
  syncedVersion!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
