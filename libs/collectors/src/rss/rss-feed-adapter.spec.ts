import type { RawMention } from '@ascolto/domain';
import { collectRequest } from '../../../testing/src/collectors';
import { LoopbackFeedServer, type FeedItem } from '../../../testing/src/feeds';
import { GuardedHttpClient } from '../http/guarded-http-client';
import { OutboundRequestError, OutboundUrlRefusedError } from '../http/outbound-errors';
import { mentionId } from '../mention-id';
import type { CollectResult, SourceDefinition } from '../source-adapter';
import { SourceRateLimitedError } from '../collector-errors';
import { FeedHttpError, FeedParseError, FeedRateLimitedError } from './feed-errors';
import { MAX_SEEN_IDS, parseRssCursor, type RssCursor } from './rss-cursor';
import { RssFeedAdapter, safeHttpUrl, stripDoctype, withoutPhpbbFooter } from './rss-feed-adapter';

const NOW = new Date('2026-06-15T12:00:00.000Z');

const item = (n: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  guid: `post-${n}`,
  title: `Titolo ${n}`,
  link: `https://social.example/@utente/${n}`,
  description: `<p>Contenuto del post ${n}</p>`,
  author: `Utente ${n} (@utente${n})`,
  pubDate: new Date(Date.UTC(2026, 5, 15, 9, n)),
  ...extra,
});

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected collect to fail');
}

describe('RssFeedAdapter against the loopback feed server', () => {
  const server = new LoopbackFeedServer();
  // Generous: the first request of a run on a busy CI machine can take longer than half a second.
  // The timeout test below has a client of its own.
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 5_000 });
  const adapter = new RssFeedAdapter(http);
  let counter = 0;
  let path: string;
  const source = (p = path): SourceDefinition => ({ id: 'src-1', type: 'rss', name: 'Feed di prova', url: server.url(p), settings: {}, query: null });
  const collect = (cursor: unknown = null, p = path) => adapter.collect(collectRequest(source(p), { cursor, now: NOW }));

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await http.close();
    await server.stop();
  });
  beforeEach(() => {
    path = `/feeds/${++counter}.rss`;
  });

  it('maps every item of an RSS 2.0 feed on the first poll', async () => {
    server.setItems(path, [item(1), item(2)]);
    const result = await collect();
    expect(result.notModified).toBe(false);
    expect(result.fetched).toBe(2);
    expect(result.items).toHaveLength(2);
    const newest = result.items[0];
    const expected: RawMention = {
      id: mentionId('rss', server.url(path), 'post-2'),
      sourceType: 'rss',
      sourceId: 'src-1',
      sourceKey: server.url(path),
      externalId: 'post-2',
      url: 'https://social.example/@utente/2',
      title: 'Titolo 2',
      content: '<p>Contenuto del post 2</p>',
      author: { name: 'Utente 2 (@utente2)', handle: null, url: null },
      publishedAt: '2026-06-15T09:02:00.000Z',
      collectedAt: NOW.toISOString(),
    };
    expect(newest).toEqual(expected);
    const cursor = result.nextCursor as RssCursor;
    expect(cursor.etag).toMatch(/^".+"$/);
    expect(cursor.lastModified).toMatch(/GMT$/);
    expect(cursor.seenIds).toEqual(['post-2', 'post-1']);
    expect(cursor.newestPublishedAt).toBe('2026-06-15T09:02:00.000Z');
  });

  it('sends the validators and returns notModified with the cursor unchanged on 304', async () => {
    server.setItems(path, [item(1)]);
    const first = await collect();
    const second = await collect(first.nextCursor);
    expect(second).toEqual<CollectResult>({ items: [], nextCursor: first.nextCursor, notModified: true, fetched: 0 });
    const sent = server.requestsFor(path).at(-1)!.headers;
    expect(sent['if-none-match']).toBe((first.nextCursor as RssCursor).etag);
    expect(sent['if-modified-since']).toBe((first.nextCursor as RssCursor).lastModified);
  });

  it('honours Last-Modified alone when the server has no ETag match', async () => {
    server.setItems(path, [item(1)]);
    const first = (await collect()).nextCursor as RssCursor;
    const result = await collect({ ...first, etag: null });
    expect(result.notModified).toBe(true);
  });

  it('returns only new items on the next poll, and remembers all ids', async () => {
    server.setItems(path, [item(1), item(2)]);
    const first = await collect();
    server.addItem(path, item(3));
    const second = await collect(first.nextCursor);
    expect(second.notModified).toBe(false);
    expect(second.fetched).toBe(3);
    expect(second.items.map((i) => i.externalId)).toEqual(['post-3']);
    expect((second.nextCursor as RssCursor).seenIds).toEqual(['post-3', 'post-2', 'post-1']);
    // Same ids on a repeated delivery: a crash before the cursor is stored only repeats the batch.
    const replay = await collect(first.nextCursor);
    expect(replay.items[0].id).toBe(second.items[0].id);
  });

  it('warns of a possible gap when every item is new to a cursor that has seen others', async () => {
    server.setItems(path, [item(1)]);
    const first = await collect();
    expect(first.incomplete).toBeUndefined();
    server.setItems(path, [item(2), item(3)]);
    const second = await collect(first.nextCursor);
    expect(second.items).toHaveLength(2);
    expect(second.incomplete?.reason).toMatch(/possible gap: all 2 items .* are new/);
    server.addItem(path, item(4));
    expect((await collect(second.nextCursor)).incomplete).toBeUndefined();
  });

  it('never stores anything itself: collecting twice with the same cursor gives the same result', async () => {
    server.setItems(path, [item(1)]);
    const a = await collect(null);
    const b = await collect(null);
    expect(b.items).toEqual(a.items);
  });

  it('reads Atom feeds', async () => {
    const atomPath = `/feeds/${counter}.atom`;
    server.setItems(atomPath, [item(7, { guid: 'tag:social.example,2026:7' })]);
    const result = await collect(null, atomPath);
    expect(server.requestsFor(atomPath)[0]).toBeDefined();
    expect(result.items).toHaveLength(1);
    expect(result.items[0]).toMatchObject({
      externalId: 'tag:social.example,2026:7',
      url: 'https://social.example/@utente/7',
      title: 'Titolo 7',
      content: '<p>Contenuto del post 7</p>',
      author: { name: 'Utente 7 (@utente7)', handle: null, url: null },
      publishedAt: '2026-06-15T09:07:00.000Z',
    });
  });

  it('keeps hostile HTML in content exactly as given (it is untrusted text for later stages)', async () => {
    const hostile = 'Ciao <script>alert(1)</script><img src=x onerror=alert(1)> fine';
    server.setItems(path, [item(1, { description: hostile, author: '<img src=x onerror=alert(1)>' })]);
    const [mention] = (await collect()).items;
    expect(mention.content).toBe(hostile);
    expect(mention.author.name).toBe('<img src=x onerror=alert(1)>');
  });

  it('takes the author as written, but never an e-mail address', async () => {
    const body = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
      <item><guid>1</guid><title>a</title><description>a</description><dc:creator>@mario_r Mario Rossi</dc:creator></item>
      <item><guid>2</guid><title>b</title><description>b</description><author>anna@mail.example (Anna Verdi)</author></item>
      <item><guid>3</guid><title>c</title><description>c</description><author>solo@mail.example</author></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body });
    const names = (await collect()).items.map((i) => i.author.name);
    expect(names).toEqual(['@mario_r Mario Rossi', 'Anna Verdi', 'T']);
  });

  it('falls back to the feed title for the author and to now for a missing date', async () => {
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Forum Vela</title>
      <item><guid>x1</guid><title>Senza data</title><link>https://forum.example/t/1</link><description>ciao</description></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body, headers: { 'content-type': 'application/rss+xml' } });
    const [mention] = (await collect()).items;
    expect(mention.author.name).toBe('Forum Vela');
    expect(mention.publishedAt).toBe(NOW.toISOString());
  });

  it('derives ids from the link, else from a hash, and drops non-http links', async () => {
    const body = `<rss version="2.0"><channel><title>T</title>
      <item><title>No guid</title><link>https://news.example/a</link><description>a</description></item>
      <item><title>Nothing</title><description>b</description><pubDate>Mon, 15 Jun 2026 08:00:00 GMT</pubDate></item>
      <item><guid>js</guid><title>Bad link</title><link>javascript:alert(1)</link><description>c</description></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body });
    const { items } = await collect();
    expect(items[0].externalId).toBe('https://news.example/a');
    expect(items[1].externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(items[2].url).toBeNull();
    // The hash is stable across polls.
    expect((await collect()).items[1].externalId).toBe(items[1].externalId);
  });

  it('keeps both posts that reuse one guid, and drops a true repeat (correction 64)', async () => {
    const body = `<rss version="2.0"><channel><title>T</title>
      <item><guid>dup</guid><title>one</title><link>https://forum.example/t/1</link><description>1</description></item>
      <item><guid>dup</guid><title>two</title><link>https://forum.example/t/2</link><description>2</description></item>
      <item><guid>dup</guid><title>one</title><link>https://forum.example/t/1</link><description>1 again</description></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body });
    const result = await collect();
    expect(result.fetched).toBe(3);
    expect(result.items.map((i) => i.title)).toEqual(['one', 'two']);
    expect(result.items[0].externalId).toBe('dup');
    expect(result.items[1].externalId).toMatch(/^dup#[0-9a-f]{12}$/);
    // Next poll: both known, nothing again.
    expect((await collect(result.nextCursor)).items).toEqual([]);
  });

  it('reads RSS 1.0 (RDF)', async () => {
    const body = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://forum.example/"><title>Forum</title><link>https://forum.example/</link><description>d</description></channel>
      <item rdf:about="https://forum.example/t/9"><title>Linea giù</title><link>https://forum.example/t/9</link><description>da ieri</description><dc:date>2026-06-15T08:30:00Z</dc:date><dc:creator>Bob</dc:creator></item>
    </rdf:RDF>`;
    server.setFault(path, { status: 200, body });
    const [mention] = (await collect()).items;
    expect(mention).toMatchObject({ externalId: 'https://forum.example/t/9', author: { name: 'Bob' }, publishedAt: '2026-06-15T08:30:00.000Z' });
  });

  it('unwraps Google Alerts redirect links', async () => {
    const body = `<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:google.com,2005:reader/user/1/state/com.google/alerts/2</id><title>Google Alert - "Vela Mobile"</title>
      <entry><id>tag:google.com,2013:googlealerts/feed:123</id><title type="html">&lt;b&gt;Vela Mobile&lt;/b&gt; lancia la fibra</title>
      <link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example.it/vela-fibra&amp;ct=ga&amp;cd=CAIy&amp;usg=AOv"/>
      <published>2026-06-15T08:55:00Z</published><updated>2026-06-15T08:55:00Z</updated>
      <content type="html">La società &lt;b&gt;Vela Mobile&lt;/b&gt; ha annunciato&amp;nbsp;...</content><author><name/></author></entry></feed>`;
    server.setFault(path, { status: 200, body, headers: { 'content-type': 'application/atom+xml' } });
    const [mention] = (await collect()).items;
    expect(mention.url).toBe('https://news.example.it/vela-fibra');
    expect(mention.externalId).toBe('tag:google.com,2013:googlealerts/feed:123');
    expect(mention.author.name).toBe('Google Alert - "Vela Mobile"');
  });

  it('ignores a DTD instead of expanding its entities', async () => {
    const body = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <rss version="2.0"><channel><title>T</title><item><guid>e</guid><title>&c;</title><description>x</description></item></channel></rss>`;
    server.setFault(path, { status: 200, body });
    const [mention] = (await collect()).items;
    expect((mention.title ?? '').length).toBeLessThan(20);
  });

  it('treats a garbage cursor as no cursor', async () => {
    server.setItems(path, [item(1)]);
    for (const garbage of [42, 'x', [], { etag: 5 }, { seenIds: 'nope' }, { etag: null, lastModified: null, seenIds: [1], newestPublishedAt: null }]) {
      const result = await collect(garbage);
      expect(result.items).toHaveLength(1);
    }
    expect(server.requestsFor(path).every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });

  it('bounds seenIds to the newest 5,000', async () => {
    server.setItems(path, [item(1)]);
    const old = Array.from({ length: MAX_SEEN_IDS }, (_, i) => `old-${i}`);
    const result = await collect({ etag: null, lastModified: null, seenIds: old, newestPublishedAt: null });
    const seen = (result.nextCursor as RssCursor).seenIds;
    expect(seen).toHaveLength(MAX_SEEN_IDS);
    expect(seen[0]).toBe('post-1');
    expect(seen.at(-1)).toBe(`old-${MAX_SEEN_IDS - 2}`);
  });

  describe('failures', () => {
    it('throws FeedParseError when the body is not a feed', async () => {
      server.setItems(path, [item(1)]);
      server.setFault(path, { notAFeed: true });
      const err = await errorOf(collect());
      expect(err).toBeInstanceOf(FeedParseError);
      expect(err.message).toContain('not an RSS or Atom feed');
    });

    it.each([
      ['an empty body', ''],
      ['JSON', '{"items":[]}'],
      ['XML that is not a feed', '<?xml version="1.0"?><html><body>no</body></html>'],
    ])('throws FeedParseError for %s', async (_what, body) => {
      server.setFault(path, { status: 200, body });
      expect(await errorOf(collect())).toBeInstanceOf(FeedParseError);
    });

    it('throws FeedHttpError with the status for 404', async () => {
      const err = await errorOf(collect(null, '/does-not-exist.rss'));
      expect(err).toBeInstanceOf(FeedHttpError);
      expect((err as FeedHttpError).status).toBe(404);
      expect(err.message).toContain('404');
    });

    it('throws FeedHttpError for 500 and reads Retry-After on 503', async () => {
      server.setFault(path, { status: 500, body: 'Internal Server Error' });
      const err500 = await errorOf(collect());
      expect(err500).toBeInstanceOf(FeedHttpError);
      expect((err500 as FeedHttpError).status).toBe(500);
      expect(err500.message).toContain('500');
      server.setFault(path, { status: 503, body: 'busy', headers: { 'retry-after': '90' } });
      const err503 = (await errorOf(collect())) as FeedRateLimitedError;
      expect(err503.retryAfterSeconds).toBe(90);
      // With Retry-After the host asked for a pause: the worker holds the source until then.
      expect(err503).toBeInstanceOf(SourceRateLimitedError);
      expect(err503.resumeAt.toISOString()).toBe(new Date(NOW.getTime() + 90_000).toISOString());
      server.setFault(path, { status: 429, body: 'slow down', headers: { 'retry-after': 'Mon, 15 Jun 2026 12:30:00 GMT' } });
      expect(((await errorOf(collect())) as FeedRateLimitedError).retryAfterSeconds).toBe(1_800);
      server.setFault(path, { status: 429, body: 'slow down' });
      expect(await errorOf(collect())).toBeInstanceOf(FeedHttpError);
    });

    it('propagates the client timeout', async () => {
      server.setItems(path, [item(1)]);
      server.setFault(path, { delayMs: 2_000 });
      const impatient = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 300 });
      try {
        const err = await errorOf(new RssFeedAdapter(impatient).collect(collectRequest(source(), { cursor: null, now: NOW })));
        expect(err).toBeInstanceOf(OutboundRequestError);
        expect((err as OutboundRequestError).kind).toBe('timeout');
      } finally {
        await impatient.close();
      }
    });

    it('propagates a redirect loop', async () => {
      server.setFault(path, { redirectLoop: true });
      const err = await errorOf(collect());
      expect((err as OutboundRequestError).kind).toBe('too_many_redirects');
    });

    it('propagates a refused URL without contacting it', async () => {
      const strict = new RssFeedAdapter(new GuardedHttpClient());
      const before = server.requests.length;
      const err = await errorOf(strict.collect(collectRequest(source(), { now: NOW })));
      expect(err).toBeInstanceOf(OutboundUrlRefusedError);
      expect(server.requests.length).toBe(before);
    });
  });
});

describe('RssFeedAdapter on feeds in the wild (Google Alerts, phpBB, vBulletin; corrections 63-67)', () => {
  const server = new LoopbackFeedServer();
  const http = new GuardedHttpClient({ allowList: ['127.0.0.1/32'], timeoutMs: 1_000 });
  const adapter = new RssFeedAdapter(http);
  let counter = 0;
  let path: string;
  const collect = (cursor: unknown = null, p = path) =>
    adapter.collect(collectRequest({ id: 'src-w', type: 'rss', name: 'Feed', url: server.url(p), settings: {}, query: null }, { cursor, now: NOW }));
  const post = (n: number, extra: Partial<FeedItem> = {}): FeedItem => ({
    guid: `https://forum.example.it/viewtopic.php?p=${n}#p${n}`,
    title: `Fattura doppia ${n}`,
    link: `https://forum.example.it/viewtopic.php?p=${n}#p${n}`,
    description: `<p>Mi hanno addebitato due volte, messaggio ${n}</p>`,
    author: `utente${n}`,
    pubDate: new Date(Date.UTC(2026, 5, 15, 9, n)),
    ...extra,
  });

  beforeAll(() => server.start());
  afterAll(async () => {
    await http.close();
    await server.stop();
  });
  beforeEach(() => {
    path = `/wild/${++counter}`;
  });

  it('Google Alerts: real article link, title without <b>, snippet kept as HTML', async () => {
    server.setItems(path, [post(1, { title: 'Vela Mobile richiama i router', link: 'https://news.example.it/vela?utm_source=x&id=3', description: 'La società Vela Mobile ha avviato' })], {
      format: 'google-alerts',
      title: 'Vela Mobile',
    });
    const [mention] = (await collect()).items;
    expect(mention.url).toBe('https://news.example.it/vela?id=3');
    expect(mention.title).toBe('Vela Mobile richiama i router');
    expect(mention.content).toContain('<b>Vela Mobile</b>');
    expect(mention.externalId).toMatch(/^tag:google\.com,2013:googlealerts\/feed:\d+$/);
    expect(mention.author.name).toBe('Google Alert - Vela Mobile');
    expect(mention.publishedAt).toBe('2026-06-15T09:01:00.000Z');
  });

  it('phpBB: a PHP error after </feed>, CDATA, the statistics footer stripped, Italian dates', async () => {
    server.setItems(path, [post(1, { pubDateText: 'mer, 16 nov 2022 10:00:00 +0100' }), post(2)], {
      format: 'phpbb',
      title: 'Forum Vela',
      trailer: '\n<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted in <b>/var/www/forum/phpbb/feed/controller/feed.php</b> on line 321<br />\n',
    });
    const result = await collect();
    expect(result.incomplete).toBeUndefined();
    expect(result.items.map((i) => i.title)).toEqual(['Assistenza clienti • Fattura doppia 2', 'Assistenza clienti • Fattura doppia 1']);
    const one = result.items[1];
    expect(one.content.trim()).toBe('<p>Mi hanno addebitato due volte, messaggio 1</p>');
    expect(one.author.name).toBe('utente1');
    expect(one.publishedAt).toBe('2022-11-16T09:00:00.000Z');
    expect(one.url).toBe('https://forum.example.it/viewtopic.php?p=1#p1');
  });

  it('vBulletin: ISO-8859-1 declared, Windows-1252 bytes decoded right', async () => {
    server.setItems(path, [post(1, { title: 'Costo “nascosto” di 5 €', description: 'L’assistenza non risponde — perché?', author: 'Márta' })], { format: 'vbulletin', title: 'Forum Vela' });
    const [mention] = (await collect()).items;
    expect(mention.title).toBe('Costo “nascosto” di 5 €');
    expect(mention.content).toContain('L’assistenza non risponde — perché?');
    expect(mention.author.name).toBe('Márta');
  });

  it.each([
    ['a BOM and whitespace', '\uFEFF\n\n  '],
    ['a PHP warning', '<br />\n<b>Warning</b>:  Cannot modify header information - headers already sent in <b>/var/www/feed.php</b> on line 8<br />\n'],
  ])('reads a feed with %s before <?xml', async (_what, preamble) => {
    server.setItems(path, [post(1)], { preamble });
    expect((await collect()).items).toHaveLength(1);
  });

  it('takes every whole item of a truncated document, says so, and reads the rest once it is whole', async () => {
    server.setItems(path, [post(1), post(2), post(3)]);
    const whole = (await (await fetch(server.url(path))).text()) as string;
    const cut = whole.slice(0, whole.lastIndexOf('<item>') + 40);
    server.setFault(path, { status: 200, body: cut, headers: { 'content-type': 'application/rss+xml', etag: '"cut"' } });
    const partial = await collect();
    expect(partial.items.map((i) => i.title)).toEqual(['Fattura doppia 3', 'Fattura doppia 2']);
    expect(partial.incomplete?.reason).toMatch(/is cut off after its 2nd item; 2 items were taken/);
    expect((partial.nextCursor as RssCursor).etag).toBeNull();
    server.setFault(path, null);
    const rest = await collect(partial.nextCursor);
    expect(rest.items.map((i) => i.title)).toEqual(['Fattura doppia 1']);
    expect(rest.incomplete).toBeUndefined();
  });

  it('takes what parses of a document broken in the middle and reports the items it lost', async () => {
    const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><guid>a</guid><title>a</title><description>ok</description></item>
      <item><guid>b</guid><title>b & c <broken</title><description>x</description></item>
      <item><guid>d</guid><title>d</title><description>ok</description></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body });
    const result = await collect();
    expect(result.items.map((i) => i.externalId)).toEqual(['a', 'b']);
    expect(result.incomplete?.reason).toMatch(/is damaged: 1 of its 3 items could not be read/);
  });

  it('keys items without ids on the resolved link, else title + date, else content (correction 63, 67)', async () => {
    const body = `<?xml version="1.0"?><rss version="2.0" xml:base="https://forum.example.it/board/"><channel><title>T</title>
      <item><title>Relativo</title><link>viewtopic.php?t=9</link><description>a<item/></description></item>
      <item><title><![CDATA[<b>Solo</b> titolo &amp; data]]></title><pubDate>Seg, 24 Set 2018 14:33:00 -0300</pubDate><description>b</description></item>
      <item><description>solo contenuto</description></item>
    </channel></rss>`;
    server.setFault(path, { status: 200, body });
    const { items } = await collect();
    expect(items[0]).toMatchObject({ externalId: 'https://forum.example.it/board/viewtopic.php?t=9', url: 'https://forum.example.it/board/viewtopic.php?t=9' });
    expect(items[1]).toMatchObject({ title: 'Solo titolo & data', publishedAt: '2018-09-24T17:33:00.000Z', externalId: expect.stringMatching(/^sha256:/) });
    expect(items[2]).toMatchObject({ title: null, publishedAt: NOW.toISOString(), externalId: expect.stringMatching(/^sha256:/) });
    // Stable across polls: the same document gives the same keys.
    expect((await collect()).items.map((i) => i.externalId)).toEqual(items.map((i) => i.externalId));
  });

  it('resolves relative links against the feed URL when there is no xml:base', async () => {
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>x1</id><title>r</title><link href="/t/9"/><updated>2026-06-15T08:00:00Z</updated></entry></feed>`;
    server.setFault(path, { status: 200, body });
    const [mention] = (await collect()).items;
    expect(mention.url).toBe(`${server.baseUrl}/t/9`);
  });

  it('never lets a reused guid overwrite a different post delivered earlier', async () => {
    server.setItems(path, [post(1, { guid: 'topic-5' })]);
    const first = await collect();
    server.setItems(path, [post(2, { guid: 'topic-5' }), post(1, { guid: 'topic-5' })]);
    const second = await collect(first.nextCursor);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].title).toBe('Fattura doppia 2');
    expect(second.items[0].externalId).not.toBe('topic-5');
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await collect(second.nextCursor)).items).toEqual([]);
  });

  it('reads odd and local dates, and uses the fetch time for none, garbage or the far future', async () => {
    server.setItems(path, [
      post(1, { pubDateText: '2020/1/10 14:33' }),
      post(2, { pubDateText: 'gio, 17 mag 2022 10:00:00 +0200' }),
      post(3, { pubDateText: 'ieri sera' }),
      post(4, { pubDateText: 'Mon, 15 Jun 2099 08:00:00 GMT' }),
    ]);
    const byTitle = new Map((await collect()).items.map((i) => [i.title, i.publishedAt]));
    expect(byTitle.get('Fattura doppia 1')).toBe('2020-01-10T14:33:00.000Z');
    expect(byTitle.get('Fattura doppia 2')).toBe('2022-05-17T08:00:00.000Z');
    expect(byTitle.get('Fattura doppia 3')).toBe(NOW.toISOString());
    expect(byTitle.get('Fattura doppia 4')).toBe(NOW.toISOString());
  });

  it('still refuses an HTML page and an empty body', async () => {
    server.setFault(path, { notAFeed: true });
    await expect(collect()).rejects.toThrow(FeedParseError);
    server.setFault(path, { status: 200, body: '   ' });
    await expect(collect()).rejects.toThrow(FeedParseError);
  });
});

describe('withoutPhpbbFooter', () => {
  it('strips the statistics paragraph in any language, and nothing else', () => {
    expect(withoutPhpbbFooter('<p>testo</p><p>Statistics: Posted by <a href="./memberlist.php?mode=viewprofile&amp;u=2">bob</a> — Mon Jan 01, 2024 10:00 am</p><hr />')).toBe('<p>testo</p>');
    expect(withoutPhpbbFooter('testo<hr /><p>Statistiche: Inviato da <a href="./memberlist.php?u=2">bob</a></p>\n')).toBe('testo');
    expect(withoutPhpbbFooter('<p>Nota: questo è il mio messaggio</p>')).toBe('<p>Nota: questo è il mio messaggio</p>');
  });
});

describe('RSS helpers', () => {
  it('safeHttpUrl keeps http(s), drops other schemes and unwraps Google redirects', () => {
    expect(safeHttpUrl('https://a.example/x')).toBe('https://a.example/x');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl('/t/9', 'https://forum.example/latest.rss')).toBe('https://forum.example/t/9');
    expect(safeHttpUrl('javascript:alert(1)', 'https://forum.example/')).toBeNull();
    expect(safeHttpUrl(null)).toBeNull();
    expect(safeHttpUrl('https://www.google.com/url?rct=j&url=https://n.example/a&ct=ga')).toBe('https://n.example/a');
    expect(safeHttpUrl('https://www.google.com/url?url=javascript:alert(1)')).toBe('https://www.google.com/url?url=javascript:alert(1)');
  });

  it('stripDoctype removes a DTD with an internal subset and leaves other documents alone', () => {
    expect(stripDoctype('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "x>y">]><rss/>')).toBe('<?xml version="1.0"?><rss/>');
    expect(stripDoctype('<!DOCTYPE html><p>')).toBe('<p>');
    expect(stripDoctype('<rss/>')).toBe('<rss/>');
    expect(stripDoctype('<!DOCTYPE unterminated [')).toBe('');
  });

  it('parseRssCursor accepts a valid cursor and rejects malformed ones', () => {
    const valid = { etag: '"a"', lastModified: 'Mon, 15 Jun 2026 08:00:00 GMT', seenIds: ['a'], newestPublishedAt: '2026-06-15T08:00:00.000Z' };
    expect(parseRssCursor(valid)).toEqual(valid);
    expect(parseRssCursor(null)).toBeNull();
    expect(parseRssCursor({ ...valid, newestPublishedAt: 'yesterday-ish' })).toBeNull();
    expect(parseRssCursor({ ...valid, seenIds: [''] })).toBeNull();
  });
});
