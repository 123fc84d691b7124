import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiError } from '@ascolto/domain';
import { TopicQueryError } from '@ascolto/nlp';
import { InvalidQueryError } from '@ascolto/search';

/**
 * The error body of every answer: ApiError, plus `position` for a malformed search or topic query
 * and, for a topic query, the `reason` without the position (for the dashboard to show by the caret).
 */
export interface ApiErrorBody extends ApiError {
  position?: number;
  reason?: string;
}

// The Elasticsearch client's names for "could not talk to the cluster": the request may be fine,
// the service is not, so the caller should retry later (503), not fix its input (4xx).
const SEARCH_UNAVAILABLE = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError']);

function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Turns any thrown value into an ApiErrorBody with the right status. Exported for unit tests. */
export function toErrorBody(exception: unknown): ApiErrorBody {
  if (exception instanceof InvalidQueryError) {
    const body: ApiErrorBody = { statusCode: 400, error: statusText(400), message: exception.message };
    if (exception.position !== undefined) body.position = exception.position;
    return body;
  }
  if (exception instanceof TopicQueryError) {
    return { statusCode: 400, error: statusText(400), message: exception.message, position: exception.position, reason: exception.reason };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message: string | string[] = exception.message;
    if (typeof response === 'string') message = response;
    else if (response && typeof response === 'object' && 'message' in response) {
      const m = (response as { message: unknown }).message;
      if (typeof m === 'string' || (Array.isArray(m) && m.every((x) => typeof x === 'string'))) message = m;
    }
    const body: ApiErrorBody = { statusCode: status, error: statusText(status), message };
    if (response && typeof response === 'object' && typeof (response as { position?: unknown }).position === 'number') {
      body.position = (response as { position: number }).position;
    }
    return body;
  }
  // Errors raised by Express middleware (a body that is not JSON, a body too large) carry their
  // status; they are the client's fault and their messages are safe to show.
  const raw = exception as { status?: unknown; expose?: unknown; message?: unknown; name?: unknown };
  if (typeof raw?.status === 'number' && raw.status >= 400 && raw.status < 500 && raw.expose === true) {
    return { statusCode: raw.status, error: statusText(raw.status), message: String(raw.message) };
  }
  if (typeof raw?.name === 'string' && SEARCH_UNAVAILABLE.has(raw.name)) {
    return { statusCode: 503, error: statusText(503), message: 'Search is temporarily unavailable; try again shortly' };
  }
  return { statusCode: 500, error: statusText(500), message: 'Internal server error' };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) {
      // Unknown failures are logged with their stack; the client only gets a generic message.
      this.logger.error(
        { err: exception instanceof Error ? exception : new Error(String(exception)), statusCode: body.statusCode },
        'Request failed',
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.statusCode).json(body);
  }
}
