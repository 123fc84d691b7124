import { mentionId } from '../mention-id';
import { nextPacificMidnight } from './youtube-adapter';
import { parseYouTubeCursor } from './youtube-cursor';
import { decodeHtmlEntities, isoDate, mapCommentThread, mapSearchResult, threadTime } from './youtube-mapper';
import type { YtCommentThread, YtSearchResult } from './youtube-payload';

const ctx = { sourceId: 'src-1', collectedAt: '2026-11-22T10:00:00.000Z' };

// Shaped like the 2024 captures: no fractional seconds, @handles, textOriginal for everyone.
const thread2024: YtCommentThread = {
  kind: 'youtube#commentThread',
  etag: 't1',
  id: 'UgxThread2024AaAaAaAa4AaABAg',
  snippet: {
    channelId: 'UCacme',
    videoId: 'dQw4w9WgXcQ',
    canReply: true,
    totalReplyCount: 2,
    isPublic: true,
    topLevelComment: {
      kind: 'youtube#comment',
      etag: 'c1',
      id: 'UgxThread2024AaAaAaAa4AaABAg',
      snippet: {
        channelId: 'UCacme',
        videoId: 'dQw4w9WgXcQ',
        textDisplay: 'Il prodotto si è rotto dopo una settimana <b>non</b> è HTML qui',
        textOriginal: 'Il prodotto si è rotto dopo una settimana <b>non</b> è HTML qui',
        authorDisplayName: '@anna.v',
        authorProfileImageUrl: 'https://yt3.ggpht.com/anna.jpg',
        authorChannelUrl: 'http://www.youtube.com/@anna.v',
        authorChannelId: { value: 'UCanna' },
        canRate: true,
        viewerRating: 'none',
        likeCount: 3,
        publishedAt: '2026-02-10T09:00:00Z',
        updatedAt: '2026-02-10T09:05:00Z',
      },
    },
  },
  replies: {
    comments: [
      {
        kind: 'youtube#comment',
        id: 'UgxThread2024AaAaAaAa4AaABAg.9zReplyA',
        snippet: {
          parentId: 'UgxThread2024AaAaAaAa4AaABAg',
          textDisplay: 'Ci scriva in privato',
          authorDisplayName: '@acme',
          publishedAt: '2026-02-10T09:30:00Z',
          updatedAt: '2026-02-10T09:30:00Z',
          likeCount: 0,
        },
      },
      // A reply without parentId, snippet fields or author: the id still names the parent.
      { kind: 'youtube#comment', id: 'UgxThread2024AaAaAaAa4AaABAg.9zReplyB', snippet: { textOriginal: 'solo textOriginal', publishedAt: '2026-02-10T09:31:00Z' } },
    ],
  },
};

// Shaped like the 2019 captures: `.000Z`, no snippet.channelId, a free display name.
const thread2019: YtCommentThread = {
  id: 'UgzOld2019',
  snippet: {
    videoId: 'oldVideo123',
    totalReplyCount: 0,
    topLevelComment: {
      id: 'UgzOld2019',
      snippet: {
        videoId: 'oldVideo123',
        textDisplay: 'Bel video',
        textOriginal: 'Bel video',
        authorDisplayName: 'Mario Rossi',
        authorChannelId: { value: 'UCmario' },
        likeCount: 0,
        publishedAt: '2019-05-01T12:00:00.000Z',
        updatedAt: '2019-05-01T12:00:00.000Z',
      },
    },
  },
};

describe('YouTube mapping', () => {
  it('maps a thread with every field, and its replies with their parent', () => {
    const [top, replyA, replyB] = mapCommentThread(thread2024, ctx);
    expect(top).toEqual({
      id: mentionId('youtube', 'youtube.com', 'UgxThread2024AaAaAaAa4AaABAg'),
      sourceType: 'youtube',
      sourceId: 'src-1',
      sourceKey: 'youtube.com',
      externalId: 'UgxThread2024AaAaAaAa4AaABAg',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxThread2024AaAaAaAa4AaABAg',
      title: null,
      content: 'Il prodotto si è rotto dopo una settimana <b>non</b> è HTML qui',
      author: { name: '@anna.v', handle: '@anna.v', url: 'http://www.youtube.com/@anna.v', followers: null },
      publishedAt: '2026-02-10T09:00:00.000Z',
      collectedAt: ctx.collectedAt,
      editedAt: '2026-02-10T09:05:00.000Z',
      engagement: { likes: 3, replies: 2 },
      inReplyTo: null,
      sourceLanguage: null,
    });
    expect(replyA).toMatchObject({
      externalId: 'UgxThread2024AaAaAaAa4AaABAg.9zReplyA',
      inReplyTo: 'UgxThread2024AaAaAaAa4AaABAg',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxThread2024AaAaAaAa4AaABAg.9zReplyA',
      author: { name: '@acme', handle: '@acme', url: null },
      editedAt: null,
      engagement: { likes: 0 },
    });
    expect(replyB).toMatchObject({ content: 'solo textOriginal', inReplyTo: 'UgxThread2024AaAaAaAa4AaABAg', author: { name: 'YouTube user', handle: null } });
  });

  it('reads the 2019 shape: .000Z timestamps, no channelId, a free display name', () => {
    const [top] = mapCommentThread(thread2019, ctx);
    expect(top).toMatchObject({
      publishedAt: '2019-05-01T12:00:00.000Z',
      editedAt: null,
      author: { name: 'Mario Rossi', handle: null, url: 'https://www.youtube.com/channel/UCmario' },
      url: 'https://www.youtube.com/watch?v=oldVideo123&lc=UgzOld2019',
    });
    expect(threadTime(thread2019)).toBe(Date.parse('2019-05-01T12:00:00Z'));
  });

  it('survives empty and hostile payloads', () => {
    expect(mapCommentThread({}, ctx)).toEqual([]);
    expect(mapCommentThread({ id: 'x', snippet: { topLevelComment: { snippet: {} } } }, ctx)[0]).toMatchObject({
      externalId: 'x',
      content: '',
      url: null,
      publishedAt: ctx.collectedAt,
    });
    const evil = mapCommentThread(
      { id: 'e', snippet: { videoId: 'v&x=1', topLevelComment: { id: 'e', snippet: { authorChannelUrl: 'javascript:alert(1)', authorDisplayName: '  ', likeCount: Number.NaN } } } },
      ctx,
    )[0];
    expect(evil.url).toBe('https://www.youtube.com/watch?v=v%26x%3D1&lc=e');
    expect(evil.author).toEqual({ name: 'YouTube user', handle: null, url: null, followers: null });
    expect(evil.engagement).toEqual({});
    expect(threadTime({})).toBeNaN();
  });

  it('decodes entities in search titles (correction 42) and keeps the description as given', () => {
    const result: YtSearchResult = {
      kind: 'youtube#searchResult',
      id: { kind: 'youtube#video', videoId: 'abcDEF12345' },
      snippet: {
        publishedAt: '2026-11-20T08:00:00Z',
        channelId: 'UCreview',
        title: 'Recensione Acme: &quot;non comprate&quot; l&#39;ultimo modello &amp; &#x1F621;',
        description: 'Perch&eacute; &lt;no&gt;',
        channelTitle: 'Tech &amp; Co',
        publishTime: '2026-11-20T08:00:00Z',
      },
    };
    expect(mapSearchResult(result, ctx)).toEqual({
      id: mentionId('youtube', 'youtube.com', 'video:abcDEF12345'),
      sourceType: 'youtube',
      sourceId: 'src-1',
      sourceKey: 'youtube.com',
      externalId: 'video:abcDEF12345',
      url: 'https://www.youtube.com/watch?v=abcDEF12345',
      title: 'Recensione Acme: "non comprate" l\'ultimo modello & 😡',
      content: 'Perch&eacute; &lt;no&gt;',
      author: { name: 'Tech & Co', handle: null, url: 'https://www.youtube.com/channel/UCreview', followers: null },
      publishedAt: '2026-11-20T08:00:00.000Z',
      collectedAt: ctx.collectedAt,
      editedAt: null,
      inReplyTo: null,
      sourceLanguage: null,
    });
    expect(mapSearchResult({ id: { kind: 'youtube#channel', channelId: 'UC1' } }, ctx)).toBeNull();
    expect(decodeHtmlEntities('&#0; &#xD800; &bogus; &amp;amp;')).toBe('&#0; &#xD800; &bogus; &amp;');
  });

  it('normalises both timestamp formats to UTC ISO', () => {
    expect(isoDate('2020-01-01T00:00:00.000Z')).toBe('2020-01-01T00:00:00.000Z');
    expect(isoDate('2024-06-01T10:11:12Z')).toBe('2024-06-01T10:11:12.000Z');
    expect(isoDate('2024-06-01T10:11:12+02:00')).toBe('2024-06-01T08:11:12.000Z');
    expect(isoDate('ieri')).toBeNull();
    expect(isoDate(undefined)).toBeNull();
  });
});

describe('YouTube cursor and quota reset', () => {
  it('treats a malformed stored cursor as a fresh start and keeps a valid one', () => {
    expect(parseYouTubeCursor(null).streams).toEqual({});
    expect(parseYouTubeCursor({ v: 2 }).streams).toEqual({});
    const cursor = parseYouTubeCursor({
      v: 1,
      streams: {
        'channel:UCacme': { newest: '2026-11-20T10:00:00Z', seen: [['a', 1], ['b', 'x'], 'c'], walk: { pageToken: 'tok', until: '2026-11-19T00:00:00Z', newest: null, seen: [] }, polledAt: null },
        'video:bad key!': { newest: null, seen: [] },
        'video:v1': { newest: 'not a date', seen: [] },
      },
      watched: [{ videoId: 'v2', until: '2026-11-25T00:00:00Z' }, { videoId: 5 }],
      unavailable: { v3: { reason: 'commentsDisabled', at: '2026-11-20T00:00:00Z' } },
    });
    expect(Object.keys(cursor.streams)).toEqual(['channel:UCacme']);
    expect(cursor.streams['channel:UCacme'].seen).toEqual([['a', 1]]);
    expect(cursor.streams['channel:UCacme'].walk?.pageToken).toBe('tok');
    expect(cursor.watched).toEqual([{ videoId: 'v2', until: '2026-11-25T00:00:00Z' }]);
    expect(cursor.unavailable.v3.reason).toBe('commentsDisabled');
  });

  it('puts the quota reset at the next midnight Pacific, in winter and in summer', () => {
    // PST (UTC−8): 22 Nov 2026 15:00 UTC is 07:00 in Los Angeles → 23 Nov 00:00 PST = 08:00 UTC.
    expect(nextPacificMidnight(new Date('2026-11-22T15:00:00Z')).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // Just after midnight PST the reset is almost a day away.
    expect(nextPacificMidnight(new Date('2026-11-23T08:00:01Z')).toISOString()).toBe('2026-11-24T08:00:00.000Z');
    // PDT (UTC−7).
    expect(nextPacificMidnight(new Date('2026-07-01T20:00:00Z')).toISOString()).toBe('2026-07-02T07:00:00.000Z');
    // The night DST ends (1 Nov 2026): midnight of 2 Nov is already PST.
    expect(nextPacificMidnight(new Date('2026-11-01T18:00:00Z')).toISOString()).toBe('2026-11-02T08:00:00.000Z');
  });
});
