import { mentionId } from '../mention-id';
import { createdUtc, isDeletedThing, redditThingToMention, unescapeRedditHtml } from './reddit.mapper';

const ctx = { sourceId: 'src-r', collectedAt: new Date('2026-02-10T10:00:00.000Z') };

const post = {
  kind: 't3',
  data: {
    id: '1ixyz99',
    name: 't3_1ixyz99',
    subreddit: 'italy',
    title: 'Acme spedizioni: qualcuno ha risolto? <3 & grazie',
    selftext: 'Il pacco risulta consegnato ma non è arrivato…',
    selftext_html: '<!-- SC_OFF --><div class="md"><p>Il pacco risulta consegnato ma non è arrivato…</p>\n</div><!-- SC_ON -->',
    is_self: true,
    url: 'https://www.reddit.com/r/italy/comments/1ixyz99/acme_spedizioni/',
    permalink: '/r/italy/comments/1ixyz99/acme_spedizioni/',
    author: 'luca_mi',
    author_fullname: 't2_8k2j1',
    created_utc: 1770714902.0,
    created: 1770743702.0,
    edited: 1770715000.5,
    score: 14,
    ups: 14,
    num_comments: 7,
    removed_by_category: null,
  },
};

describe('redditThingToMention', () => {
  it('maps every field of a self post (raw_json=1 shape)', () => {
    expect(redditThingToMention(post, ctx)).toEqual({
      id: mentionId('reddit', 'reddit.com', 't3_1ixyz99'),
      sourceType: 'reddit',
      sourceId: 'src-r',
      sourceKey: 'reddit.com',
      externalId: 't3_1ixyz99',
      url: 'https://www.reddit.com/r/italy/comments/1ixyz99/acme_spedizioni/',
      title: 'Acme spedizioni: qualcuno ha risolto? <3 & grazie',
      content: post.data.selftext_html,
      author: { name: 'luca_mi', handle: 'u/luca_mi', url: 'https://www.reddit.com/user/luca_mi', followers: null },
      publishedAt: '2026-02-10T09:15:02.000Z',
      collectedAt: '2026-02-10T10:00:00.000Z',
      editedAt: '2026-02-10T09:16:40.500Z',
      engagement: { likes: 14, replies: 7 },
      inReplyTo: null,
      sourceLanguage: null,
    });
  });

  it('undoes the entity escaping of a listing read without raw_json=1, titles included', () => {
    const escaped = {
      kind: 't3',
      data: {
        ...post.data,
        title: 'Acme &amp; Co: &lt;3',
        selftext_html: '&lt;!-- SC_OFF --&gt;&lt;div class="md"&gt;&lt;p&gt;a &amp;amp; b&lt;/p&gt;&lt;/div&gt;',
      },
    };
    const m = redditThingToMention(escaped, ctx)!;
    expect(m.title).toBe('Acme & Co: <3');
    expect(m.content).toBe('<!-- SC_OFF --><div class="md"><p>a &amp; b</p></div>');
    expect(unescapeRedditHtml('<div>x</div>')).toEqual({ html: '<div>x</div>', wasEscaped: false });
  });

  it('maps a comment: thread title, parent, score; no reply count', () => {
    const m = redditThingToMention(
      {
        kind: 't1',
        data: {
          id: 'kx1',
          name: 't1_kx1',
          body: 'Anche a me!',
          body_html: '<div class="md"><p>Anche a me!</p>\n</div>',
          link_id: 't3_1ixyz99',
          parent_id: 't1_kx0',
          link_title: 'Acme spedizioni',
          permalink: '/r/italy/comments/1ixyz99/acme_spedizioni/kx1/',
          author: 'marta',
          created_utc: 1770714999,
          edited: false,
          score: -3,
        },
      },
      ctx,
    )!;
    expect(m).toMatchObject({
      externalId: 't1_kx1',
      title: 'Acme spedizioni',
      content: '<div class="md"><p>Anche a me!</p>\n</div>',
      inReplyTo: 't1_kx0',
      editedAt: null,
      engagement: { likes: 0 },
      url: 'https://www.reddit.com/r/italy/comments/1ixyz99/acme_spedizioni/kx1/',
    });
  });

  it('handles the 2016 shape and odd values: no author_fullname, string created_utc, edited true, link post, [deleted] author', () => {
    const m = redditThingToMention(
      {
        kind: 't3',
        data: { id: 'abc', title: 'Link', is_self: false, url: 'https://acme.example/news', selftext: '', selftext_html: null, author: '[deleted]', created_utc: '1451606400', edited: true },
      },
      ctx,
    )!;
    expect(m).toMatchObject({
      externalId: 't3_abc',
      content: 'https://acme.example/news',
      url: 'https://www.reddit.com/comments/abc',
      author: { name: '[deleted]', handle: null, url: null, followers: null },
      publishedAt: '2016-01-01T00:00:00.000Z',
      editedAt: null,
    });
    expect(m.engagement).toBeUndefined();
    const noLink = redditThingToMention({ kind: 't3', data: { id: 'abd', title: 'x', is_self: false, url: 'javascript:alert(1)' } }, ctx)!;
    expect(noLink.content).toBe('');
    expect(noLink.publishedAt).toBe(ctx.collectedAt.toISOString());
  });

  it('skips other kinds and things without an id', () => {
    expect(redditThingToMention({ kind: 't5', data: { id: 'x', name: 't5_x' } }, ctx)).toBeNull();
    expect(redditThingToMention({ kind: 'more', data: {} }, ctx)).toBeNull();
    expect(redditThingToMention({ kind: 't3', data: { title: 'no id' } }, ctx)).toBeNull();
    expect(redditThingToMention({ kind: 't3' }, ctx)).toBeNull();
  });
});

describe('isDeletedThing / createdUtc', () => {
  it('knows a deleted or removed text from a normal one, and a removed link post by its category', () => {
    expect(isDeletedThing('t1', { body: '[deleted]' })).toBe(true);
    expect(isDeletedThing('t1', { body: '[removed]' })).toBe(true);
    expect(isDeletedThing('t1', { body: 'I [deleted] my cache' })).toBe(false);
    expect(isDeletedThing('t3', { selftext: '[removed]' })).toBe(true);
    expect(isDeletedThing('t3', { selftext: '', removed_by_category: 'moderator' })).toBe(true);
    expect(isDeletedThing('t3', { selftext: 'ok', removed_by_category: null })).toBe(false);
    // An author who deleted their account leaves the words: still content.
    expect(isDeletedThing('t3', { selftext: 'ancora qui', author: '[deleted]' })).toBe(false);
  });

  it('reads created_utc only, never the lying created', () => {
    expect(createdUtc({ created_utc: 1770714902.0, created: 1770743702.0 })).toBe(1770714902);
    expect(createdUtc({ created: 1770743702.0 })).toBeNull();
    expect(createdUtc({ created_utc: 'x' })).toBeNull();
  });
});
