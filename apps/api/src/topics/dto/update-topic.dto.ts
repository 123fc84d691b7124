import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LANGUAGES, type Language, type UpdateTopicRequest } from '@ascolto/domain';
import { trimString } from '../../common/transforms';
import { MAX_TOPIC_NAME } from './create-topic.dto';

export class UpdateTopicDto implements UpdateTopicRequest {
  @ApiPropertyOptional({ maxLength: MAX_TOPIC_NAME })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TOPIC_NAME)
  name?: string;

  @ApiPropertyOptional({ description: 'Topic query; empty = everything from the sources linked to the topic' })
  // Not trimmed here: error positions must point into the text as typed (the service stores it trimmed).
  @IsOptional()
  @IsString()
  query?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LANGUAGES.length)
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
