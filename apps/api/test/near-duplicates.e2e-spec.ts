import type { Mention, MentionCount, MentionDetail, MentionPage } from '@ascolto/domain';
import { makeMentions } from '@ascolto/testing';
import { ApiTestEnv, type Agent } from './support/api-test-env';

const MINUTE = 60_000;
const BASE = Date.parse('2026-03-10T12:00:00.000Z');

/**
 * Documents as the worker's near-duplicate stage leaves them: a head keeps its labels, members
 * point at it and are flushed as duplicates.
 */
describe('near-duplicate groups over HTTP', () => {
  let env: ApiTestEnv;
  let analyst: Agent;
  let head: Mention;
  let members: Mention[];
  let otherHead: Mention;
  let unique: Mention[];
  let legacy: Mention;

  beforeAll(async () => {
    env = await ApiTestEnv.start();
    await env.createUsers();
    const at = (i: number) => ({
      publishedAt: new Date(BASE - i * MINUTE).toISOString(),
      collectedAt: new Date(BASE - i * MINUTE + 30_000).toISOString(),
    });
    [head, otherHead, ...unique] = makeMentions(5, (i) => ({ ...at(i), category: 'service', status: 'new' }));
    const asMember = (of: Mention) => ({ duplicateOf: of.id, category: 'flush' as const, flushReason: 'duplicate' as const, status: 'new' as const });
    members = makeMentions(29, (i) => ({ ...at(10 + i), ...asMember(head) }));
    const otherMembers = makeMentions(2, (i) => ({ ...at(50 + i), ...asMember(otherHead) }));
    // Written before grouping existed: none of its fields.
    [legacy] = makeMentions(1, () => at(60));
    await env.indexMentions([head, otherHead, ...unique, ...members, ...otherMembers]);
    const { simhash: _s, similarityKeys: _k, duplicateOf: _d, ...old } = legacy;
    await env.es.index({ index: `${env.indexPrefix}mentions-2026.03`, id: legacy.id, document: old, refresh: 'wait_for' });
    ({ agent: analyst } = await env.login('analyst'));
  });
  afterAll(async () => {
    await env?.close();
  });

  const ids = (items: Array<{ id: string }>) => items.map((m) => m.id);

  it('collapses groups by default: heads and unique mentions, each with similarCount', async () => {
    const page: MentionPage = (await analyst.get('/api/mentions').query({ limit: 100 }).expect(200)).body;
    expect(ids(page.items)).toEqual(ids([head, otherHead, ...unique, legacy]));
    expect(page.total).toBe(6);
    const counts = Object.fromEntries(page.items.map((m) => [m.id, m.similarCount]));
    expect(counts).toEqual({ [head.id]: 29, [otherHead.id]: 2, [unique[0].id]: 0, [unique[1].id]: 0, [unique[2].id]: 0, [legacy.id]: 0 });
    expect(page.items.at(-1)).toMatchObject({ id: legacy.id, duplicateOf: null, simhash: null, similarityKeys: [] });
  });

  it('keeps counting a head whose members fall outside the page filters', async () => {
    // Members are flushed; a filter on service still shows the head with all its copies counted.
    const page: MentionPage = (await analyst.get('/api/mentions').query({ category: 'service', limit: 1 }).expect(200)).body;
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ id: head.id, similarCount: 29 });
    expect(page.nextCursor).not.toBeNull();
  });

  it('lists the members of one group with duplicateOf, page by page', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: MentionPage = (await analyst.get('/api/mentions').query({ duplicateOf: head.id, limit: 10, ...(cursor ? { cursor } : {}) }).expect(200)).body;
      expect(page.total).toBe(29);
      for (const item of page.items) expect(item).toMatchObject({ duplicateOf: head.id, category: 'flush', flushReason: 'duplicate', similarCount: 0 });
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(ids(members));

    const none: MentionPage = (await analyst.get('/api/mentions').query({ duplicateOf: unique[0].id }).expect(200)).body;
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('counts new members of a group since a time', async () => {
    const since = new Date(BASE - 15 * MINUTE).toISOString();
    const res: MentionCount = (await analyst.get('/api/mentions/count').query({ since, duplicateOf: head.id }).expect(200)).body;
    // Member i was collected 10 + i minutes before BASE, plus 30 s: members 0 to 5 are after `since`.
    expect(res.count).toBe(6);
  });

  it('gives the similar count in the mention detail', async () => {
    const detail: MentionDetail = (await analyst.get(`/api/mentions/${head.id}`).expect(200)).body;
    expect(detail).toMatchObject({ id: head.id, duplicateOf: null, similarCount: 29 });
    const member: MentionDetail = (await analyst.get(`/api/mentions/${members[3].id}`).expect(200)).body;
    expect(member).toMatchObject({ duplicateOf: head.id, similarCount: 0 });
  });

  it('refuses a duplicateOf that is not a mention id with 400', async () => {
    const res = await analyst.get('/api/mentions').query({ duplicateOf: '../_search?x' }).expect(400);
    expect(res.body.message).toContain('duplicateOf is not a mention id');
  });
});
