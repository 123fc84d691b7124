import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { destination } from 'pino';
import type { LogLevel } from '../config/api-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * JSON logs, one object per line. Session cookies, CSRF tokens and any password field are
 * replaced before a line is written, so logs can be shipped and shared without leaking sessions.
 */
export function loggerParams(level: LogLevel, file: string | null = null): Params {
  return {
    pinoHttp: toFile(file, {
      level,
      base: { app: 'ascolto-api' },
      redact: {
        paths: [
          'req.headers.cookie',
          'req.headers.authorization',
          'req.headers["x-xsrf-token"]',
          'res.headers["set-cookie"]',
          'password',
          '*.password',
          'body.password',
          // Request bodies are never logged (see the req serializer); these catch a body, source
          // credentials or SQL parameters put into a log object by mistake or by an error.
          'req.body',
          'body',
          'credentials',
          '*.credentials',
          'err.parameters',
          'err.driverError.parameters',
        ],
        censor: '[redacted]',
      },
      // A request id from a trusted proxy is reused (well-formed only); otherwise a new one. It is
      // echoed so a user reporting an error can quote it.
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Only what helps to follow a request; headers stay out (they carry cookies and add noise).
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers?: Record<string, unknown> }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
          userAgent: req.headers?.['user-agent'],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => {
        // A probe polling a down dependency is a warning, not an application error on every poll.
        if ((req.url ?? '').startsWith('/api/health')) return res.statusCode >= 500 ? 'warn' : 'debug';
        return error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      },
      // Static dashboard files would drown the API lines.
      autoLogging: { ignore: (req: IncomingMessage) => !(req.url ?? '').startsWith('/api') },
    }),
  };
}

type PinoHttpOptions = Extract<Params['pinoHttp'], unknown[]>[0];

/** LOG_FILE: synchronous appends, so a line is in the file by the time its request has returned. */
function toFile(file: string | null, options: PinoHttpOptions): Params['pinoHttp'] {
  return file ? [options, destination({ dest: file, sync: true, mkdir: true })] : options;
}
