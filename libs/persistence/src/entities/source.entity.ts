import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SourceAttention, SourceSettingValue, SourceType } from '@ascolto/domain';

/** Where to listen: one configured feed/account/search, polled on its own schedule. */
@Entity({ name: 'sources' })
export class SourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  type!: SourceType;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  url!: string;

  /** node-cron expression (validated on write). */
  @Column({ type: 'text' })
  schedule!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'topic_id', type: 'uuid', nullable: true })
  topicId!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings!: Record<string, SourceSettingValue>;

  /** AES-256-GCM, see `CredentialCipher`; never returned by the API, never logged. */
  @Column({ name: 'credentials_encrypted', type: 'text', nullable: true })
  credentialsEncrypted!: string | null;

  /** Set when the source waits for a person; the scheduler does not run it meanwhile. */
  @Column({ type: 'text', nullable: true })
  attention!: SourceAttention;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** Runs are held back until then (rate-limit reset, backoff after failures). */
  @Column({ name: 'backoff_until', type: 'timestamptz', nullable: true })
  backoffUntil!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  /** Budget per period for sources whose reads cost; null: the type's default. */
  @Column({ name: 'budget_limit', type: 'double precision', nullable: true })
  budgetLimit!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
