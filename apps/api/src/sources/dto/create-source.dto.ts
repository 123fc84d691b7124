import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNumber, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SOURCE_TYPES, type CreateSourceRequest, type SourceSettingValue, type SourceType } from '@ascolto/domain';
import { trimString } from '../../common/transforms';
import { IsCronSchedule } from '../cron-schedule.validator';
import { IsCredentialMap } from './credential-map.validator';

export const MAX_SOURCE_NAME = 200;
export const MAX_SOURCE_URL = 2048;
/** Far above any real daily unit quota or monthly spend; keeps absurd numbers out. */
export const MAX_BUDGET_LIMIT = 1_000_000_000;

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
  @ApiPropertyOptional({
    maxLength: MAX_SOURCE_URL,
    example: 'https://example.com/feed.xml',
    description: "Required where the type has no default URL (feeds, instances, forums); otherwise the type's API base URL",
  })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_SOURCE_URL)
  url?: string;

  @ApiPropertyOptional({
    description: "node-cron expression (5 fields, or 6 with seconds first); defaults to the type's schedule",
    example: '*/2 * * * *',
  })
  @IsOptional()
  @Transform(trimString)
  @IsCronSchedule()
  schedule?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The topic this source collects for' })
  @IsOptional()
  @IsUUID('all', { message: 'topicId must be a topic id (UUID)' })
  topicId?: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Type-specific settings (GET /api/source-types)' })
  @IsOptional()
  @IsObject()
  settings?: Record<string, SourceSettingValue>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Write-only; stored encrypted, never returned (the view lists credentialKeys)',
  })
  @IsOptional()
  @IsCredentialMap()
  credentials?: Record<string, string>;

  @ApiPropertyOptional({
    nullable: true,
    description: "Budget per period for budgeted types (YouTube units, X dollars); null: the type's default",
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_BUDGET_LIMIT)
  budgetLimit?: number | null;
}
