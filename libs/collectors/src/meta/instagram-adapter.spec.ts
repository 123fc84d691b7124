import { collectRequest } from '../../../testing/src/collectors';
import { FakeMetaGraphServer } from '../../../testing/src/fakes/meta/fake-meta-graph-server';
import { SourceConfigError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult } from '../source-adapter';
import { InstagramAdapter, type InstagramCursor, mapInstagramMedia, normaliseHashtag, parseInstagramCursor } from './instagram-adapter';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('Instagram mappers', () => {
  const now = new Date('2026-11-20T12:00:00.000Z');
  const ctx = { sourceId: 'src-ig', now };

  it('maps tagged media with username, +0000 time, likes and comments', () => {
    expect(
      mapInstagramMedia(
        {
          id: '17895695668004550',
          caption: 'Nuovo look #velamobile <3 &amp; @velamobile',
          media_type: 'IMAGE',
          media_url: 'https://scontent.cdninstagram.com/x.jpg',
          permalink: 'https://www.instagram.com/p/Cexample/',
          timestamp: '2026-02-10T08:40:11+0000',
          username: 'giulia.rossi',
          like_count: 120,
          comments_count: 4,
        },
        ctx,
      ),
    ).toEqual({
      id: mentionId('instagram', 'instagram.com', '17895695668004550'),
      sourceType: 'instagram',
      sourceId: 'src-ig',
      sourceKey: 'instagram.com',
      externalId: '17895695668004550',
      url: 'https://www.instagram.com/p/Cexample/',
      title: null,
      content: 'Nuovo look #velamobile <3 &amp; @velamobile',
      author: { name: 'giulia.rossi', handle: 'giulia.rossi', url: 'https://www.instagram.com/giulia.rossi/' },
      publishedAt: '2026-02-10T08:40:11.000Z',
      collectedAt: now.toISOString(),
      engagement: { likes: 120, replies: 4 },
      inReplyTo: null,
      sourceLanguage: null,
    });
  });

  it('maps hashtag media: no username, carousel without media_url, hidden likes absent rather than zero', () => {
    const mention = mapInstagramMedia(
      {
        id: '17900000000000001',
        media_type: 'CAROUSEL_ALBUM',
        permalink: 'javascript:alert(1)',
        timestamp: 'garbage',
        comments_count: 0,
        children: { data: [{ id: '1', media_type: 'IMAGE' }] },
      },
      ctx,
    );
    expect(mention.author).toEqual({ name: 'Instagram user', handle: null, url: null });
    expect(mention.content).toBe('');
    expect(mention.url).toBeNull();
    expect(mention.publishedAt).toBe(now.toISOString());
    expect(mention.engagement).toEqual({ replies: 0 });
  });

  it('normalises hashtags and refuses what Instagram cannot search', () => {
    expect(normaliseHashtag('#VelaMobile')).toBe('velamobile');
    expect(normaliseHashtag('caffè_italiano')).toBe('caffè_italiano');
    expect(normaliseHashtag('due parole')).toBeNull();
    expect(normaliseHashtag('🔥')).toBeNull();
  });

  it('treats a malformed cursor as a fresh start and drops bad entries', () => {
    expect(parseInstagramCursor('x')).toEqual({ v: 1, hashtags: {}, tags: { newest: null, seen: [], resume: null } });
    const parsed = parseInstagramCursor({ hashtags: { ok: { id: '178', seen: [['1', 2]] }, bad: { id: 'x' }, 'no way': { id: '1' } }, tags: { newest: 'nope' } });
    expect(Object.keys(parsed.hashtags)).toEqual(['ok']);
    expect(parsed.tags.newest).toBeNull();
  });
});

describe(InstagramAdapter.name, () => {
  const fake = new FakeMetaGraphServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  let url: string;
  let n = 0;
  let igUserId: string;
  const adapter = () => new InstagramAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 200 } });
  const collect = (cursor: unknown, settings: Record<string, unknown>) =>
    adapter().collect(
      collectRequest(
        { type: 'instagram', url, settings: { igUserId, pageSize: 3, maxPagesPerRun: 10, ...settings } as never },
        { cursor, now: new Date(), credentials: { accessToken: 'fake-page-token' } },
      ),
    );
  const ids = (result: CollectResult) => result.items.map((i) => i.externalId).sort();

  beforeAll(async () => {
    url = await fake.start();
  });
  beforeEach(() => {
    igUserId = `1784140530${String(++n).padStart(7, '0')}`;
    fake.addIgUser(igUserId);
  });
  afterAll(async () => {
    await fake.stop();
    await http.close();
  });

  it('searches a hashtag once, caches its id, and stops on the constant after cursor of recent_media', async () => {
    const tag = `velatest${n}`;
    const media = Array.from({ length: 5 }, (_, i) => fake.addHashtagMedia(tag, { timestamp: minutesAgo(10 + i) }));
    fake.addHashtagMedia(tag, { timestamp: minutesAgo(60 * 30) }); // older than 24 h: recent_media never shows it
    const first = await collect(null, { hashtags: [`#${tag}`], includeTags: false });
    expect(ids(first)).toEqual(media.map((m) => m.id).sort());
    expect(first.items.every((i) => i.author.handle === null)).toBe(true);
    // Found by a hashtag: nothing says it is written to the brand.
    expect(first.items.every((i) => i.brandChannel === undefined)).toBe(true);
    const hashtagId = (first.nextCursor as InstagramCursor).hashtags[tag].id;
    expect(hashtagId).toMatch(/^\d+$/);
    const pages = fake.requestsTo(new RegExp(`/${hashtagId}/recent_media$`));
    expect(pages).toHaveLength(2); // the second page repeats the same after: the loop is seen and ends
    expect(pages[0].query.has('after')).toBe(false);
    expect(pages[1].query.get('after')).toBeTruthy();

    const searches = fake.requestsTo(/ig_hashtag_search$/).length;
    const fresh = fake.addHashtagMedia(tag, { timestamp: minutesAgo(1) });
    const second = await collect(first.nextCursor, { hashtags: [tag], includeTags: false });
    expect(ids(second)).toEqual([fresh.id]);
    expect(fake.requestsTo(/ig_hashtag_search$/).length).toBe(searches);
  });

  it('keeps a hashtag id found by a run whose bound ran out right after the search', async () => {
    const tag = `boundtest${n}`;
    const media = fake.addHashtagMedia(tag, { timestamp: minutesAgo(3) });
    const first = await collect(null, { hashtags: [tag], includeTags: false, maxPagesPerRun: 1 });
    expect(first.items).toEqual([]);
    expect(first.incomplete).toBeDefined();
    expect((first.nextCursor as InstagramCursor).hashtags[tag].id).toMatch(/^\d+$/);
    const searches = fake.requestsTo(/ig_hashtag_search$/).length;
    const second = await collect(first.nextCursor, { hashtags: [tag], includeTags: false, maxPagesPerRun: 1 });
    expect(ids(second)).toEqual([media.id]);
    expect(fake.requestsTo(/ig_hashtag_search$/).length).toBe(searches);
  });

  it('reads top_media until a last page without paging', async () => {
    const tag = `toptest${n}`;
    for (let i = 0; i < 7; i++) fake.addHashtagMedia(tag, { timestamp: minutesAgo(i), like_count: 100 - i, media_type: i % 2 ? 'CAROUSEL_ALBUM' : 'VIDEO' });
    fake.addHashtagMedia(tag, { timestamp: minutesAgo(60 * 24 * 30), like_count: 1_000, caption: 'Vecchio ma popolare' });
    const result = await collect(null, { hashtags: [tag], hashtagEdge: 'top_media', includeTags: false });
    expect(result.items).toHaveLength(8);
    // A month-old post that stays on top is remembered, not delivered again.
    expect((await collect(result.nextCursor, { hashtags: [tag], hashtagEdge: 'top_media', includeTags: false })).items).toEqual([]);
  });

  it('walks tagged media newest first down to its watermark, with ties and no repeats', async () => {
    const at = minutesAgo(30);
    const tagged = Array.from({ length: 5 }, () => fake.addTagged(igUserId, { timestamp: at, username: 'cliente.felice' }));
    const first = await collect(null, { hashtags: [] });
    expect(ids(first)).toEqual(tagged.map((m) => m.id).sort());
    expect(first.items[0].author.url).toBe('https://www.instagram.com/cliente.felice/');
    expect(first.items.every((i) => i.brandChannel === 'account_mention')).toBe(true);
    const tie = fake.addTagged(igUserId, { timestamp: at });
    const second = await collect(first.nextCursor, { hashtags: [] });
    expect(ids(second)).toEqual([tie.id]);
    expect((await collect(second.nextCursor, { hashtags: [] })).items).toEqual([]);
  });

  it('resumes a tagged-media walk cut short by the page bound', async () => {
    const tagged = Array.from({ length: 8 }, (_, i) => fake.addTagged(igUserId, { timestamp: minutesAgo(100 - i) }));
    const seen: string[] = [];
    let cursor: unknown = null;
    for (let run = 0; run < 6; run++) {
      const result = await collect(cursor, { hashtags: [], maxPagesPerRun: 1 });
      seen.push(...result.items.map((i) => i.externalId));
      cursor = result.nextCursor;
      if (!result.incomplete) break;
    }
    expect(seen.sort()).toEqual(tagged.map((m) => m.id).sort());
  });

  it('refuses unknown and unsearchable hashtags clearly', async () => {
    await expect(collect(null, { hashtags: ['nessunoluso'] })).rejects.toThrow(/no hashtag #nessunoluso/);
    await expect(collect(null, { hashtags: ['🔥'] })).rejects.toBeInstanceOf(SourceConfigError);
    await expect(collect(null, { hashtags: [], includeTags: false })).rejects.toBeInstanceOf(SourceConfigError);
    await expect(collect(null, { igUserId: 'me', hashtags: ['x'] })).rejects.toBeInstanceOf(SourceConfigError);
  });

  it('maps the 30-hashtags-per-week error to a configuration error', async () => {
    fake.searchedHashtags.set(igUserId, new Set(Array.from({ length: 30 }, (_, i) => `altro${i}`)));
    fake.addHashtag(`nuovo${n}`);
    await expect(collect(null, { hashtags: [`nuovo${n}`], includeTags: false })).rejects.toThrow(/code 24/);
  });

  it('tests the connection on the tags edge, without spending a hashtag search', async () => {
    fake.addTagged(igUserId, { timestamp: minutesAgo(5), caption: 'Grazie @velamobile' });
    const req = collectRequest({ type: 'instagram', url, settings: { igUserId, hashtags: ['x'] } }, { credentials: { accessToken: 'fake-page-token' } });
    const before = fake.requestsTo(/ig_hashtag_search$/).length;
    const result = await adapter().testConnection(req);
    expect(result).toMatchObject({ ok: true, sample: [{ text: 'Grazie @velamobile' }] });
    expect(fake.requestsTo(/ig_hashtag_search$/).length).toBe(before);
  });
});
