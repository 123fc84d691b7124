import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  BRAND_CHANNELS,
  CATEGORIES,
  CORRECTABLE_LABELS,
  FLUSH_REASONS,
  INTENTS,
  LANGUAGES,
  MENTION_SORTS,
  MENTION_STATUSES,
  SENTIMENTS,
  SOURCE_TYPES,
  type BrandChannel,
  type Category,
  type CorrectableLabel,
  type FlushReason,
  type Intent,
  type Language,
  type MentionListQuery,
  type MentionSort,
  type MentionStatus,
  type Sentiment,
  type SourceType,
} from '@ascolto/domain';
import { MAX_PAGE_SIZE, MAX_QUERY_LENGTH } from '@ascolto/search';
import { commaSeparatedList } from '../../common/transforms';
import { MENTION_ID_PATTERN } from './mention-id.params';

/** Opaque cursors are short base64url strings; anything far longer is not one of ours. */
export const MAX_CURSOR_LENGTH = 1024;
/** A filter on more sources than this is better served by no source filter at all. */
export const MAX_SOURCE_FILTER = 100;
/** The same for topics. */
export const MAX_TOPIC_FILTER = 100;

const ISO = { strict: true, strictSeparator: true } as const;

/** Filters shared by the list and the count. */
export class MentionFiltersDto implements Omit<MentionListQuery, 'sort' | 'cursor' | 'limit'> {
  @ApiPropertyOptional({ description: 'Search text in our query language (not Lucene)', maxLength: MAX_QUERY_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_QUERY_LENGTH)
  q?: string;

  @ApiPropertyOptional({ description: `Comma-separated: ${SENTIMENTS.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(SENTIMENTS.length)
  @IsIn(SENTIMENTS, { each: true })
  sentiment?: Sentiment[];

  @ApiPropertyOptional({ description: `Comma-separated: ${CATEGORIES.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(CATEGORIES.length)
  @IsIn(CATEGORIES, { each: true })
  category?: Category[];

  @ApiPropertyOptional({ description: `Comma-separated: ${INTENTS.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(INTENTS.length)
  @IsIn(INTENTS, { each: true })
  intent?: Intent[];

  @ApiPropertyOptional({ description: `Why flushed mentions were flushed. Comma-separated: ${FLUSH_REASONS.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(FLUSH_REASONS.length)
  @IsIn(FLUSH_REASONS, { each: true })
  flushReason?: FlushReason[];

  @ApiPropertyOptional({ description: `Comma-separated: ${MENTION_STATUSES.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(MENTION_STATUSES.length)
  @IsIn(MENTION_STATUSES, { each: true })
  status?: MentionStatus[];

  @ApiPropertyOptional({ description: 'Comma-separated source ids (UUIDs)', type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(MAX_SOURCE_FILTER)
  @IsUUID('all', { each: true })
  sourceId?: string[];

  @ApiPropertyOptional({ description: 'Mentions any of these topics took. Comma-separated topic ids (UUIDs)', type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(MAX_TOPIC_FILTER)
  @IsUUID('all', { each: true })
  topicId?: string[];

  @ApiPropertyOptional({ description: `Comma-separated: ${SOURCE_TYPES.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(SOURCE_TYPES.length)
  @IsIn(SOURCE_TYPES, { each: true })
  sourceType?: SourceType[];

  @ApiPropertyOptional({ description: `Written to the brand through these channels. Comma-separated: ${BRAND_CHANNELS.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(BRAND_CHANNELS.length)
  @IsIn(BRAND_CHANNELS, { each: true })
  brandChannel?: BrandChannel[];

  @ApiPropertyOptional({ description: `Comma-separated: ${LANGUAGES.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  language?: Language[];

  @ApiPropertyOptional({ description: 'Published at or after (ISO 8601)', example: '2026-03-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601(ISO)
  from?: string;

  @ApiPropertyOptional({ description: 'Published before (ISO 8601)', example: '2026-04-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601(ISO)
  to?: string;

  @ApiPropertyOptional({
    description: "Lists the near duplicates grouped under this mention (the group's first mention). Without it, groups are collapsed and each first mention carries similarCount.",
    example: 'rss-0123456789abcdef0123456789abcdef',
  })
  @IsOptional()
  @Matches(MENTION_ID_PATTERN, { message: 'duplicateOf is not a mention id' })
  duplicateOf?: string;

  @ApiPropertyOptional({ description: `Mentions on which a person corrected any of these labels. Comma-separated: ${CORRECTABLE_LABELS.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(CORRECTABLE_LABELS.length)
  @IsIn(CORRECTABLE_LABELS, { each: true })
  corrected?: CorrectableLabel[];
}

export class ListMentionsQueryDto extends MentionFiltersDto implements MentionListQuery {
  @ApiPropertyOptional({ enum: MENTION_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(MENTION_SORTS)
  sort?: MentionSort;

  @ApiPropertyOptional({ description: "The previous page's nextCursor", maxLength: MAX_CURSOR_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class CountMentionsQueryDto extends MentionFiltersDto {
  @ApiPropertyOptional({ description: 'Count mentions collected after this instant (ISO 8601)', required: true })
  @IsISO8601(ISO)
  since!: string;
}

/** The domain query, without the undefined keys the DTO class carries. */
export function toMentionListQuery(dto: MentionFiltersDto & Partial<Pick<ListMentionsQueryDto, 'sort' | 'cursor' | 'limit'>>): MentionListQuery {
  const query: MentionListQuery = {};
  const keys = ['q', 'sentiment', 'category', 'intent', 'flushReason', 'status', 'sourceId', 'topicId', 'sourceType', 'brandChannel', 'language', 'from', 'to', 'sort', 'cursor', 'limit', 'duplicateOf', 'corrected'] as const;
  for (const key of keys) {
    const value = dto[key];
    if (value !== undefined) (query as Record<string, unknown>)[key] = value;
  }
  return query;
}
