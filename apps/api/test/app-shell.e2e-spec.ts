import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiTestEnv } from './support/api-test-env';

describe('the app around the API: dashboard, docs, errors', () => {
  let env: ApiTestEnv;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'ascolto-dashboard-'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><html><head><style>body{}</style></head><body><asc-root></asc-root><script src="main-ABCD1234.js" type="module"></script></body></html>',
    );
    writeFileSync(join(dist, 'main-ABCD1234.js'), 'console.log("dashboard")');
    env = await ApiTestEnv.start({ DASHBOARD_DIST: dist });
  });
  afterAll(async () => {
    await env?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves the built files with long caching for hashed bundles', async () => {
    const res = await env.http().get('/main-ABCD1234.js').expect(200);
    expect(res.text).toContain('dashboard');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('answers index.html for deep links, stamped with the nonce of its Content-Security-Policy', async () => {
    const res = await env.http().get('/inbox/rss-123').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'])![1];
    expect(res.text).toContain(`<asc-root ngCspNonce="${nonce}">`);
    expect(res.text).toContain(`<style nonce="${nonce}">`);
    expect(res.text).toContain(`<script nonce="${nonce}" src="main-ABCD1234.js"`);
    // A fresh nonce per response.
    const again = await env.http().get('/').expect(200);
    expect(again.headers['content-security-policy']).not.toContain(nonce);
  });

  it('keeps /api paths for the API: unknown ones are JSON 404s, never the dashboard', async () => {
    const res = await env.http().get('/api/nothing-here').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nothing-here' });
  });

  it('does not answer a missing script with HTML', async () => {
    await env.http().get('/chunk-MISSING1.js').expect(404);
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    await env.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    const spec = await env.http().get('/api/docs-json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/mentions', '/api/mentions/{id}/status', '/api/tickets', '/api/sources', '/api/health']),
    );
  });

  it('says how to build the dashboard when it is missing', async () => {
    const app = await env.startAnotherApp({ DASHBOARD_DIST: join(dist, 'not-built') });
    const res = await env.http(app).get('/inbox').expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('npm run build:dashboard');
  });
});
