import { Controller, Get, Header, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../common/decorators/public.decorator';
import { PlatformHealthIndicators } from './health.indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: PlatformHealthIndicators,
  ) {}

  // Public so load balancers and `scripts/` can probe it; it exposes no secrets.
  @Public()
  @Get()
  @HealthCheck()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ description: 'PostgreSQL, Elasticsearch and at least one worker are up' })
  @ApiServiceUnavailableResponse({ description: 'Something is down; the body says what' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.indicators.database(), () => this.indicators.search(), () => this.indicators.workers()]);
    } catch (error) {
      // Terminus reports "down" as a 503 exception; its body (which part is down, and why) is the
      // useful answer, so it is sent as is rather than reshaped into a generic error.
      if (error instanceof ServiceUnavailableException) {
        const result = error.getResponse() as HealthCheckResult;
        this.logger.warn({ down: result.error }, 'Health check failed');
        res.status(503);
        return result;
      }
      throw error;
    }
  }
}
