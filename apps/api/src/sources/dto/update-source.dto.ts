import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { trimString } from '../../common/transforms';
import { IsCronSchedule } from '../cron-schedule.validator';
import { MAX_SOURCE_NAME } from './create-source.dto';

export class UpdateSourceDto {
  @ApiPropertyOptional({ maxLength: MAX_SOURCE_NAME })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SOURCE_NAME)
  name?: string;

  @ApiPropertyOptional({ example: '*/5 * * * *' })
  @IsOptional()
  @Transform(trimString)
  @IsCronSchedule()
  schedule?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Link to a topic; null unlinks' })
  @IsOptional()
  @IsUUID('all', { message: 'topicId must be a topic id (UUID)' })
  topicId?: string | null;
}
