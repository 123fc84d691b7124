import type { RawMention } from '@ascolto/domain';

/** Publication dates earlier than this are not social-web dates: a broken or hostile source. */
export const EARLIEST_PUBLISHED_AT = Date.parse('2000-01-01T00:00:00Z');
/** Clock skew we accept between a source and us before calling a date "in the future". */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The publication date the product can trust: a source's date when it is plausible, otherwise the
 * time we collected the item. Mentions are stored in the monthly index of their publication date,
 * so without this a feed with dates in 1970 or 2999 would open an index per month it invents, and
 * sorting "newest first" would pin its items to the top of the inbox for ever.
 */
export function sanePublishedAt(publishedAt: string, collectedAt: string): string {
  const collected = Date.parse(collectedAt);
  const published = Date.parse(publishedAt);
  if (Number.isNaN(published)) return Number.isNaN(collected) ? publishedAt : new Date(collected).toISOString();
  if (Number.isNaN(collected)) return new Date(published).toISOString();
  if (published < EARLIEST_PUBLISHED_AT || published > collected + FUTURE_TOLERANCE_MS) return new Date(collected).toISOString();
  return publishedAt;
}

/** The same mention with a trustworthy `publishedAt`; the very object when nothing changes. */
export function withSanePublishedAt(raw: RawMention): RawMention {
  const publishedAt = sanePublishedAt(raw.publishedAt, raw.collectedAt);
  return publishedAt === raw.publishedAt ? raw : { ...raw, publishedAt };
}
