import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { Logger as PinoLogger } from 'nestjs-pino';
import { migrateDatabase } from '@ascolto/persistence';
import { ApiModule } from './api.module';
import { SESSION_COOKIE } from './auth/auth.constants';
import { serveDashboard } from './common/http/dashboard';
import { cspNonce, DOCS_PATH, securityHeaders } from './common/http/security';
import { checkOutboundAllowList, loadApiConfig, type ApiConfig } from './config/api-config';
import { META_WEBHOOK_ROUTE, WEBHOOK_ROUTE, webhookRawBody } from './ingest/webhook-raw-body';

export const API_PREFIX = 'api';

/** The app and the configuration it was built from (main needs the port and host). */
export async function buildApiApp(env: NodeJS.ProcessEnv): Promise<{ app: NestExpressApplication; config: ApiConfig }> {
  const config = loadApiConfig(env);
  await checkOutboundAllowList(config);
  // Schema first: nothing may touch the database before it is at the current version.
  const migrations = await migrateDatabase(config.database);

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bufferLogs: true,
    // Throw instead of aborting the process, so callers (main, tests) decide what a failure means.
    abortOnError: false,
  });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Bootstrap');
  if (migrations.length > 0) logger.log({ migrations }, `Applied ${migrations.length} migration(s)`);

  app.set('trust proxy', config.trustProxy);
  // Webhook bodies are read as raw bytes before Nest's JSON parser: signatures cover the exact bytes.
  app.use(`/${API_PREFIX}/${WEBHOOK_ROUTE}`, webhookRawBody());
  app.use(`/${API_PREFIX}/${META_WEBHOOK_ROUTE}`, webhookRawBody());
  app.use(cspNonce());
  app.use(securityHeaders({ https: config.cookieSecure }));
  app.use(cookieParser());
  app.setGlobalPrefix(API_PREFIX);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Ascolto API')
      .setDescription(
        'Social listening and customer care. Sign in with POST /api/auth/login; state-changing requests ' +
          'must echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header.',
      )
      .setVersion('1')
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, { jsonDocumentUrl: `${DOCS_PATH.slice(1)}-json` });

  serveDashboard(app, config.dashboardDist);
  app.enableShutdownHooks();
  await app.init();
  return { app, config };
}

/**
 * Builds the whole API (validated config, migrated database, Elasticsearch indices, middleware,
 * routes, dashboard) without listening, so tests can drive it with supertest.
 */
export async function createApiApp(env: NodeJS.ProcessEnv): Promise<INestApplication> {
  return (await buildApiApp(env)).app;
}
