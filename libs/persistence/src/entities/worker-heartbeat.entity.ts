import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WorkerActivity } from '@ascolto/domain';

export interface ScheduleInfo {
  sourceId: string;
  name: string;
  schedule: string;
  nextRunAt: string | null;
  running: boolean;
}

/**
 * A worker that has not reported for this long is considered gone, and so is the background work
 * it reported (the API's health check and activity list, `npm run reanalyse` naming who it waits for).
 */
export const WORKER_HEARTBEAT_WINDOW_SECONDS = 120;

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
