import { IsUUID } from 'class-validator';

export class ImportIdParams {
  @IsUUID('all', { message: 'id must be an import job id' })
  id!: string;
}
