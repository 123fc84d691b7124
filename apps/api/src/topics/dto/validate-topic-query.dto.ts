import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { ValidateTopicQueryRequest } from '@ascolto/domain';

export class ValidateTopicQueryDto implements ValidateTopicQueryRequest {
  // Not trimmed: the positions in an error must point into the text exactly as the user typed it.
  @ApiProperty({ example: '"rete lenta"~3 -spam' })
  @IsString()
  query!: string;
}
