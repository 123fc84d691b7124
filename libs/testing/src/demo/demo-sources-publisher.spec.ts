import { createSourceAdapters, GuardedHttpClient } from '@ascolto/collectors';
import type { SourceType } from '@ascolto/domain';
import { collectRequest } from '../collectors/collect-request';
import { AppStoreFakeServer } from '../fakes/appstore';
import { DiscourseFakeServer } from '../fakes/discourse';
import { FakeMastodonServer } from '../fakes/mastodon/fake-mastodon-server';
import { DEMO_POSTS } from './demo-posts';
import { DEMO_HASHTAG, DemoSourcesPublisher } from './demo-sources-publisher';

describe('DemoSourcesPublisher', () => {
  const mastodon = new FakeMastodonServer();
  const discourse = new DiscourseFakeServer();
  const appstore = new AppStoreFakeServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1'], timeoutMs: 2_000 });
  const adapters = createSourceAdapters(http);

  beforeAll(async () => {
    await Promise.all([mastodon.start(), discourse.start(), appstore.start()]);
  });
  afterAll(async () => {
    await http.close();
    await Promise.all([mastodon.stop(), discourse.stop(), appstore.stop()]);
  });

  const collect = (type: SourceType, url: string, settings: Record<string, string>) =>
    adapters.get(type)!.collect(collectRequest({ type, url, settings }));

  it('publishes demo posts on each channel in turn, in shapes the real collectors read', async () => {
    const publisher = new DemoSourcesPublisher({ mastodon, discourse, appstore, appId: '1499999999', country: 'it' }, { offset: 0 });
    const channels = [0, 1, 2, 3, 4, 5, 6, 7].map(() => publisher.publishNext(new Date(Date.now() - 60_000)));
    expect(channels).toEqual(['mastodon', 'discourse', 'appstore', 'mentions', 'mastodon', 'discourse', 'appstore', 'mentions']);

    const statuses = await collect('mastodon', mastodon.baseUrl, { mode: 'hashtag', hashtag: DEMO_HASHTAG });
    expect(statuses.items).toHaveLength(2);
    expect(statuses.items[0].content).toContain(`#<span>${DEMO_HASHTAG}</span>`);

    // Posts 3 and 7 were written to the brand's account: its mentions, not the hashtag's timeline.
    const mentions = await adapters.get('mastodon')!.collect(
      collectRequest({ type: 'mastodon', url: mastodon.baseUrl, settings: { mode: 'mentions' } }, { credentials: { accessToken: 'token-brand' } }),
    );
    expect(mentions.items).toHaveLength(2);
    expect(mentions.items.every((item) => item.brandChannel === 'account_mention' && item.content.includes(`@<span>${mastodon.brand.username}</span>`))).toBe(true);
    expect(mentions.items.map((item) => item.author.name).sort()).toEqual([DEMO_POSTS[3].author.name, DEMO_POSTS[7].author.name].sort());

    const posts = await collect('discourse', discourse.baseUrl, { mode: 'latest' });
    expect(posts.items).toHaveLength(2);
    expect(posts.items.every((item) => item.author.handle && item.content.length > 20)).toBe(true);

    const reviews = await collect('appstore', appstore.baseUrl, { appId: '1499999999', country: 'it' });
    expect(reviews.items).toHaveLength(2);
    // Posts 2 and 6 went to the App Store; their stars follow what the post says.
    const stars = (i: number) => (DEMO_POSTS[i].expected.intent === 'complaint' ? 1 : DEMO_POSTS[i].expected.intent === 'praise' ? 5 : 3);
    expect(reviews.items.map((r) => r.rating).sort()).toEqual([stars(2), stars(6)].sort());
  });
});
