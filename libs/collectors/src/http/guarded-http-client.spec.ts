import * as net from 'node:net';
import { gzipSync } from 'node:zlib';
import { LoopbackFeedServer } from '../../../testing/src/feeds';
import { GuardedHttpClient } from './guarded-http-client';
import { OutboundRequestError, OutboundUrlRefusedError } from './outbound-errors';

const LOOPBACK = ['127.0.0.1/32'];

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the request to fail');
}

const item = (n: number) => ({
  guid: `g-${n}`,
  title: `Post ${n}`,
  link: `https://social.example/p/${n}`,
  description: `Testo ${n}`,
  pubDate: new Date(Date.UTC(2026, 5, 1, 10, n)),
});

describe('GuardedHttpClient', () => {
  const server = new LoopbackFeedServer();
  let base: string;
  let port: string;
  const clients: GuardedHttpClient[] = [];
  const client = (options: ConstructorParameters<typeof GuardedHttpClient>[0] = {}) => {
    const c = new GuardedHttpClient(options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    base = await server.start();
    port = new URL(base).port;
    server.setItems('/feed.xml', [item(1), item(2)]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  describe('refusals that happen before any connection', () => {
    // Every TCP or TLS connection Node makes goes through Socket#connect.
    let connectSpy: jest.SpyInstance;
    beforeEach(() => {
      connectSpy = jest.spyOn(net.Socket.prototype, 'connect');
    });
    afterEach(() => connectSpy.mockRestore());

    it.each([
      ['http://127.0.0.1:{port}/feed.xml', 'loopback'],
      ['http://[::1]:{port}/feed.xml', 'loopback'],
      ['http://[::ffff:127.0.0.1]:{port}/feed.xml', 'loopback'],
      ['http://2130706433:{port}/feed.xml', 'loopback'],
      ['http://0x7f.1:{port}/feed.xml', 'loopback'],
      ['http://0177.0.0.1:{port}/feed.xml', 'loopback'],
      ['http://127.1:{port}/feed.xml', 'loopback'],
      ['http://10.0.0.1/feed.xml', 'private'],
      ['http://192.168.0.1/feed.xml', 'private'],
      ['http://100.64.1.1/feed.xml', 'carrier-grade NAT'],
      ['http://169.254.169.254/latest/meta-data/', 'link-local'],
      ['https://[fe80::1]/', 'link-local'],
      ['https://[fd00::1]/', 'unique-local'],
      ['http://0.0.0.0:{port}/', 'unspecified'],
      ['http://224.0.0.1/', 'multicast'],
      ['http://255.255.255.255/', 'broadcast'],
      ['file:///etc/passwd', 'unsupported scheme "file"'],
      ['ftp://127.0.0.1/feed.xml', 'unsupported scheme "ftp"'],
      ['ftp://files.example/feed.xml', 'unsupported scheme "ftp"'],
    ])('refuses %s (%s) without opening a socket', async (template, reason) => {
      const url = template.replace('{port}', port);
      const err = await errorOf(client().get(url));
      expect(err).toBeInstanceOf(OutboundUrlRefusedError);
      expect((err as OutboundUrlRefusedError).reason).toContain(reason);
      expect(connectSpy).not.toHaveBeenCalled();
      expect(server.requests).toHaveLength(0);
    });
  });

  it('the connection spy does see sockets (so the "no socket" assertions above mean something)', async () => {
    const spy = jest.spyOn(net.Socket.prototype, 'connect');
    try {
      await client({ allowList: LOOPBACK }).get(`${base}/feed.xml`);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a host name that resolves to loopback, inside the connection lookup', async () => {
    const err = await errorOf(client().get(`http://localhost:${port}/feed.xml`));
    expect(err).toBeInstanceOf(OutboundUrlRefusedError);
    expect((err as OutboundUrlRefusedError).reason).toMatch(/host "localhost" resolves to a loopback address/);
    expect((err as OutboundUrlRefusedError).url).toBe(`http://localhost:${port}/feed.xml`);
    expect(server.requests).toHaveLength(0);
  });

  it('fetches from an allow-listed loopback server (by CIDR and by host name)', async () => {
    const byIp = await client({ allowList: LOOPBACK }).get(`${base}/feed.xml`);
    expect(byIp.status).toBe(200);
    expect(byIp.body).toContain('<rss');
    expect(byIp.headers['content-type']).toContain('application/rss+xml');
    expect(byIp.finalUrl).toBe(`${base}/feed.xml`);

    const byName = await client({ allowList: ['localhost'] }).get(`http://localhost:${port}/feed.xml`);
    expect(byName.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('sends its user agent and the caller headers', async () => {
    await client({ allowList: LOOPBACK, userAgent: 'AscoltoTest/1' }).get(`${base}/feed.xml`, { headers: { 'If-None-Match': '"abc"' } });
    expect(server.requests[0].headers['user-agent']).toBe('AscoltoTest/1');
    expect(server.requests[0].headers['if-none-match']).toBe('"abc"');
  });

  it('returns non-2xx statuses instead of throwing', async () => {
    const missing = await client({ allowList: LOOPBACK }).get(`${base}/missing.xml`);
    expect(missing.status).toBe(404);
    server.setFault('/boom', { status: 503, body: 'down for maintenance', headers: { 'retry-after': '120' } });
    const unavailable = await client({ allowList: LOOPBACK }).get(`${base}/boom`);
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toBe('down for maintenance');
    expect(unavailable.headers['retry-after']).toBe('120');
  });

  describe('redirects', () => {
    it('follows redirects and reports the final URL', async () => {
      server.setFault('/old', { redirectTo: `${base}/feed.xml` });
      const res = await client({ allowList: LOOPBACK }).get(`${base}/old`);
      expect(res.status).toBe(200);
      expect(res.finalUrl).toBe(`${base}/feed.xml`);
      expect(server.requests.map((r) => r.path)).toEqual(['/old', '/feed.xml']);
    });

    it('re-checks every hop: an allowed host cannot redirect to 127.0.0.1', async () => {
      server.setFault('/bounce', { redirectTo: `http://127.0.0.1:${port}/feed.xml` });
      const err = await errorOf(client({ allowList: ['localhost'] }).get(`http://localhost:${port}/bounce`));
      expect(err).toBeInstanceOf(OutboundUrlRefusedError);
      expect((err as OutboundUrlRefusedError).reason).toContain('loopback');
      expect(server.requests.map((r) => r.path)).toEqual(['/bounce']);
    });

    it('re-checks every hop: no redirect to the metadata address or to file://', async () => {
      server.setFault('/meta', { redirectTo: 'http://169.254.169.254/latest/meta-data/' });
      expect(await errorOf(client({ allowList: LOOPBACK }).get(`${base}/meta`))).toBeInstanceOf(OutboundUrlRefusedError);
      server.setFault('/file', { redirectTo: 'file:///etc/passwd' });
      const err = await errorOf(client({ allowList: LOOPBACK }).get(`${base}/file`));
      expect((err as OutboundUrlRefusedError).reason).toContain('unsupported scheme');
    });

    it('gives up on a redirect loop after maxRedirects hops', async () => {
      server.setFault('/loop', { redirectLoop: true });
      const err = await errorOf(client({ allowList: LOOPBACK, maxRedirects: 3 }).get(`${base}/loop`));
      expect(err).toBeInstanceOf(OutboundRequestError);
      expect((err as OutboundRequestError).kind).toBe('too_many_redirects');
      expect(server.requestsFor('/loop')).toHaveLength(4);
    });

    it('drops credentials when a redirect leaves the origin', async () => {
      server.setFault('/to-other-origin', { redirectTo: `http://localhost:${port}/feed.xml` });
      await client({ allowList: ['127.0.0.1', 'localhost'] }).get(`${base}/to-other-origin`, { headers: { authorization: 'Bearer secret', 'x-keep': '1' } });
      expect(server.requests[0].headers.authorization).toBe('Bearer secret');
      expect(server.requests[1].headers.authorization).toBeUndefined();
      expect(server.requests[1].headers['x-keep']).toBe('1');
    });
  });

  describe('size limit', () => {
    it('refuses a body whose declared length is over the limit', async () => {
      const body = Buffer.alloc(200_000, 'a');
      server.setFault('/big-declared', { status: 200, body, headers: { 'content-length': String(body.length) } });
      const err = await errorOf(client({ allowList: LOOPBACK, maxBytes: 100_000 }).get(`${base}/big-declared`));
      expect((err as OutboundRequestError).kind).toBe('too_large');
    });

    it('stops reading a streamed body once it passes the limit', async () => {
      server.setFault('/big-stream', { status: 200, body: Buffer.alloc(300_000, 'b'), stallBodyMs: 10 });
      const err = await errorOf(client({ allowList: LOOPBACK, maxBytes: 100_000 }).get(`${base}/big-stream`));
      expect((err as OutboundRequestError).kind).toBe('too_large');
    });

    it('limits the decompressed size too (gzip bomb)', async () => {
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0));
      expect(bomb.length).toBeLessThan(100_000);
      server.setFault('/bomb', { status: 200, body: bomb, headers: { 'content-encoding': 'gzip' } });
      const err = await errorOf(client({ allowList: LOOPBACK, maxBytes: 1024 * 1024 }).get(`${base}/bomb`));
      expect((err as OutboundRequestError).kind).toBe('too_large');
    });

    it('decompresses gzip bodies within the limit, with or without a Content-Encoding header', async () => {
      const xml = '<rss version="2.0"><channel><title>z</title></channel></rss>';
      server.setFault('/gz', { status: 200, body: gzipSync(xml), headers: { 'content-encoding': 'gzip' } });
      expect((await client({ allowList: LOOPBACK }).get(`${base}/gz`)).body).toBe(xml);
      server.setFault('/gz-undeclared', { status: 200, body: gzipSync(xml) });
      expect((await client({ allowList: LOOPBACK }).get(`${base}/gz-undeclared`)).body).toBe(xml);
    });
  });

  describe('time limit', () => {
    it('times out when the headers are late', async () => {
      server.setFault('/slow', { delayMs: 2_000 });
      const started = Date.now();
      const err = await errorOf(client({ allowList: LOOPBACK, timeoutMs: 300 }).get(`${base}/slow`));
      expect((err as OutboundRequestError).kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1_500);
    });

    it('times out when the body stalls', async () => {
      server.setFault('/stall', { status: 200, body: 'x'.repeat(1000), stallBodyMs: 2_000 });
      const err = await errorOf(client({ allowList: LOOPBACK, timeoutMs: 300 }).get(`${base}/stall`));
      expect((err as OutboundRequestError).kind).toBe('timeout');
    });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = new LoopbackFeedServer();
    const closedBase = await closed.start();
    await closed.stop();
    const err = await errorOf(client({ allowList: LOOPBACK }).get(`${closedBase}/feed.xml`));
    expect(err).toBeInstanceOf(OutboundRequestError);
    expect((err as OutboundRequestError).kind).toBe('network');
  });

  it('decodes the charset from the header or the XML declaration', async () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Perché così</title></channel></rss>', 'latin1');
    server.setFault('/latin1', { status: 200, body: latin1, headers: { 'content-type': 'application/rss+xml' } });
    expect((await client({ allowList: LOOPBACK }).get(`${base}/latin1`)).body).toContain('Perché così');
    server.setFault('/latin1-header', { status: 200, body: Buffer.from('città', 'latin1'), headers: { 'content-type': 'text/plain; charset=iso-8859-1' } });
    expect((await client({ allowList: LOOPBACK }).get(`${base}/latin1-header`)).body).toBe('città');
  });
});
