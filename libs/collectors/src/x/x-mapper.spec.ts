import type { TopicQueryNode } from '@ascolto/domain';
import { mentionId } from '../mention-id';
import { buildQuery, parseXCursor } from './x-adapter';
import { compareXIds, maxXId } from './x-ids';
import { mapTweet, mapTweets, originalIdOf, usersById } from './x-mapper';
import type { XSearchResponse } from './x-payload';

// Raw JSON text as X sends it: ids above 2^53, emoji as escaped surrogate pairs (correction 39),
// `&amp;` escapes in text, a long post with note_tweet, an edit, a pre-2022 post without edit history.
const RAW = String.raw`{
  "data": [
    {"id":"1889012345678901234","text":"@AcmeIT ancora nessun rimborso \uD83E\uDD28 &amp; niente risposte #acme","edit_history_tweet_ids":["1889012345678901234"],
     "author_id":"1234567890","created_at":"2026-02-10T09:14:00.000Z","conversation_id":"1889012345678901000","in_reply_to_user_id":"987654321",
     "lang":"it","public_metrics":{"retweet_count":2,"reply_count":1,"like_count":4,"quote_count":1,"bookmark_count":0,"impression_count":310},
     "referenced_tweets":[{"type":"replied_to","id":"1889012345678901000"}]},
    {"id":"1889012345678909999","text":"versione corretta","edit_history_tweet_ids":["1889012345678905555","1889012345678909999"],
     "author_id":"55","created_at":"2026-02-10T09:40:00.000Z","lang":"und"},
    {"id":"1889012345678905555","text":"versione vecchia","edit_history_tweet_ids":["1889012345678905555"],"author_id":"55","created_at":"2026-02-10T09:30:00.000Z","lang":"qme"},
    {"id":"1170000000000000000","text":"post del 2019","author_id":"77","created_at":"2019-09-07T10:00:00.000Z","lang":"zxx"},
    {"id":"1889012345678911111","text":"Un post lunghissimo…","note_tweet":{"text":"Un post lunghissimo che continua oltre i 280 caratteri"},"author_id":"404","lang":"en-GB"}
  ],
  "includes":{"users":[
    {"id":"1234567890","name":"Paola","username":"paola_t","verified":false,"public_metrics":{"followers_count":845,"following_count":300,"tweet_count":5200,"listed_count":3,"like_count":9100}},
    {"id":"55","name":"","username":"bad name!"}
  ]},
  "meta":{"newest_id":"1889012345678911111","oldest_id":"1170000000000000000","result_count":5,"next_token":"b26v89c19zqg8o3fpzbkk0"},
  "errors":[{"value":"1","detail":"Could not find user with id: [1].","title":"Not Found Error","resource_type":"user","parameter":"id","resource_id":"1","type":"https://api.twitter.com/2/problems/resource-not-found"}]
}`;

describe('X mapping', () => {
  const body = JSON.parse(RAW) as XSearchResponse;
  const ctx = { sourceId: 'src-x', collectedAt: '2026-02-10T10:00:00.000Z', users: usersById(body.includes?.users) };

  it('maps every field of a post and its author', () => {
    expect(mapTweet(body.data![0], ctx)).toEqual({
      id: mentionId('x', 'x.com', '1889012345678901234'),
      sourceType: 'x',
      sourceId: 'src-x',
      sourceKey: 'x.com',
      externalId: '1889012345678901234',
      url: 'https://x.com/paola_t/status/1889012345678901234',
      title: null,
      content: '@AcmeIT ancora nessun rimborso 🤨 &amp; niente risposte #acme',
      author: { name: 'Paola', handle: '@paola_t', url: 'https://x.com/paola_t', followers: 845 },
      publishedAt: '2026-02-10T09:14:00.000Z',
      collectedAt: ctx.collectedAt,
      editedAt: null,
      engagement: { replies: 1, reposts: 3, likes: 4, views: 310 },
      inReplyTo: '1889012345678901000',
      sourceLanguage: 'it',
    });
  });

  it('keys every version of an edited post on its first id; the newest version wins', () => {
    const edited = mapTweet(body.data![1], ctx)!;
    expect(edited.externalId).toBe('1889012345678905555');
    expect(edited.id).toBe(mentionId('x', 'x.com', '1889012345678905555'));
    expect(edited.editedAt).toBe('2026-02-10T09:40:00.000Z');
    expect(edited.url).toBe('https://x.com/i/web/status/1889012345678909999');
    // A bad username is not used in a URL; an empty name falls back.
    expect(edited.author).toEqual({ name: 'X user 55', handle: null, url: null, followers: null });
    expect(edited.sourceLanguage).toBeNull();

    const all = mapTweets([body.data![2], body.data![1], body.data![0]], ctx);
    expect(all).toHaveLength(2);
    expect(all.find((m) => m.externalId === '1889012345678905555')!.content).toBe('versione corretta');
    // Either order: the larger version id wins.
    expect(mapTweets([body.data![1], body.data![2]], ctx)[0].content).toBe('versione corretta');
  });

  it('reads posts without edit history (pre-2022), long posts, unknown authors and non-language codes', () => {
    const old = mapTweet(body.data![3], ctx)!;
    expect(old.externalId).toBe('1170000000000000000');
    expect(old.editedAt).toBeNull();
    expect(old.sourceLanguage).toBeNull();
    expect(old.engagement).toEqual({});
    const long = mapTweet(body.data![4], ctx)!;
    expect(long.content).toBe('Un post lunghissimo che continua oltre i 280 caratteri');
    expect(long.publishedAt).toBe(ctx.collectedAt);
    expect(long.author).toEqual({ name: 'X user 404', handle: null, url: null, followers: null });
    expect(long.sourceLanguage).toBe('en-gb');
    expect(mapTweet({ text: 'no id' }, ctx)).toBeNull();
    expect(mapTweet({ id: '12a' }, ctx)).toBeNull();
    expect(originalIdOf({ id: '5', edit_history_tweet_ids: ['not-an-id'] })).toBe('5');
  });

  it('compares ids as 64-bit integers, not as JS numbers or strings', () => {
    // As numbers these two are equal (beyond 2^53); as strings "99…" > "100…".
    expect(compareXIds('1889012345678901235', '1889012345678901234')).toBe(1);
    expect(Number('1889012345678901235')).toBe(Number('1889012345678901234'));
    expect(maxXId('999999999999999999', '1000000000000000000')).toBe('1000000000000000000');
    expect(maxXId(null, '5')).toBe('5');
    expect(maxXId('x', undefined)).toBeNull();
  });
});

describe('X query and cursor', () => {
  const word = (value: string): TopicQueryNode => ({ kind: 'word', value, prefix: false });
  const source = (query: TopicQueryNode | null, settings = {}) => ({ source: { id: 's', type: 'x' as const, name: 'x', url: 'http://x', settings, query } });

  it("renders the topic in X's syntax with -is:retweet by default", () => {
    const query: TopicQueryNode = {
      kind: 'and',
      children: [
        { kind: 'or', children: [word('#acme'), word('@AcmeIT'), { kind: 'phrase', words: ['acme', 'fibra'], slop: null }] },
        { kind: 'not', child: word('offerta') },
        { kind: 'lang', language: 'it' },
      ],
    };
    expect(buildQuery(source(query))).toBe('(#acme OR @AcmeIT OR "acme fibra") -offerta lang:it -is:retweet');
    expect(buildQuery(source({ kind: 'or', children: [word('a'), word('b')] }))).toBe('(a OR b) -is:retweet');
    expect(buildQuery(source(word('acme'), { excludeRetweets: false }))).toBe('acme');
    expect(() => buildQuery(source(null))).toThrow(/needs a search query/);
    expect(() => buildQuery(source({ kind: 'and', children: Array.from({ length: 80 }, (_, i) => word(`parola${i}`)) }))).toThrow(/at most 512/);
  });

  it('keeps only well-formed cursors', () => {
    expect(parseXCursor(null)).toEqual({ sinceId: null, walk: null });
    expect(parseXCursor({ sinceId: Number('1889012345678901234') })).toEqual({ sinceId: null, walk: null });
    expect(parseXCursor({ sinceId: '1889012345678901234', walk: { nextToken: 'abc', sinceId: '1', newestId: 'x', query: 'q' } })).toEqual({
      sinceId: '1889012345678901234',
      walk: { nextToken: 'abc', sinceId: '1', startTime: null, newestId: null, query: 'q' },
    });
  });
});
