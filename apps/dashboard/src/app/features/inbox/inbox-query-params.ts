import type { ParamMap, Params } from '@angular/router';
import { BRAND_CHANNELS, CATEGORIES, CORRECTABLE_LABELS, FLUSH_REASONS, INTENTS, LANGUAGES, MENTION_SORTS, MENTION_STATUSES, SENTIMENTS, SOURCE_TYPES } from '@ascolto/domain';

import { DEFAULT_INBOX_FILTERS, type InboxFilters } from './inbox.store';

/**
 * The inbox's filters live in its URL (`/inbox?category=flush&flushReason=no_action`), so a view
 * can be bookmarked, shared with a colleague, reloaded and stepped through with Back. The names
 * and the comma-separated lists are the API's own (`GET /api/mentions`), so a link reads the same
 * in both places.
 */

/** Filters chosen from a fixed list of values, in the order the inbox shows them. */
export const INBOX_LIST_FILTERS = {
  sentiment: SENTIMENTS,
  category: CATEGORIES,
  intent: INTENTS,
  flushReason: FLUSH_REASONS,
  status: MENTION_STATUSES,
  language: LANGUAGES,
  sourceType: SOURCE_TYPES,
  brandChannel: BRAND_CHANNELS,
  corrected: CORRECTABLE_LABELS,
} as const;

export type InboxListFilter = keyof typeof INBOX_LIST_FILTERS;

const LIST_FILTER_NAMES = Object.keys(INBOX_LIST_FILTERS) as InboxListFilter[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** As many topics as the API takes in one filter (`MAX_TOPIC_FILTER`). */
const MAX_TOPICS = 100;

function listParam(params: ParamMap, name: string): string[] {
  // A list is written `a,b`; a hand-made link may repeat the parameter instead.
  const items = params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return [...new Set(items)];
}

/**
 * The filters a URL asks for. A URL is typed, pasted and edited by hand: values the inbox does
 * not know are left out rather than sent on, so an old or mistyped link still opens a view.
 */
export function inboxFiltersFromParams(params: ParamMap): InboxFilters {
  const filters: InboxFilters = { ...DEFAULT_INBOX_FILTERS };
  for (const name of LIST_FILTER_NAMES) {
    const allowed: readonly string[] = INBOX_LIST_FILTERS[name];
    (filters as unknown as Record<InboxListFilter, string[]>)[name] = listParam(params, name).filter((value) => allowed.includes(value));
  }
  filters.topicId = listParam(params, 'topicId')
    .filter((id) => UUID.test(id))
    .slice(0, MAX_TOPICS);
  filters.q = (params.get('q') ?? '').trim();
  const sort = params.get('sort');
  filters.sort = MENTION_SORTS.find((known) => known === sort) ?? DEFAULT_INBOX_FILTERS.sort;
  const duplicateOf = params.get('duplicateOf')?.trim();
  filters.duplicateOf = duplicateOf ? duplicateOf : null;
  return filters;
}

/** The query params of a view: only what differs from the plain inbox, so its URL stays `/inbox`. */
export function inboxParamsFromFilters(filters: InboxFilters): Params {
  const params: Params = {};
  if (filters.q.trim() !== '') params['q'] = filters.q.trim();
  for (const name of [...LIST_FILTER_NAMES, 'topicId'] as const) {
    if (filters[name].length > 0) params[name] = filters[name].join(',');
  }
  if (filters.sort !== DEFAULT_INBOX_FILTERS.sort) params['sort'] = filters.sort;
  if (filters.duplicateOf !== null) params['duplicateOf'] = filters.duplicateOf;
  return params;
}

/** True when two views ask the API for the same mentions in the same order. */
export function sameInboxFilters(a: InboxFilters, b: InboxFilters): boolean {
  const pa = inboxParamsFromFilters(a);
  const pb = inboxParamsFromFilters(b);
  const keys = Object.keys(pa);
  return keys.length === Object.keys(pb).length && keys.every((key) => pa[key] === pb[key]);
}
