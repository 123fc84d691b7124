import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { SourceSettingValue, UpdateSourceRequest } from '@ascolto/domain';
import { trimString } from '../../common/transforms';
import { IsCronSchedule } from '../cron-schedule.validator';
import { IsCredentialMap } from './credential-map.validator';
import { MAX_BUDGET_LIMIT, MAX_SOURCE_NAME, MAX_SOURCE_URL } from './create-source.dto';

export class UpdateSourceDto implements UpdateSourceRequest {
  @ApiPropertyOptional({ maxLength: MAX_SOURCE_NAME })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SOURCE_NAME)
  name?: string;

  @ApiPropertyOptional({ maxLength: MAX_SOURCE_URL, description: "An empty string goes back to the type's default URL, where it has one" })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_SOURCE_URL)
  url?: string;

  @ApiPropertyOptional({ example: '*/5 * * * *' })
  @IsOptional()
  @Transform(trimString)
  @IsCronSchedule()
  schedule?: string;

  @ApiPropertyOptional({ description: 'false pauses the source, true resumes it' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Link to a topic; null unlinks' })
  @IsOptional()
  @IsUUID('all', { message: 'topicId must be a topic id (UUID)' })
  topicId?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the settings' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, SourceSettingValue>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Merged into the stored credentials; "" removes a key',
  })
  @IsOptional()
  @IsCredentialMap()
  credentials?: Record<string, string>;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_BUDGET_LIMIT)
  budgetLimit?: number | null;
}
