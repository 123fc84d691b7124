import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCookieAuth, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { Ticket, TicketPage } from '@ascolto/domain';
import { CurrentAuth } from '../common/decorators/current-user.decorator';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';
import type { RequestAuth } from '../common/http/authenticated-request';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { ListTicketsQueryDto } from './dto/list-tickets-query.dto';
import { TicketIdParams } from './dto/ticket-id.params';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@ApiCookieAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Roles('admin', 'lead', 'agent')
  @Post()
  @ApiHeader({ name: 'X-XSRF-TOKEN', required: true })
  @ApiCreatedResponse({ description: 'The ticket; its mentions are now in_progress and carry its id' })
  @ApiNotFoundResponse({ description: 'A mention does not exist' })
  @ApiConflictResponse({ description: 'A mention is already in a ticket' })
  create(@Body() dto: CreateTicketDto, @CurrentAuth() auth: RequestAuth): Promise<Ticket> {
    return this.tickets.create(dto, auth);
  }

  // Analysts read tickets too: close rate and time to close are their KPIs.
  @Roles(...ANY_ROLE)
  @Get()
  list(@Query() query: ListTicketsQueryDto): Promise<TicketPage> {
    return this.tickets.list(query);
  }

  @Roles(...ANY_ROLE)
  @Get(':id')
  get(@Param() params: TicketIdParams): Promise<Ticket> {
    return this.tickets.get(params.id);
  }
}
