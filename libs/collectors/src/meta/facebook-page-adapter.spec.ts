import type { RawMention } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { FakeMetaGraphServer } from '../../../testing/src/fakes/meta/fake-meta-graph-server';
import { SourceConfigError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult } from '../source-adapter';
import {
  commentKey,
  FacebookPageAdapter,
  type FacebookCursor,
  type FbComment,
  mapFacebookComment,
  mapFacebookPost,
  parseFacebookCursor,
} from './facebook-page-adapter';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const ctx = { sourceId: 'src-fb', pageId: '104000000000001', now: NOW };
const POST = { id: '104000000000001_900', permalink_url: 'https://www.facebook.com/104000000000001/posts/900' };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('Facebook mappers', () => {
  it('maps every comment field: author, +0000 time, permalink, likes, replies, parent', () => {
    const comment: FbComment = {
      id: '900_1201',
      message: 'Il router non si connette &amp; <b>nessuno</b> risponde',
      created_time: '2026-11-20T10:15:30+0000',
      from: { id: '7000123', name: 'Giulia Rossi' },
      parent: { id: '900_1200' },
      like_count: 3,
      comment_count: 2,
      permalink_url: 'https://www.facebook.com/104000000000001/posts/900?comment_id=1201',
    };
    expect(mapFacebookComment(comment, POST, ctx)).toEqual<RawMention>({
      id: mentionId('facebook', '104000000000001', '900_1201'),
      sourceType: 'facebook',
      sourceId: 'src-fb',
      sourceKey: '104000000000001',
      externalId: '900_1201',
      url: 'https://www.facebook.com/104000000000001/posts/900?comment_id=1201',
      title: null,
      // Meta's message is plain text: kept exactly as sent, the pipeline makes the text.
      content: 'Il router non si connette &amp; <b>nessuno</b> risponde',
      author: { name: 'Giulia Rossi', handle: '7000123', url: null },
      publishedAt: '2026-11-20T10:15:30.000Z',
      collectedAt: NOW.toISOString(),
      engagement: { likes: 3, replies: 2 },
      inReplyTo: '900_1200',
      sourceLanguage: null,
      // Written under the brand's own post: the classifier keeps it even without known words.
      brandChannel: 'own_page',
    });
  });

  it("marks comments as written to the brand, except the Page's own answers", () => {
    const base: FbComment = { id: '900_1300', message: 'Scriveteci in privato', created_time: '2026-11-20T10:15:30+0000' };
    expect(mapFacebookComment({ ...base, from: { id: ctx.pageId, name: 'Vela Mobile' } }, POST, ctx).brandChannel).toBeUndefined();
    expect(mapFacebookComment({ ...base, from: { id: '7000123', name: 'Giulia' } }, POST, ctx).brandChannel).toBe('own_page');
    // Without the moderator task Meta hides `from`: comments are nearly all visitors'.
    expect(mapFacebookComment(base, POST, ctx).brandChannel).toBe('own_page');
  });

  it('copes with what a token without the moderator task gets: no id, no from, no permalink', () => {
    const bare: FbComment = { message: 'Servizio pessimo', created_time: '2026-11-20T10:15:30+0000', like_count: 0 };
    const mention = mapFacebookComment(bare, POST, ctx);
    expect(mention.externalId).toMatch(/^h:[0-9a-f]{40}$/);
    expect(mention.externalId).toBe(commentKey({ ...bare }, POST.id));
    expect(commentKey({ ...bare, message: 'Servizio ottimo' }, POST.id)).not.toBe(mention.externalId);
    expect(commentKey(bare, '104000000000001_901')).not.toBe(mention.externalId);
    expect(mention.author).toEqual({ name: 'Facebook user', handle: null, url: null });
    expect(mention.url).toBe(POST.permalink_url);
    expect(mention.inReplyTo).toBe(POST.id);
    expect(mention.engagement).toEqual({ likes: 0 });
  });

  it('keeps nulls, empty strings and hostile links harmless', () => {
    const mention = mapFacebookComment(
      { id: '', message: undefined, created_time: 'not a date', from: { name: '  ' }, permalink_url: 'javascript:alert(1)' },
      { id: POST.id },
      ctx,
    );
    expect(mention.content).toBe('');
    expect(mention.externalId).toMatch(/^h:/);
    expect(mention.publishedAt).toBe(NOW.toISOString());
    expect(mention.url).toBeNull();
    expect(mention.author.name).toBe('Facebook user');
    expect(mention.engagement).toBeUndefined();
  });

  it('maps a post with summary objects for reactions and comments and shares.count', () => {
    const mention = mapFacebookPost(
      {
        id: '104000000000001_900',
        story: 'Marco ha scritto sul diario di Vela Mobile',
        created_time: '2026-11-19T08:00:00+0000',
        from: { id: '7000999', name: 'Marco' },
        permalink_url: POST.permalink_url,
        comments: { summary: { total_count: 12 } },
        reactions: { summary: { total_count: 40 } },
        shares: { count: 5 },
      },
      ctx,
      true,
    );
    expect(mention).toMatchObject({
      externalId: '104000000000001_900',
      content: 'Marco ha scritto sul diario di Vela Mobile',
      author: { name: 'Marco', handle: '7000999' },
      engagement: { likes: 40, replies: 12, reposts: 5 },
      publishedAt: '2026-11-19T08:00:00.000Z',
      inReplyTo: null,
      brandChannel: 'own_page',
    });
    // The Page's own post is the brand talking, not a post written to it.
    expect(mapFacebookPost({ id: '104000000000001_901', message: 'Nuova offerta!' }, ctx, false).brandChannel).toBeUndefined();
  });

  it('treats a malformed cursor as a fresh start', () => {
    for (const junk of [null, 'x', [], { posts: 'x' }, { posts: [] }]) expect(parseFacebookCursor(junk)).toEqual({ v: 1, posts: {} });
    const parsed = parseFacebookCursor({ pageNumericId: 'abc', posts: { a: { seen: [['k', 1], 'bad'], resume: { next: 5 } } } });
    expect(parsed.pageNumericId).toBeUndefined();
    expect(parsed.posts.a.seen).toEqual([['k', 1]]);
    expect(parsed.posts.a.resume).toBeNull();
  });
});

describe(FacebookPageAdapter.name, () => {
  const fake = new FakeMetaGraphServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  let url: string;
  let n = 0;
  let pageId: string;

  const adapter = () => new FacebookPageAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 200 } });
  const collect = (a: FacebookPageAdapter, cursor: unknown, settings: Record<string, unknown> = {}) =>
    a.collect(
      collectRequest(
        { type: 'facebook', url, settings: { pageId, edge: 'feed', maxPagesPerRun: 20, pageSize: 3, ...settings } as never },
        { cursor, now: NOW, credentials: { accessToken: 'fake-page-token' } },
      ),
    );
  const externalIds = (result: CollectResult) => result.items.map((i) => i.externalId).sort();

  beforeAll(async () => {
    url = await fake.start();
  });
  beforeEach(() => {
    pageId = `10400000000${String(++n).padStart(4, '0')}`;
    fake.addPage({ id: pageId, name: 'Vela Mobile', username: `vela${n}` });
    fake.usagePercent = 3;
  });
  afterAll(async () => {
    await fake.stop();
    await http.close();
  });

  it('walks posts and their comments over several pages, then takes only what is new', async () => {
    const a = adapter();
    const own = fake.addPost(pageId, { created_time: minutesAgo(300), message: 'Nuova offerta' });
    const visitor = fake.addPost(pageId, { created_time: minutesAgo(200), message: 'Da ieri niente internet', from: { id: '7000555', name: 'Luca' } });
    const comments = Array.from({ length: 7 }, (_, i) => fake.addComment(own.id, { created_time: minutesAgo(100 - i), message: `commento ${i}` }));
    const reply = fake.addComment(own.id, { created_time: minutesAgo(50), message: 'risposta', parentId: comments[0].id });

    const first = await collect(a, null);
    expect(externalIds(first)).toEqual([...comments.map((c) => c.id), reply.id, visitor.id].sort());
    expect(first.items.find((i) => i.externalId === reply.id)!.inReplyTo).toBe(comments[0].id);
    expect(first.items.find((i) => i.externalId === visitor.id)!.author.name).toBe('Luca');
    expect(first.items.every((i) => i.brandChannel === 'own_page')).toBe(true);
    expect(first.incomplete).toBeUndefined();
    expect(fake.requestsTo(new RegExp(`${own.id}/comments$`)).at(-1)!.query.get('filter')).toBe('stream');

    const again = await collect(a, first.nextCursor);
    expect(again.items).toEqual([]);

    // Two comments in the same second, one of them at the cursor's own second.
    const tieAt = new Date(minutesAgo(10).getTime());
    const t1 = fake.addComment(own.id, { created_time: tieAt, message: 'uno' });
    const t2 = fake.addComment(own.id, { created_time: tieAt, message: 'due' });
    const third = await collect(a, again.nextCursor);
    expect(externalIds(third)).toEqual([t1.id, t2.id].sort());
    const t3 = fake.addComment(own.id, { created_time: tieAt, message: 'tre' });
    expect(externalIds(await collect(a, third.nextCursor))).toEqual([t3.id]);
  });

  it('re-checks an unchanged-looking post after an hour, so a reply that moved nothing is not missed', async () => {
    const a = adapter();
    const post = fake.addPost(pageId, { created_time: minutesAgo(300) });
    const top = fake.addComment(post.id, { created_time: minutesAgo(100), message: 'domanda' });
    const first = await collect(a, null);
    expect(externalIds(first)).toEqual([top.id]);
    const updated = post.updated_time;
    const reply = fake.addComment(post.id, { created_time: minutesAgo(30), message: 'risposta', parentId: top.id });
    post.updated_time = updated; // as if the reply had not moved the post
    expect((await collect(a, first.nextCursor)).items).toEqual([]);
    const later = await a.collect(
      collectRequest(
        { type: 'facebook', url, settings: { pageId, pageSize: 3 } },
        { cursor: first.nextCursor, now: new Date(NOW.getTime() + 61 * 60_000), credentials: { accessToken: 'fake-page-token' } },
      ),
    );
    expect(externalIds(later)).toEqual([reply.id]);
  });

  it('indexes the Page\'s own posts only when asked', async () => {
    const own = fake.addPost(pageId, { created_time: minutesAgo(30) });
    expect((await collect(adapter(), null)).items).toEqual([]);
    const withOwn = await collect(adapter(), null, { includePagePosts: true });
    expect(externalIds(withOwn)).toEqual([own.id]);
    expect(withOwn.items[0].brandChannel).toBeUndefined();
  });

  it('pages /posts by time (no cursors object) and stops on an empty page without next', async () => {
    for (let i = 0; i < 6; i++) {
      const post = fake.addPost(pageId, { created_time: minutesAgo(60 * (i + 1)) });
      fake.addComment(post.id, { created_time: minutesAgo(5 + i), message: `su post ${i}` });
    }
    const result = await collect(adapter(), null, { edge: 'posts' });
    expect(result.items).toHaveLength(6);
    const listing = fake.requestsTo(new RegExp(`/${pageId}/posts$`));
    expect(listing).toHaveLength(3); // 3 + 3 + an empty page: a full page always has a next
    expect(listing[1].query.get('until')).toBeTruthy();
    expect(listing[1].query.get('__paging_token')).toBeTruthy();
    expect(listing[1].query.has('access_token')).toBe(false);
  });

  it('never loses or repeats comments without ids (derived keys), run after run', async () => {
    fake.pages.get(pageId)!.withoutModeratorAccess = true;
    const post = fake.addPost(pageId, { created_time: minutesAgo(100) });
    for (let i = 0; i < 4; i++) fake.addComment(post.id, { created_time: minutesAgo(20 - i), message: `anonimo ${i}` });
    const first = await collect(adapter(), null);
    expect(first.items).toHaveLength(4);
    expect(first.items.every((i) => i.externalId.startsWith('h:') && i.author.name === 'Facebook user')).toBe(true);
    expect((await collect(adapter(), first.nextCursor)).items).toEqual([]);
  });

  it('resumes a comment walk cut short by the page bound without a gap or a repeat', async () => {
    const post = fake.addPost(pageId, { created_time: minutesAgo(500) });
    const all = Array.from({ length: 10 }, (_, i) => fake.addComment(post.id, { created_time: minutesAgo(300 - i), message: `c${i}` }));
    const seen = new Set<string>();
    let cursor: unknown = null;
    let runs = 0;
    for (; runs < 10; runs++) {
      const result = await collect(adapter(), cursor, { maxPagesPerRun: 2 });
      for (const item of result.items) {
        expect(seen.has(item.externalId)).toBe(false);
        seen.add(item.externalId);
      }
      cursor = result.nextCursor;
      if (runs === 0) {
        expect(result.incomplete).toBeDefined();
        // A comment written while the walk is unfinished is not lost either.
        all.push(fake.addComment(post.id, { created_time: minutesAgo(1), message: 'nuovo' }));
      }
      if (!result.incomplete) break;
    }
    expect(runs).toBeGreaterThan(1);
    const last = await collect(adapter(), cursor, { maxPagesPerRun: 2 });
    for (const item of last.items) seen.add(item.externalId);
    expect([...seen].sort()).toEqual(all.map((c) => c.id).sort());
    expect((cursor as FacebookCursor).posts[post.id].resume).toBeNull();
  });

  it('resolves a Page username once and keys mentions on the Page number', async () => {
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'ciao' });
    const first = await collect(adapter(), null, { pageId: `vela${n}` });
    expect((first.nextCursor as FacebookCursor).pageNumericId).toBe(pageId);
    expect(first.items[0].sourceKey).toBe(pageId);
    const before = fake.requests.length;
    await collect(adapter(), first.nextCursor, { pageId: `vela${n}` });
    expect(fake.requests.slice(before).some((r) => r.path.endsWith(`/vela${n}`))).toBe(false);
  });

  it('skips a post deleted between listing and walking, and refuses a bad Page id', async () => {
    const gone = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(gone.id, { created_time: minutesAgo(5), message: 'x' });
    fake.fault({ path: new RegExp(`${gone.id}/comments$`), response: { status: 400, body: { error: { message: "Unsupported get request. Object with ID 'x' does not exist", type: 'GraphMethodException', code: 100, error_subcode: 33 } } } });
    const result = await collect(adapter(), null);
    expect(result.items).toEqual([]);
    expect((result.nextCursor as FacebookCursor).posts[gone.id]).toBeUndefined();
    await expect(collect(adapter(), null, { pageId: '../me' })).rejects.toBeInstanceOf(SourceConfigError);
  });

  it('stops early with a resume time when Meta reports usage near the limit', async () => {
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'x' });
    fake.usagePercent = 97;
    const result = await collect(adapter(), null);
    expect(result.incomplete?.reason).toMatch(/usage at 97%/);
    expect(result.incomplete?.resumeAt).toBeInstanceOf(Date);
    expect(result.items).toEqual([]);
    fake.usagePercent = 3;
    expect((await collect(adapter(), result.nextCursor)).items).toHaveLength(1);
  });

  it('tests the connection with one request and never throws', async () => {
    fake.addPost(pageId, { created_time: minutesAgo(60), message: 'Offerta' });
    const req = collectRequest({ type: 'facebook', url, settings: { pageId } }, { now: NOW, credentials: { accessToken: 'fake-page-token' } });
    const ok = await adapter().testConnection(req);
    expect(ok).toMatchObject({ ok: true, sample: [{ text: 'Offerta' }] });
    expect(req.stats.requests).toBe(1);
    const bad = await adapter().testConnection({ ...req, credentials: { accessToken: 'wrong' } });
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/190/);
  });
});
