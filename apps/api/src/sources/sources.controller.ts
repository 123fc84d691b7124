import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { SourceConnectionTest, SourceHealth, SourceRunView, SourceView } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { CreateSourceDto } from './dto/create-source.dto';
import { ListRunsQueryDto } from './dto/list-runs-query.dto';
import { SourceIdParams } from './dto/source-id.params';
import { TestSourceDto } from './dto/test-source.dto';
import { UpdateSourceDto } from './dto/update-source.dto';
import { SourceConnectionService } from './source-connection.service';
import { SourceHealthService } from './source-health.service';
import { SourcesService } from './sources.service';

const DEFAULT_RUNS = 50;

@ApiTags('sources')
@ApiCookieAuth()
@Controller('sources')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly healthOf: SourceHealthService,
    private readonly connection: SourceConnectionService,
  ) {}

  @Roles('admin', 'lead')
  @Get()
  list(): Promise<SourceView[]> {
    return this.sources.list();
  }

  @Roles('admin')
  @Post()
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({
    description: 'Every problem at once: fields, settings, credentials, URL refused by the outbound guard, cron schedule',
  })
  create(@Body() dto: CreateSourceDto, @CurrentAuth() auth: RequestAuth): Promise<SourceView> {
    return this.sources.create(dto, auth);
  }

  /** Tests an unsaved source (the add form's body); declared before `:id` routes. */
  @Roles('admin', 'lead')
  @Post('test')
  @HttpCode(200)
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({ description: 'The body is not a valid source (every problem listed)' })
  testUnsaved(@Body() dto: TestSourceDto): Promise<SourceConnectionTest> {
    return this.connection.testUnsaved(dto);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  update(@Param() params: SourceIdParams, @Body() dto: UpdateSourceDto, @CurrentAuth() auth: RequestAuth): Promise<SourceView> {
    return this.sources.update(params.id, dto, auth);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiNoContentResponse({ description: 'Removed with its cursor, runs and budgets; its mentions stay' })
  remove(@Param() params: SourceIdParams, @CurrentAuth() auth: RequestAuth): Promise<void> {
    return this.sources.remove(params.id, auth);
  }

  @Roles('admin', 'lead')
  @Get(':id/health')
  health(@Param() params: SourceIdParams): Promise<SourceHealth> {
    return this.healthOf.health(params.id);
  }

  @Roles('admin', 'lead')
  @Get(':id/runs')
  runs(@Param() params: SourceIdParams, @Query() query: ListRunsQueryDto): Promise<SourceRunView[]> {
    return this.healthOf.runs(params.id, query.limit ?? DEFAULT_RUNS);
  }

  /** Tests a saved source; a body (as a PATCH would send it) tries unsaved edits with the stored credentials. */
  @Roles('admin', 'lead')
  @Post(':id/test')
  @HttpCode(200)
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({ description: 'The changes in the body are not valid (every problem listed)' })
  test(@Param() params: SourceIdParams, @Body() changes: UpdateSourceDto): Promise<SourceConnectionTest> {
    return this.connection.testSaved(params.id, changes);
  }
}
