import { NestFactory } from '@nestjs/core';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { Logger as PinoLogger } from 'nestjs-pino';
import { migrateDatabase } from '@ascolto/persistence';
import { loadWorkerConfig } from './config/worker-config';
import { WorkerModule } from './worker.module';
import { WorkerLoggerModule } from './worker-logger.module';

@Module({})
class WorkerRootModule {}

export interface CreateWorkerOptions {
  env?: NodeJS.ProcessEnv;
  schedule?: boolean;
  /** Use Nest's plain console logger instead of JSON (tests). */
  plainLogs?: boolean;
}

/**
 * Builds the worker: validates configuration, makes sure the database exists and is migrated
 * (the API does the same; both are idempotent), then wires collectors, pipeline and indexer.
 */
export async function createWorker(options: CreateWorkerOptions = {}): Promise<INestApplicationContext> {
  const config = loadWorkerConfig(options.env ?? process.env);
  await migrateDatabase(config.database);
  const schedule = options.schedule ?? true;
  const app = await NestFactory.createApplicationContext(
    {
      module: WorkerRootModule,
      imports: [WorkerModule.forRoot({ config, schedule }), ...(options.plainLogs ? [] : [WorkerLoggerModule.forRoot()])],
    },
    { bufferLogs: !options.plainLogs, logger: options.plainLogs ? ['error', 'warn'] : undefined },
  );
  if (!options.plainLogs) app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  return app;
}
