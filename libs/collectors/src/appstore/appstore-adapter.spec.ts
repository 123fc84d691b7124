import { collectRequest } from '../../../testing/src/collectors';
import { AppStoreFakeServer } from '../../../testing/src/fakes/appstore';
import { SourceConfigError, SourcePayloadError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { mentionId } from '../mention-id';
import type { CollectResult, SourceDefinition } from '../source-adapter';
import { AppStoreAdapter, type AppStoreCursor } from './appstore-adapter';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const APP = '123456789';

describe(AppStoreAdapter.name, () => {
  let apple: AppStoreFakeServer;
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new AppStoreAdapter(http, { api: { baseDelayMs: 5, maxWaitMs: 1_500, maxAttempts: 3 } });
  const source = (settings: SourceDefinition['settings'] = {}): SourceDefinition => ({
    id: 'src-a',
    type: 'appstore',
    name: 'Vela su App Store',
    url: apple.baseUrl,
    settings: { appId: APP, ...settings },
    query: null,
  });
  const collect = (cursor: unknown, settings: SourceDefinition['settings'] = {}) => adapter.collect(collectRequest(source(settings), { cursor, now: NOW }));
  const ids = (r: CollectResult) => r.items.map((i) => i.externalId);
  const add = (n: number, country = 'it') => Array.from({ length: n }, () => apple.addReview(APP, country));

  beforeEach(async () => {
    apple = new AppStoreFakeServer();
    apple.pageSize = 3;
    await apple.start();
  });
  afterEach(() => apple.stop());
  afterAll(() => http.close());

  it('maps an XML review with its date, rating, author and version, keyed apple:<country>:<appId>', async () => {
    const id = apple.addReview(APP, 'it', { title: 'Login impossibile', text: 'Non entro <più> & basta', rating: 2, version: '5.4.1', author: 'Franci_88', voteSum: 4, updated: new Date('2026-11-19T10:00:00Z') });
    const result = await collect(null);
    expect(result.items).toEqual([
      {
        id: mentionId('appstore', `apple:it:${APP}`, id),
        sourceType: 'appstore',
        sourceId: 'src-a',
        sourceKey: `apple:it:${APP}`,
        externalId: id,
        url: `https://apps.apple.com/it/app/id${APP}?see-all=reviews`,
        title: 'Login impossibile · v5.4.1',
        content: 'Non entro &lt;più&gt; &amp; basta',
        author: { name: 'Franci_88', handle: null, url: `https://itunes.apple.com/it/reviews/id${id.slice(-8)}`, followers: null },
        publishedAt: '2026-11-19T10:00:00.000Z',
        collectedAt: NOW.toISOString(),
        editedAt: null,
        rating: 2,
        sourceLanguage: null,
        engagement: { likes: 4 },
      },
    ]);
    expect(apple.requests[0].path).toBe(`/it/rss/customerreviews/page=1/id=${APP}/sortby=mostrecent/xml`);
  });

  it('walks every page to the last one on the first poll, building page URLs itself', async () => {
    const all = add(8).reverse();
    const result = await collect(null);
    expect(ids(result)).toEqual(all);
    expect(apple.requests.map((r) => r.path.match(/page=(\d+)/)![1])).toEqual(['1', '2', '3']);
    expect(result.incomplete).toBeUndefined();
    expect((result.nextCursor as AppStoreCursor).pending).toBeNull();
  });

  it('takes only new reviews next time and stops at the first page with a known one', async () => {
    add(7);
    const first = await collect(null);
    const fresh = add(4).reverse();
    const before = apple.requests.length;
    const second = await collect(first.nextCursor);
    expect(ids(second)).toEqual(fresh);
    expect(apple.requests.length - before).toBe(2);
    expect((await collect(second.nextCursor)).items).toEqual([]);
  });

  it('delivers an edited review again with editedAt, same id', async () => {
    const [id] = add(2);
    const first = await collect(null);
    apple.editReview(id, 'Ora funziona', 5);
    const second = await collect(first.nextCursor);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({ externalId: id, rating: 5, content: 'Ora funziona', editedAt: expect.any(String) });
    expect(second.items[0].id).toBe(first.items.find((i) => i.externalId === id)!.id);
  });

  it('stops at maxPages with pending, and the next run continues below without a gap', async () => {
    add(1);
    const first = await collect(null, { maxPages: 2 });
    const burst = add(9).reverse();
    const cut = await collect(first.nextCursor, { maxPages: 2 });
    expect(ids(cut)).toEqual(burst.slice(0, 6));
    expect(cut.incomplete?.reason).toMatch(/page limit/);
    expect((cut.nextCursor as AppStoreCursor).pending).not.toBeNull();
    expect((cut.nextCursor as AppStoreCursor).pending?.page).toBe(3);
    const before = apple.requests.length;
    const rest = await collect(cut.nextCursor, { maxPages: 2 });
    expect(ids(rest)).toEqual(burst.slice(6));
    expect(apple.requests.slice(before).map((r) => r.path.match(/page=(\d+)/)![1])).toEqual(['3', '4']);
    expect((rest.nextCursor as AppStoreCursor).pending).toBeNull();
  });

  it('reads the JSON variant: single entry object, metadata entry, no entry key, empty middle page', async () => {
    apple.metadataEntry = true;
    expect((await collect(null, { format: 'json' })).items).toEqual([]); // no reviews: no entry key
    const [one] = add(1);
    const single = await collect(null, { format: 'json' });
    expect(ids(single)).toEqual([one]);
    // JSON entries have no dates: the collection time stands in.
    expect(single.items[0].publishedAt).toBe(NOW.toISOString());
    add(8);
    apple.emptyJsonPages.add(2);
    const walk = await collect(null, { format: 'json' });
    expect(walk.items).toHaveLength(6); // page 2 came back empty; pages 1 and 3 were still read
    expect(apple.requests.at(-1)!.path).toContain('page=3');
  });

  it('keeps storefronts apart', async () => {
    add(2, 'us');
    expect((await collect(null)).items).toEqual([]);
    const us = await collect(null, { country: 'US' });
    expect(us.items.map((i) => i.sourceKey)).toEqual([`apple:us:${APP}`, `apple:us:${APP}`]);
  });

  it('takes the app id out of a pasted store link and refuses bad settings', async () => {
    add(1);
    expect((await collect(null, { appId: `https://apps.apple.com/it/app/vela/id${APP}?l=en` })).items).toHaveLength(1);
    await expect(collect(null, { appId: 'vela' })).rejects.toThrow(SourceConfigError);
    await expect(collect(null, { country: 'ita' })).rejects.toThrow(/two-letter/);
  });

  it('refuses a malformed page clearly, and recovers from a 503', async () => {
    add(1);
    apple.fault({ response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>Oops</html>' } });
    await expect(collect(null)).rejects.toThrow(SourcePayloadError);
    apple.fault({ truncateBody: true });
    await expect(collect(null, { format: 'json' })).rejects.toThrow(SourcePayloadError);
    apple.fault({ response: { status: 503, headers: { 'retry-after': '0' }, body: 'busy' } });
    expect((await collect(null)).items).toHaveLength(1);
  });

  it('testConnection returns a sample and never throws', async () => {
    add(7);
    const ok = await adapter.testConnection(collectRequest(source(), { now: NOW }));
    expect(ok).toMatchObject({ ok: true, message: expect.stringMatching(/3 reviews on page 1 of 3/) });
    expect(ok.sample).toHaveLength(3);
    const bad = await adapter.testConnection(collectRequest(source({ appId: '' }), { now: NOW }));
    expect(bad.ok).toBe(false);
  });
});
