import type { BrandChannel, RawMention } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import type { PushItem } from './push-item';

export interface PushMappingContext {
  sourceType: 'webhook' | 'import';
  sourceId: string;
  /** What keys the mention ids: the source id (webhooks) or the import source's key. */
  sourceKey: string;
  collectedAt: Date;
  /** Set for a webhook of a private channel (WhatsApp, Messenger, Direct messages): every item is written to the brand. */
  brandChannel?: BrandChannel | null;
}

/** Plain text for `title`: tags removed and the common entities decoded (the pipeline never sees titles). */
function plainTitle(title: string | null): string | null {
  if (title === null) return null;
  const text = title
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(lt|gt|quot|#39|apos|nbsp|amp);/g, (_m, name: string) =>
      ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ', amp: '&' })[name] ?? '',
    )
    .replace(/\s+/g, ' ')
    .trim();
  return text || null;
}

/**
 * A validated pushed or imported item → the raw mention the pipeline takes. Deletions are not
 * mentions: the caller turns them into `{id, at}` marks (see `pushDeletion`).
 */
export function pushItemToRawMention(item: PushItem, ctx: PushMappingContext): RawMention {
  const mention: RawMention = {
    id: mentionId(ctx.sourceType, ctx.sourceKey, item.id),
    sourceType: ctx.sourceType,
    sourceId: ctx.sourceId,
    sourceKey: ctx.sourceKey,
    externalId: item.id,
    url: item.url,
    title: plainTitle(item.title),
    content: item.text,
    author: {
      // Private channels (WhatsApp, Direct messages) often give only a handle or a number.
      name: item.author.name ?? item.author.handle ?? '',
      handle: item.author.handle,
      url: item.author.url,
      followers: item.author.followers,
    },
    publishedAt: item.publishedAt,
    collectedAt: ctx.collectedAt.toISOString(),
    editedAt: item.editedAt,
    deletedAtSource: item.deleted ? item.deletedAt : null,
    inReplyTo: item.inReplyTo,
    sourceLanguage: item.language,
  };
  // The source's channel (a WhatsApp webhook) says it for every item; a generic one may say it per item.
  const brandChannel = ctx.brandChannel ?? item.brandChannel;
  if (brandChannel) mention.brandChannel = brandChannel;
  if (item.engagement && Object.keys(item.engagement).length) mention.engagement = { ...item.engagement };
  if (item.rating !== null) mention.rating = item.rating;
  return mention;
}

/** The deletion mark of a deleted item. */
export function pushDeletion(item: PushItem, ctx: Pick<PushMappingContext, 'sourceType' | 'sourceKey'>, now: Date): { id: string; at: string } {
  return { id: mentionId(ctx.sourceType, ctx.sourceKey, item.id), at: item.deletedAt ?? now.toISOString() };
}
