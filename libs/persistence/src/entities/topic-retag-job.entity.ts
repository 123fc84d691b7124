import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TopicRetagReason, TopicRetagState } from '@ascolto/domain';

/**
 * One re-tagging of the indexed mentions after a topic changed (see `enqueueTopicRetag`). The
 * worker that runs it keeps `heartbeat_at` fresh and writes progress about once a second; a
 * running job whose heartbeat is older than the lease was abandoned and is taken over.
 *
 * The table also has `enqueued_xid` (xid8, the enqueuing transaction, for the topic fence; see
 * the TopicFences migration), left out here: TypeORM has no xid8 type and only SQL reads it.
 */
@Entity({ name: 'topic_retag_jobs' })
@Index('IDX_topic_retag_jobs_state', ['state', 'runAfter'])
@Index('IDX_topic_retag_jobs_topic', ['topicId', 'createdAt'])
export class TopicRetagJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** No foreign key: the job of a deleted topic outlives it. */
  @Column({ name: 'topic_id', type: 'uuid' })
  topicId!: string;

  @Column({ type: 'text' })
  reason!: TopicRetagReason;

  @Column({ type: 'text', default: 'pending' })
  state!: TopicRetagState;

  /** Mentions to read, counted when the scan starts. */
  @Column({ type: 'integer', nullable: true })
  total!: number | null;

  @Column({ type: 'integer', default: 0 })
  processed!: number;

  /** Mentions whose tag was added or removed (over all attempts). */
  @Column({ type: 'integer', default: 0 })
  changed!: number;

  /** Mentions carrying the topic once the job succeeded. */
  @Column({ type: 'integer', nullable: true })
  matched!: number | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'worker_id', type: 'text', nullable: true })
  workerId!: string | null;

  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true })
  heartbeatAt!: Date | null;

  /** Not claimed before this (a retry's backoff). */
  @Column({ name: 'run_after', type: 'timestamptz', default: () => 'now()' })
  runAfter!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
