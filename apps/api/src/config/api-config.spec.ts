import { resolve } from 'node:path';
import { checkOutboundAllowList, ConfigError, loadApiConfig } from './api-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe(loadApiConfig.name, () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      session: { ttlHours: 12, maxHours: 168 },
      cookieSecure: false,
      initialAdmin: null,
      outboundAllowList: [],
      dashboardDist: resolve(process.cwd(), 'dist/apps/dashboard/browser'),
      logLevel: 'info',
      loginThrottle: { perEmail: 5, perIp: 20, ttlMs: 60_000 },
      trustProxy: false,
    });
    expect(config.database.url).toBe('postgres://postgres@127.0.0.1:5432/ascolto');
    expect(config.search.nodes).toEqual(['http://127.0.0.1:9200']);
  });

  it('reads every variable', () => {
    const config = loadApiConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db:5432/ascolto_prod',
      ELASTICSEARCH_NODES: 'http://es1:9200,http://es2:9200',
      ES_INDEX_PREFIX: 'prod-',
      SESSION_TTL_HOURS: '8',
      SESSION_MAX_HOURS: '24',
      COOKIE_SECURE: 'true',
      ADMIN_EMAIL: ' Admin@Example.com ',
      ADMIN_PASSWORD: 'a-long-enough-password',
      ADMIN_NAME: 'Ada',
      OUTBOUND_ALLOWLIST: '127.0.0.1, localhost',
      DASHBOARD_DIST: '/srv/dashboard',
      LOG_LEVEL: 'debug',
      LOGIN_THROTTLE_LIMIT: '3',
      LOGIN_THROTTLE_IP_LIMIT: '9',
      TRUST_PROXY: '1',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      session: { ttlHours: 8, maxHours: 24 },
      cookieSecure: true,
      initialAdmin: { email: 'admin@example.com', password: 'a-long-enough-password', name: 'Ada' },
      outboundAllowList: ['127.0.0.1', 'localhost'],
      dashboardDist: '/srv/dashboard',
      logLevel: 'debug',
      loginThrottle: { perEmail: 3, perIp: 9 },
      trustProxy: 1,
    });
    expect(config.database.url).toBe('postgres://app@db:5432/ascolto_prod');
    expect(config.search).toMatchObject({ nodes: ['http://es1:9200', 'http://es2:9200'], indexPrefix: 'prod-' });
  });

  it('treats empty variables as unset', () => {
    expect(loadApiConfig({ PORT: '', COOKIE_SECURE: ' ', LOG_LEVEL: '' })).toMatchObject({ port: 3000, cookieSecure: false, logLevel: 'info' });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ])('understands TRUST_PROXY=%s', (value, expected) => {
    expect(loadApiConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('lists every invalid variable at once, including those of the database and search libraries', () => {
    const problems = problemsOf({
      PORT: '70000',
      SESSION_TTL_HOURS: 'twelve',
      COOKIE_SECURE: 'maybe',
      LOG_LEVEL: 'verbose',
      LOGIN_THROTTLE_LIMIT: '0',
      DATABASE_URL: 'mysql://localhost/x',
      ES_INDEX_PREFIX: 'UPPER',
      TRUST_PROXY: 'yes please!',
    });
    const text = problems.join('\n');
    for (const name of ['PORT', 'SESSION_TTL_HOURS', 'COOKIE_SECURE', 'LOG_LEVEL', 'LOGIN_THROTTLE_LIMIT', 'DATABASE_URL', 'ES_INDEX_PREFIX', 'TRUST_PROXY']) {
      expect(text).toContain(name);
    }
  });

  it('never echoes a value (they may be secrets)', () => {
    const problems = problemsOf({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short-pw', PORT: 'secret-port' });
    const text = problems.join('\n');
    expect(text).toContain('ADMIN_PASSWORD must be at least 12 characters long');
    expect(text).not.toContain('short-pw');
    expect(text).not.toContain('secret-port');
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and a real e-mail address', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'root@example.com' })).toContain('ADMIN_PASSWORD must be set when ADMIN_EMAIL is set');
    expect(problemsOf({ ADMIN_PASSWORD: 'long-enough-password' })).toContain('ADMIN_EMAIL must be set when ADMIN_PASSWORD is set');
    expect(problemsOf({ ADMIN_EMAIL: 'not-an-address', ADMIN_PASSWORD: 'long-enough-password' })).toContain(
      'ADMIN_EMAIL must be an e-mail address',
    );
  });

  it('reads the credentials key and the log file, and refuses a key of the wrong size without echoing it', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadApiConfig({ ASCOLTO_CREDENTIALS_KEY: key, LOG_FILE: 'logs/api.log' });
    expect(config.credentialCipher.configured).toBe(true);
    expect(config.logFile).toBe(resolve(process.cwd(), 'logs/api.log'));
    expect(loadApiConfig({}).credentialCipher.configured).toBe(false);
    expect(loadApiConfig({}).logFile).toBeNull();
    const problems = problemsOf({ ASCOLTO_CREDENTIALS_KEY: 'c2hvcnQta2V5' });
    expect(problems).toEqual([expect.stringMatching(/^ASCOLTO_CREDENTIALS_KEY must be 32 bytes/)]);
    expect(problems.join('\n')).not.toContain('c2hvcnQta2V5');
  });

  it('formats the error as one line per problem', () => {
    expect(() => loadApiConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/Invalid configuration:\n {2}- .*PORT.*\n {2}- .*LOG_LEVEL/s);
  });
});

describe(checkOutboundAllowList.name, () => {
  it('accepts host names, addresses and CIDR ranges', async () => {
    await expect(checkOutboundAllowList({ outboundAllowList: ['localhost', '127.0.0.1', '10.0.0.0/8', '::1'] })).resolves.toBeUndefined();
  });

  it('refuses a malformed range with a ConfigError naming OUTBOUND_ALLOWLIST', async () => {
    await expect(checkOutboundAllowList({ outboundAllowList: ['10.0.0.0/99'] })).rejects.toThrow(/OUTBOUND_ALLOWLIST/);
    await expect(checkOutboundAllowList({ outboundAllowList: ['10.0.0.0/99'] })).rejects.toBeInstanceOf(ConfigError);
  });
});
