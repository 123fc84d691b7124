import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCookieAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { SourceView } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { CreateSourceDto } from './dto/create-source.dto';
import { SourceIdParams } from './dto/source-id.params';
import { UpdateSourceDto } from './dto/update-source.dto';
import { SourcesService } from './sources.service';

@ApiTags('sources')
@ApiCookieAuth()
@Controller('sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Roles('admin', 'lead')
  @Get()
  list(): Promise<SourceView[]> {
    return this.sources.list();
  }

  @Roles('admin')
  @Post()
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({ description: 'Invalid field, URL refused by the outbound guard, or invalid cron schedule' })
  create(@Body() dto: CreateSourceDto, @CurrentAuth() auth: RequestAuth): Promise<SourceView> {
    return this.sources.create(dto, auth);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  update(@Param() params: SourceIdParams, @Body() dto: UpdateSourceDto, @CurrentAuth() auth: RequestAuth): Promise<SourceView> {
    return this.sources.update(params.id, dto, auth);
  }
}
