import { mentionId } from '../mention-id';
import { compareIds, discourseSourceKey, htmlFragmentText, postIdOf, toRawMention, withoutQuotes } from './discourse-mapper';
import type { DiscoursePost } from './discourse-payloads';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const BASE = 'https://forum.example.it';
const ctx = { sourceId: 'src-1', base: BASE, sourceKey: 'forum.example.it', now: NOW };

/** A `/posts.json` item with every field a listening tool reads (shape of correction 54). */
const full: DiscoursePost = {
  id: 98765,
  topic_id: 4321,
  post_number: 7,
  reply_to_post_number: 3,
  topic_slug: 'problema-fatturazione',
  topic_title: 'Problema fatturazione Acme',
  topic_html_title: 'Problema fatturazione Acme',
  category_id: 12,
  username: 'sara_b',
  name: 'Sara B.',
  user_id: 555,
  avatar_template: '/user_avatar/forum.example.it/sara_b/{size}/77_2.png',
  created_at: '2026-02-10T09:10:00.000Z',
  updated_at: '2026-02-10T11:00:00.000Z',
  last_version_at: '2026-02-10T10:30:00.000Z',
  version: 2,
  cooked:
    '<aside class="quote no-group" data-username="mario" data-post="3" data-topic="4321"><div class="title"><img class="avatar"> mario:</div><blockquote><p>Acme è pessima, mi hanno truffato</p></blockquote></aside>\n<p>Mi hanno addebitato due volte <a class="mention" href="/u/acme_support">@acme_support</a> <img src="/images/emoji/twitter/angry.png" class="emoji" alt=":angry:"></p>',
  raw: '[quote="mario, post:3, topic:4321"]\nAcme è pessima\n[/quote]\nMi hanno addebitato due volte @acme_support :angry:',
  excerpt: 'Mi hanno addebitato due volte',
  truncated: false,
  post_url: '/t/problema-fatturazione/4321/7',
  reply_count: 2,
  reads: 12,
  score: 2.4,
  like_count: 3,
  actions_summary: [{ id: 2, count: 3 }],
  hidden: false,
  deleted_at: null,
  user_deleted: false,
};

describe('Discourse mapper', () => {
  it('maps every field of a /posts.json item, with the quote cut out of the content', () => {
    const mention = toRawMention(full, { ...ctx, postIdsByNumber: new Map([['4321:3', '98700']]) })!;
    expect(mention).toEqual({
      id: mentionId('discourse', 'forum.example.it', '98765'),
      sourceType: 'discourse',
      sourceId: 'src-1',
      sourceKey: 'forum.example.it',
      externalId: '98765',
      url: 'https://forum.example.it/t/problema-fatturazione/4321/7',
      title: 'Problema fatturazione Acme',
      content:
        '\n<p>Mi hanno addebitato due volte <a class="mention" href="/u/acme_support">@acme_support</a> <img src="/images/emoji/twitter/angry.png" class="emoji" alt=":angry:"></p>',
      author: { name: 'Sara B.', handle: 'sara_b', url: 'https://forum.example.it/u/sara_b', followers: null },
      publishedAt: '2026-02-10T09:10:00.000Z',
      collectedAt: NOW.toISOString(),
      editedAt: '2026-02-10T10:30:00.000Z',
      deletedAtSource: null,
      engagement: { replies: 2, likes: 3, views: 12 },
      inReplyTo: '98700',
      sourceLanguage: null,
    });
    expect(mention.content).not.toContain('truffato');
  });

  it("marks a member's post on the brand's own forum as written to the brand, and no staff post or other forum's", () => {
    expect(toRawMention(full, { ...ctx, ownForum: true })!.brandChannel).toBe('own_page');
    expect(toRawMention({ ...full, staff: true }, { ...ctx, ownForum: true })!.brandChannel).toBeUndefined();
    expect(toRawMention(full, ctx)!.brandChannel).toBeUndefined();
  });

  it.each([null, '', '   ', undefined])('uses the username when name is %p (correction 52)', (name) => {
    const mention = toRawMention({ ...full, name }, ctx)!;
    expect(mention.author.name).toBe('sara_b');
  });

  it('survives a post with nearly nothing in it', () => {
    const mention = toRawMention({ id: '12' }, ctx)!;
    expect(mention).toMatchObject({
      externalId: '12',
      url: null,
      title: null,
      content: '',
      author: { name: 'unknown', handle: null, url: null },
      publishedAt: NOW.toISOString(),
      editedAt: null,
      deletedAtSource: null,
      inReplyTo: null,
    });
    expect(mention.engagement).toBeUndefined();
  });

  it('refuses items without a usable id', () => {
    for (const id of [undefined, null, '', 'abc', -1, 1.5, '1e5', Number.MAX_SAFE_INTEGER + 10]) {
      expect(toRawMention({ ...full, id: id as never }, ctx)).toBeNull();
    }
  });

  it('keeps ids beyond 2^53 exact and compares them as numbers', () => {
    expect(postIdOf({ id: '900719925474099312345' })).toBeNull(); // 21 digits: not a bigint id
    expect(postIdOf({ id: '9007199254740993123' })).toBe('9007199254740993123');
    expect(postIdOf({ id: '0042' })).toBe('42');
    expect(compareIds('99', '100')).toBe(-1);
    expect(compareIds('9007199254740993', '9007199254740992')).toBe(1);
    expect(compareIds('5', '5')).toBe(0);
  });

  it('builds the permalink when post_url is missing or points elsewhere', () => {
    const { post_url: _omit, ...rest } = full;
    void _omit;
    expect(toRawMention(rest, ctx)!.url).toBe('https://forum.example.it/t/problema-fatturazione/4321/7');
    expect(toRawMention({ ...full, post_url: 'https://evil.example/x' }, ctx)!.url).toBe('https://forum.example.it/t/problema-fatturazione/4321/7');
    expect(toRawMention({ ...full, post_url: '/t/x/4321/7' }, { ...ctx, base: 'https://example.com/community' })!.url).toBe('https://example.com/t/x/4321/7');
  });

  it('reports withdrawn and deleted posts, and edits only from version 2', () => {
    expect(toRawMention({ ...full, user_deleted: true }, ctx)!.deletedAtSource).toBe('2026-02-10T11:00:00.000Z');
    expect(toRawMention({ ...full, deleted_at: '2026-02-11T00:00:00Z' }, ctx)!.deletedAtSource).toBe('2026-02-11T00:00:00.000Z');
    expect(toRawMention({ ...full, version: 1 }, ctx)!.editedAt).toBeNull();
    expect(toRawMention({ ...full, last_version_at: null }, ctx)!.editedAt).toBe('2026-02-10T11:00:00.000Z');
  });

  it('takes the title from topic_html_title or the search topics, as plain text', () => {
    expect(toRawMention({ ...full, topic_title: null, topic_html_title: 'Fibra &amp; <em>rame</em>' }, ctx)!.title).toBe('Fibra & rame');
    expect(toRawMention({ id: 5, topic_id: 9 }, { ...ctx, topicTitles: new Map([['9', 'Dal search']]) })!.title).toBe('Dal search');
  });

  it('falls back from cooked to raw, blurb and excerpt', () => {
    expect(toRawMention({ id: 1, raw: 'md *raw*' }, ctx)!.content).toBe('md *raw*');
    expect(toRawMention({ id: 1, blurb: 'un estratto…' }, ctx)!.content).toBe('un estratto…');
    expect(toRawMention({ id: 1, excerpt: 'exc' }, ctx)!.content).toBe('exc');
  });

  it('reads likes from actions_summary when like_count is absent, and ignores junk counts', () => {
    const mention = toRawMention({ id: 1, actions_summary: [{ id: 1, count: 9 }, { id: 2, count: 4 }], reply_count: -1, reads: Number.NaN }, ctx)!;
    expect(mention.engagement).toEqual({ likes: 4 });
  });
});

describe('withoutQuotes', () => {
  it('removes nested quotes and keeps the rest byte for byte', () => {
    const html = '<p>a</p><aside class="quote"><blockquote><aside class="quote"><p>inner</p></aside>outer</blockquote></aside><p>b &amp; c</p>';
    expect(withoutQuotes(html)).toBe('<p>a</p><p>b &amp; c</p>');
  });

  it('turns a onebox into its link and drops non-http ones', () => {
    const html = '<aside class="onebox allowlistedgeneric" data-onebox-src="https://news.example.it/a?x=1&amp;y=2"><header>News</header><article><h3>Titolo altrui</h3></article></aside><p>guardate</p>';
    expect(withoutQuotes(html)).toBe('<p><a href="https://news.example.it/a?x=1&amp;y=2">https://news.example.it/a?x=1&amp;y=2</a></p><p>guardate</p>');
    expect(withoutQuotes('<aside class="onebox" data-onebox-src="javascript:alert(1)">x</aside>ok')).toBe('ok');
  });

  it('leaves other asides and quote-free HTML alone, and cuts an unterminated quote to the end', () => {
    expect(withoutQuotes('<aside class="note">n</aside>')).toBe('<aside class="note">n</aside>');
    expect(withoutQuotes('<p>x</p>')).toBe('<p>x</p>');
    expect(withoutQuotes('<p>mio</p><aside class="quote"><p>troncato')).toBe('<p>mio</p>');
  });
});

describe('Discourse helpers', () => {
  it('discourseSourceKey is host plus sub-folder, case-folded, without trailing slash', () => {
    expect(discourseSourceKey('https://Forum.Example.it/')).toBe('forum.example.it');
    expect(discourseSourceKey('https://example.com/community/')).toBe('example.com/community');
    expect(discourseSourceKey('http://127.0.0.1:4000')).toBe('127.0.0.1:4000');
  });

  it('htmlFragmentText decodes entities and drops tags', () => {
    expect(htmlFragmentText('<b>Ciao</b> &quot;mondo&quot; &amp; più')).toBe('Ciao "mondo" & più');
  });
});
