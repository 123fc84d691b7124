import { FakeYouTubeServer, type FakeYouTubeCommentSpec } from '@ascolto/testing';
import { nextPacificMidnight } from '@ascolto/collectors';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * YouTube through the real worker: loopback Data API fake → adapter → pipeline → Elasticsearch →
 * cursor and quota spend in PostgreSQL. Each test has its own channel or videos, so tests share the
 * fake without seeing each other's comments.
 */

const KEY = 'test-youtube-key';

/** The stored cursor, as far as these tests read it (libs/collectors/src/youtube/youtube-cursor.ts). */
interface YouTubeCursor {
  streams: Record<string, { newest: string | null; walk: { pageToken: string } | null }>;
  unavailable: Record<string, { reason: string; at: string }>;
}

describe('YouTube through the worker', () => {
  const fake = new FakeYouTubeServer();
  const harness = new WorkerHarness();
  const NOW = Date.now();
  const ago = (minutes: number, seconds = 0) => new Date(NOW - minutes * 60_000 + seconds * 1000);
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await fake.stop();
  });
  afterEach(() => fake.clearFaults());

  /** A channel with `videos` videos; returns the ids. */
  function channel(videos = 1): { channelId: string; videoIds: string[] } {
    n++;
    const channelId = `UCtest${n}`;
    const videoIds = Array.from({ length: videos }, (_, i) => `vid${n}x${i}`);
    for (const id of videoIds) fake.addVideo({ id, channelId, title: `Video ${id}`, publishedAt: ago(60 * 24) });
    return { channelId, videoIds };
  }

  let c = 0;
  const comment = (videoId: string, minutesAgo: number, extra: Partial<FakeYouTubeCommentSpec> = {}) =>
    fake.addComment(videoId, { text: `Commento numero ${++c} sul servizio clienti di Vela Mobile: ${'xyzw'.slice(c % 4)}${c}`, publishedAt: ago(minutesAgo), ...extra });

  async function addSource(settings: Record<string, string | number | boolean | string[]>, budgetLimit: number | null = null, credentials = { apiKey: KEY }) {
    // Subscriber look-ups are off unless a test is about them, so request and unit counts stay simple.
    return harness.addTypedSource({ type: 'youtube', url: fake.apiUrl, name: `YouTube ${n}`, settings: { authorSubscribers: false, ...settings }, credentials, budgetLimit });
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;

  async function externalIdsOf(sourceId: string): Promise<string[]> {
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).map((d) => d.externalId).sort();
  }

  async function budgetUsed(sourceId: string): Promise<number> {
    const rows = await harness.dataSource.query('SELECT COALESCE(SUM(used), 0) AS used FROM source_budgets WHERE source_id = $1', [sourceId]);
    return Number(rows[0].used);
  }

  it('takes a first poll over several pages (equal times and replies included), then only what is new', async () => {
    const { channelId, videoIds } = channel(2);
    const first = [comment(videoIds[0], 50), comment(videoIds[1], 40), comment(videoIds[0], 30), comment(videoIds[1], 30), comment(videoIds[0], 30)];
    const reply = fake.addReply(first[0], { text: 'Ci scriva in privato, la aiutiamo subito', author: '@velamobile', publishedAt: ago(45) });
    const source = await addSource({ channelId, pageSize: 2 });

    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 6, requests: 3, spent: 3 });
    expect(await externalIdsOf(source.id)).toEqual([...first, reply].sort());
    const requests = fake.requestsTo('/youtube/v3/commentThreads').slice(-3);
    for (const r of requests) {
      expect(r.query.get('allThreadsRelatedToChannelId')).toBe(channelId);
      expect(r.query.get('order')).toBe('time');
      expect(r.query.get('textFormat')).toBe('plainText');
      // The key travels in a header, never in the URL (URLs end up in logs and run errors).
      expect(r.query.get('key')).toBeNull();
      expect(r.headers['x-goog-api-key']).toBe(KEY);
    }
    const cursor = (await harness.cursorOf(source.id)) as YouTubeCursor;
    expect(cursor.streams[`channel:${channelId}`].walk).toBeNull();

    const later = [comment(videoIds[1], 10), comment(videoIds[0], 5)];
    await harness.runs.runSource(source.id);
    // Pages down to the old mark minus the 5-minute overlap: the three threads tied at the mark
    // come again and are dropped as seen; the walk stops at the first thread older than that.
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, requests: 3 });
    expect(await externalIdsOf(source.id)).toEqual([...first, reply, ...later].sort());

    const docs = await harness.indexedMentions<{ externalId: string; url: string; inReplyTo: string | null; author: { handle: string | null } }>();
    const replyDoc = [...docs.values()].find((d) => d.externalId === reply)!;
    expect(replyDoc).toMatchObject({ inReplyTo: first[0], url: `https://www.youtube.com/watch?v=${videoIds[0]}&lc=${reply}`, author: { handle: '@velamobile' } });
  });

  it("reads commenters' subscribers in one channels.list call (hidden counts stay unknown)", async () => {
    const { videoIds } = channel(1);
    const a = comment(videoIds[0], 12, { author: '@grande', authorChannelId: 'UCgrandeChannel00000000' });
    const b = comment(videoIds[0], 11, { author: '@riservato', authorChannelId: 'UCriservatoChannel00000' });
    fake.setSubscribers('UCgrandeChannel00000000', 120_345);
    fake.setSubscribers('UCriservatoChannel00000', 99, true);
    const source = await addSource({ videoIds, authorSubscribers: true });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2, requests: 2, spent: 2 });
    const lookup = fake.requestsTo('/youtube/v3/channels').at(-1)!;
    expect(lookup.query.get('part')).toBe('statistics');
    expect(lookup.query.get('id')!.split(',').sort()).toEqual(['UCgrandeChannel00000000', 'UCriservatoChannel00000']);
    const docs = await harness.indexedMentions<{ externalId: string; author: { followers: number | null } }>();
    expect([...docs.values()].find((d) => d.externalId === a)!.author.followers).toBe(120_345);
    expect([...docs.values()].find((d) => d.externalId === b)!.author.followers ?? null).toBeNull();
  });

  it('reads every reply of a thread that carries only some of them (comments.list by parentId)', async () => {
    const { videoIds } = channel(1);
    const thread = comment(videoIds[0], 30);
    const replies = Array.from({ length: 7 }, (_, i) => fake.addReply(thread, { text: `Risposta ${i} alla discussione sul rimborso`, publishedAt: ago(29 - i) }));
    const source = await addSource({ videoIds });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 8, requests: 2, spent: 2 });
    expect(fake.requestsTo('/youtube/v3/comments').at(-1)!.query.get('parentId')).toBe(thread);
    expect(await externalIdsOf(source.id)).toEqual([thread, ...replies].sort());
  });

  it('succeeds on a video without comments, and keeps 2019-shaped threads', async () => {
    const { videoIds } = channel(2);
    const legacy = comment(videoIds[1], 20, { legacy: true, author: 'Mario Rossi' });
    const source = await addSource({ videoIds });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 2 });
    const docs = await harness.indexedMentions<{ externalId: string; publishedAt: string; author: { name: string; handle: string | null } }>();
    expect([...docs.values()].find((d) => d.externalId === legacy)).toMatchObject({ author: { name: 'Mario Rossi', handle: null } });
  });

  it('skips a video with comments disabled and reports it in the cursor, without failing the source', async () => {
    const { videoIds } = channel(2);
    fake.setCommentsDisabled(videoIds[0], true);
    const ok = comment(videoIds[1], 15);
    const source = await addSource({ videoIds });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await externalIdsOf(source.id)).toEqual([ok]);
    const cursor = (await harness.cursorOf(source.id)) as YouTubeCursor;
    expect(cursor.unavailable[videoIds[0]]).toMatchObject({ reason: 'commentsDisabled' });
    expect((await harness.sourceState(source.id)).attention).toBeNull();
    // The next run does not spend a unit on the disabled video (it is asked again after a day).
    const before = fake.requestsTo('/youtube/v3/commentThreads').filter((r) => r.query.get('videoId') === videoIds[0]).length;
    await harness.runs.runSource(source.id);
    expect(fake.requestsTo('/youtube/v3/commentThreads').filter((r) => r.query.get('videoId') === videoIds[0]).length).toBe(before);
  });

  it('continues a walk cut by the page limit in the next run, without gaps', async () => {
    const { channelId, videoIds } = channel(1);
    const ids = Array.from({ length: 7 }, (_, i) => comment(videoIds[0], 100 - i * 10));
    const source = await addSource({ channelId, pageSize: 2, maxPages: 2 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 4 });
    const cursor = (await harness.cursorOf(source.id)) as YouTubeCursor;
    expect(cursor.streams[`channel:${channelId}`].walk?.pageToken).toBeTruthy();
    // A comment arriving between the runs is picked up once the walk is done.
    const late = comment(videoIds[0], 1);
    await harness.runs.runSource(source.id);
    await harness.runs.runSource(source.id);
    expect(await externalIdsOf(source.id)).toEqual([...ids, late].sort());
    expect(((await harness.cursorOf(source.id)) as YouTubeCursor).streams[`channel:${channelId}`].walk).toBeNull();
  });

  it('retries rateLimitExceeded (403, usageLimits), a 5xx and a timeout, then succeeds', async () => {
    const { videoIds } = channel(1);
    const id = comment(videoIds[0], 5);
    const source = await addSource({ videoIds });
    fake.fault({ path: /commentThreads/, response: FakeYouTubeServer.rateLimitExceeded() });
    fake.fault({ path: /commentThreads/, response: { status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', errors: [{ reason: 'backendError', domain: 'global', message: 'Backend Error' }] } } } });
    fake.fault({ path: /commentThreads/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 4, spent: 4 });
    expect(await externalIdsOf(source.id)).toEqual([id]);
  });

  it('fails clearly on a malformed body and keeps the cursor', async () => {
    const { videoIds } = channel(1);
    comment(videoIds[0], 30);
    const source = await addSource({ videoIds });
    await harness.runs.runSource(source.id);
    const cursorBefore = await harness.cursorOf(source.id);
    comment(videoIds[0], 2);
    fake.fault({ path: /commentThreads/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/not JSON/);
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('asks a person when the API key is refused', async () => {
    const { videoIds } = channel(1);
    const source = await addSource({ videoIds }, null, { apiKey: 'revoked-key' });
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/API key/);
    expect(run.error).not.toContain('revoked-key');
    expect((await harness.sourceState(source.id)).attention).toBe('credentials_rejected');
  });

  it('holds the source until midnight Pacific on quotaExceeded, with the cursor unchanged', async () => {
    const { videoIds } = channel(1);
    comment(videoIds[0], 3);
    const source = await addSource({ videoIds });
    fake.fault({ path: /commentThreads/, response: FakeYouTubeServer.quotaExceeded() });
    const now = new Date();
    await harness.runs.runSource(source.id, { now });
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/quota/i);
    const state = await harness.sourceState(source.id);
    expect(state.attention).toBe('quota_exhausted');
    expect(state.backoffUntil?.toISOString()).toBe(nextPacificMidnight(now).toISOString());
    expect(await harness.cursorOf(source.id)).toBeNull();
    expect((await harness.runs.runSource(source.id)).kind).toBe('skipped');
  });

  it('keeps to the daily unit budget across runs: stops before it runs out, is skipped until the next day, then continues without a gap', async () => {
    const { channelId, videoIds } = channel(1);
    const day1 = new Date(Date.UTC(2030, 0, 15, 10));
    const day2 = new Date(Date.UTC(2030, 0, 16, 10));
    const ids = Array.from({ length: 6 }, (_, i) => comment(videoIds[0], 0, { publishedAt: new Date(day1.getTime() - (60 - i * 5) * 60_000) }));
    const source = await addSource({ channelId, pageSize: 1 }, 4);

    await harness.runs.runSource(source.id, { now: day1 });
    // Four units, four pages of one thread: the walk stops before a fifth call.
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 4, requests: 4, spent: 4 });
    expect(await budgetUsed(source.id)).toBe(4);
    const rows = await harness.dataSource.query('SELECT period, used FROM source_budgets WHERE source_id = $1', [source.id]);
    expect(rows).toEqual([{ period: '2030-01-15', used: expect.anything() }]);

    const requestsBefore = fake.requests.length;
    expect(await harness.runs.runSource(source.id, { now: new Date(day1.getTime() + 60_000) })).toEqual({ kind: 'skipped', reason: 'budget' });
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('quota_exhausted');
    expect(held.backoffUntil?.toISOString()).toBe('2030-01-16T00:00:00.000Z');
    expect(fake.requests.length).toBe(requestsBefore);

    await harness.runs.runSource(source.id, { now: day2 });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    expect(await externalIdsOf(source.id)).toEqual([...ids].sort());
    expect((await harness.sourceState(source.id)).attention).toBeNull();
    expect(await budgetUsed(source.id)).toBeGreaterThan(4);
  });

  it('finds videos for the topic with search.list (100 units, de-duplicated across pages) and then follows their comments', async () => {
    n++;
    const channelId = `UCsearch${n}`;
    fake.addVideo({ id: 'srchA1', channelId, title: "Vela Mobile: l'assistenza & i rimborsi", channelTitle: 'Tech & Co', publishedAt: ago(120) });
    fake.addVideo({ id: 'srchB2', channelId, title: 'Vela Mobile recensione', publishedAt: ago(60) });
    fake.addVideo({ id: 'srchC3', channelId, title: 'Vela Mobile, la fibra non va', publishedAt: ago(90) });
    fake.addVideo({ id: 'other3', channelId, title: 'Ricette di cucina', publishedAt: ago(30) });
    const onA = comment('srchA1', 20);
    const source = await addSource({ searchVideos: true, query: '"vela mobile" -sconto', searchPages: 2, pageSize: 2 }, 1_000);
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    // Two search pages (srchC3 is on both: counted once), then one comment page per found video.
    expect(run).toMatchObject({ status: 'succeeded', spent: 203, created: 4 });
    expect(fake.requestsTo('/youtube/v3/search').at(-1)!.query.get('pageToken')).toBeTruthy();
    const search = fake.requestsTo('/youtube/v3/search').at(-1)!;
    expect(search.query.get('q')).toBe('"vela mobile" -sconto');
    expect(search.query.get('type')).toBe('video');
    const docs = await harness.indexedMentions<{ sourceId: string; externalId: string; title: string | null }>();
    const mine = [...docs.values()].filter((d) => d.sourceId === source.id);
    expect(mine.map((d) => d.externalId).sort()).toEqual([onA, 'video:srchA1', 'video:srchB2', 'video:srchC3'].sort());
    expect(mine.find((d) => d.externalId === 'video:srchA1')!.title).toBe("Vela Mobile: l'assistenza & i rimborsi");
    // The next run within the search interval reads the watched videos only: no second 100-unit search.
    const onB = comment('srchB2', 1);
    const searches = fake.requestsTo('/youtube/v3/search').length;
    await harness.runs.runSource(source.id);
    expect(fake.requestsTo('/youtube/v3/search').length).toBe(searches);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, spent: 3 });
    expect(await externalIdsOf(source.id)).toContain(onB);
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { videoIds } = channel(1);
    const ids = [comment(videoIds[0], 9), comment(videoIds[0], 8)];
    const source = await addSource({ videoIds });
    const ingest = harness.app.get(MentionIngestService);
    const commit = jest.spyOn(ingest, 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    try {
      await harness.runs.runSource(source.id);
    } finally {
      commit.mockRestore();
    }
    expect((await lastRun(source.id)).status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    expect(await externalIdsOf(source.id)).toEqual([...ids].sort());
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect(await externalIdsOf(source.id)).toEqual([...ids].sort());
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { videoIds } = channel(1);
    comment(videoIds[0], 4);
    const source = await addSource({ videoIds });
    fake.fault({ path: /commentThreads/, delayMs: 1_500 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([a.kind, b.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
