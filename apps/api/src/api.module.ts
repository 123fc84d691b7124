import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { dataSourceOptions } from '@ascolto/persistence';
import { ActivityModule } from './activity/activity.module';
import { AuthModule } from './auth/auth.module';
import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { loggerParams } from './common/logging';
import { CorrectionsModule } from './corrections/corrections.module';
import { createValidationPipe } from './common/validation';
import type { ApiConfig } from './config/api-config';
import { API_CONFIG } from './config/api-config.token';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { IngestModule } from './ingest/ingest.module';
import { MentionsModule } from './mentions/mentions.module';
import { SearchModule } from './search/search.module';
import { SourceTypesModule } from './source-types/source-types.module';
import { SourcesModule } from './sources/sources.module';
import { TicketsModule } from './tickets/tickets.module';
import { TopicsModule } from './topics/topics.module';

@Global()
@Module({})
class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return { module: ApiConfigModule, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}

/** Composition root: configuration, infrastructure, then one module per feature. */
@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ApiConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel, config.logFile)),
        // The schema is migrated before the app is built (see app.factory.ts); never synchronised.
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database), synchronize: false, migrationsRun: false, retryAttempts: 3 }),
        SearchModule,
        AuthModule,
        MentionsModule,
        CorrectionsModule,
        TicketsModule,
        SourcesModule,
        SourceTypesModule,
        TopicsModule,
        HealthModule,
        ActivityModule,
        IngestModule,
        ImportsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
