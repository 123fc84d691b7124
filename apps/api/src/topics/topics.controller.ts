import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { TopicView } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { CreateTopicDto } from './dto/create-topic.dto';
import { TopicIdParams } from './dto/topic-id.params';
import { UpdateTopicDto } from './dto/update-topic.dto';
import { ValidateTopicQueryDto } from './dto/validate-topic-query.dto';
import { checkedTopicQuery, TopicsService } from './topics.service';

const MALFORMED_QUERY = 'Malformed query: { statusCode: 400, message, position, reason } with the 0-based position of the problem';

@ApiTags('topics')
@ApiCookieAuth()
@Controller('topics')
export class TopicsController {
  constructor(private readonly topics: TopicsService) {}

  // Everyone filters and reads by topic; only admins and leads decide what a topic is.
  @Roles(...ANY_ROLE)
  @Get()
  list(): Promise<TopicView[]> {
    return this.topics.list();
  }

  @Roles('admin', 'lead')
  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiOkResponse({ description: '{ valid: true }' })
  @ApiBadRequestResponse({ description: MALFORMED_QUERY })
  validate(@Body() dto: ValidateTopicQueryDto): { valid: true } {
    checkedTopicQuery(dto.query);
    return { valid: true };
  }

  @Roles('admin', 'lead')
  @Post()
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({ description: MALFORMED_QUERY })
  @ApiConflictResponse({ description: 'Another topic has this name' })
  create(@Body() dto: CreateTopicDto, @CurrentAuth() auth: RequestAuth): Promise<TopicView> {
    return this.topics.create(dto, auth);
  }

  @Roles('admin', 'lead')
  @Patch(':id')
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiBadRequestResponse({ description: MALFORMED_QUERY })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Another topic has this name' })
  update(@Param() params: TopicIdParams, @Body() dto: UpdateTopicDto, @CurrentAuth() auth: RequestAuth): Promise<TopicView> {
    return this.topics.update(params.id, dto, auth);
  }

  @Roles('admin', 'lead')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@Param() params: TopicIdParams, @CurrentAuth() auth: RequestAuth): Promise<void> {
    return this.topics.remove(params.id, auth);
  }
}
