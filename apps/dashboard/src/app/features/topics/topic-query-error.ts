import { HttpErrorResponse } from '@angular/common/http';
import type { TopicQueryErrorBody } from '@ascolto/domain';

/** Where a topic query is wrong and why, as the API said it. */
export interface TopicQueryProblem {
  /** 0-based offset into the query as typed (UTF-16 code units, like String indexes). */
  position: number;
  /** The parser's short cause, in English. */
  reason: string;
}

/** The query split around the problem, so the offending character can be marked while all of it stays text. */
export interface MarkedQuery {
  before: string;
  /** The character at the position; empty when the problem is at the end of the query. */
  at: string;
  after: string;
}

/** The problem in a 400 answer about a topic query, or null for any other failure. */
export function topicQueryProblem(error: unknown): TopicQueryProblem | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 400) return null;
  const body = error.error as Partial<TopicQueryErrorBody> | null;
  if (!body || typeof body !== 'object' || typeof body.position !== 'number' || typeof body.reason !== 'string') return null;
  return { position: body.position, reason: body.reason };
}

export function markQuery(query: string, position: number): MarkedQuery {
  const at = Math.max(0, Math.min(Math.trunc(position), query.length));
  // An emoji or other astral character is two code units: mark both, never half of it.
  const code = query.charCodeAt(at);
  const width = code >= 0xd800 && code <= 0xdbff && at + 1 < query.length ? 2 : 1;
  return { before: query.slice(0, at), at: query.slice(at, at + width), after: query.slice(at + width) };
}

/** The message of an API error body as one line of text, or null when there is none. */
export function apiErrorMessage(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const message = (error.error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message.trim() !== '') return message;
  if (Array.isArray(message) && message.every((m) => typeof m === 'string') && message.length > 0) return message.join('; ');
  return null;
}
