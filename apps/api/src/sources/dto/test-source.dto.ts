import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { trimString } from '../../common/transforms';
import { CreateSourceDto, MAX_SOURCE_NAME } from './create-source.dto';

/** An unsaved source, as the add form holds it: the name may still be empty. */
export class TestSourceDto extends OmitType(CreateSourceDto, ['name'] as const) {
  @ApiPropertyOptional({ maxLength: MAX_SOURCE_NAME })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(MAX_SOURCE_NAME)
  name?: string;
}
