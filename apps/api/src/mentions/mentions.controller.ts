import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Mention, MentionCount, MentionDetail, MentionPage } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { CorrectLabelsDto } from './dto/correct-labels.dto';
import { CountMentionsQueryDto, ListMentionsQueryDto, toMentionListQuery } from './dto/list-mentions-query.dto';
import { MentionIdParams } from './dto/mention-id.params';
import { TriageDto } from './dto/triage.dto';
import { LabelCorrectionsService } from './label-corrections.service';
import { MentionsService } from './mentions.service';

@ApiTags('mentions')
@ApiCookieAuth()
@Controller('mentions')
export class MentionsController {
  constructor(
    private readonly mentions: MentionsService,
    private readonly corrections: LabelCorrectionsService,
  ) {}

  @Roles(...ANY_ROLE)
  @Get()
  list(@Query() query: ListMentionsQueryDto): Promise<MentionPage> {
    return this.mentions.list(toMentionListQuery(query));
  }

  // Declared before ':id' so "count" is not taken for an id.
  @Roles(...ANY_ROLE)
  @Get('count')
  count(@Query() query: CountMentionsQueryDto): Promise<MentionCount> {
    return this.mentions.countSince(toMentionListQuery(query), query.since);
  }

  @Roles(...ANY_ROLE)
  @Get(':id')
  get(@Param() params: MentionIdParams): Promise<MentionDetail> {
    return this.mentions.get(params.id);
  }

  @Roles('admin', 'lead', 'agent')
  @Patch(':id/status')
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  setStatus(@Param() params: MentionIdParams, @Body() body: TriageDto, @CurrentAuth() auth: RequestAuth): Promise<Mention> {
    return this.mentions.setStatus(params.id, body.status, auth);
  }

  /**
   * A person overrides the pipeline's labels; each changed label is recorded for the audit trail
   * and the training export, and a later delivery of the mention keeps these values.
   */
  @Roles('admin', 'lead', 'agent')
  @Patch(':id/labels')
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  correctLabels(@Param() params: MentionIdParams, @Body() body: CorrectLabelsDto, @CurrentAuth() auth: RequestAuth): Promise<Mention> {
    return this.corrections.correct(params.id, body, auth);
  }
}
