import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { MENTION_STATUSES, type MentionStatus, type TriageRequest } from '@ascolto/domain';

export class TriageDto implements TriageRequest {
  @ApiProperty({ enum: MENTION_STATUSES })
  @IsIn(MENTION_STATUSES)
  status!: MentionStatus;
}
