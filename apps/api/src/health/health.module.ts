import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PlatformHealthIndicators } from './health.indicators';

@Module({
  // Terminus would log every failed probe at error level; the controller logs it once, as a warning.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [PlatformHealthIndicators],
})
export class HealthModule {}
