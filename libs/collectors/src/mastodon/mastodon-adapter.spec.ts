import type { TopicQueryNode } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { FakeMastodonServer } from '../../../testing/src/fakes/mastodon/fake-mastodon-server';
import { MissingCredentialsError, SourceAuthError, SourceConfigError, SourcePayloadError, SourceRateLimitedError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult } from '../source-adapter';
import { MastodonAdapter, parseLinkHeader, snowflakeFloor } from './mastodon-adapter';
import { parseMastodonCursor, type MastodonCursor } from './mastodon-cursor';
import { compareIds, handleOf, maxId, statusToMention, type MastodonStatus } from './mastodon-mapper';

const NOW = new Date('2026-02-10T10:00:00.000Z');
const collectedAt = NOW.toISOString();

describe('statusToMention', () => {
  const status: MastodonStatus = {
    id: '114020202020202020',
    uri: 'https://social.example.it/ap/users/117020566092212359/statuses/114020202020202020',
    url: 'https://social.example.it/@giulia/114020202020202020',
    created_at: '2026-02-10T09:15:02.123Z',
    edited_at: '2026-02-10T09:20:00.000Z',
    language: 'it',
    spoiler_text: '  Lamentela \n ordine ',
    content: '<p>Ordine in ritardo <a href="https://social.example.it/tags/acmeshop" class="mention hashtag" rel="tag">#<span>AcmeShop</span></a> &amp; nessuna risposta</p>',
    in_reply_to_id: '114020202020200000',
    reblog: null,
    replies_count: 2,
    reblogs_count: 1,
    favourites_count: 5,
    quotes_count: 0,
    account: { id: '109999', username: 'giulia', acct: 'giulia', display_name: 'Giulia R.', url: 'https://social.example.it/@giulia', followers_count: 312 },
    tags: [{ name: 'AcmeShop', url: 'https://social.example.it/tags/acmeshop' }],
  };

  it('maps every field a listener reads', () => {
    expect(statusToMention(status, 'src-1', 'social.example.it', collectedAt)).toEqual({
      id: mentionId('mastodon', 'social.example.it', '114020202020202020'),
      sourceType: 'mastodon',
      sourceId: 'src-1',
      sourceKey: 'social.example.it',
      externalId: '114020202020202020',
      url: 'https://social.example.it/@giulia/114020202020202020',
      title: 'Lamentela ordine',
      content: status.content,
      author: { name: 'Giulia R.', handle: '@giulia@social.example.it', url: 'https://social.example.it/@giulia', followers: 312 },
      publishedAt: '2026-02-10T09:15:02.123Z',
      collectedAt,
      editedAt: '2026-02-10T09:20:00.000Z',
      engagement: { replies: 2, reposts: 1, likes: 5 },
      inReplyTo: '114020202020200000',
      sourceLanguage: 'it',
    });
  });

  it('copes with a remote 2022 status: whole seconds, no url, no counts, empty display name, odd language', () => {
    const mention = statusToMention(
      {
        id: '109300000000000001',
        uri: 'https://altra.example/users/mario/statuses/1',
        url: null,
        created_at: '2022-11-05T08:00:00.000Z',
        edited_at: null,
        language: null,
        spoiler_text: '',
        content: '<p>ciao</p>',
        account: { username: 'mario', acct: 'mario@altra.example', display_name: '', url: 'javascript:alert(1)' },
      },
      's',
      'social.example.it',
      collectedAt,
    )!;
    expect(mention).toMatchObject({
      url: 'https://altra.example/users/mario/statuses/1',
      title: null,
      publishedAt: '2022-11-05T08:00:00.000Z',
      editedAt: null,
      sourceLanguage: null,
      author: { name: 'mario', handle: '@mario@altra.example', url: null, followers: null },
    });
    expect(mention.engagement).toBeUndefined();
    expect(statusToMention({ ...status, language: '<b>' }, 's', 'h', collectedAt)!.sourceLanguage).toBeNull();
  });

  it('maps a boost as the boosted status, so both are one mention', () => {
    const boost: MastodonStatus = { id: '114020202020209999', created_at: '2026-02-10T09:30:00.000Z', content: '', reblog: status, account: { acct: 'booster' } };
    const mention = statusToMention(boost, 's', 'social.example.it', collectedAt)!;
    expect(mention.externalId).toBe(status.id);
    expect(mention.author.handle).toBe('@giulia@social.example.it');
  });

  it('refuses statuses without a numeric id or a readable date', () => {
    expect(statusToMention({ ...status, id: '9f8e' }, 's', 'h', collectedAt)).toBeNull();
    expect(statusToMention({ ...status, created_at: 'ieri' }, 's', 'h', collectedAt)).toBeNull();
    expect(statusToMention({ id: '1', created_at: '2026-01-01T00:00:00Z' }, 's', 'h', collectedAt)).toMatchObject({ content: '', author: { name: 'unknown', handle: null } });
  });

  it('compares ids as numbers beyond 2^53, finds handles and reads Link headers', () => {
    expect(compareIds('99', '100')).toBe(-1);
    expect(compareIds('114020202020202021', '114020202020202020')).toBe(1);
    expect(maxId(['9', '114020202020202020', '100'])).toBe('114020202020202020');
    expect(handleOf({ acct: '@x@y.z' }, 'h')).toBe('@x@y.z');
    const links = parseLinkHeader(
      '<https://m.example/api/v1/timelines/tag/a?limit=2&max_id=5>; rel="next", <https://m.example/api/v1/timelines/tag/a?limit=2&min_id=9>; rel="prev"',
      'https://m.example/',
    );
    expect(links.get('next')!.searchParams.get('max_id')).toBe('5');
    expect(links.get('prev')!.searchParams.get('min_id')).toBe('9');
    expect(parseLinkHeader(undefined, 'https://m.example/').size).toBe(0);
    // 15 minutes before a snowflake; small sequential ids are not snowflakes.
    const id = ((BigInt(NOW.getTime()) << 16n) | 7n).toString();
    expect(BigInt(snowflakeFloor(id, 15 * 60_000)!) >> 16n).toBe(BigInt(NOW.getTime() - 15 * 60_000));
    expect(snowflakeFloor('29507', 1000)).toBeNull();
  });
});

describe('MastodonAdapter against the fake instance', () => {
  const fake = new FakeMastodonServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 5_000 });
  const adapter = new MastodonAdapter(http, { api: { baseDelayMs: 1, maxWaitMs: 300 } });
  const request = (cursor: unknown, settings: Record<string, string | number | boolean | string[]> = {}, credentials: Record<string, string> = {}, query: TopicQueryNode | null = null) =>
    collectRequest({ type: 'mastodon', url: fake.baseUrl, settings: { mode: 'hashtag', hashtag: 'AcmeShop', pageSize: 2, ...settings }, query }, { cursor, credentials, now: NOW });
  const contents = (result: CollectResult) => result.items.map((m) => m.externalId);
  const tagRequests = () => fake.requestsTo(/^\/api\/v1\/timelines\/tag\//);

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
    fake.publicPreview = true;
    fake.unknownTagAnswer = 'empty';
    fake.searchIdBounds = 'created_at';
    fake.rateLimit = { limit: 300, windowMs: 5 * 60_000 };
  });

  it('takes the newest page first, then walks forward with min_id over several pages without gaps or repeats', async () => {
    const a = fake.addStatus({ tags: ['AcmeShop'] });
    const b = fake.addStatus({ tags: ['acmeshop'] });
    const c = fake.addStatus({ tags: ['ACMESHOP'], remote: true });
    fake.addStatus({ tags: ['Other'] });
    const first = await adapter.collect(request(null));
    expect(contents(first)).toEqual([c, b]);
    expect((first.nextCursor as MastodonCursor).feeds[''].newestId).toBe(c);
    expect(tagRequests()[0].path).toBe('/api/v1/timelines/tag/AcmeShop');

    const added = [1, 2, 3, 4, 5].map(() => fake.addStatus({ tags: ['AcmeShop'] }));
    const second = await adapter.collect(request(first.nextCursor));
    expect(contents(second).sort()).toEqual([...added].sort());
    expect(contents(second)).not.toContain(a);
    const minIds = tagRequests()
      .slice(1)
      .map((r) => r.query.get('min_id'))
      .filter(Boolean);
    expect(minIds).toEqual([c, added[1], added[3], added[4]]);
    expect((second.nextCursor as MastodonCursor).feeds[''].newestId).toBe(added[4]);

    const third = await adapter.collect(request(second.nextCursor));
    expect(third.items).toEqual([]);
  });

  it('stops at the page limit and continues from there next run', async () => {
    fake.addStatus({ tags: ['AcmeShop'] });
    const first = await adapter.collect(request(null, { maxPages: 2 }));
    const added = [1, 2, 3, 4, 5, 6, 7].map(() => fake.addStatus({ tags: ['AcmeShop'] }));
    const second = await adapter.collect(request(first.nextCursor, { maxPages: 2 }));
    expect(second.incomplete?.reason).toMatch(/page limit/);
    expect(contents(second)).toHaveLength(4);
    const third = await adapter.collect(request(second.nextCursor, { maxPages: 2 }));
    expect(third.incomplete).toBeDefined();
    const fourth = await adapter.collect(request(third.nextCursor, { maxPages: 2 }));
    const all = [...contents(second), ...contents(third), ...contents(fourth)];
    expect(all.sort()).toEqual([...added].sort());
  });

  it('finds a late status that got an id below the cursor, and one that got a high id with an old date', async () => {
    fake.addStatus({ tags: ['AcmeShop'] });
    const first = await adapter.collect(request(null));
    const cursorId = (first.nextCursor as MastodonCursor).feeds[''].newestId!;
    // Below the cursor: an id from a created_at 2 minutes before the cursor's own time.
    const cursorMs = Number(BigInt(cursorId) >> 16n);
    const below = fake.addStatus({ tags: ['AcmeShop'], remote: true, createdAt: new Date(cursorMs - 120_000), idFrom: 'created_at' });
    expect(compareIds(below, cursorId)).toBe(-1);
    // Arrival-time id (what recorded walks show): above the cursor though created an hour ago.
    const oldDate = fake.addStatus({ tags: ['AcmeShop'], remote: true, createdAt: new Date(Date.now() - 3_600_000) });
    const second = await adapter.collect(request(first.nextCursor));
    expect(contents(second).sort()).toEqual([below, oldDate].sort());
    const rescan = tagRequests().find((r) => r.query.get('max_id'))!;
    expect(rescan.query.get('max_id')).toBe((BigInt(cursorId) + 1n).toString());
    expect(rescan.query.get('since_id')).toBe(snowflakeFloor(cursorId, 15 * 60_000));
    // Nothing twice.
    const third = await adapter.collect(request(second.nextCursor));
    expect(third.items).toEqual([]);
  });

  it('re-delivers an edited status with editedAt', async () => {
    const id = fake.addStatus({ tags: ['AcmeShop'] });
    const first = await adapter.collect(request(null));
    fake.edit(id, '<p>Risolto, grazie!</p>');
    const second = await adapter.collect(request(first.nextCursor));
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({ externalId: id, content: '<p>Risolto, grazie!</p>', editedAt: expect.any(String) });
    const third = await adapter.collect(request(second.nextCursor));
    expect(third.items).toEqual([]);
  });

  it('passes extra tags and local, and refuses bad hashtags and too many tags', async () => {
    fake.addStatus({ tags: ['AcmeShop', 'Ritardi'] });
    fake.addStatus({ tags: ['AcmeShop', 'spam'] });
    const result = await adapter.collect(request(null, { hashtag: '#AcmeShop', anyTags: ['Acme'], noneTags: ['spam'], localOnly: true }));
    expect(result.items).toHaveLength(1);
    const q = tagRequests()[0].query;
    expect(q.getAll('any[]')).toEqual(['Acme']);
    expect(q.getAll('none[]')).toEqual(['spam']);
    expect(q.get('local')).toBe('true');
    await expect(adapter.collect(request(null, { hashtag: 'no spaces' }))).rejects.toBeInstanceOf(SourceConfigError);
    await expect(adapter.collect(request(null, { hashtag: '' }))).rejects.toThrow(/needs a hashtag/);
    await expect(adapter.collect(request(null, { anyTags: ['a', 'b', 'c', 'd', 'e'] }))).rejects.toThrow(/at most 4/);
  });

  it('starts over when the hashtag changes', async () => {
    fake.addStatus({ tags: ['AcmeShop'] });
    fake.addStatus({ tags: ['Vela'] });
    const first = await adapter.collect(request(null));
    const second = await adapter.collect(request(first.nextCursor, { hashtag: 'Vela' }));
    expect(second.items).toHaveLength(1);
    expect(tagRequests().at(-1)!.query.get('min_id')).toBeNull();
  });

  it('reports an unknown hashtag, a hidden timeline and a rejected token as what they are', async () => {
    // What Mastodon itself answers for a tag it has never seen: an empty page.
    await expect(adapter.collect(request(null, { hashtag: 'Nessuno' }))).resolves.toMatchObject({ items: [], fetched: 0 });
    fake.unknownTagAnswer = 404;
    await expect(adapter.collect(request(null, { hashtag: 'Nessuno' }))).rejects.toThrow(/does not know the hashtag #Nessuno/);
    fake.knowTag('AcmeShop');
    fake.publicPreview = false;
    const hidden = await adapter.collect(request(null)).catch((e: Error) => e);
    expect(hidden).toBeInstanceOf(SourceConfigError);
    expect((hidden as Error).message).toMatch(/public preview is off/);
    await expect(adapter.collect(request(null, {}, { accessToken: 'token-brand' }))).resolves.toMatchObject({ items: [] });
    expect(tagRequests().at(-1)!.headers.authorization).toBe('Bearer token-brand');
    await expect(adapter.collect(request(null, {}, { accessToken: 'revoked' }))).rejects.toBeInstanceOf(SourceAuthError);
  });

  it('waits for a short X-RateLimit-Reset and gives up with the reset time when it is far', async () => {
    fake.addStatus({ tags: ['AcmeShop'] });
    fake.rateLimit = { limit: 1, windowMs: 150 };
    const first = await adapter.collect(request(null));
    const second = await adapter.collect(request(first.nextCursor));
    expect(second.items).toEqual([]);
    expect(fake.requests.some((r) => r.path.startsWith('/api/v1/timelines'))).toBe(true);
    const reset = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '000Z');
    fake.fault({ times: 4, response: { status: 429, headers: { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset }, body: { error: 'Too many requests' } } });
    // Its own token: the client remembers a spent window per token, and the other tests use token-brand.
    fake.tokens.add('token-limited');
    const limited = await adapter.collect(request(null, { hashtag: 'AcmeShop' }, { accessToken: 'token-limited' })).catch((e: Error) => e);
    expect(limited).toBeInstanceOf(SourceRateLimitedError);
    expect((limited as SourceRateLimitedError).resumeAt.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('turns a truncated body into a payload error', async () => {
    fake.addStatus({ tags: ['AcmeShop'] });
    fake.fault({ truncateBody: true });
    await expect(adapter.collect(request(null))).rejects.toBeInstanceOf(SourcePayloadError);
    fake.fault({ response: { status: 200, body: { error: 'not a list' } } });
    await expect(adapter.collect(request(null))).rejects.toThrow(/instead of a list/);
  });

  describe('mentions mode', () => {
    it('needs a token, reads only mention notifications, skips deleted statuses and walks by notification id', async () => {
      await expect(adapter.collect(request(null, { mode: 'mentions' }))).rejects.toBeInstanceOf(MissingCredentialsError);
      const [s1] = fake.addMention({ language: 'ja' });
      const first = await adapter.collect(request(null, { mode: 'mentions' }, { accessToken: 'token-brand' }));
      expect(contents(first)).toEqual([s1]);
      expect(first.items[0]).toMatchObject({ sourceLanguage: 'ja', content: expect.stringContaining('h-card'), brandChannel: 'account_mention' });

      const [s2] = fake.addMention({ remote: true });
      const [s3] = fake.addMention();
      const [gone] = fake.addMention();
      fake.delete(gone);
      fake.addOtherNotification('favourite', s1);
      const [s4, n4] = fake.addMention({ inReplyToId: s1 });
      const second = await adapter.collect(request(first.nextCursor, { mode: 'mentions' }, { accessToken: 'token-brand' }));
      expect(contents(second).sort()).toEqual([s2, s3, s4].sort());
      expect(second.items.find((m) => m.externalId === s4)!.inReplyTo).toBe(s1);
      const cursor = second.nextCursor as MastodonCursor;
      expect(cursor.feeds[''].newestId).toBe(n4);
      const notificationRequest = fake.requestsTo('/api/v1/notifications').at(-1)!;
      expect(notificationRequest.query.getAll('types[]')).toEqual(['mention']);
    });
  });

  describe('search mode', () => {
    const acme: TopicQueryNode = { kind: 'word', value: 'ritardo', prefix: false };

    it('needs a token and a query, then pages newest first down to the cursor', async () => {
      await expect(adapter.collect(request(null, { mode: 'search' }, {}, acme))).rejects.toBeInstanceOf(MissingCredentialsError);
      await expect(adapter.collect(request(null, { mode: 'search' }, { accessToken: 'token-brand' }, null))).rejects.toThrow(/needs a query/);
      fake.addStatus({ content: '<p>ordine in ritardo</p>' });
      const first = await adapter.collect(request(null, { mode: 'search' }, { accessToken: 'token-brand' }, acme));
      expect(first.items).toHaveLength(1);
      const added = [1, 2, 3, 4, 5].map((n) => fake.addStatus({ content: `<p>consegna in ritardo ${n}</p>` }));
      fake.addStatus({ content: '<p>tutto bene</p>' });
      const second = await adapter.collect(request(first.nextCursor, { mode: 'search', maxPages: 2 }, { accessToken: 'token-brand' }, acme));
      expect(second.incomplete).toBeDefined();
      expect(second.items).toHaveLength(4);
      const walk = parseMastodonCursor(second.nextCursor)!.feeds.ritardo.walk;
      expect(walk).toEqual({ upper: added[1], top: added[4], offset: 4 });
      // Arriving mid-walk pushes the rest down the offsets: nothing is skipped.
      const mid = fake.addStatus({ content: '<p>ritardo nuovo</p>' });
      const third = await adapter.collect(request(second.nextCursor, { mode: 'search', maxPages: 2 }, { accessToken: 'token-brand' }, acme));
      expect(third.incomplete).toBeUndefined();
      expect([...contents(second), ...contents(third)].sort()).toEqual([...added].sort());
      expect(parseMastodonCursor(third.nextCursor)!.feeds.ritardo).toMatchObject({ newestId: added[4], recent: [], walk: null });
      const searchRequest = fake.requestsTo('/api/v2/search').at(-1)!;
      expect(searchRequest.query.get('type')).toBe('statuses');
      expect(searchRequest.query.get('min_id')).toBeNull();

      // A remote status that arrives late (new id, created an hour ago): min_id would have hidden it (after: on created_at).
      const lateRemote = fake.addStatus({ content: '<p>ritardo remoto</p>', remote: true, createdAt: new Date(Date.now() - 3_600_000) });
      const fourth = await adapter.collect(request(third.nextCursor, { mode: 'search' }, { accessToken: 'token-brand' }, acme));
      expect(contents(fourth).sort()).toEqual([mid, lateRemote].sort());
    });

    it('answers a test connection with a sample, and with the reason when it fails', async () => {
      fake.addStatus({ content: '<p>ritardo</p>' });
      const ok = await adapter.testConnection(request(null, { mode: 'search' }, { accessToken: 'token-brand' }, acme));
      expect(ok).toMatchObject({ ok: true, sample: [{ text: '<p>ritardo</p>' }] });
      const empty = await adapter.testConnection(request(null, { hashtag: 'Nessuno' }));
      expect(empty).toMatchObject({ ok: true, sample: [] });
      expect(empty.message).toMatch(/no public statuses with #Nessuno/);
      fake.unknownTagAnswer = 404;
      const bad = await adapter.testConnection(request(null, { hashtag: 'Nessuno' }));
      expect(bad.ok).toBe(false);
      expect(bad.message).toMatch(/404/);
    });
  });

  it('reads garbage cursors as no cursor', () => {
    expect(parseMastodonCursor({ v: 1, key: 'x', feeds: { '': { newestId: 12 } } })).toEqual({ v: 1, key: 'x', feeds: {} });
    expect(parseMastodonCursor([])).toBeNull();
    expect(parseMastodonCursor({ v: 1, key: 'x', feeds: { '': { newestId: '12', recent: [['1', ''], ['a', '']], walk: { upper: 1 } } } })).toEqual({
      v: 1,
      key: 'x',
      feeds: { '': { newestId: '12', startId: null, recent: [['1', '']], walk: null } },
    });
  });
});
