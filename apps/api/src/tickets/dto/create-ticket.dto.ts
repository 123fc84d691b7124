import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CreateTicketRequest } from '@ascolto/domain';
import { trimString } from '../../common/transforms';
import { MENTION_ID_PATTERN } from '../../mentions/dto/mention-id.params';

export const MAX_TICKET_MENTIONS = 100;
export const MAX_SUBJECT_LENGTH = 200;

export class CreateTicketDto implements CreateTicketRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_TICKET_MENTIONS, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TICKET_MENTIONS)
  @ArrayUnique({ message: 'mentionIds must not repeat a mention' })
  @IsString({ each: true })
  @Matches(MENTION_ID_PATTERN, { each: true, message: 'each value in mentionIds must be a mention id' })
  mentionIds!: string[];

  @ApiPropertyOptional({ maxLength: MAX_SUBJECT_LENGTH, description: "Defaults to the first mention's text, shortened" })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SUBJECT_LENGTH)
  subject?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, description: 'Defaults to the highest priority among the mentions' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  priority?: number;
}
