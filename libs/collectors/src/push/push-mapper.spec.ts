import { mentionId } from '../mention-id';
import { validatePushItem } from './push-item';
import { brandChannelOfWebhook } from './push-descriptors';
import { pushDeletion, pushItemToRawMention } from './push-mapper';

const NOW = new Date('2026-11-20T12:00:00Z');
const ctx = { sourceType: 'webhook' as const, sourceId: 'src-1', sourceKey: 'src-1', collectedAt: NOW };

function item(input: Record<string, unknown>) {
  const result = validatePushItem(input, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.item;
}

describe('pushItemToRawMention', () => {
  it('maps every field', () => {
    const mention = pushItemToRawMention(
      item({
        id: 'dm-1',
        text: '<b>Aiuto</b> con la bolletta',
        title: '<i>Bolletta</i> &amp; addebiti',
        url: 'https://example.com/c/1',
        publishedAt: '2026-11-20T10:00:00Z',
        editedAt: '2026-11-20T10:05:00Z',
        author: { name: 'Luca', handle: '@luca', url: 'https://example.com/luca', followers: 10 },
        inReplyTo: 'dm-0',
        language: 'it',
        engagement: { replies: 2 },
        rating: 3,
      }),
      ctx,
    );
    expect(mention).toEqual({
      id: mentionId('webhook', 'src-1', 'dm-1'),
      sourceType: 'webhook',
      sourceId: 'src-1',
      sourceKey: 'src-1',
      externalId: 'dm-1',
      url: 'https://example.com/c/1',
      title: 'Bolletta & addebiti',
      content: '<b>Aiuto</b> con la bolletta',
      author: { name: 'Luca', handle: '@luca', url: 'https://example.com/luca', followers: 10 },
      publishedAt: '2026-11-20T10:00:00.000Z',
      collectedAt: NOW.toISOString(),
      editedAt: '2026-11-20T10:05:00.000Z',
      deletedAtSource: null,
      inReplyTo: 'dm-0',
      sourceLanguage: 'it',
      engagement: { replies: 2 },
      rating: 3,
    });
  });

  it('names a private-channel author by handle when there is no name, and leaves out empty extras', () => {
    const mention = pushItemToRawMention(item({ id: 'w1', text: 'ciao', publishedAt: '2026-11-20T10:00:00Z', author: { handle: '+39333' } }), ctx);
    expect(mention.author).toEqual({ name: '+39333', handle: '+39333', url: null, followers: null });
    expect(mention).not.toHaveProperty('engagement');
    expect(mention).not.toHaveProperty('rating');
    expect(mention.title).toBeNull();
  });

  it("marks every item of a private channel as written to the brand, and nothing of a generic one", () => {
    const dm = pushItemToRawMention(item({ id: 'w2', text: 'ciao', publishedAt: '2026-11-20T10:00:00Z' }), { ...ctx, brandChannel: brandChannelOfWebhook('whatsapp') });
    expect(dm.brandChannel).toBe('direct_message');
    for (const channel of ['messenger', 'instagram_direct', 'x_dm']) expect(brandChannelOfWebhook(channel)).toBe('direct_message');
    for (const channel of ['generic', undefined, 'email', 42]) expect(brandChannelOfWebhook(channel)).toBeNull();
    const generic = pushItemToRawMention(item({ id: 'w3', text: 'ciao', publishedAt: '2026-11-20T10:00:00Z' }), { ...ctx, brandChannel: brandChannelOfWebhook('generic') });
    expect(generic).not.toHaveProperty('brandChannel');
    // A generic webhook's sender (a chat widget, a help desk) may say it per item.
    const widget = pushItemToRawMention(item({ id: 'w4', text: 'ciao', publishedAt: '2026-11-20T10:00:00Z', brandChannel: 'direct_message' }), ctx);
    expect(widget.brandChannel).toBe('direct_message');
  });

  it('gives a deletion the same mention id as the item', () => {
    expect(pushDeletion(item({ id: 'w1', deleted: true, deletedAt: '2026-11-20T11:00:00Z' }), ctx, NOW)).toEqual({
      id: mentionId('webhook', 'src-1', 'w1'),
      at: '2026-11-20T11:00:00.000Z',
    });
  });
});
