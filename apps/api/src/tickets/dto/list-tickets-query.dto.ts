import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TICKET_STATUSES, type TicketStatus } from '@ascolto/domain';
import { commaSeparatedList } from '../../common/transforms';

export const MAX_TICKET_PAGE = 100;
// Offset paging gets slow and unstable deep down; the UI never pages this far.
export const MAX_TICKET_OFFSET = 10_000;

export class ListTicketsQueryDto {
  @ApiPropertyOptional({ description: `Comma-separated: ${TICKET_STATUSES.join(', ')}`, type: String })
  @IsOptional()
  @Transform(commaSeparatedList)
  @IsArray()
  @ArrayMaxSize(TICKET_STATUSES.length)
  @IsIn(TICKET_STATUSES, { each: true })
  status?: TicketStatus[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TICKET_PAGE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TICKET_PAGE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_TICKET_OFFSET, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_TICKET_OFFSET)
  offset?: number;
}
