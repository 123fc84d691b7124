import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** Mention ids are `<sourceType>-<32 hex>`; the pattern is looser but keeps junk out of ES calls. */
export const MENTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export class MentionIdParams {
  @ApiProperty({ example: 'rss-0123456789abcdef0123456789abcdef' })
  @Matches(MENTION_ID_PATTERN, { message: 'id is not a mention id' })
  id!: string;
}
