import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { trimString } from '../../common/transforms';

/** The text fields sent with the file (multipart/form-data). */
export class UploadImportDto {
  @ApiPropertyOptional({ description: 'The import source to put the mentions in (created if missing). Default "Import".' })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'sourceName must not contain control characters' })
  sourceName?: string;

  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], description: 'Default: from the file name (.csv/.tsv → csv, .ndjson/.jsonl/.json → ndjson).' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format?: 'ndjson' | 'csv';
}
