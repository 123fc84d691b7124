import { Controller, Get } from '@nestjs/common';
import { ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { SourceTypeDescriptor } from '@ascolto/domain';
import { SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { ANY_ROLE, Roles } from '../common/decorators/roles.decorator';

@ApiTags('sources')
@ApiCookieAuth()
@Controller('source-types')
export class SourceTypesController {
  /** How each source type is configured: the dashboard builds its add and edit forms from these. */
  @Roles(...ANY_ROLE)
  @Get()
  list(): SourceTypeDescriptor[] {
    return Object.values(SOURCE_TYPE_DESCRIPTORS).filter((descriptor): descriptor is SourceTypeDescriptor => descriptor !== undefined);
  }
}
