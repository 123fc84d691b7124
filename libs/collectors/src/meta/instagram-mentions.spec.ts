import { collectRequest } from '../../../testing/src/collectors';
import { FakeMetaGraphServer } from '../../../testing/src/fakes/meta/fake-meta-graph-server';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import { InstagramAdapter, type InstagramCursor, mapInstagramMedia } from './instagram-adapter';
import {
  igMentionExternalId,
  igMentionHash,
  mapMentionedComment,
  mapMentionedMedia,
  parseIgMentionRef,
  parseMetaMentions,
  signMetaBody,
  verifyMetaSignature,
} from './instagram-mentions';

describe('Instagram @mention references', () => {
  const now = new Date('2026-11-20T12:00:00.000Z');
  const ctx = { sourceId: 'src-ig', now };

  it('takes only mentions changes of the account from a Meta delivery', () => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: '17841405309211844',
          time: 1_700_000_000,
          changes: [
            { field: 'mentions', value: { media_id: '17918195224117851' } },
            { field: 'mentions', value: { media_id: '17918195224117851', comment_id: '17894227972186120' } },
            { field: 'comments', value: { id: '1', text: 'ciao' } },
            { field: 'mentions', value: { media_id: '../../me?x=1' } },
          ],
        },
        { id: '17841400000000000', time: 1, changes: [{ field: 'mentions', value: { media_id: '1' } }] },
        { id: '17841405309211844', time: 1, messaging: [{}] },
      ],
    };
    const parsed = parseMetaMentions(body, '17841405309211844')!;
    expect(parsed.refs).toEqual([
      { kind: 'ig_mention', mediaId: '17918195224117851' },
      { kind: 'ig_mention', mediaId: '17918195224117851', commentId: '17894227972186120' },
    ]);
    expect(parsed.ignored).toEqual(['field "comments"', 'mentions change without a valid media_id', 'entry for account 17841400000000000', 'entry without changes']);
    expect(parseMetaMentions({ object: 'page', entry: [] }, null)).toEqual({ refs: [], ignored: ['object "page"'] });
    expect(parseMetaMentions([], null)).toBeNull();
    expect(parseMetaMentions({ items: [] }, null)).toBeNull();
  });

  it('gives each reference a stable id and hash: media and comment never collide', () => {
    const media = parseIgMentionRef({ kind: 'ig_mention', mediaId: '42' })!;
    const comment = parseIgMentionRef({ kind: 'ig_mention', mediaId: '42', commentId: '42' })!;
    expect(igMentionExternalId(media)).toBe('media:42');
    expect(igMentionExternalId(comment)).toBe('comment:42');
    expect(igMentionHash(media)).toMatch(/^[0-9a-f]{64}$/);
    expect(igMentionHash(media)).toBe(igMentionHash({ kind: 'ig_mention', mediaId: '42' }));
    expect(igMentionHash(media)).not.toBe(igMentionHash(comment));
    expect(parseIgMentionRef({ kind: 'ig_mention', mediaId: '42', commentId: 'x' })).toBeNull();
    expect(parseIgMentionRef({ kind: 'other', mediaId: '42' })).toBeNull();
    expect(parseIgMentionRef('42')).toBeNull();
  });

  it('checks X-Hub-Signature-256 over the exact bytes', () => {
    const body = Buffer.from('{"object":"instagram","entry":[]}');
    const header = signMetaBody('app-secret', body);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyMetaSignature('app-secret', header, body)).toBe(true);
    expect(verifyMetaSignature('app-secret', header.toUpperCase().replace('SHA256', 'sha256'), body)).toBe(true);
    expect(verifyMetaSignature('other-secret', header, body)).toBe(false);
    expect(verifyMetaSignature('app-secret', header, Buffer.from('{"object":"instagram","entry":[ ]}'))).toBe(false);
    expect(verifyMetaSignature('app-secret', undefined, body)).toBe(false);
    expect(verifyMetaSignature('app-secret', 'sha1=abc', body)).toBe(false);
    expect(verifyMetaSignature('app-secret', `${header}00`, body)).toBe(false);
  });

  it('maps a caption mention to the same mention as the media seen under tags or hashtags', () => {
    const mention = mapMentionedMedia(
      { caption: 'Grazie @velamobile!', media_type: 'IMAGE', timestamp: '2026-11-20T11:00:00+0000', permalink: 'https://www.instagram.com/p/Cabc/', username: 'giulia.rossi', like_count: 3, comments_count: 1 },
      { kind: 'ig_mention', mediaId: '17918195224117851' },
      ctx,
    );
    expect(mention.id).toBe(mapInstagramMedia({ id: '17918195224117851' }, ctx).id);
    expect(mention).toMatchObject({
      externalId: '17918195224117851',
      content: 'Grazie @velamobile!',
      url: 'https://www.instagram.com/p/Cabc/',
      author: { handle: 'giulia.rossi' },
      publishedAt: '2026-11-20T11:00:00.000Z',
      engagement: { likes: 3, replies: 1 },
      brandChannel: 'account_mention',
    });
  });

  it('maps a comment mention with its own id, the post as link and parent, hostile text kept raw', () => {
    const mention = mapMentionedComment(
      { text: '<img src=x onerror=alert(1)> @velamobile aiuto', timestamp: '2026-11-20T11:30:00+0000', username: 'marco.b', like_count: 2, media: { id: '17918195224117851', permalink: 'javascript:alert(1)' } },
      { kind: 'ig_mention', mediaId: '17918195224117851', commentId: '17894227972186120' },
      ctx,
    );
    expect(mention).toEqual({
      id: mentionId('instagram', 'instagram.com', 'comment:17894227972186120'),
      sourceType: 'instagram',
      sourceId: 'src-ig',
      sourceKey: 'instagram.com',
      externalId: 'comment:17894227972186120',
      url: null,
      title: null,
      content: '<img src=x onerror=alert(1)> @velamobile aiuto',
      author: { name: 'marco.b', handle: 'marco.b', url: 'https://www.instagram.com/marco.b/' },
      publishedAt: '2026-11-20T11:30:00.000Z',
      collectedAt: now.toISOString(),
      inReplyTo: '17918195224117851',
      sourceLanguage: null,
      brandChannel: 'account_mention',
      engagement: { likes: 2 },
    });
  });
});

describe('InstagramAdapter with pushed @mention references', () => {
  const fake = new FakeMetaGraphServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new InstagramAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 200 } });
  const igUserId = '17841405309299999';
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('reads each reference, skips deleted media and bad payloads, and marks the highest seq handled', async () => {
    fake.addIgUser(igUserId);
    const at = new Date(Date.now() - 5 * 60_000);
    const caption = fake.addMentionedMedia(igUserId, { timestamp: at, caption: 'Ciao @velamobile', username: 'giulia.rossi' });
    const gone = fake.addMentionedMedia(igUserId, { timestamp: at, caption: 'Sparirà' });
    const comment = fake.addMentionedComment(igUserId, { mediaId: caption.id, text: '@velamobile risposta?', timestamp: at });
    fake.deleteMedia(gone.id);
    const req = collectRequest(
      { type: 'instagram', url: fake.baseUrl, settings: { igUserId, includeTags: false } },
      {
        credentials: { accessToken: 'fake-page-token', webhookVerifyToken: 'v' },
        cursor: { pushedThrough: '8' },
        pushed: {
          items: [
            { seq: '9', payload: { kind: 'ig_mention', mediaId: caption.id } },
            { seq: '10', payload: { kind: 'ig_mention', mediaId: gone.id } },
            { seq: '11', payload: { kind: 'unknown' } },
            { seq: '12', payload: { kind: 'ig_mention', mediaId: caption.id, commentId: comment.id } },
            // The same media again (a re-delivery after pruning): one mention in the batch.
            { seq: '13', payload: { kind: 'ig_mention', mediaId: caption.id } },
          ],
        },
      },
    );
    const result = await adapter.collect(req);
    expect(result.items.map((m) => [m.externalId, m.content])).toEqual([
      [caption.id, 'Ciao @velamobile'],
      [`comment:${comment.id}`, '@velamobile risposta?'],
    ]);
    expect(result.items[1].url).toBe(result.items[0].url);
    expect((result.nextCursor as InstagramCursor).pushedThrough).toBe('13');
    expect(result.incomplete).toBeUndefined();
  });

  it('keeps what the run has and leaves the references pending when Meta throttles them', async () => {
    const account = '17841405309288888';
    const tagged = fake.addTagged(account, { timestamp: new Date(Date.now() - 60_000), caption: 'Taggata' });
    const mentioned = fake.addMentionedMedia(account, { timestamp: new Date(Date.now() - 60_000), caption: 'Menzionata' });
    fake.throttle({ code: 80002, regainMinutes: 20, path: new RegExp(`^/v\\d+\\.\\d+/${account}$`) });
    const result = await adapter.collect(
      collectRequest(
        { type: 'instagram', url: fake.baseUrl, settings: { igUserId: account } },
        { credentials: { accessToken: 'fake-page-token' }, cursor: { pushedThrough: '4' }, pushed: { items: [{ seq: '5', payload: { kind: 'ig_mention', mediaId: mentioned.id } }] } },
      ),
    );
    expect(result.items.map((m) => m.externalId)).toEqual([tagged.id]);
    expect((result.nextCursor as InstagramCursor).pushedThrough).toBe('4');
    expect(result.incomplete?.resumeAt?.getTime()).toBeGreaterThan(Date.now() + 15 * 60_000);
  });

  it('keeps the mark where it was when nothing is pending, and fails (mark untouched) on a dead token', async () => {
    const base = { type: 'instagram' as const, url: fake.baseUrl, settings: { igUserId, includeTags: false } };
    const idle = await adapter.collect(collectRequest(base, { credentials: { accessToken: 'fake-page-token', webhookVerifyToken: 'v' }, cursor: { pushedThrough: '9007199254740993' }, pushed: { items: [] } }));
    expect((idle.nextCursor as InstagramCursor).pushedThrough).toBe('9007199254740993');
    await expect(
      adapter.collect(collectRequest(base, { credentials: { accessToken: 'dead-token', webhookVerifyToken: 'v' }, pushed: { items: [{ seq: '1', payload: { kind: 'ig_mention', mediaId: '1' } }] } })),
    ).rejects.toThrow(/access token is expired/);
  });
});
