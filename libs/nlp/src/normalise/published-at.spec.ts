import { runPipeline } from '../pipeline';
import { sanePublishedAt } from './published-at';

const collectedAt = '2026-11-22T10:00:00.000Z';

describe('sanePublishedAt', () => {
  it('keeps a plausible date as the source gave it', () => {
    expect(sanePublishedAt('2026-11-22T09:58:00.000Z', collectedAt)).toBe('2026-11-22T09:58:00.000Z');
    expect(sanePublishedAt('2011-03-12T18:00:00.000Z', collectedAt)).toBe('2011-03-12T18:00:00.000Z');
    // A little clock skew is not "the future".
    expect(sanePublishedAt('2026-11-22T10:03:00.000Z', collectedAt)).toBe('2026-11-22T10:03:00.000Z');
  });

  it('replaces dates in the future, before 2000 or unreadable with the collection time', () => {
    expect(sanePublishedAt('2999-01-01T00:00:00.000Z', collectedAt)).toBe(collectedAt);
    expect(sanePublishedAt('2026-11-22T11:00:00.000Z', collectedAt)).toBe(collectedAt);
    expect(sanePublishedAt('1970-01-01T00:00:00.000Z', collectedAt)).toBe(collectedAt);
    expect(sanePublishedAt('not a date', collectedAt)).toBe(collectedAt);
  });
});

describe('runPipeline', () => {
  it('stores a hostile publication date as the collection time, and a plausible one untouched', () => {
    const base = {
      sourceType: 'rss' as const,
      sourceId: 's',
      sourceKey: 'https://feed.example/rss',
      url: null,
      title: null,
      content: 'La fibra non funziona',
      author: { name: 'Anna', handle: null, url: null },
      collectedAt,
    };
    const [future, fine] = runPipeline([
      { ...base, id: 'rss-1', externalId: '1', publishedAt: '2999-12-31T23:59:59.000Z' },
      { ...base, id: 'rss-2', externalId: '2', publishedAt: '2026-11-21T08:00:00.000Z' },
    ]);
    expect(future.publishedAt).toBe(collectedAt);
    expect(fine.publishedAt).toBe('2026-11-21T08:00:00.000Z');
  });
});
