import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkerActivity } from '@ascolto/domain';

export interface ScheduleInfo {
  sourceId: string;
  name: string;
  schedule: string;
  nextRunAt: string | null;
  running: boolean;
}

/** Each worker instance reports itself here so the API's health check can show the schedules. */
@Entity({ name: 'worker_heartbeats' })
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'text' })
  workerId!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'last_beat_at', type: 'timestamptz' })
  lastBeatAt!: Date;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  schedules!: ScheduleInfo[];

  /** Background work in progress (a re-analysis), shown on the dashboard; null when none. */
  @Column({ type: 'jsonb', nullable: true })
  activity!: WorkerActivity | null;
}
