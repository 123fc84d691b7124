import { runCreateUserCommand, UsageError } from '../src/cli/create-user.command';
import { ApiTestEnv, cookieHeader, cookieValue, PASSWORD } from './support/api-test-env';

describe('auth over HTTP', () => {
  let env: ApiTestEnv;

  beforeAll(async () => {
    env = await ApiTestEnv.start({ ADMIN_EMAIL: 'first.admin@ascolto.test', ADMIN_PASSWORD: 'first-admin-password', ADMIN_NAME: 'First Admin' });
    await env.createUsers(['lead', 'agent', 'analyst']);
  });
  afterAll(async () => {
    await env?.close();
  });

  describe('login', () => {
    it('signs in, answers the SessionUser and sets an httpOnly session cookie and a readable CSRF cookie', async () => {
      const res = await env.http().post('/api/auth/login').send({ email: 'Agent@Ascolto.test', password: PASSWORD }).expect(200);
      expect(res.body).toEqual({ id: env.users.get('agent')!.user.id, email: 'agent@ascolto.test', name: 'The agent', role: 'agent', locale: 'it' });
      expect(res.body).not.toHaveProperty('passwordHash');

      const session = cookieHeader(res.headers['set-cookie'], 'ascolto_session')!;
      expect(session).toMatch(/; HttpOnly/);
      expect(session).toMatch(/; SameSite=Strict/);
      expect(session).toMatch(/; Path=\//);
      expect(session).not.toMatch(/; Secure/);
      const token = cookieValue(res.headers['set-cookie'], 'ascolto_session')!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const csrf = cookieHeader(res.headers['set-cookie'], 'XSRF-TOKEN')!;
      expect(csrf).not.toMatch(/HttpOnly/);
      expect(csrf).toMatch(/; SameSite=Strict/);

      // Only the SHA-256 of the token is stored.
      const rows: Array<{ token_hash: string }> = await env.db.dataSource.query('SELECT token_hash FROM sessions');
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('created the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start-up', async () => {
      const res = await env.http().post('/api/auth/login').send({ email: 'first.admin@ascolto.test', password: 'first-admin-password' }).expect(200);
      expect(res.body).toMatchObject({ role: 'admin', name: 'First Admin' });
    });

    it('answers 401 with the same message for a wrong password and an unknown e-mail, and audits both', async () => {
      const wrong = await env.http().post('/api/auth/login').send({ email: 'agent@ascolto.test', password: 'not the password' }).expect(401);
      const unknown = await env.http().post('/api/auth/login').send({ email: 'nobody@ascolto.test', password: PASSWORD }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong e-mail or password' });
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.headers['set-cookie']).toBeUndefined();

      const failed = await env.auditEvents('auth.login_failed');
      expect(failed.map((e) => e.data.reason)).toEqual(expect.arrayContaining(['wrong_password', 'unknown_user']));
      expect(JSON.stringify(failed)).not.toContain('not the password');
    });

    it('refuses a disabled user with the same 401', async () => {
      await env.createUsers(['admin']);
      await env.db.dataSource.query(`UPDATE users SET disabled_at = now() WHERE email = 'admin@ascolto.test'`);
      const res = await env.http().post('/api/auth/login').send({ email: 'admin@ascolto.test', password: PASSWORD }).expect(401);
      expect(res.body.message).toBe('Wrong e-mail or password');
    });

    it('audits a successful login', async () => {
      const events = await env.auditEvents('auth.login');
      expect(events.some((e) => e.actor_id === env.users.get('agent')!.user.id)).toBe(true);
    });

    it('refuses unknown fields and wrong types with a clear 400', async () => {
      const extra = await env.http().post('/api/auth/login').send({ email: 'agent@ascolto.test', password: PASSWORD, remember: true }).expect(400);
      expect(extra.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: ['property remember should not exist'] });
      const wrongType = await env.http().post('/api/auth/login').send({ email: 'agent@ascolto.test', password: 12345 }).expect(400);
      expect(wrongType.body.message).toContain('password must be a string');
      const notJson = await env.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
      expect(notJson.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });

  describe('create-user command', () => {
    it('creates a user who can then sign in, taking the password from ASCOLTO_PASSWORD', async () => {
      const lines: string[] = [];
      await runCreateUserCommand(
        ['--email', 'Cli.User@Ascolto.test', '--name', 'Cli User', '--role', 'lead'],
        { DATABASE_URL: env.db.url, ASCOLTO_PASSWORD: 'password-from-the-env' },
        (line) => lines.push(line),
      );
      expect(lines).toEqual([expect.stringMatching(/^Created lead cli\.user@ascolto\.test \(id [0-9a-f-]{36}\)$/)]);
      const res = await env.http().post('/api/auth/login').send({ email: 'cli.user@ascolto.test', password: 'password-from-the-env' }).expect(200);
      expect(res.body).toMatchObject({ role: 'lead', name: 'Cli User' });
      const [row]: Array<{ password_hash: string }> = await env.db.dataSource.query(`SELECT password_hash FROM users WHERE email = 'cli.user@ascolto.test'`);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
    });

    it('refuses a bad role, a short password and a duplicate e-mail with a clear message', async () => {
      const run = (args: string[], password = 'long-enough-password') =>
        runCreateUserCommand(args, { DATABASE_URL: env.db.url, ASCOLTO_PASSWORD: password }, () => undefined);
      await expect(run(['--email', 'x@ascolto.test', '--name', 'X', '--role', 'boss'])).rejects.toThrow(/role must be one of the following values/);
      await expect(run(['--email', 'x@ascolto.test', '--name', 'X', '--role', 'agent'], 'short')).rejects.toThrow(/password must be at least 12 characters/);
      await expect(run(['--email', 'x@ascolto.test', '--name', 'X', '--role', 'agent', '--admin'])).rejects.toBeInstanceOf(UsageError);
      await expect(run(['--email', 'cli.user@ascolto.test', '--name', 'Again', '--role', 'agent'])).rejects.toThrow(/already exists/);
    });
  });

  describe('sessions', () => {
    it('needs a session for every non-public route (401)', async () => {
      await env.http().get('/api/auth/me').expect(401);
      await env.http().get('/api/mentions').expect(401);
      await env.http().get('/api/tickets').expect(401);
      await env.http().get('/api/sources').expect(401);
      const res = await env.http().get('/api/mentions').set('Cookie', 'ascolto_session=' + 'x'.repeat(43)).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('answers /me with the SessionUser of the cookie', async () => {
      const { agent } = await env.login('lead');
      const res = await agent.get('/api/auth/me').expect(200);
      expect(res.body).toEqual(env.users.get('lead')!.user);
    });

    it('rejects an expired session', async () => {
      const { agent } = await env.login('analyst');
      await agent.get('/api/auth/me').expect(200);
      await env.db.dataSource.query(
        `UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
        [env.users.get('analyst')!.user.id],
      );
      await agent.get('/api/auth/me').expect(401);
    });

    it('slides the expiry forward on use', async () => {
      const { agent } = await env.login('lead');
      const userId = env.users.get('lead')!.user.id;
      // Pretend the last request was ten minutes ago and the session ends in a minute.
      await env.db.dataSource.query(
        `UPDATE sessions SET last_seen_at = now() - interval '10 minutes', expires_at = now() + interval '1 minute' WHERE user_id = $1`,
        [userId],
      );
      await agent.get('/api/auth/me').expect(200);
      const [row]: Array<{ hours: number }> = await env.db.dataSource.query(
        `SELECT extract(epoch FROM max(expires_at) - now()) / 3600 AS hours FROM sessions WHERE user_id = $1 AND last_seen_at > now() - interval '1 minute'`,
        [userId],
      );
      expect(Number(row.hours)).toBeGreaterThan(11.9);
    });

    it('logs out: deletes the session, clears the cookies, audits it; the old cookie no longer works', async () => {
      const { agent, csrf } = await env.login('agent');
      const before: Array<{ n: number }> = await env.db.dataSource.query('SELECT count(*)::int AS n FROM sessions');
      const res = await agent.post('/api/auth/logout').set('X-XSRF-TOKEN', csrf).expect(204);
      expect(cookieHeader(res.headers['set-cookie'], 'ascolto_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
      const after: Array<{ n: number }> = await env.db.dataSource.query('SELECT count(*)::int AS n FROM sessions');
      expect(after[0].n).toBe(before[0].n - 1);
      await agent.get('/api/auth/me').expect(401);
      expect((await env.auditEvents('auth.logout')).length).toBeGreaterThan(0);
    });
  });

  describe('CSRF', () => {
    it('refuses a write without the X-XSRF-TOKEN header or with a wrong one (403), accepts the right one', async () => {
      const { agent, csrf } = await env.login('agent');
      const missing = await agent.post('/api/auth/logout').expect(403);
      expect(missing.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(missing.body.message).toMatch(/CSRF/);
      await agent.post('/api/auth/logout').set('X-XSRF-TOKEN', `${csrf.slice(0, -1)}x`).expect(403);
      // Another session's token does not work either.
      const other = await env.login('lead');
      await agent.post('/api/auth/logout').set('X-XSRF-TOKEN', other.csrf).expect(403);
      await agent.post('/api/auth/logout').set('X-XSRF-TOKEN', csrf).expect(204);
    });

    it('checks the session before the CSRF token (401, not 403, without a session)', async () => {
      await env.http().post('/api/auth/logout').expect(401);
    });
  });

  describe('throttling', () => {
    it('answers 429 after LOGIN_THROTTLE_LIMIT attempts for one e-mail within a minute', async () => {
      const app = await env.startAnotherApp({ LOGIN_THROTTLE_LIMIT: '3', LOGIN_THROTTLE_IP_LIMIT: '100' });
      for (let i = 0; i < 3; i++) {
        await env.http(app).post('/api/auth/login').send({ email: 'lead@ascolto.test', password: 'guess' + i }).expect(401);
      }
      const blocked = await env.http(app).post('/api/auth/login').send({ email: 'LEAD@ascolto.test', password: PASSWORD }).expect(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Another address is not affected by that counter.
      await env.http(app).post('/api/auth/login').send({ email: 'agent@ascolto.test', password: PASSWORD }).expect(200);
    });

    it('answers 429 after LOGIN_THROTTLE_IP_LIMIT attempts from one address, whatever the e-mail', async () => {
      const app = await env.startAnotherApp({ LOGIN_THROTTLE_LIMIT: '100', LOGIN_THROTTLE_IP_LIMIT: '4' });
      for (let i = 0; i < 4; i++) {
        await env.http(app).post('/api/auth/login').send({ email: `someone${i}@ascolto.test`, password: 'x' }).expect(401);
      }
      await env.http(app).post('/api/auth/login').send({ email: 'agent@ascolto.test', password: PASSWORD }).expect(429);
    });
  });

  describe('security headers', () => {
    it('sends a Content-Security-Policy without unsafe-inline and a request id', async () => {
      const res = await env.http().get('/api/health');
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    });
  });
});
