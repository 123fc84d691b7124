import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { SOURCE_TYPES, type CreateSourceRequest, type SourceType } from '@ascolto/domain';
import { trimString } from '../../common/transforms';
import { IsCronSchedule } from '../cron-schedule.validator';

export const MAX_SOURCE_NAME = 200;
export const MAX_SOURCE_URL = 2048;

export class CreateSourceDto implements CreateSourceRequest {
  @ApiProperty({ enum: SOURCE_TYPES })
  @IsIn(SOURCE_TYPES)
  type!: SourceType;

  @ApiProperty({ maxLength: MAX_SOURCE_NAME, example: 'Forum consumatori' })
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SOURCE_NAME)
  name!: string;

  // Syntax and address rules are checked by the service with the outbound guard, which gives a
  // precise reason ("resolves to a loopback address") instead of a generic "must be a URL".
  @ApiProperty({ maxLength: MAX_SOURCE_URL, example: 'https://example.com/feed.xml' })
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SOURCE_URL)
  url!: string;

  @ApiPropertyOptional({ description: 'node-cron expression (5 fields, or 6 with seconds first); defaults to every 2 minutes for RSS', example: '*/2 * * * *' })
  @IsOptional()
  @Transform(trimString)
  @IsCronSchedule()
  schedule?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The topic this source collects for' })
  @IsOptional()
  @IsUUID('all', { message: 'topicId must be a topic id (UUID)' })
  topicId?: string | null;
}
