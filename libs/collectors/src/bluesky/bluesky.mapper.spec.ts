import { mentionId } from '../mention-id';
import { blueskyContentHtml, blueskyPermalink, blueskyPostToMention, parseBlueskyDate, sortAtOf } from './bluesky.mapper';
import type { BskyPostView } from './bluesky.types';

const ctx = { sourceId: 'src-1', collectedAt: new Date('2026-02-10T10:00:00.000Z') };
const URI = 'at://did:plc:abc123xyz/app.bsky.feed.post/3lk7q2example';

function bytesOf(text: string, part: string): { byteStart: number; byteEnd: number } {
  const start = Buffer.from(text.slice(0, text.indexOf(part)), 'utf8').length;
  return { byteStart: start, byteEnd: start + Buffer.from(part, 'utf8').length };
}

describe('parseBlueskyDate', () => {
  it.each([
    ['2026-02-10T09:14:59.000Z', '2026-02-10T09:14:59.000Z'],
    ['2026-02-10T09:14:59.123456+00:00', '2026-02-10T09:14:59.123Z'],
    ['2026-02-10T04:14:59-05:00', '2026-02-10T09:14:59.000Z'],
    ['2026-02-10T09:14:59Z', '2026-02-10T09:14:59.000Z'],
    ['2026-02-10T11:14:59.5+0200', '2026-02-10T09:14:59.500Z'],
    ['2026-02-10T09:14:59', '2026-02-10T09:14:59.000Z'],
    ['2026-02-10', '2026-02-10T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(new Date(parseBlueskyDate(input)!).toISOString()).toBe(expected);
  });

  it.each([[''], ['yesterday'], [null], [42], ['2026-13-40T99:00:00Z']])('gives null for %p', (input) => {
    expect(parseBlueskyDate(input)).toBeNull();
  });
});

describe('blueskyContentHtml', () => {
  it('places links, mentions and tags by UTF-8 byte offsets after accents and emoji', () => {
    const text = 'Perché 😡 @acme.it non risponde? example.com/assi… #acmeapp';
    const html = blueskyContentHtml(text, [
      { index: bytesOf(text, '@acme.it'), features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:acmebrand' }] },
      { index: bytesOf(text, 'example.com/assi…'), features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/assistenza/ticket?id=1&x=2' }] },
      { index: bytesOf(text, '#acmeapp'), features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'acmeapp' }] },
    ]);
    expect(html).toBe(
      'Perché 😡 <a href="https://bsky.app/profile/did%3Aplc%3Aacmebrand">@acme.it</a> non risponde? ' +
        '<a href="https://example.com/assistenza/ticket?id=1&amp;x=2">example.com/assi…</a> <a href="https://bsky.app/hashtag/acmeapp">#acmeapp</a>',
    );
  });

  it('escapes markup typed in a post and ignores facets that are out of range, overlapping, mid-character or unsafe', () => {
    const text = '<b>ciao</b> & è';
    const html = blueskyContentHtml(text, [
      { index: { byteStart: 0, byteEnd: 999 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://x.example' }] },
      { index: { byteStart: 15, byteEnd: 16 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://x.example' }] }, // inside "è"
      { index: { byteStart: 0, byteEnd: 3 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'javascript:alert(1)' }] },
      { index: { byteStart: 3, byteEnd: 7 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'ciao' }] },
      { index: { byteStart: 4, byteEnd: 8 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'overlap' }] },
      { features: [] },
      // Hostile shapes: never a crash.
      null as never,
      { index: { byteStart: 0, byteEnd: 3 }, features: 7 as never },
      { index: { byteStart: 0, byteEnd: 3 }, features: [null as never, { $type: 42 as never }] },
    ]);
    expect(html).toBe('&lt;b&gt;<a href="https://bsky.app/hashtag/ciao">ciao</a>&lt;/b&gt; &amp; è');
  });
});

describe('blueskyPostToMention', () => {
  const full: BskyPostView = {
    uri: URI,
    cid: 'bafyreiexamplecid',
    author: { did: 'did:plc:abc123xyz', handle: 'marco.bsky.social', displayName: ' Marco ', createdAt: '2024-11-02T10:00:00.000Z' },
    record: {
      $type: 'app.bsky.feed.post',
      text: '@acme.it the app crashes at checkout #acmeapp',
      createdAt: '2026-02-10T09:14:59.123456+00:00',
      langs: ['en'],
      facets: [{ index: { byteStart: 0, byteEnd: 8 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:acmebrand' }] }],
      reply: { root: { uri: 'at://did:plc:acmebrand/app.bsky.feed.post/3lk0root', cid: 'a' }, parent: { uri: 'at://did:plc:acmebrand/app.bsky.feed.post/3lk0parent', cid: 'b' } },
    },
    replyCount: 2,
    repostCount: 1,
    likeCount: 3,
    quoteCount: 4,
    indexedAt: '2026-02-10T09:15:01.210Z',
    labels: [],
  };

  it('maps every field of a full post view', () => {
    const m = blueskyPostToMention(full, { ...ctx, followers: new Map([['did:plc:abc123xyz', 1234]]) })!;
    expect(m).toEqual({
      id: mentionId('bluesky', 'bsky.app', URI),
      sourceType: 'bluesky',
      sourceId: 'src-1',
      sourceKey: 'bsky.app',
      externalId: URI,
      url: 'https://bsky.app/profile/marco.bsky.social/post/3lk7q2example',
      title: null,
      content: '<a href="https://bsky.app/profile/did%3Aplc%3Aacmebrand">@acme.it</a> the app crashes at checkout #acmeapp',
      author: { name: 'Marco', handle: 'marco.bsky.social', url: 'https://bsky.app/profile/marco.bsky.social', followers: 1234 },
      publishedAt: '2026-02-10T09:14:59.123Z',
      collectedAt: '2026-02-10T10:00:00.000Z',
      editedAt: null,
      engagement: { replies: 2, reposts: 5, likes: 3 },
      inReplyTo: 'at://did:plc:acmebrand/app.bsky.feed.post/3lk0parent',
      sourceLanguage: 'en',
    });
  });

  it('copes with the 2024 shape: no quoteCount, langs, displayName or facets; handle.invalid', () => {
    const m = blueskyPostToMention(
      {
        uri: URI,
        author: { did: 'did:plc:abc123xyz', handle: 'handle.invalid' },
        record: { text: 'ciao', createdAt: '2026-02-10T04:14:59-05:00' },
        likeCount: 0,
        indexedAt: '2026-02-10T09:15:00Z',
      },
      ctx,
    )!;
    expect(m.url).toBe('https://bsky.app/profile/did%3Aplc%3Aabc123xyz/post/3lk7q2example');
    expect(m.author).toEqual({ name: 'did:plc:abc123xyz', handle: null, url: 'https://bsky.app/profile/did%3Aplc%3Aabc123xyz', followers: null });
    expect(m.engagement).toEqual({ likes: 0 });
    expect(m.sourceLanguage).toBeNull();
    expect(m.inReplyTo).toBeNull();
    expect(m.publishedAt).toBe('2026-02-10T09:14:59.000Z');
  });

  it('publishes at indexedAt when the client clock wrote a future createdAt, and at collection time when both are missing', () => {
    const future = blueskyPostToMention({ ...full, record: { ...full.record, createdAt: '2031-01-01T00:00:00Z' } }, ctx)!;
    expect(future.publishedAt).toBe('2026-02-10T09:15:01.210Z');
    const none = blueskyPostToMention({ uri: URI, record: {} }, ctx)!;
    expect(none.publishedAt).toBe(ctx.collectedAt.toISOString());
    expect(none.content).toBe('');
    expect(none.engagement).toBeUndefined();
  });

  it('refuses a post without a usable at:// post uri', () => {
    expect(blueskyPostToMention({ ...full, uri: 'https://bsky.app/x' }, ctx)).toBeNull();
    expect(blueskyPostToMention({ ...full, uri: undefined }, ctx)).toBeNull();
  });

  it('sorts by the earlier of createdAt and indexedAt', () => {
    expect(new Date(sortAtOf(full)!).toISOString()).toBe('2026-02-10T09:14:59.123Z');
    expect(new Date(sortAtOf({ ...full, record: { createdAt: 'garbage' } })!).toISOString()).toBe('2026-02-10T09:15:01.210Z');
    expect(blueskyPermalink({ uri: 'at://did:plc:x/app.bsky.feed.like/1' })).toBeNull();
  });
});
