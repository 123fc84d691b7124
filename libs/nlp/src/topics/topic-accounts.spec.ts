import type { RawMention } from '@ascolto/domain';
import { analyzeMention, toMention } from '../pipeline';
import { createTopicMatcher } from './compile-topic-query';
import { handleAskedFor, labelsFollowTopicAccounts } from './topic-accounts';
import { topicDocumentOf } from './topic-document-of';

const NOW = new Date('2026-11-20T09:00:00.000Z');
const raw = (content: string): RawMention => ({
  id: 'rss-0123456789abcdef0123456789abcdef',
  sourceType: 'rss',
  sourceId: 's1',
  sourceKey: 'https://forum.example/feed',
  externalId: 'e1',
  url: null,
  title: null,
  content,
  author: { name: 'Utente', handle: null, url: null },
  publishedAt: '2026-11-20T08:00:00.000Z',
  collectedAt: '2026-11-20T08:01:00.000Z',
});

const byWord = createTopicMatcher({ id: 'lampo', query: 'porter' });
const byWordAndAccount = createTopicMatcher({ id: 'lampo', query: '@LampoExpress OR porter' });

/** The mention as the index keeps it after the pipeline read it with `topic`, and whether a re-tag to `next` asks for its labels again. */
function retagAsks(text: string, topic: typeof byWord, next: typeof byWord): boolean {
  const stored = toMention(raw(text), analyzeMention(raw(text), NOW, { topics: [topic] }));
  expect(next.matches(topicDocumentOf(stored))).toBe(true);
  return labelsFollowTopicAccounts(topicDocumentOf(stored), next.handles, stored.explanations.category.reasons[0]);
}

describe(labelsFollowTopicAccounts.name, () => {
  const post = '@LampoExpress the box went to the porter of the building next door';

  it('asks again when the topic starts naming the account a post in words no rule knows is written to', () => {
    expect(retagAsks(post, byWord, byWordAndAccount)).toBe(true);
    // Read with the account named, the labels stand: a second re-tag asks nothing.
    expect(retagAsks(post, byWordAndAccount, byWordAndAccount)).toBe(false);
  });

  it('asks again when the topic stops naming it', () => {
    expect(retagAsks(post, byWordAndAccount, byWord)).toBe(true);
    expect(retagAsks(post, byWord, byWord)).toBe(false);
  });

  it('leaves labels the accounts did not decide', () => {
    // A cue decided: written to the account or not, the labels are the same.
    expect(retagAsks('@LampoExpress the porter says my parcel is lost, nobody answers the phone', byWord, byWordAndAccount)).toBe(false);
    expect(retagAsks('@LampoExpress the porter says my parcel is lost, nobody answers the phone', byWordAndAccount, byWord)).toBe(false);
    // Not written to the account: nothing to gain from it.
    expect(retagAsks('the box went to the porter of the building next door', byWord, byWordAndAccount)).toBe(false);
    // A document with no stored reason (written by an older version) is left to the re-analysis by version.
    expect(labelsFollowTopicAccounts(topicDocumentOf({ text: post }), byWordAndAccount.handles, undefined)).toBe(false);
  });
});

describe(handleAskedFor.name, () => {
  it("finds the topic's account as the post spells it, with or without an English 's", () => {
    const handles = new Set(['@lampoexpress']);
    expect(handleAskedFor(['grazie', '@lampoexpress'], handles)).toBe('@lampoexpress');
    expect(handleAskedFor(["@lampoexpress's", 'lockers'], handles)).toBe('@lampoexpress');
    expect(handleAskedFor(['@lampo', 'lockers'], handles)).toBeUndefined();
    expect(handleAskedFor(['@lampoexpress'], undefined)).toBeUndefined();
  });
});
