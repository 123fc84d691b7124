import { BadRequestException } from '@nestjs/common';
import type { SourceType, SourceTypeDescriptor } from '@ascolto/domain';
import { assertOutboundUrlAllowed, OutboundUrlRefusedError, SOURCE_TYPE_DESCRIPTORS } from '@ascolto/collectors';
import { CREDENTIALS_KEY_ENV, type CredentialCipher } from '@ascolto/persistence';

/**
 * The rules a source's configuration must satisfy, shared by create, update and "test
 * connection". Problems are collected rather than thrown one by one, so a form learns about every
 * bad field in one answer.
 */

/** The type's descriptor, or a clear 400 for a type this version cannot configure yet. */
export function descriptorFor(type: SourceType): SourceTypeDescriptor {
  const descriptor = SOURCE_TYPE_DESCRIPTORS[type];
  if (!descriptor) throw new BadRequestException([`${type} sources cannot be configured: this version has no collector for them`]);
  return descriptor;
}

/** 400 with every problem, if there are any. */
export function throwIfProblems(problems: string[]): void {
  if (problems.length > 0) throw new BadRequestException(problems);
}

/**
 * A URL the server will fetch must not point inside our network: http(s) only, no user name or
 * password, and the same address rules as the collectors' guarded client (which checks again on
 * every request and redirect; this gives the admin a clear error right away). Null when fine.
 */
export async function urlProblem(url: string, allowList: string[]): Promise<string | null> {
  const syntax = urlSyntaxProblem(url);
  if (syntax) return syntax;
  try {
    await assertOutboundUrlAllowed(url, allowList);
  } catch (error) {
    if (error instanceof OutboundUrlRefusedError) return `url refused: ${error.reason}`;
    throw error;
  }
  return null;
}

function urlSyntaxProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must use http or https';
  if (parsed.username || parsed.password) return 'url must not contain a user name or password';
  return null;
}

/**
 * The URL to store: the one given (checked), else the type's default API address (ours, so not
 * resolved here: a machine without DNS for it could still save the source). Pushed types
 * (webhook, import) are never fetched: their URL is optional and descriptive, so only its syntax
 * is checked.
 */
export async function resolveSourceUrl(
  descriptor: SourceTypeDescriptor,
  given: string | undefined,
  allowList: string[],
  problems: string[],
): Promise<string> {
  if (!given) {
    if (descriptor.defaultUrl) return descriptor.defaultUrl;
    if (!descriptor.polled) return '';
    problems.push(`url is required for ${descriptor.type} sources (${descriptor.urlLabel.en})`);
    return '';
  }
  const problem = descriptor.polled ? await urlProblem(given, allowList) : urlSyntaxProblem(given);
  if (problem) problems.push(problem);
  return given;
}

/** Unknown credential names; values are never part of a message. */
export function checkCredentialKeys(descriptor: SourceTypeDescriptor, given: Record<string, string>, problems: string[]): void {
  const known = new Set(descriptor.credentials.map((field) => field.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) problems.push(`credentials.${key} is not a credential of ${descriptor.type} sources`);
  }
}

/** Required credentials absent from the final set. */
export function checkRequiredCredentials(descriptor: SourceTypeDescriptor, credentials: Record<string, string>, problems: string[]): void {
  for (const field of descriptor.credentials) {
    if (field.required && !credentials[field.key]) problems.push(`credentials.${field.key} is required for ${descriptor.type} sources`);
  }
}

/** Credentials can only be kept with a key; saying so beats a 500 or silently dropping them. */
export function checkCipher(cipher: CredentialCipher, credentials: Record<string, string>, problems: string[]): void {
  if (!cipher.configured && Object.values(credentials).some((value) => value !== '')) {
    problems.push(
      `credentials cannot be stored: ${CREDENTIALS_KEY_ENV} is not configured on the server (generate one with "openssl rand -base64 32")`,
    );
  }
}

export function checkBudgetLimit(descriptor: SourceTypeDescriptor, budgetLimit: number | null | undefined, problems: string[]): void {
  if (budgetLimit === undefined || budgetLimit === null || descriptor.budget) return;
  const budgeted = Object.values(SOURCE_TYPE_DESCRIPTORS)
    .filter((d) => d?.budget)
    .map((d) => d!.type);
  problems.push(`budgetLimit applies only to source types with a budget${budgeted.length ? ` (${budgeted.join(', ')})` : ''}`);
}

/** `credentials` without the keys set to "" (which mean "remove" on update and "not set" on create). */
export function withoutBlanks(credentials: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(credentials ?? {}).filter(([, value]) => value !== ''));
}

/** The budget period a date falls in, as the worker keys `source_budgets`: `2026-11-22` (day) or `2026-11` (month), UTC. */
export function budgetPeriodKey(period: 'day' | 'month', now: Date): string {
  return period === 'month' ? now.toISOString().slice(0, 7) : now.toISOString().slice(0, 10);
}
