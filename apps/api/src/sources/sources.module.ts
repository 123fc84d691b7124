import { Module } from '@nestjs/common';
import { SourceConnectionService } from './source-connection.service';
import { SourceHealthService } from './source-health.service';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';

@Module({
  controllers: [SourcesController],
  providers: [SourcesService, SourceHealthService, SourceConnectionService],
})
export class SourcesModule {}
