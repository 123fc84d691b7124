import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_RUNS = 200;

export class ListRunsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RUNS, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RUNS)
  limit?: number;
}
