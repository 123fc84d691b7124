import { FakeMetaGraphServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Facebook Page comments through the real worker: loopback Graph API fake → adapter → pipeline →
 * Elasticsearch → cursor in PostgreSQL. Every test has its own Page (and, where a test spends the
 * rate limit or kills the token, its own token: limits are shared per token, as on Meta).
 */

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

interface Cursor {
  posts: Record<string, { newest: string | null; seen: Array<[string, number]>; resume: unknown }>;
}

describe('Facebook Page comments through the worker', () => {
  const fake = new FakeMetaGraphServer();
  const harness = new WorkerHarness();
  let n = 0;

  beforeAll(async () => {
    await fake.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await fake.stop();
  });
  afterEach(() => {
    fake.clearFaults();
    fake.usagePercent = 3;
    fake.regainMinutes = 0;
  });

  async function newSource(settings: Record<string, string | number | boolean> = {}, token = 'fake-page-token') {
    n++;
    const pageId = `10500000000${String(n).padStart(4, '0')}`;
    const page = fake.addPage({ id: pageId, name: `Vela Mobile ${n}`, username: `velamobile${n}` });
    fake.validTokens.add(token);
    const source = await harness.addTypedSource({
      type: 'facebook',
      url: fake.baseUrl,
      name: `Pagina ${n}`,
      settings: { pageId, pageSize: 3, maxPagesPerRun: 20, ...settings },
      credentials: { accessToken: token },
    });
    return { page, pageId, source };
  }

  async function lastRun(sourceId: string) {
    return (await harness.runsOf(sourceId)).at(-1)!;
  }

  async function textsOf(sourceId: string): Promise<string[]> {
    const docs = await harness.indexedMentions<{ sourceId: string; content: string }>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).map((d) => d.content).sort();
  }

  it('takes every comment on the first poll over several pages, then only new ones, ties included', async () => {
    const { pageId, source } = await newSource();
    const post = fake.addPost(pageId, { created_time: minutesAgo(600), message: 'Nuova offerta fibra' });
    const older = fake.addPost(pageId, { created_time: minutesAgo(900), message: 'Manutenzione programmata' });
    for (let i = 0; i < 7; i++) fake.addComment(post.id, { created_time: minutesAgo(300 - i), message: `Non funziona la fibra ${i}` });
    fake.addComment(older.id, { created_time: minutesAgo(800), message: 'Quando finisce?' });

    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 8, error: null });
    expect(fake.requestsTo(new RegExp(`${post.id}/comments$`)).length).toBe(3);

    await harness.runs.runSource(source.id, { force: true });
    // Nothing changed on any post: no comment walk at all.
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, fetched: 0 });
    expect(fake.requestsTo(new RegExp(`${post.id}/comments$`)).length).toBe(3);

    const at = minutesAgo(5);
    fake.addComment(post.id, { created_time: at, message: 'Anche a Milano' });
    fake.addComment(post.id, { created_time: at, message: 'Anche a Torino' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 2 });
    fake.addComment(post.id, { created_time: at, message: 'Anche a Napoli' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(await textsOf(source.id)).toHaveLength(11);
  });

  it('reads /posts paged by time, through a trailing empty page', async () => {
    const { pageId, source } = await newSource({ edge: 'posts' });
    for (let i = 0; i < 6; i++) {
      const post = fake.addPost(pageId, { created_time: minutesAgo(60 * (i + 1)) });
      fake.addComment(post.id, { created_time: minutesAgo(30 - i), message: `Commento ${i}` });
    }
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 6 });
    const listing = fake.requestsTo(new RegExp(`/${pageId}/posts$`));
    expect(listing.at(-1)!.query.get('__paging_token')).toBeTruthy();
  });

  it('indexes visitor posts and comments without ids exactly once (derived keys)', async () => {
    const { page, pageId, source } = await newSource();
    page.withoutModeratorAccess = true;
    const visitor = fake.addPost(pageId, { created_time: minutesAgo(90), message: 'Bolletta sbagliata!', from: { id: '7000777', name: 'Anna' } });
    for (let i = 0; i < 4; i++) fake.addComment(visitor.id, { created_time: minutesAgo(50 - i), message: `Idem ${i}` });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 5 });
    fake.addComment(visitor.id, { created_time: minutesAgo(1), message: 'Anche io' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    const docs = [...(await harness.indexedMentions<{ sourceId: string; author: { name: string }; externalId: string }>()).values()].filter(
      (d) => d.sourceId === source.id,
    );
    expect(docs).toHaveLength(6);
    expect(docs.filter((d) => d.externalId.startsWith('h:')).every((d) => d.author.name === 'Facebook user')).toBe(true);
  });

  it('continues a walk cut short by the per-run bound on the next run, without a gap', async () => {
    const { pageId, source } = await newSource({ maxPagesPerRun: 3 });
    const post = fake.addPost(pageId, { created_time: minutesAgo(400) });
    for (let i = 0; i < 12; i++) fake.addComment(post.id, { created_time: minutesAgo(200 - i), message: `Reclamo ${i}` });
    await harness.runs.runSource(source.id);
    const first = await lastRun(source.id);
    expect(first).toMatchObject({ status: 'succeeded' });
    expect(first.created).toBeLessThan(12);
    expect(((await harness.cursorOf(source.id)) as Cursor).posts[post.id].resume).not.toBeNull();
    for (let i = 0; i < 6 && (await textsOf(source.id)).length < 12; i++) await harness.runs.runSource(source.id, { force: true });
    expect(await textsOf(source.id)).toHaveLength(12);
  });

  it('recovers from a 500 within the run', async () => {
    const { pageId, source } = await newSource();
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'Disservizio' });
    fake.fault({ path: /comments$/, times: 2, response: { status: 500, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, is_transient: true } } } });
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run).toMatchObject({ status: 'succeeded', created: 1 });
    expect(run.requests).toBe(4);
  });

  it('retries a request that times out', async () => {
    const { pageId, source } = await newSource();
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'Lento' });
    fake.fault({ path: /comments$/, delayMs: 2_300 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 3 });
  });

  it('fails clearly on a malformed body and keeps the cursor', async () => {
    const { pageId, source } = await newSource();
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'Primo' });
    await harness.runs.runSource(source.id);
    const cursor = await harness.cursorOf(source.id);
    fake.addComment(post.id, { created_time: minutesAgo(2), message: 'Secondo' });
    fake.fault({ path: /comments$/, truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    const failed = await lastRun(source.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/not JSON/);
    expect(await harness.cursorOf(source.id)).toEqual(cursor);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('holds the source until Meta\'s estimate on a throttling code, without calling again before it', async () => {
    const { pageId, source } = await newSource({}, 'throttled-token');
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'x' });
    fake.throttle({ code: 32, regainMinutes: 20, path: new RegExp(`/${pageId}/feed$`) });
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/code 32/);
    const state = await harness.sourceState(source.id);
    expect(state.attention).toBe('rate_limited');
    expect(state.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 18 * 60_000);
    expect(await harness.cursorOf(source.id)).toBeNull();
    expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'backoff' });
    const before = fake.requests.length;
    await harness.runs.runSource(source.id, { force: true });
    expect(fake.requests.length).toBe(before);
    expect((await lastRun(source.id)).error).toMatch(/rate limit/);
  });

  it('stops early when usage nears the limit and continues after the hold', async () => {
    const { pageId, source } = await newSource({}, 'busy-token');
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(5), message: 'Quasi al limite' });
    fake.usagePercent = 96;
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0 });
    const held = await harness.sourceState(source.id);
    expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    fake.usagePercent = 3;
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('asks a person for a new token when Meta rejects it (code 190), and skips the source meanwhile', async () => {
    const { pageId, source } = await newSource({}, 'dying-token');
    fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.expireToken('dying-token');
    await harness.runs.runSource(source.id);
    const run = await lastRun(source.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/190.*cannot be refreshed/);
    expect(await harness.sourceState(source.id)).toMatchObject({ attention: 'credentials_rejected' });
    expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'attention' });
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { pageId, source } = await newSource();
    const post = fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.addComment(post.id, { created_time: minutesAgo(10), message: 'Uno' });
    fake.addComment(post.id, { created_time: minutesAgo(9), message: 'Due' });
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('process killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect((await lastRun(source.id)).status).toBe('failed');
    expect(await harness.cursorOf(source.id)).toBeNull();
    commit.mockRestore();
    fake.addComment(post.id, { created_time: minutesAgo(1), message: 'Tre' });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, updated: 2 });
    expect(await textsOf(source.id)).toEqual(['Due', 'Tre', 'Uno']);
  });

  it('lets only one of two workers run a source at a time', async () => {
    const { pageId, source } = await newSource();
    fake.addPost(pageId, { created_time: minutesAgo(60) });
    fake.fault({ path: new RegExp(`/${pageId}/feed$`), delayMs: 1_500 });
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
