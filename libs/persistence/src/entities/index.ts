import { AuditEventEntity } from './audit-event.entity';
import { CollectorRunEntity } from './collector-run.entity';
import { ImportJobEntity } from './import-job.entity';
import { InboundItemEntity } from './inbound-item.entity';
import { LabelCorrectionEntity } from './label-correction.entity';
import { LabelCorrectionIntentEntity } from './label-correction-intent.entity';
import { MentionStateEntity } from './mention-state.entity';
import { SessionEntity } from './session.entity';
import { SourceBudgetEntity } from './source-budget.entity';
import { SourceCursorEntity } from './source-cursor.entity';
import { SourceEntity } from './source.entity';
import { TicketMentionEntity } from './ticket-mention.entity';
import { TicketEntity } from './ticket.entity';
import { TopicEntity } from './topic.entity';
import { TopicRetagJobEntity } from './topic-retag-job.entity';
import { UserEntity } from './user.entity';
import { WorkerHeartbeatEntity } from './worker-heartbeat.entity';

export * from './audit-event.entity';
export * from './collector-run.entity';
export * from './import-job.entity';
export * from './inbound-item.entity';
export * from './label-correction.entity';
export * from './label-correction-intent.entity';
export * from './mention-state.entity';
export * from './session.entity';
export * from './source-budget.entity';
export * from './source-cursor.entity';
export * from './source.entity';
export * from './ticket-mention.entity';
export * from './ticket.entity';
export * from './topic.entity';
export * from './topic-retag-job.entity';
export * from './user.entity';
export * from './worker-heartbeat.entity';

export const ENTITIES = [
  AuditEventEntity,
  CollectorRunEntity,
  ImportJobEntity,
  InboundItemEntity,
  LabelCorrectionEntity,
  LabelCorrectionIntentEntity,
  MentionStateEntity,
  SessionEntity,
  SourceBudgetEntity,
  SourceCursorEntity,
  SourceEntity,
  TicketMentionEntity,
  TicketEntity,
  TopicEntity,
  TopicRetagJobEntity,
  UserEntity,
  WorkerHeartbeatEntity,
];
