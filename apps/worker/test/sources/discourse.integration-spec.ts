import { DiscourseFakeServer } from '@ascolto/testing';
import { CollectionRunService } from '../../src/collection/collection-run.service';
import { MentionIngestService } from '../../src/collection/mention-ingest.service';
import { WorkerHarness } from '../worker-harness';

/*
 * Discourse through the real worker: loopback forum → adapter → pipeline → Elasticsearch →
 * cursor in PostgreSQL. Each test gets its own forum (posts.json is forum-wide), pages of 3.
 */

interface Cursor {
  v: 1;
  streams: Record<string, { newest: string | null; gap: { above: string; below: string; page: number | null } | null }>;
  versions: Array<[string, number]>;
}

interface Doc {
  sourceId: string;
  externalId: string;
  content: string;
  text: string;
  title: string | null;
  url: string | null;
  editedAt?: string | null;
  deletedAtSource?: string | null;
  author: { name: string; handle: string | null };
  inReplyTo?: string | null;
}

describe('Discourse through the worker', () => {
  const harness = new WorkerHarness();
  const forums: DiscourseFakeServer[] = [];

  beforeAll(async () => {
    await harness.start();
  });
  afterAll(async () => {
    await harness.stop();
    await Promise.all(forums.map((f) => f.stop()));
  });

  async function newForum(settings: Record<string, string | number> = {}, credentials?: Record<string, string>) {
    const forum = new DiscourseFakeServer();
    forum.pageSize = 3;
    forums.push(forum);
    await forum.start();
    const source = await harness.addTypedSource({ type: 'discourse', url: `${forum.baseUrl}/`, name: `Forum ${forums.length}`, settings, credentials });
    return { forum, source };
  }

  const lastRun = async (sourceId: string) => (await harness.runsOf(sourceId)).at(-1)!;
  async function docsOf(sourceId: string): Promise<Doc[]> {
    const docs = await harness.indexedMentions<Doc>();
    return [...docs.values()].filter((d) => d.sourceId === sourceId).sort((a, b) => Number(a.externalId) - Number(b.externalId));
  }

  it('takes the newest page first, then every new post over several pages (equal timestamps too), never twice', async () => {
    const { forum, source } = await newForum();
    forum.addPost({ raw: 'Primo messaggio' });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 1, error: null });

    const same = new Date('2026-11-20T09:00:00Z');
    const burst = Array.from({ length: 7 }, (_, i) => forum.addPost({ raw: `La fibra Vela non va, messaggio ${i}`, createdAt: same, name: i % 2 ? null : '' }));
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 7, requests: 3 });
    const cursor = (await harness.cursorOf(source.id)) as Cursor;
    expect(cursor.streams.latest).toEqual({ newest: String(burst[6].id), gap: null });
    const docs = await docsOf(source.id);
    expect(docs).toHaveLength(8);
    expect(docs[1]).toMatchObject({ author: { name: burst[0].username, handle: burst[0].username }, title: burst[0].topic_title, url: `${forum.baseUrl}${burst[0].post_url}` });

    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 0, requests: 1 });
  });

  it('succeeds on an empty forum', async () => {
    const { source } = await newForum();
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', fetched: 0, created: 0 });
  });

  it('keeps quoted words out of the text, re-indexes edits and marks withdrawn posts deleted', async () => {
    const { forum, source } = await newForum();
    const complaint = forum.addPost({ raw: 'Vela mi ha truffato', topicTitle: 'Addebiti' });
    const reply = forum.addPost({
      topicId: complaint.topic_id,
      replyToPostNumber: 1,
      cooked: `<aside class="quote no-group" data-username="${complaint.username}" data-post="1" data-topic="${complaint.topic_id}"><div class="title">${complaint.username}:</div><blockquote><p>Vela mi ha truffato</p></blockquote></aside>\n<p>Anche a me, scrivete al supporto</p>`,
    });
    await harness.runs.runSource(source.id);
    let docs = await docsOf(source.id);
    const replyDoc = docs.find((d) => d.externalId === String(reply.id))!;
    expect(replyDoc.text).toContain('Anche a me');
    expect(replyDoc.text).not.toContain('truffato');
    expect(replyDoc.inReplyTo).toBe(String(complaint.id));

    forum.editPost(complaint.id, 'Vela mi ha rimborsato, tutto risolto');
    forum.withdrawPost(reply.id);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 1 });
    docs = await docsOf(source.id);
    expect(docs.find((d) => d.externalId === String(complaint.id))).toMatchObject({ text: expect.stringContaining('rimborsato'), editedAt: expect.any(String) });
    const withdrawn = docs.find((d) => d.externalId === String(reply.id))!;
    expect(withdrawn.deletedAtSource).toEqual(expect.any(String));
    expect(withdrawn.text).toContain('Anche a me'); // the text is kept, the mention is marked
  });

  it('stops at maxPages and fills the gap on the next run', async () => {
    const { forum, source } = await newForum({ maxPages: 2 });
    forum.addPost();
    await harness.runs.runSource(source.id);
    const burst = Array.from({ length: 10 }, () => forum.addPost());
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 6 });
    expect(((await harness.cursorOf(source.id)) as Cursor).streams.latest.gap).not.toBeNull();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 4 });
    expect((await docsOf(source.id)).map((d) => d.externalId).slice(1)).toEqual(burst.map((p) => String(p.id)));
    expect(((await harness.cursorOf(source.id)) as Cursor).streams.latest.gap).toBeNull();
  });

  it('waits out a short 429 and holds the source when Discourse asks for a long wait', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    forum.rateLimit(1);
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 2 });

    forum.addPost();
    forum.rateLimit(600);
    const cursorBefore = await harness.cursorOf(source.id);
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/429/) });
    const held = await harness.sourceState(source.id);
    expect(held.attention).toBe('rate_limited');
    expect(held.backoffUntil!.getTime()).toBeGreaterThan(Date.now() + 500_000);
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
  });

  it('retries a 5xx, fails cleanly when it persists, then recovers', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    forum.fault({ response: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><h1>502 Bad Gateway</h1></html>' } });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1, requests: 2 });

    forum.addPost();
    const cursorBefore = await harness.cursorOf(source.id);
    forum.fault({ response: { status: 503, body: 'down' }, times: 10 });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/503/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
    forum.clearFaults();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
  });

  it('fails a run that times out, with the cursor unchanged', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    forum.fault({ delayMs: 2_200, times: 4 });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/Timed out/i) });
    expect(await harness.cursorOf(source.id)).toBeNull();
  }, 30_000);

  it('fails clearly on malformed JSON and keeps the cursor', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    await harness.runs.runSource(source.id);
    const cursorBefore = await harness.cursorOf(source.id);
    forum.addPost();
    forum.fault({ truncateBody: true });
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/not JSON/) });
    expect(await harness.cursorOf(source.id)).toEqual(cursorBefore);
  });

  it('asks for attention when a private forum rejects the API key, and reads it with the right one', async () => {
    const { forum, source } = await newForum({}, { apiKey: 'wrong', apiUsername: 'system' });
    forum.requiredKey = { key: 'k-123', username: 'system' };
    forum.addPost();
    await harness.runs.runSource(source.id);
    expect(await harness.sourceState(source.id)).toMatchObject({ attention: 'credentials_rejected' });
    expect(await harness.runs.runSource(source.id)).toEqual({ kind: 'skipped', reason: 'attention' });

    const ok = await harness.addTypedSource({ type: 'discourse', url: forum.baseUrl, name: 'Private forum', credentials: { apiKey: 'k-123', apiUsername: 'system' } });
    await harness.runs.runSource(ok.id);
    expect(await lastRun(ok.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect(forum.requestsTo('/posts.json').at(-1)!.headers['api-key']).toBe('k-123');
  });

  it('repeats a batch after a crash between indexing and the cursor update, without duplicates or gaps', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    forum.addPost();
    const commit = jest.spyOn(harness.app.get(MentionIngestService), 'commitCursor').mockRejectedValueOnce(new Error('killed before the cursor was written'));
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'failed' });
    expect(await harness.cursorOf(source.id)).toBeNull();
    expect(await docsOf(source.id)).toHaveLength(2);
    commit.mockRestore();
    await harness.runs.runSource(source.id, { force: true });
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 0, updated: 2 });
    expect(await docsOf(source.id)).toHaveLength(2);
  });

  it('lets only one of two workers run a forum at a time', async () => {
    const { forum, source } = await newForum();
    forum.addPost();
    forum.fault({ delayMs: 1_200 });
    const other = await harness.createWorker({ WORKER_ID: 'second-worker' });
    try {
      const [a, b] = await Promise.all([harness.runs.runSource(source.id), other.get(CollectionRunService).runSource(source.id)]);
      expect([a.kind, b.kind].sort()).toEqual(['finished', 'skipped']);
      expect(await harness.runsOf(source.id)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('searches the forum for the query in search mode', async () => {
    const { forum, source } = await newForum({ mode: 'search', query: 'fattura' });
    forum.addPost({ raw: 'la fattura di Vela è sbagliata' });
    forum.addPost({ raw: 'parliamo di altro' });
    await harness.runs.runSource(source.id);
    expect(await lastRun(source.id)).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await docsOf(source.id))[0].text).toContain('fattura di Vela');
  });
});
