import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ElasticsearchFaultProxy } from './elasticsearch-fault-proxy';

// The proxy against a loopback stand-in for Elasticsearch that records what it received, so each
// fate can be checked from both sides: what the client got, and what reached the upstream.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request that gives up after `timeoutMs` without an answer, as the Elasticsearch client does. */
function send(url: string, method: string, body: string, timeoutMs = 30_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

describe('ElasticsearchFaultProxy', () => {
  const received: Array<{ method: string; url: string; body: string }> = [];
  let upstream: Server;
  let proxy: ElasticsearchFaultProxy;
  let base: string;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(201, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        res.end(JSON.stringify({ result: 'updated', n: received.length }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    proxy = new ElasticsearchFaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    base = await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });
  beforeEach(() => {
    received.length = 0;
    proxy.requests.length = 0;
  });

  const isUpdate = (r: { method: string; path: string }) => r.method === 'POST' && r.path === '/idx/_update/a b';

  it('forwards requests unchanged and passes the answer back', async () => {
    const reply = await send(`${base}/idx/_doc/1?refresh=true`, 'PUT', '{"x":1}');
    expect(reply).toMatchObject({ status: 201, body: '{"result":"updated","n":1}' });
    expect(reply.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(received).toEqual([{ method: 'PUT', url: '/idx/_doc/1?refresh=true', body: '{"x":1}' }]);
    expect(proxy.requests).toEqual([{ method: 'PUT', url: '/idx/_doc/1?refresh=true', path: '/idx/_doc/1', body: '{"x":1}' }]);
  });

  it('forward: the upstream gets the request, the client gets no answer and times out', async () => {
    const held = proxy.holdNext(isUpdate, 'forward');
    const reply = send(`${base}/idx/_update/a%20b?if_seq_no=3`, 'POST', '{"doc":{}}', 500);
    await expect(reply).rejects.toThrow('timed out');
    await held.clientGaveUp;
    expect(await held.arrived).toMatchObject({ method: 'POST', path: '/idx/_update/a b', url: '/idx/_update/a%20b?if_seq_no=3' });
    expect(await held.upstreamAnswered).toEqual({ status: 201, body: '{"result":"updated","n":1}' });
    expect(received).toEqual([{ method: 'POST', url: '/idx/_update/a%20b?if_seq_no=3', body: '{"doc":{}}' }]);

    // The hold was for one request: the next one passes.
    await expect(send(`${base}/idx/_update/a%20b`, 'POST', '{}')).resolves.toMatchObject({ status: 201 });
  });

  it('drop: the upstream never sees the request, the client times out', async () => {
    const held = proxy.holdNext(isUpdate, 'drop');
    // Not matched: passes.
    await expect(send(`${base}/idx/_doc/1`, 'GET', '')).resolves.toMatchObject({ status: 201 });
    await expect(send(`${base}/idx/_update/a%20b`, 'POST', '{"doc":{"y":2}}', 500)).rejects.toThrow('timed out');
    await held.clientGaveUp;
    expect(await held.arrived).toMatchObject({ body: '{"doc":{"y":2}}' });
    expect(received.map((r) => r.url)).toEqual(['/idx/_doc/1']);
    expect(proxy.seen(isUpdate)).toHaveLength(1);
  });
});
