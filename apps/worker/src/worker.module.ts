import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@ascolto/persistence';
import { CollectionRunService } from './collection/collection-run.service';
import { CollectorRegistry } from './collection/collector-registry';
import { MentionIngestService } from './collection/mention-ingest.service';
import { InboundItemsPrunerService } from './collection/push/inbound-items-pruner.service';
import { pushAdaptersProvider } from './collection/push/push-adapters.provider';
import { ImportJobsService } from './imports/import-jobs.service';
import { ImportRunnerService } from './imports/import-runner.service';
import type { WorkerConfig } from './config/worker-config';
import { WORKER_CONFIG } from './config/worker-config.token';
import { BackgroundReanalysisJob } from './reanalysis/background-reanalysis.job';
import { LabelCorrectionReconcilerService } from './reconcile/label-correction-reconciler.service';
import { MentionStateReconcilerService } from './reconcile/mention-state-reconciler.service';
import { HeartbeatService } from './scheduling/heartbeat.service';
import { RunHistoryPrunerService } from './scheduling/run-history-pruner.service';
import { SourceSchedulerService } from './scheduling/source-scheduler.service';
import { searchProviders } from './search/search.providers';
import { TopicCatalogService } from './topics/topic-catalog.service';
import { TopicFenceService } from './topics/topic-fence.service';
import { TopicRetagJob } from './topics/topic-retag.job';
import { TopicRetagRunnerService } from './topics/topic-retag-runner.service';

export interface WorkerModuleOptions {
  config: WorkerConfig;
  /** Tests drive runs by hand and leave the cron schedules and timers off. */
  schedule: boolean;
}

@Module({})
export class WorkerModule {
  static forRoot({ config, schedule }: WorkerModuleOptions): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(config.database))],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        ...searchProviders,
        CollectorRegistry,
        pushAdaptersProvider,
        TopicCatalogService,
        TopicFenceService,
        MentionIngestService,
        CollectionRunService,
        ImportRunnerService,
        TopicRetagRunnerService,
        ...(schedule ? [TopicRetagJob, SourceSchedulerService, HeartbeatService, MentionStateReconcilerService, LabelCorrectionReconcilerService, RunHistoryPrunerService, ImportJobsService, InboundItemsPrunerService, BackgroundReanalysisJob] : []),
      ],
      exports: [CollectionRunService, MentionIngestService, TopicCatalogService, WORKER_CONFIG, ...searchProviders.map((p) => (p as { provide: unknown }).provide as symbol)],
    };
  }
}
