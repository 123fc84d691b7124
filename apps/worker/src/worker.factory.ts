import { hostname } from 'node:os';
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

/**
 * The worker a command runs in (`npm run import`, `npm run reanalyse`): no schedules, plain logs,
 * and a worker id of its own (`<command>-<host>-<pid>`), so that what it records under that id (its
 * topic fence) is its own even beside a worker started with the same WORKER_ID.
 */
export function createCommandWorker(command: string, env: NodeJS.ProcessEnv): Promise<INestApplicationContext> {
  return createWorker({ env: { ...env, WORKER_ID: `${command}-${hostname()}-${process.pid}` }, schedule: false, plainLogs: true });
}
