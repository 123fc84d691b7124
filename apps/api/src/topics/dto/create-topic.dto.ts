import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LANGUAGES, type CreateTopicRequest, type Language } from '@ascolto/domain';
import { MAX_TOPIC_QUERY_LENGTH } from '@ascolto/nlp';
import { trimString } from '../../common/transforms';

export const MAX_TOPIC_NAME = 200;

// The query's syntax is checked by the service with the topic query parser, which answers with
// the position and reason of the problem; the DTO only bounds its type and size. The length is
// left to the parser too, so that an over-long query gets the same 400 shape as any other error.
export class CreateTopicDto implements CreateTopicRequest {
  @ApiProperty({ maxLength: MAX_TOPIC_NAME, example: 'Apple (brand)' })
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TOPIC_NAME)
  name!: string;

  @ApiPropertyOptional({
    description: 'Topic query (AND, OR, NOT, -term, "phrase", "a b"~N, #hashtag, @handle, lang:it, prefix*); empty = everything from the sources linked to the topic',
    maxLength: MAX_TOPIC_QUERY_LENGTH,
    example: 'apple (iphone OR mac OR @apple) -(mela OR torta OR "apple pie")',
  })
  // Not trimmed here: error positions must point into the text as typed (the service stores it trimmed).
  @IsOptional()
  @IsString()
  query?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true, description: 'Limit the topic to these languages; empty = all' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LANGUAGES.length)
  @ArrayUnique()
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
