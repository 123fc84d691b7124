import { Body, Controller, Get, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCookieAuth, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ImportJobView } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { ImportIdParams } from './dto/import-id.params';
import { UploadImportDto } from './dto/upload-import.dto';
import { ImportsService, type UploadedImportFile } from './imports.service';
import { rejectedRowsCsv } from './rejected-report';

@ApiTags('imports')
@ApiCookieAuth()
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** Uploads an NDJSON or CSV file; the worker imports it. 201 for a new job, 200 with the existing job for a file already uploaded. */
  @Roles('admin')
  @Post()
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' }, sourceName: { type: 'string' }, format: { enum: ['ndjson', 'csv'] } } } })
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  async upload(
    @UploadedFile() file: UploadedImportFile | undefined,
    @Body() dto: UploadImportDto,
    @CurrentAuth() auth: RequestAuth,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportJobView> {
    const { job, created } = await this.imports.create(file, dto, auth);
    res.status(created ? 201 : 200);
    return job;
  }

  @Roles('admin', 'lead')
  @Get()
  list(): Promise<ImportJobView[]> {
    return this.imports.list();
  }

  @Roles('admin', 'lead')
  @Get(':id')
  get(@Param() params: ImportIdParams): Promise<ImportJobView> {
    return this.imports.get(params.id);
  }

  /** The rejected rows (row number, reason) as CSV, cells neutralised for spreadsheets. */
  @Roles('admin', 'lead')
  @Get(':id/rejected')
  @ApiProduces('text/csv')
  async rejected(@Param() params: ImportIdParams): Promise<StreamableFile> {
    const { rows, total } = await this.imports.rejected(params.id);
    // The file name is ours (the job id), never the uploaded file's name.
    return new StreamableFile(Buffer.from(rejectedRowsCsv(rows, total), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="ascolto-import-${params.id}-rejected.csv"`,
    });
  }
}
