import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** Structured JSON logs on stdout, one object per line, like the API's. */
@Module({})
export class WorkerLoggerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: process.env.LOG_LEVEL ?? 'info',
            base: { app: 'ascolto-worker' },
            redact: ['*.password', '*.token', '*.cookie'],
          },
        }),
      ],
    };
  }
}
