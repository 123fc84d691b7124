import { errors } from '@elastic/elasticsearch';

/** `error.type` of an Elasticsearch error answer (e.g. `resource_already_exists_exception`), if any. */
export function elasticErrorType(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.meta.body as { error?: { type?: string } } | undefined;
  return body?.error?.type;
}

export function elasticErrorReason(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    const body = error.meta.body as { error?: { type?: string; reason?: string; caused_by?: { reason?: string } } } | undefined;
    const e = body?.error;
    if (e) return [e.type, e.reason, e.caused_by?.reason].filter(Boolean).join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}

export function isNotFound(error: unknown): boolean {
  return error instanceof errors.ResponseError && error.statusCode === 404;
}

/**
 * A request whose fate is unknown: Elasticsearch did not answer in time, the connection broke, no
 * node could be reached on the last attempt, or the answer could not be read. Unlike an error
 * answer (a refusal), any of these can follow an attempt that Elasticsearch applied: the client
 * retries a broken connection, so the last attempt's error says nothing about the first one's.
 */
export function isElasticOutcomeUnknown(error: unknown): boolean {
  return (
    error instanceof errors.TimeoutError ||
    error instanceof errors.ConnectionError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof errors.DeserializationError ||
    error instanceof errors.RequestAbortedError
  );
}
