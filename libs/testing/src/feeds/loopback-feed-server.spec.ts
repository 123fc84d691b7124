import { parseFeed } from '@rowanmanning/feed-parser';
import { request } from 'node:http';
import { LoopbackFeedServer, type FeedItem } from './loopback-feed-server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const item = (n: number, extra: Partial<FeedItem> = {}): FeedItem => ({
  guid: `g-${n}`,
  title: `Titolo ${n} & co`,
  link: `https://social.example/p/${n}`,
  description: `<p>Testo <b>${n}</b></p>`,
  author: `Autore ${n}`,
  pubDate: new Date(Date.UTC(2026, 5, 15, 9, n)),
  ...extra,
});

describe('LoopbackFeedServer', () => {
  const server = new LoopbackFeedServer();
  let base: string;

  beforeAll(async () => {
    base = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('listens on 127.0.0.1 on a free port', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url('x.rss')).toBe(`${base}/x.rss`);
  });

  it('serves RSS 2.0 that a real parser reads back, newest first, HTML escaped', async () => {
    server.setItems('/a.rss', [item(1), item(2)]);
    const reply = await get(`${base}/a.rss`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('application/rss+xml');
    expect(reply.body).toContain('&lt;p&gt;Testo');
    const feed = parseFeed(reply.body);
    expect(feed.meta.type).toBe('rss');
    expect(feed.items.map((i) => i.id)).toEqual(['g-2', 'g-1']);
    expect(feed.items[0].title).toBe('Titolo 2 & co');
    expect(feed.items[0].description).toBe('<p>Testo <b>2</b></p>');
    expect(feed.items[0].published?.toISOString()).toBe('2026-06-15T09:02:00.000Z');
  });

  it('serves Atom for .atom paths (or when told)', async () => {
    server.setItems('/b.atom', [item(3)]);
    server.setItems('/c', [item(4)], { format: 'atom' });
    for (const path of ['/b.atom', '/c']) {
      const feed = parseFeed((await get(`${base}${path}`)).body);
      expect(feed.meta.type).toBe('atom');
      expect(feed.items[0].content).toMatch(/^<p>Testo <b>\d<\/b><\/p>$/);
      expect(feed.items[0].authors[0].name).toMatch(/^Autore \d$/);
    }
  });

  it('answers 304 to a matching If-None-Match or a fresh If-Modified-Since, and 200 after a change', async () => {
    server.setItems('/d.rss', [item(1)]);
    const first = await get(`${base}/d.rss`);
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect((await get(`${base}/d.rss`, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(`${base}/d.rss`, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(`${base}/d.rss`, { 'if-none-match': '"other"' })).status).toBe(200);
    server.addItem('/d.rss', item(2));
    expect((await get(`${base}/d.rss`, { 'if-none-match': etag })).status).toBe(200);
  });

  it('records requests with path and headers', async () => {
    server.setItems('/e.rss', []);
    await get(`${base}/e.rss?x=1`, { 'user-agent': 'probe' });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/e.rss', url: '/e.rss?x=1' });
    expect(server.requests[0].headers['user-agent']).toBe('probe');
    expect(server.requestsFor('/e.rss')).toHaveLength(1);
  });

  it('answers 404 for unknown paths', async () => {
    expect((await get(`${base}/nope`)).status).toBe(404);
  });

  it('fails on request: status, body, not-a-feed, redirect loop, delay', async () => {
    server.setItems('/f.rss', [item(1)]);
    server.setFault('/f.rss', { status: 500 });
    expect((await get(`${base}/f.rss`)).status).toBe(500);
    server.setFault('/f.rss', { notAFeed: true });
    const html = await get(`${base}/f.rss`);
    expect(html.status).toBe(200);
    expect(html.body).toContain('<html>');
    server.setFault('/f.rss', { redirectLoop: true });
    const hop = await get(`${base}/f.rss`);
    expect(hop.status).toBe(302);
    expect(hop.headers.location).toBe('/f.rss?hop=1');
    expect((await get(`${base}${hop.headers.location}`)).headers.location).toBe('/f.rss?hop=2');
    server.setFault('/f.rss', { delayMs: 150 });
    const started = Date.now();
    expect((await get(`${base}/f.rss`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    server.setFault('/f.rss', null);
    expect((await get(`${base}/f.rss`)).body).toContain('<rss');
  });

  it('keeps a sliding window of items', async () => {
    const small = new LoopbackFeedServer({ windowSize: 3 });
    try {
      await small.start();
      for (let n = 1; n <= 5; n++) small.addItem('/w.rss', item(n));
      expect(small.items('/w.rss').map((i) => i.guid)).toEqual(['g-5', 'g-4', 'g-3']);
    } finally {
      await small.stop();
    }
  });

  it('stops cleanly with a delayed response pending', async () => {
    const other = new LoopbackFeedServer();
    const url = await other.start();
    other.setItems('/slow.rss', [item(1)]);
    other.setFault('/slow.rss', { delayMs: 10_000 });
    const pending = get(`${url}/slow.rss`).catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 50));
    await other.stop();
    // node:http errors come from outside Jest's realm, so instanceof Error does not hold.
    expect(await pending).toMatchObject({ code: 'ECONNRESET' });
  });

  describe('feeds in the wild', () => {
    function getRaw(url: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
      return new Promise((resolve, reject) => {
        request(url, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      });
    }

    it('serves Google Alerts Atom: redirect links, <b> around the term, empty author', async () => {
      server.setItems('/alerts/1', [item(1, { title: 'Vela Mobile lancia la fibra', description: 'Vela Mobile ha annunciato' })], { format: 'google-alerts', title: 'Vela Mobile' });
      const reply = await get(`${base}/alerts/1`);
      expect(reply.body).toContain('<title>Google Alert - Vela Mobile</title>');
      expect(reply.body).toContain('&lt;b&gt;Vela Mobile&lt;/b&gt; lancia la fibra');
      expect(reply.body).toContain('&amp;nbsp;...');
      expect(reply.body).toContain('<author><name></name></author>');
      const feed = parseFeed(reply.body);
      expect(feed.items[0].url).toMatch(/^https:\/\/www\.google\.com\/url\?rct=j&sa=t&url=https%3A%2F%2Fsocial\.example%2Fp%2F1&ct=ga/);
      expect(feed.items[0].id).toMatch(/^tag:google\.com,2013:googlealerts\/feed:\d+$/);
    });

    it('serves phpBB Atom with CDATA, the statistics footer and a trailing PHP error', async () => {
      server.setItems('/phpbb/feed', [item(2, { forum: 'Fibra' })], { format: 'phpbb', title: 'Forum Vela', trailer: '<b>Fatal error</b>: boom' });
      const reply = await get(`${base}/phpbb/feed`);
      expect(reply.body).toContain('<title type="html"><![CDATA[Fibra • Titolo 2 & co]]></title>');
      expect(reply.body).toContain('<p>Statistiche: Inviato da');
      expect(reply.body.trimEnd().endsWith('</feed><b>Fatal error</b>: boom')).toBe(true);
    });

    it('serves vBulletin RSS declared ISO-8859-1 in Windows-1252 bytes', async () => {
      server.setItems('/vb/external.php', [item(3, { title: 'Costo “nascosto” di 5 € — ☎' })], { format: 'vbulletin', title: 'Forum' });
      const reply = await getRaw(`${base}/vb/external.php`);
      expect(reply.headers['content-type']).toBe('text/xml; charset=ISO-8859-1');
      expect(reply.body.toString('latin1')).toContain('<?xml version="1.0" encoding="ISO-8859-1"?>');
      const title = reply.body.subarray(reply.body.indexOf('Costo'), reply.body.indexOf('Costo') + 40);
      expect([...title.subarray(6, 7)]).toEqual([0x93]); // “ is 0x93 in Windows-1252
      expect(new TextDecoder('windows-1252').decode(reply.body)).toContain('Costo “nascosto” di 5 € — &#9742;');
    });

    it('writes pubDateText, a preamble and xml:base as asked', async () => {
      server.setItems('/odd.rss', [item(4, { pubDateText: 'mer, 16 nov 2022 10:00:00 +0100' })], { preamble: '\uFEFF  \n', xmlBase: 'https://forum.example.it/' });
      const reply = await get(`${base}/odd.rss`);
      expect(reply.body.startsWith('\uFEFF  \n<?xml')).toBe(true);
      expect(reply.body).toContain('<pubDate>mer, 16 nov 2022 10:00:00 +0100</pubDate>');
      expect(reply.body).toContain('xml:base="https://forum.example.it/"');
    });
  });
});
