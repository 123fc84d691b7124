import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { FakeHackerNewsServer } from '../../../testing/src/fakes/hackernews/fake-hackernews-server';
import { SourceConfigError, SourcePayloadError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult } from '../source-adapter';
import { HN_OVERLAP_SECONDS, HackerNewsAdapter } from './hackernews-adapter';
import { parseHnCursor, type HnCursor } from './hackernews-cursor';
import { HN_SOURCE_KEY, hitToMention, plainTitle, unescapeBackslashes } from './hackernews-mapper';

const NOW = new Date('2026-02-10T10:00:00.000Z');
const T0 = Math.floor(NOW.getTime() / 1000) - 3_600;
const word = (value: string): TopicQueryNode => ({ kind: 'word', value, prefix: false });

describe('hitToMention (Algolia HN hits)', () => {
  const collectedAt = NOW.toISOString();

  it('maps a modern comment hit, keys with null values left out', () => {
    const mention = hitToMention(
      {
        objectID: '43012345',
        created_at: '2026-02-10T09:12:44Z',
        created_at_i: 1770714764,
        updated_at: '2026-02-10T09:13:10Z',
        author: 'throwaway_dev',
        comment_text: '<p>We moved off Acme&#x27;s API after the outage &ndash; support never replied.<p>Never again.',
        story_id: 43010000,
        story_title: 'Acme raises prices again',
        story_url: 'https://news.example.com/acme',
        parent_id: 43011111,
        _tags: ['comment', 'author_throwaway_dev', 'story_43010000'],
      },
      'src-1',
      collectedAt,
    );
    expect(mention).toEqual({
      id: mentionId('hackernews', HN_SOURCE_KEY, '43012345'),
      sourceType: 'hackernews',
      sourceId: 'src-1',
      sourceKey: 'news.ycombinator.com',
      externalId: '43012345',
      url: 'https://news.ycombinator.com/item?id=43012345',
      title: null,
      content: '<p>We moved off Acme&#x27;s API after the outage &ndash; support never replied.<p>Never again.',
      author: { name: 'throwaway_dev', handle: 'throwaway_dev', url: 'https://news.ycombinator.com/user?id=throwaway_dev', followers: null },
      publishedAt: '2026-02-10T09:12:44.000Z',
      collectedAt,
      editedAt: null,
      inReplyTo: '43011111',
      sourceLanguage: null,
    });
  });

  it('maps a story with points, comments, an entity title and story text', () => {
    const mention = hitToMention(
      {
        objectID: '43010000',
        created_at_i: 1770714000,
        author: 'pg_fan',
        title: 'Ask HN: Is Acme&#x27;s <b>support</b> down?',
        url: 'https://acme.example/status',
        story_text: 'Since this morning &amp; still nothing',
        points: 57,
        num_comments: 23,
        _tags: ['story', 'author_pg_fan', 'story_43010000', 'ask_hn'],
      },
      'src-1',
      collectedAt,
    )!;
    expect(mention.title).toBe("Ask HN: Is Acme's support down?");
    expect(mention.content).toBe('Since this morning &amp; still nothing');
    expect(mention.engagement).toEqual({ likes: 57, replies: 23 });
    expect(mention.inReplyTo).toBeNull();
    expect(mention.publishedAt).toBe(new Date(1770714000 * 1000).toISOString());
  });

  it('treats 2014 empty strings like missing values, keeps points of 1 on comments, and undoes literal \\n', () => {
    const story = hitToMention(
      { objectID: '7654321', created_at: '2014-04-01T10:00:00.000Z', created_at_i: 1396346400, author: 'olduser', title: 'Acme launches', url: '', story_text: '', points: 3, num_comments: 0, _tags: ['story'] },
      'src-1',
      collectedAt,
    )!;
    expect(story.content).toBe('');
    expect(story.title).toBe('Acme launches');
    const link = hitToMention({ objectID: '7654322', created_at_i: 1396346400, author: 'x', title: 'Link', url: 'https://acme.example/?a=1&b="2"', story_text: null, _tags: ['story'] }, 's', collectedAt)!;
    expect(link.content).toBe('<a href="https://acme.example/?a=1&amp;b=&quot;2&quot;">https://acme.example/?a=1&amp;b=&quot;2&quot;</a>');
    const comment = hitToMention(
      { objectID: '7654323', created_at_i: 1396346401, author: 'olduser', comment_text: 'Line one\\nLine two\\tend &#x2F; <pre><code>printf("\\n")</code></pre>', points: 1, parent_id: 7654321, story_id: 7654321, title: '', url: '', _tags: ['comment'] },
      'src-1',
      collectedAt,
    )!;
    expect(comment.content).toBe('Line one\nLine two\tend &#x2F; <pre><code>printf("\\n")</code></pre>');
    expect(comment.engagement).toEqual({ likes: 1 });
    expect(comment.inReplyTo).toBe('7654321');
  });

  it('falls back to created_at, survives a deleted author and refuses hits without id or time', () => {
    const mention = hitToMention({ objectID: 99, created_at: '2026-01-01T00:00:00Z', comment_text: 'x', _tags: ['comment'] }, 's', collectedAt)!;
    expect(mention.externalId).toBe('99');
    expect(mention.publishedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(mention.author).toEqual({ name: '[deleted]', handle: null, url: null, followers: null });
    expect(hitToMention({ created_at_i: 1 }, 's', collectedAt)).toBeNull();
    expect(hitToMention({ objectID: 'abc', created_at_i: 1 }, 's', collectedAt)).toBeNull();
    expect(hitToMention({ objectID: '1', created_at: 'yesterday' }, 's', collectedAt)).toBeNull();
  });

  it('keeps hostile HTML as content and plain text in titles', () => {
    expect(plainTitle('<script>alert(1)</script>Hi &lt;there&gt;')).toBe('alert(1)Hi <there>');
    expect(plainTitle('   ')).toBeNull();
    expect(unescapeBackslashes('<pre>a\\nb</pre> c\\nd')).toBe('<pre>a\\nb</pre> c\nd');
  });
});

describe('HackerNewsAdapter against the fake Algolia API', () => {
  const fake = new FakeHackerNewsServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 5_000 });
  const adapter = new HackerNewsAdapter(http, { api: { baseDelayMs: 1, maxWaitMs: 200 } });
  const request = (cursor: unknown, settings: Record<string, string | number> = {}, query: TopicQueryNode | null = word('acme')) =>
    collectRequest({ type: 'hackernews', url: fake.baseUrl, settings: { hitsPerPage: 3, ...settings }, query }, { cursor, now: NOW });
  const ids = (result: CollectResult) => result.items.map((m) => m.externalId).sort();

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });
  beforeEach(() => {
    fake.clear();
    fake.clearFaults();
    fake.requests.length = 0;
  });

  it('refuses to run without a query', async () => {
    await expect(adapter.collect(request(null, {}, null))).rejects.toBeInstanceOf(SourceConfigError);
  });

  it('starts with the newest page, then walks several pages of new hits sharing seconds, without repeats', async () => {
    // Further apart than the overlap, so that the older two stay behind the start line.
    for (let i = 0; i < 5; i++) fake.addComment({ created_at_i: T0 + i * 200, comment_text: `acme comment ${i}` });
    fake.addStory({ created_at_i: T0 + 10, title: 'Unrelated' });
    const first = await adapter.collect(request(null));
    expect(first.items.map((m) => m.content)).toEqual(['acme comment 4', 'acme comment 3', 'acme comment 2']);
    expect(fake.searches()[0]).toMatchObject({ query: 'acme', tags: '(story,comment)', numericFilters: null, page: 0 });

    // Seven new hits, four of them in one second, across three pages of three.
    const added: string[] = [];
    for (let i = 0; i < 3; i++) added.push(fake.addComment({ created_at_i: T0 + 820 + i, comment_text: `acme new ${i}` }));
    for (let i = 0; i < 4; i++) added.push(fake.addStory({ created_at_i: T0 + 830, title: `Acme tie ${i}` }));
    const second = await adapter.collect(request(first.nextCursor));
    expect(ids(second)).toEqual(added.sort());
    expect(second.incomplete).toBeUndefined();
    const filters = fake.searches().slice(1).map((s) => s.numericFilters);
    expect(new Set(filters)).toEqual(new Set([`created_at_i>=${T0 + 800 - HN_OVERLAP_SECONDS}`]));
    expect(parseHnCursor(second.nextCursor)!.searches['(story,comment) acme'].since).toBe(T0 + 830);

    const third = await adapter.collect(request(second.nextCursor));
    expect(third.items).toEqual([]);
    // The overlap still re-reads recent hits; seen ids drop them.
    expect(third.fetched).toBeGreaterThan(0);
  });

  it('finds a hit the index shows late with an older time, inside the overlap', async () => {
    fake.addComment({ created_at_i: T0, comment_text: 'acme one' });
    const first = await adapter.collect(request(null));
    const late = fake.addComment({ created_at_i: T0 - 60, comment_text: 'acme late', hidden: true });
    fake.addComment({ created_at_i: T0 + 5, comment_text: 'acme two' });
    const second = await adapter.collect(request(first.nextCursor));
    expect(second.items.map((m) => m.content)).toEqual(['acme two']);
    fake.reveal(late);
    const third = await adapter.collect(request(second.nextCursor));
    expect(third.items.map((m) => m.externalId)).toEqual([late]);
  });

  it('stops at the page limit with a cursor that lets the next run finish the walk without a gap', async () => {
    fake.addComment({ created_at_i: T0, comment_text: 'acme start' });
    const first = await adapter.collect(request(null, { maxPages: 2 }));
    const added: string[] = [];
    for (let i = 0; i < 10; i++) added.push(fake.addComment({ created_at_i: T0 + 10 + Math.floor(i / 2), comment_text: `acme ${i}` }));
    const second = await adapter.collect(request(first.nextCursor, { maxPages: 2 }));
    expect(second.incomplete?.reason).toMatch(/page limit/);
    expect(second.items).toHaveLength(6);
    const cursor = parseHnCursor(second.nextCursor)!.searches['(story,comment) acme'];
    expect(cursor.since).toBe(T0);
    expect(cursor.walk).toEqual({ upper: T0 + 12, top: T0 + 14 });
    // Something new arrives mid-walk: it comes with the walk after this one.
    const newer = fake.addComment({ created_at_i: T0 + 100, comment_text: 'acme newer' });
    const all = second.items.map((m) => m.externalId);
    let cursorNow = second.nextCursor;
    for (let run = 0; run < 5; run++) {
      const next = await adapter.collect(request(cursorNow, { maxPages: 2 }));
      all.push(...next.items.map((m) => m.externalId));
      cursorNow = next.nextCursor;
      if (!next.incomplete && parseHnCursor(cursorNow)!.searches['(story,comment) acme'].since === T0 + 100) break;
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...added, newer].sort());
  });

  it('narrows by created_at_i windows instead of paging past the 1,000-hit cap', async () => {
    fake.addComment({ created_at_i: T0 - 500, comment_text: 'acme seed' });
    const first = await adapter.collect(request(null, { hitsPerPage: 100 }));
    const added = new Set<string>();
    for (let i = 0; i < 1_150; i++) added.add(fake.addComment({ created_at_i: T0 + Math.floor(i / 3), comment_text: `acme flood ${i}` }));
    const second = await adapter.collect(request(first.nextCursor, { hitsPerPage: 100, maxPages: 30 }));
    expect(new Set(second.items.map((m) => m.externalId))).toEqual(added);
    const searches = fake.searches().slice(1);
    expect(searches.every((s) => s.page < 10)).toBe(true);
    expect(searches.some((s) => /created_at_i<=/.test(s.numericFilters ?? ''))).toBe(true);
  });

  it('narrows too when the page size does not divide the cap', async () => {
    fake.addComment({ created_at_i: T0 - 500, comment_text: 'acme seed' });
    const first = await adapter.collect(request(null, { hitsPerPage: 300 }));
    const added = new Set<string>();
    for (let i = 0; i < 1_100; i++) added.add(fake.addComment({ created_at_i: T0 + Math.floor(i / 4), comment_text: `acme wave ${i}` }));
    const second = await adapter.collect(request(first.nextCursor, { hitsPerPage: 300, maxPages: 30 }));
    expect(new Set(second.items.map((m) => m.externalId))).toEqual(added);
  });

  it('runs one search per alternative (Algolia has no OR) and honours "what to collect"', async () => {
    fake.addStory({ created_at_i: T0, title: 'Acme story' });
    fake.addComment({ created_at_i: T0 + 1, comment_text: 'vela comment' });
    const query: TopicQueryNode = { kind: 'or', children: [word('acme'), { kind: 'and', children: [word('vela'), { kind: 'not', child: word('barca') }] }] };
    const result = await adapter.collect(request(null, { collect: 'stories' }, query));
    expect(fake.searches().map((s) => [s.query, s.tags])).toEqual([
      ['acme', 'story'],
      ['vela', 'story'],
    ]);
    expect(result.items.map((m) => m.title)).toEqual(['Acme story']);
    expect(Object.keys((result.nextCursor as HnCursor).searches).sort()).toEqual(['story acme', 'story vela']);
  });

  it('turns a 400 into a configuration error and a malformed body into a payload error, leaving the cursor to the worker', async () => {
    fake.fault({ response: { status: 400, body: { message: 'invalid numericFilters', status: 400 } } });
    await expect(adapter.collect(request(null))).rejects.toBeInstanceOf(SourceConfigError);
    fake.addComment({ created_at_i: T0, comment_text: 'acme' });
    fake.fault({ truncateBody: true });
    await expect(adapter.collect(request(null))).rejects.toBeInstanceOf(SourcePayloadError);
    fake.fault({ response: { status: 200, body: { message: 'ok' } } });
    await expect(adapter.collect(request(null))).rejects.toThrow(/"hits"/);
  });

  it('retries a 503 and answers a test connection with a sample', async () => {
    fake.addStory({ created_at_i: T0, title: 'Acme up' });
    fake.fault({ response: { status: 503, body: 'Service Unavailable' } });
    const result = await adapter.collect(request(null));
    expect(result.items).toHaveLength(1);
    const test = await adapter.testConnection(request(null));
    expect(test).toMatchObject({ ok: true, sample: [{ title: 'Acme up', url: expect.stringContaining('item?id=') }] });
    fake.fault({ response: { status: 403, body: { message: 'blocked', status: 403 } } });
    const refused = await adapter.testConnection(request(null));
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/403/);
  });

  it('reads garbage cursors as no cursor', () => {
    expect(parseHnCursor({ v: 2 })).toBeNull();
    expect(parseHnCursor('x')).toBeNull();
    expect(parseHnCursor({ v: 1, searches: { a: { since: -1, seen: [] }, b: { since: 5, seen: [['1', 5], ['x', 1], 'y'], walk: { upper: 'no' } } } })).toEqual({
      v: 1,
      searches: { b: { since: 5, seen: [['1', 5]], walk: null } },
    });
  });
});
