import { CredentialCipher, SourceEntity } from '@ascolto/persistence';
import { signMetaBody } from '@ascolto/collectors';
import { ApiTestEnv } from './support/api-test-env';

// The API opens credentials with the same key as the worker (ASCOLTO_CREDENTIALS_KEY).
const KEY = Buffer.alloc(32, 7).toString('base64');
const cipher = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: KEY });
const APP_SECRET = 'meta-app-secret-0123456789';
const VERIFY = 'verify-me-please-42';
const IG_USER = '17841405309211844';

describe('Meta (Instagram mentions) webhook over HTTP', () => {
  let env: ApiTestEnv;
  let igId: string;
  let bareIgId: string;
  let webhookId: string;

  beforeAll(async () => {
    env = await ApiTestEnv.start({ ASCOLTO_CREDENTIALS_KEY: KEY });
    const repo = env.db.dataSource.getRepository(SourceEntity);
    const ig = await repo.save({ type: 'instagram', name: 'Instagram Vela', url: 'http://127.0.0.1:9', schedule: '*/15 * * * *', settings: { igUserId: IG_USER } });
    await repo.update({ id: ig.id }, { credentialsEncrypted: cipher.encrypt(ig.id, { accessToken: 'tok', appSecret: APP_SECRET, webhookVerifyToken: VERIFY }) });
    igId = ig.id;
    const bare = await repo.save({ type: 'instagram', name: 'Instagram senza webhook', url: 'http://127.0.0.1:9', schedule: '*/15 * * * *', settings: { igUserId: IG_USER } });
    await repo.update({ id: bare.id }, { credentialsEncrypted: cipher.encrypt(bare.id, { accessToken: 'tok' }) });
    bareIgId = bare.id;
    const webhook = await repo.save({ type: 'webhook', name: 'Generic', url: '', schedule: '*/10 * * * * *', settings: {} });
    await repo.update({ id: webhook.id }, { credentialsEncrypted: cipher.encrypt(webhook.id, { signingSecret: APP_SECRET, webhookVerifyToken: VERIFY }) });
    webhookId = webhook.id;
  });
  afterAll(async () => {
    await env?.close();
  });

  const handshake = (id: string, token: string, challenge = '1158201444', mode = 'subscribe') =>
    env.http().get(`/api/ingest/meta/${id}`).query({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge });

  function post(body: string, opts: { id?: string; signature?: string; secret?: string } = {}) {
    return env
      .http()
      .post(`/api/ingest/meta/${opts.id ?? igId}`)
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', opts.signature ?? signMetaBody(opts.secret ?? APP_SECRET, body))
      .send(body);
  }
  const rows = () =>
    env.db.dataSource.query<Array<{ source_id: string; external_id: string; item: Record<string, unknown> }>>(
      'SELECT source_id, external_id, item FROM inbound_items ORDER BY seq',
    );
  const delivery = (changes: unknown[], account = IG_USER) => JSON.stringify({ object: 'instagram', entry: [{ id: account, time: 1_763_800_000, changes }] });

  it('answers the verification handshake with the challenge as plain text', async () => {
    const res = await handshake(igId, VERIFY).expect(200);
    expect(res.text).toBe('1158201444');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('refuses the handshake with 403 for a wrong token, mode or source, or a hostile challenge', async () => {
    await handshake(igId, 'wrong').expect(403);
    await handshake(igId, '').expect(403);
    await handshake(igId, VERIFY, '1', 'unsubscribe').expect(403);
    await handshake(igId, VERIFY, '<script>alert(1)</script>').expect(403);
    await handshake(bareIgId, VERIFY).expect(403);
    await handshake(webhookId, VERIFY).expect(403);
    await handshake('00000000-0000-4000-8000-000000000000', VERIFY).expect(403);
    await handshake('not-a-uuid', VERIFY).expect(403);
  });

  it('stores signed mentions as references (no session, no CSRF token) and answers 200', async () => {
    // Odd spacing: the signature covers these exact bytes.
    const body = `{"object":"instagram",  "entry":[{"id":"${IG_USER}","time":1763800000,"changes":[
      {"field":"mentions","value":{"media_id":"17918195224117851"}},
      {"field":"mentions","value":{"media_id":"17918195224117851","comment_id":"17894227972186120"}}]}]}`;
    const res = await post(body).expect(200);
    expect(res.body).toEqual({ stored: 2, duplicates: 0, ignored: 0 });
    expect((await rows()).map((r) => [r.source_id, r.external_id, r.item])).toEqual([
      [igId, 'media:17918195224117851', { kind: 'ig_mention', mediaId: '17918195224117851' }],
      [igId, 'comment:17894227972186120', { kind: 'ig_mention', mediaId: '17918195224117851', commentId: '17894227972186120' }],
    ]);
  });

  it('stores a re-delivery once', async () => {
    const body = delivery([{ field: 'mentions', value: { media_id: '17918195224117851' } }]);
    await expect(post(body).then((r) => r.body)).resolves.toEqual({ stored: 0, duplicates: 1, ignored: 0 });
    await expect(post(body).then((r) => r.body)).resolves.toEqual({ stored: 0, duplicates: 1, ignored: 0 });
    expect(await rows()).toHaveLength(2);
  });

  it('refuses a bad, missing or foreign signature and an altered body with 401, storing nothing', async () => {
    const body = delivery([{ field: 'mentions', value: { media_id: '17900000000000001' } }]);
    await post(body, { secret: 'not-the-secret' }).expect(401);
    await post(body, { signature: '' }).expect(401);
    await post(body, { signature: 'sha1=0123' }).expect(401);
    const signed = signMetaBody(APP_SECRET, body);
    await post(body.replace('17900000000000001', '17900000000000002'), { signature: signed }).expect(401);
    // An Instagram source without an app secret cannot check anything: refused too.
    await post(body, { id: bareIgId }).expect(401);
    // A generic webhook source is not a Meta endpoint; an unknown id is not found.
    await post(body, { id: webhookId }).expect(404);
    await post(body, { id: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(await rows()).toHaveLength(2);
  });

  it('ignores other fields, other objects and other accounts with 200; a signed non-delivery is a 400', async () => {
    const other = delivery([
      { field: 'comments', value: { id: '1', text: 'ciao', media: { id: '2' } } },
      { field: 'mentions', value: { media_id: 'DROP TABLE' } },
    ]);
    await expect(post(other).then((r) => r.body)).resolves.toEqual({ stored: 0, duplicates: 0, ignored: 2 });
    const foreign = delivery([{ field: 'mentions', value: { media_id: '17900000000000003' } }], '17841400000000000');
    await expect(post(foreign).then((r) => r.body)).resolves.toEqual({ stored: 0, duplicates: 0, ignored: 1 });
    const page = JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, changes: [{ field: 'feed', value: {} }] }] });
    await expect(post(page).then((r) => r.body)).resolves.toEqual({ stored: 0, duplicates: 0, ignored: 1 });
    await post('{"items": []}').expect(400);
    await post('not json').expect(400);
    expect(await rows()).toHaveLength(2);
  });
});
