import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class TopicIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a topic id (UUID)' })
  id!: string;
}
