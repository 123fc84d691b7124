import { Readable } from 'node:stream';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../common/decorators/roles.decorator';
import { correctionLines } from './corrections-export';
import { ExportCorrectionsQueryDto } from './dto/export-corrections-query.dto';

@ApiTags('corrections')
@ApiCookieAuth()
@Controller('corrections')
export class CorrectionsController {
  constructor(private readonly dataSource: DataSource) {}

  /** People's label corrections as training records (JSONL), streamed: see corrections-export.ts. */
  @Roles('admin', 'lead')
  @Get('export')
  @ApiProduces('application/x-ndjson')
  export(@Query() query: ExportCorrectionsQueryDto): StreamableFile {
    const since = query.since ? new Date(query.since) : undefined;
    // The file name is ours, never derived from the request.
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(Readable.from(correctionLines(this.dataSource, since)), {
      type: 'application/x-ndjson; charset=utf-8',
      disposition: `attachment; filename="ascolto-corrections-${day}.jsonl"`,
    });
  }
}
