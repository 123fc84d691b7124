import { collectRequest } from '../../../testing/src/collectors';
import { FakeYouTubeServer } from '../../../testing/src/fakes/youtube/fake-youtube-server';
import { SourceConfigError, SourceQuotaExhaustedError } from '../collector-errors';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { YouTubeAdapter } from './youtube-adapter';
import type { YouTubeCursor } from './youtube-cursor';

describe('YouTubeAdapter against the fake API', () => {
  const fake = new FakeYouTubeServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new YouTubeAdapter(http, { api: { baseDelayMs: 1, maxWaitMs: 300 } });
  const NOW = new Date();
  let n = 0;
  const video = () => {
    const id = `unit${++n}`;
    fake.addVideo({ id, channelId: `UCunit${n}`, title: `Video ${n}`, publishedAt: new Date(NOW.getTime() - 86_400_000) });
    return id;
  };
  const request = (settings: Record<string, string | number | boolean | string[]>, cursor: unknown = null, budgetRemaining: number | null = null) =>
    collectRequest({ type: 'youtube', url: fake.apiUrl, settings }, { cursor, credentials: { apiKey: 'test-youtube-key' }, now: NOW, budgetRemaining });
  const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await http.close();
    await fake.stop();
  });

  it('walks again from the top, down to the same mark, when a stored page token is refused', async () => {
    const v = video();
    const ids = [fake.addComment(v, { text: 'uno', publishedAt: minutesAgo(30) }), fake.addComment(v, { text: 'due', publishedAt: minutesAgo(20) })];
    const cursor: YouTubeCursor = {
      v: 1,
      streams: { [`video:${v}`]: { newest: null, seen: [], walk: { pageToken: 'not-a-token', until: minutesAgo(60).toISOString(), newest: null, seen: [] }, polledAt: null } },
      search: { lastRunAt: null, publishedAfter: null, seenVideoIds: [] },
      watched: [],
      unavailable: {},
    };
    const result = await adapter.collect(request({ videoIds: [v] }, cursor));
    expect(result.items.map((m) => m.externalId).sort()).toEqual(ids.sort());
    expect((result.nextCursor as YouTubeCursor).streams[`video:${v}`].walk).toBeNull();
  });

  it('refuses to start without a unit to spend, and without anything to read', async () => {
    const v = video();
    await expect(adapter.collect(request({ videoIds: [v] }, null, 0.5))).rejects.toBeInstanceOf(SourceQuotaExhaustedError);
    await expect(adapter.collect(request({}))).rejects.toBeInstanceOf(SourceConfigError);
    await expect(adapter.collect(request({ videoIds: ['../../etc'] }))).rejects.toThrow(/not a YouTube video id/);
  });

  it("marks comments on the brand's own channel as written to it, except the channel's own replies", async () => {
    const v = video();
    const channelId = `UCunit${n}`;
    const viewer = fake.addComment(v, { text: 'Il modem non si accende più', publishedAt: minutesAgo(30) });
    const answer = fake.addReply(viewer, { text: 'Ti scriviamo in privato', author: '@VelaMobile', authorChannelId: channelId, publishedAt: minutesAgo(20) });
    const channelOf = (items: Array<{ externalId: string; brandChannel?: unknown }>, id: string) => items.find((m) => m.externalId === id)?.brandChannel;
    const own = await adapter.collect(request({ channelId, ownChannel: true }));
    expect(own.items.map((m) => m.externalId)).toEqual(expect.arrayContaining([viewer, answer]));
    expect([channelOf(own.items, viewer), channelOf(own.items, answer)]).toEqual(['own_page', undefined]);
    // Someone else's channel (the setting off): nothing says its comments are written to the brand.
    const other = await adapter.collect(request({ channelId }));
    expect([channelOf(other.items, viewer), channelOf(other.items, answer)]).toEqual([undefined, undefined]);
  });

  it('reports an unknown channel as a configuration problem', async () => {
    await expect(adapter.collect(request({ channelId: 'UCnobody' }))).rejects.toThrow(/channelNotFound/);
  });

  it('skips search when the budget cannot pay for it, and still reads comments', async () => {
    const v = video();
    fake.addComment(v, { text: 'tre', publishedAt: minutesAgo(5) });
    const searches = fake.requestsTo('/youtube/v3/search').length;
    const req = request({ videoIds: [v], searchVideos: true }, null, 50);
    req.source.query = { kind: 'word', value: 'acme', prefix: false };
    const result = await adapter.collect(req);
    expect(fake.requestsTo('/youtube/v3/search').length).toBe(searches);
    expect(result.items).toHaveLength(1);
    // One comment page and one subscriber look-up; no 100-unit search.
    expect(req.stats.spent).toBe(2);
    expect(fake.requestsTo('/youtube/v3/channels').length).toBeGreaterThan(0);
  });

  it('tests the connection with one small request and never throws', async () => {
    const v = video();
    fake.addComment(v, { text: 'quattro', publishedAt: minutesAgo(1) });
    const ok = await adapter.testConnection(request({ videoIds: [v] }));
    expect(ok).toMatchObject({ ok: true, message: '200 OK, 1 comment threads' });
    expect(ok.sample[0].text).toBe('quattro');
    fake.setCommentsDisabled(v, true);
    expect(await adapter.testConnection(request({ videoIds: [v] }))).toMatchObject({ ok: false, message: `video ${v}: commentsDisabled` });
    const badKey = collectRequest({ type: 'youtube', url: fake.apiUrl, settings: { videoIds: [v] } }, { credentials: { apiKey: 'nope' } });
    expect((await adapter.testConnection(badKey)).message).toMatch(/API key not valid/);
  });
});
