import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import {
  CATEGORIES,
  FLUSH_REASONS,
  INTENTS,
  SENTIMENTS,
  type Category,
  type CorrectLabelsRequest,
  type FlushReason,
  type Intent,
  type Sentiment,
} from '@ascolto/domain';

// `ValidateIf(!== undefined)` rather than `IsOptional()`: an explicit null is not "leave as is" and
// is refused like any other value outside the vocabulary.
const given = (_: object, value: unknown) => value !== undefined;

/**
 * Any of the labels, at least one (checked by the service, which also applies the flush-reason
 * rules: see `planCorrection`).
 */
export class CorrectLabelsDto implements CorrectLabelsRequest {
  @ApiPropertyOptional({ enum: SENTIMENTS })
  @ValidateIf(given)
  @IsIn(SENTIMENTS)
  sentiment?: Sentiment;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'A category other than flush clears flushReason.' })
  @ValidateIf(given)
  @IsIn(CATEGORIES)
  category?: Category;

  @ApiPropertyOptional({ enum: INTENTS })
  @ValidateIf(given)
  @IsIn(INTENTS)
  intent?: Intent;

  @ApiPropertyOptional({ enum: FLUSH_REASONS, description: 'Only with category flush (given now or already on the mention); required when the category becomes flush.' })
  @ValidateIf(given)
  @IsIn(FLUSH_REASONS)
  flushReason?: FlushReason;
}
