import { convertToParamMap } from '@angular/router';
import { MENTION_SORTS } from '@ascolto/domain';
import fc from 'fast-check';

import { INBOX_LIST_FILTERS, type InboxListFilter, inboxFiltersFromParams, inboxParamsFromFilters, sameInboxFilters } from './inbox-query-params';
import { DEFAULT_INBOX_FILTERS, type InboxFilters } from './inbox.store';

const TOPIC = '6f1c2a3b-0000-4000-8000-00000000000f';
const fromQuery = (query: string) => {
  const params: Record<string, string[]> = {};
  new URLSearchParams(query).forEach((value, key) => (params[key] ??= []).push(value));
  return inboxFiltersFromParams(convertToParamMap(params));
};

describe('inbox query params', () => {
  it('reads the plain inbox from no params, and writes none for it', () => {
    expect(fromQuery('')).toEqual(DEFAULT_INBOX_FILTERS);
    expect(inboxParamsFromFilters(DEFAULT_INBOX_FILTERS)).toEqual({});
  });

  it('reads comma lists and repeated params, each value once, and drops what it does not know', () => {
    const filters = fromQuery(`category=flush&flushReason=spam,%20no_action,spam&flushReason=bot&intent=rant&language=it,xx&sort=oldest&topicId=${TOPIC},../../etc&q=%20%20rimborso%20`);
    expect(filters).toEqual({
      ...DEFAULT_INBOX_FILTERS,
      category: ['flush'],
      flushReason: ['spam', 'no_action', 'bot'],
      language: ['it'],
      topicId: [TOPIC],
      q: 'rimborso',
    });
  });

  it('keeps at most as many topics as the API takes', () => {
    const ids = Array.from({ length: 120 }, (_, i) => `6f1c2a3b-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect(fromQuery(`topicId=${ids.join(',')}`).topicId).toEqual(ids.slice(0, 100));
  });

  it('writes lists comma-separated and leaves out what is as in the plain inbox', () => {
    expect(
      inboxParamsFromFilters({ ...DEFAULT_INBOX_FILTERS, q: ' fattura ', sentiment: ['negative'], flushReason: ['no_action', 'spam'], sort: 'priority', duplicateOf: 'rss-1' }),
    ).toEqual({ q: 'fattura', sentiment: 'negative', flushReason: 'no_action,spam', sort: 'priority', duplicateOf: 'rss-1' });
  });

  it('reads back every view it writes', () => {
    const listFilter = (name: InboxListFilter) => fc.uniqueArray(fc.constantFrom(...(INBOX_LIST_FILTERS[name] as readonly string[])), { maxLength: 4 });
    const view = fc.record({
      q: fc.string({ maxLength: 30 }).map((q) => q.trim()),
      sentiment: listFilter('sentiment'),
      category: listFilter('category'),
      intent: listFilter('intent'),
      flushReason: listFilter('flushReason'),
      status: listFilter('status'),
      language: listFilter('language'),
      sourceType: listFilter('sourceType'),
      brandChannel: listFilter('brandChannel'),
      corrected: listFilter('corrected'),
      topicId: fc.uniqueArray(fc.uuid(), { maxLength: 3 }),
      sort: fc.constantFrom(...MENTION_SORTS),
      duplicateOf: fc.option(fc.stringMatching(/^[a-z]+-[0-9a-f]{8}$/), { nil: null }),
    }) as fc.Arbitrary<InboxFilters>;
    fc.assert(
      fc.property(view, (filters) => {
        // Through the URL as the browser keeps it: serialised and parsed again.
        const query = new URLSearchParams(inboxParamsFromFilters(filters) as Record<string, string>).toString();
        const read = fromQuery(query);
        expect(read).toEqual(filters);
        expect(sameInboxFilters(read, filters)).toBe(true);
      }),
    );
  });

  it('tells views apart by what they ask for, not by how it was written', () => {
    const a = { ...DEFAULT_INBOX_FILTERS, category: ['flush' as const], q: 'x' };
    expect(sameInboxFilters(a, { ...a, q: ' x ' })).toBe(true);
    expect(sameInboxFilters(a, { ...a, category: ['flush', 'service'] })).toBe(false);
    expect(sameInboxFilters(a, { ...a, sort: 'priority' })).toBe(false);
    expect(sameInboxFilters(a, { ...a, topicId: [TOPIC] })).toBe(false);
  });
});
