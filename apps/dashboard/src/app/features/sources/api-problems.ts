import { HttpErrorResponse } from '@angular/common/http';

/**
 * The problems in an API error body, one per entry: the sources API lists every bad field at once
 * (`message: string[]`), and each is shown on its own line, as text.
 */
export function apiProblems(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) return [];
  const message = (error.error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message.trim() !== '') return [message];
  if (Array.isArray(message)) return message.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '');
  return [];
}
