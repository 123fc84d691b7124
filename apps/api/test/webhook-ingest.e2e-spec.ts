import { CredentialCipher, SourceEntity } from '@ascolto/persistence';
import { signWebhookBody } from '@ascolto/collectors';
import { ApiTestEnv } from './support/api-test-env';

// The API opens signing secrets with the same key as the worker (ASCOLTO_CREDENTIALS_KEY).
const KEY = Buffer.alloc(32, 9).toString('base64');
const cipher = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: KEY });
const SECRET = 'whsec-test-0123456789abcdef';

describe('webhook ingest over HTTP', () => {
  let env: ApiTestEnv;
  let webhookId: string;
  let rssId: string;

  beforeAll(async () => {
    env = await ApiTestEnv.start({ ASCOLTO_CREDENTIALS_KEY: KEY });
    const repo = env.db.dataSource.getRepository(SourceEntity);
    const webhook = await repo.save({ type: 'webhook', name: 'WhatsApp Business', url: '', schedule: '*/10 * * * * *', settings: { channel: 'whatsapp' } });
    await repo.update({ id: webhook.id }, { credentialsEncrypted: cipher.encrypt(webhook.id, { signingSecret: SECRET }) });
    webhookId = webhook.id;
    rssId = (await repo.save({ type: 'rss', name: 'Feed', url: 'http://93.184.215.14/feed', schedule: '*/2 * * * *' })).id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const now = () => String(Math.floor(Date.now() / 1000));
  function post(body: string | Buffer, opts: { id?: string; ts?: string; secret?: string; signature?: string } = {}) {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
    const ts = opts.ts ?? now();
    return env
      .http()
      .post(`/api/ingest/webhooks/${opts.id ?? webhookId}`)
      .set('Content-Type', 'application/json')
      .set('X-Ascolto-Timestamp', ts)
      .set('X-Ascolto-Signature', opts.signature ?? signWebhookBody(opts.secret ?? SECRET, ts, raw))
      // A string goes out byte for byte (UTF-8); superagent would re-serialise a Buffer as JSON.
      .send(raw.toString('utf8'));
  }
  const rows = () =>
    env.db.dataSource.query<Array<{ seq: string; external_id: string; item: Record<string, unknown> }>>(
      'SELECT seq::text AS seq, external_id, item FROM inbound_items ORDER BY seq',
    );
  const published = new Date(Date.now() - 60_000).toISOString();

  it('stores signed items (no session, no CSRF token) and answers 202 with the counts', async () => {
    // Odd spacing and key order: the signature covers these exact bytes, not a re-serialisation.
    const body = `{ "items" : [ {"text":"Il mio ordine è fermo","id":"wamid.1","publishedAt":"${published}","author":{"handle":"+393331112222"}},
      {"id":"wamid.2","text":"Grazie!","publishedAt":"${published}"} ] }`;
    const res = await post(body).expect(202);
    expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect((await rows()).map((r) => r.external_id)).toEqual(['wamid.1', 'wamid.2']);
  });

  it('stores a re-delivery once', async () => {
    const body = JSON.stringify({ items: [{ id: 'wamid.1', text: 'Il mio ordine è fermo', publishedAt: published, author: { handle: '+393331112222' } }] });
    await expect(post(body).then((r) => r.body)).resolves.toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    // The same item twice in one request is one row too.
    const twice = JSON.stringify({ items: [{ id: 'wamid.3', text: 'x', publishedAt: published }, { id: 'wamid.3', text: 'x', publishedAt: published }] });
    await expect(post(twice).then((r) => r.body)).resolves.toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await rows()).filter((r) => r.external_id === 'wamid.1')).toHaveLength(1);
  });

  it('stores an edit and a deletion as new rows of the same item, in order', async () => {
    const edit = JSON.stringify({ items: [{ id: 'wamid.2', text: 'Grazie mille!', publishedAt: published, editedAt: new Date().toISOString() }] });
    await expect(post(edit).then((r) => r.body)).resolves.toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const del = JSON.stringify({ items: [{ id: 'wamid.2', deleted: true }] });
    await expect(post(del).then((r) => r.body)).resolves.toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    await expect(post(del).then((r) => r.body)).resolves.toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const two = (await rows()).filter((r) => r.external_id === 'wamid.2');
    expect(two.map((r) => [r.item.text, r.item.deleted])).toEqual([
      ['Grazie!', false],
      ['Grazie mille!', false],
      ['', true],
    ]);
    expect(BigInt(two[2].seq)).toBeGreaterThan(BigInt(two[1].seq));
  });

  it('validates row by row: hostile rows are refused with their index and reason, the rest stored as sent', async () => {
    const body = JSON.stringify({
      items: [
        { id: 'h1', text: '<script>alert(1)</script>\u0000 \ud800', publishedAt: published },
        { id: 'h2', text: 'link', publishedAt: published, url: 'javascript:alert(document.cookie)' },
        { id: { $ne: null }, text: 'x', publishedAt: published },
        'not an object',
        { id: 'h5', text: 'x', publishedAt: published, constructor: { prototype: { admin: true } } },
        { id: 'h6', text: 'x'.repeat(100_001), publishedAt: published },
        { id: 'h7', text: 'x', publishedAt: '2199-01-01T00:00:00Z' },
      ],
    });
    const res = await post(body).expect(202);
    expect(res.body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 1, reason: 'url must be an absolute http(s) URL' },
        { index: 2, reason: 'id must be text' },
        { index: 3, reason: 'item must be a JSON object' },
        { index: 4, reason: 'unknown field constructor' },
        { index: 5, reason: 'text is longer than 100000 characters' },
        { index: 6, reason: 'publishedAt is out of range' },
      ],
    });
    const stored = (await rows()).find((r) => r.external_id === 'h1')!;
    expect(stored.item.text).toBe('<script>alert(1)</script> \uFFFD');
  });

  describe('signatures', () => {
    const body = JSON.stringify({ items: [{ id: 'sig-1', text: 'ciao', publishedAt: published }] });

    it('refuses a signature made with another secret', async () => {
      const res = await post(body, { secret: 'another-secret-0000000' }).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: 'Signature check failed: signature does not match' });
    });

    it('refuses a stale timestamp even when correctly signed (replay)', async () => {
      const res = await post(body, { ts: String(Math.floor(Date.now() / 1000) - 6 * 60) }).expect(401);
      expect(res.body.message).toMatch(/too far from the current time/);
    });

    it('refuses a body altered by one byte after signing', async () => {
      const ts = now();
      const raw = Buffer.from(body);
      const signature = signWebhookBody(SECRET, ts, raw);
      const altered = Buffer.from(raw);
      altered[altered.indexOf('ciao')] = 'C'.charCodeAt(0);
      await post(altered, { ts, signature }).expect(401);
    });

    it('refuses missing headers', async () => {
      await env.http().post(`/api/ingest/webhooks/${webhookId}`).set('Content-Type', 'application/json').send(body).expect(401);
    });

    it('stores nothing from refused requests', async () => {
      expect((await rows()).some((r) => r.external_id === 'sig-1')).toBe(false);
    });
  });

  it('answers 404 alike for an unknown id, a non-webhook source and a malformed id', async () => {
    const body = JSON.stringify({ items: [{ id: 'x', text: 'x', publishedAt: published }] });
    const answers = await Promise.all([
      post(body, { id: '6f1d2a9e-0000-4000-8000-000000000000' }),
      post(body, { id: rssId }),
      post(body, { id: 'not-a-uuid' }),
    ]);
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No webhook source with this id' });
    }
  });

  it('takes a body over the JSON parser\'s 100 kB default (the webhook reads its own raw body, up to 1 MiB)', async () => {
    const items = Array.from({ length: 300 }, (_v, i) => ({ id: `bulk-${i}`, text: `messaggio ${i} `.repeat(60), publishedAt: published }));
    const body = JSON.stringify({ items });
    expect(body.length).toBeGreaterThan(200_000);
    await expect(post(body).then((r) => r.body)).resolves.toEqual({ accepted: 300, duplicates: 0, rejected: [] });
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const big = JSON.stringify({ items: [{ id: 'big', text: 'x'.repeat(1024 * 1024), publishedAt: published }] });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
  });

  it.each([
    ['{"items": [', 'Body is not valid JSON'],
    ['[]', 'Body must be a JSON object with an "items" array'],
    ['{"items": {}}', 'Body must be a JSON object with an "items" array'],
    ['{"items": []}', 'items is empty'],
    ['', 'Body is empty: send {"items": [...]}'],
  ])('answers 400 for a malformed body %j', async (body, message) => {
    const res = await post(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message });
  });

  it('answers 400 for more than 500 items', async () => {
    const items = Array.from({ length: 501 }, (_v, i) => ({ id: `n${i}`, text: 'x', publishedAt: published }));
    const res = await post(JSON.stringify({ items })).expect(400);
    expect(res.body.message).toMatch(/more than 500/);
  });

  it('throttles a sender at 600 requests a minute per source with 429 and Retry-After', async () => {
    // An id nobody has: the guard counts before any lookup, so a flood of guesses is slowed too.
    const id = '6f1d2a9e-0000-4000-8000-00000000f100';
    const body = JSON.stringify({ items: [{ id: 'x', text: 'x', publishedAt: published }] });
    for (let sent = 0; sent < 600; sent += 50) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(body, { id })));
      expect(answers.every((res) => res.status === 404)).toBe(true);
    }
    const limited = await post(body, { id });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another source is counted apart.
    await expect(post(body).then((res) => res.status)).resolves.toBe(202);
  });
});
