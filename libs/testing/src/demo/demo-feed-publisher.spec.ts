import { parseFeed } from '@rowanmanning/feed-parser';
import { LoopbackFeedServer } from '../feeds/loopback-feed-server';
import { DemoFeedPublisher } from './demo-feed-publisher';
import { DEMO_POSTS } from './demo-posts';

describe('DemoFeedPublisher', () => {
  const server = new LoopbackFeedServer({ windowSize: 500 });
  let base: string;
  beforeAll(async () => {
    base = await server.start();
  });
  afterAll(() => server.stop());

  it('seeds K posts at once, spread over the past, with fresh guids', () => {
    const now = new Date('2026-06-15T12:00:00Z');
    const publisher = new DemoFeedPublisher(server, '/seed.rss', { now: () => now, seedSpreadMinutes: 60 });
    const items = publisher.seed(10);
    expect(items).toHaveLength(10);
    expect(new Set(items.map((i) => i.guid)).size).toBe(10);
    expect(items[0].pubDate.getTime()).toBe(now.getTime() - 60 * 60_000);
    expect(items[9].pubDate.getTime()).toBeLessThan(now.getTime());
    expect(items.every((i, k) => k === 0 || i.pubDate > items[k - 1].pubDate)).toBe(true);
    expect(items[0].description).toBe(DEMO_POSTS[0].text);
    expect(items[0].author).toBe(`${DEMO_POSTS[0].author.name} (@${DEMO_POSTS[0].author.handle})`);
    expect(server.items('/seed.rss')).toHaveLength(10);
  });

  it('cycles through the posts and varies later rounds', () => {
    const publisher = new DemoFeedPublisher(server, '/cycle.rss');
    const items = publisher.seed(DEMO_POSTS.length * 2);
    const second = items.slice(DEMO_POSTS.length);
    expect(second.map((i) => i.description.startsWith(DEMO_POSTS[second.indexOf(i)].text))).not.toContain(false);
    expect(second.some((i, k) => i.description !== DEMO_POSTS[k].text)).toBe(true);
    expect(new Set(items.map((i) => i.guid)).size).toBe(items.length);
  });

  it('publishes a new post every interval until stopped, readable as a feed', async () => {
    const publisher = new DemoFeedPublisher(server, '/live.rss', { intervalSeconds: 0.05 });
    publisher.start(2);
    await new Promise((r) => setTimeout(r, 300));
    publisher.stop();
    const count = server.items('/live.rss').length;
    expect(count).toBeGreaterThanOrEqual(4);
    await new Promise((r) => setTimeout(r, 150));
    expect(server.items('/live.rss')).toHaveLength(count);
    const feed = parseFeed(await (await fetch(`${base}/live.rss`)).text());
    expect(feed.items).toHaveLength(count);
  });

  it('keeps titles plain and short', () => {
    const publisher = new DemoFeedPublisher(server, '/titles.rss');
    for (const item of publisher.seed(DEMO_POSTS.length)) {
      expect(item.title.length).toBeLessThanOrEqual(80);
      expect(item.title).not.toMatch(/<p>|<br>|<a /);
    }
  });
});
