import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class ExportCorrectionsQueryDto {
  @ApiPropertyOptional({ description: 'Only mentions with a correction recorded at or after this time (ISO 8601).', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}
