import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class SourceIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a source id (UUID)' })
  id!: string;
}
