import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ImportJobView, Mention } from '@ascolto/domain';
import { mentionId } from '@ascolto/collectors';
import { createWorker } from '../../worker/src/worker.factory';
import { ImportJobsService } from '../../worker/src/imports/import-jobs.service';
import { ImportRunnerService } from '../../worker/src/imports/import-runner.service';
import { ApiTestEnv, type Agent } from './support/api-test-env';

// The imports feature reads its folder and limit from the environment when the app is built.
const state: { dir: string } = { dir: '' };

describe('imports over HTTP', () => {
  let env: ApiTestEnv;
  let admin: { agent: Agent; csrf: string };
  let worker: INestApplicationContext;

  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), 'ascolto-imports-e2e-'));
    process.env.IMPORT_DIR = state.dir;
    process.env.IMPORT_MAX_UPLOAD_MB = '1';
    env = await ApiTestEnv.start();
    await env.createUsers();
    admin = await env.login('admin');
    worker = await createWorker({ env: { ...process.env, ...env.env }, schedule: false, plainLogs: true });
  });
  afterAll(async () => {
    await worker?.close();
    await env?.close();
    delete process.env.IMPORT_DIR;
    delete process.env.IMPORT_MAX_UPLOAD_MB;
    await rm(state.dir, { recursive: true, force: true });
  });

  const upload = (content: string | Buffer, name: string, fields: Record<string, string> = {}, as = admin) => {
    let req = as.agent.post('/api/imports').set('X-XSRF-TOKEN', as.csrf);
    for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
    return req.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  };

  const CSV = [
    'Date,Full Text,Author,Url,Id',
    '2026-11-19 08:30,"Il rimborso non arriva, aiuto",Anna,https://example.com/1,t-1',
    '2026-11-19 09:00,,Bruno,https://example.com/2,t-2',
    'ieri,"Testo con data sbagliata",Carla,,t-3',
    '2026-11-19 10:00,"=HYPERLINK(""http://evil"")",Dario,javascript:alert(1),t-4',
    '2026-11-19 11:00,"Tutto ok, grazie",Eva,,t-5',
  ].join('\n');

  it('lets an admin upload a CSV: 201 with a pending job, stored in IMPORT_DIR', async () => {
    const res = await upload(CSV, 'talkwalker export.csv', { sourceName: 'Talkwalker' }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', fileName: 'talkwalker export.csv', sourceName: 'Talkwalker', format: 'csv', percent: 0, bytesTotal: Buffer.byteLength(CSV) });
    expect(await readdir(state.dir)).toHaveLength(1);
  });

  it('answers the same file again with its existing job (200), not a second one', async () => {
    await env.http().get('/api/imports').expect(401);
    const list: ImportJobView[] = (await admin.agent.get('/api/imports').expect(200)).body;
    const again = await upload(CSV, 'renamed.csv', { sourceName: 'Talkwalker' }).expect(200);
    expect(again.body.id).toBe(list[0].id);
    expect(await readdir(state.dir)).toHaveLength(1);
  });

  it('is imported by the worker; progress, counts and the rejected-rows report are served', async () => {
    const [job]: ImportJobView[] = (await admin.agent.get('/api/imports').expect(200)).body;
    const jobs = new ImportJobsService(worker.get(DataSource), worker.get(ImportRunnerService));
    await jobs.tick();

    const done: ImportJobView = (await admin.agent.get(`/api/imports/${job.id}`).expect(200)).body;
    expect(done).toMatchObject({ status: 'succeeded', percent: 100, rowsDone: 5, imported: 2, rejected: 3, created: 2, error: null });
    await env.es.indices.refresh({ index: `${env.indexPrefix}*` });
    const doc = await env.documentOf(mentionId('import', job.sourceId, 't-1'));
    expect(doc).toMatchObject<Partial<Mention>>({ content: 'Il rimborso non arriva, aiuto', sourceType: 'import' });
    // The upload is removed once imported; the report stays on the job.
    expect(await readdir(state.dir)).toHaveLength(0);

    const report = await admin.agent.get(`/api/imports/${job.id}/rejected`).expect(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    expect(report.headers['content-disposition']).toBe(`attachment; filename="ascolto-import-${job.id}-rejected.csv"`);
    expect(report.text).toBe('\uFEFFrow,reason\r\n"3","text is required"\r\n"4","publishedAt is not a date"\r\n"5","url must be an absolute http(s) URL"\r\n');
  });

  it('lets a lead read jobs but only an admin upload', async () => {
    await env.createUsers(['lead', 'agent']).catch(() => undefined);
    const lead = await env.login('lead');
    await lead.agent.get('/api/imports').expect(200);
    await upload(CSV, 'x.csv', {}, lead).expect(403);
    const agent = await env.login('agent');
    await agent.agent.get('/api/imports').expect(403);
  });

  it('needs the CSRF token to upload', async () => {
    await admin.agent.post('/api/imports').attach('file', Buffer.from(CSV), 'x.csv').expect(403);
  });

  it.each([
    ['no file', () => admin.agent.post('/api/imports').set('X-XSRF-TOKEN', admin.csrf).field('sourceName', 'X'), 400, /Attach the file/],
    ['an unknown extension', () => upload('a,b\n', 'data.xlsx'), 400, /Cannot tell the format/],
    ['a binary file', () => upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'fake.csv'), 400, /not a text CSV/],
    ['NDJSON that is not JSON lines', () => upload('hello\n', 'x.ndjson'), 400, /one JSON object per line/],
    ['a bad format field', () => upload('a\n', 'x.csv', { format: 'xlsx' }), 400, /format must be one of/],
    ['a file over IMPORT_MAX_UPLOAD_MB', () => upload(Buffer.alloc(1024 * 1024 + 1, 'a'), 'big.csv'), 413, /./],
  ])('refuses %s', async (_label, send, status, message) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(JSON.stringify(res.body.message)).toMatch(message);
    // Nothing refused is left behind.
    expect(await readdir(state.dir)).toHaveLength(0);
  });

  it('answers 404 for an unknown job and 400 for a malformed id', async () => {
    await admin.agent.get('/api/imports/6f1d2a9e-0000-4000-8000-000000000000').expect(404);
    await admin.agent.get('/api/imports/6f1d2a9e-0000-4000-8000-000000000000/rejected').expect(404);
    await admin.agent.get('/api/imports/nope').expect(400);
  });
});
