// One real API per e2e test file: a fresh migrated PostgreSQL database, a fresh Elasticsearch
// index prefix, and the app built exactly as main.ts builds it (createApiApp), driven over HTTP
// with supertest. Everything is removed in `close()`.
import type { INestApplication } from '@nestjs/common';
import type { Client } from '@elastic/elasticsearch';
import request from 'supertest';
import type { Mention, Role, SessionUser } from '@ascolto/domain';
import { BulkMentionIndexer, MentionIndexManager } from '@ascolto/search';
import {
  createTestDatabase,
  createTestSearchClient,
  deleteIndicesWithPrefix,
  randomIndexPrefix,
  TEST_ELASTICSEARCH_NODE,
  type TestDatabase,
} from '@ascolto/testing';
import { createApiApp } from '../../src/app.factory';
import { createUserAccount } from '../../src/auth/user-accounts';

export type Agent = ReturnType<typeof request.agent>;

export const PASSWORD = 'correct horse battery staple';

export interface TestUser {
  user: SessionUser;
  email: string;
}

export class ApiTestEnv {
  private readonly apps: INestApplication[] = [];
  readonly users = new Map<Role, TestUser>();

  private constructor(
    readonly db: TestDatabase,
    readonly indexPrefix: string,
    readonly es: Client,
    readonly app: INestApplication,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.apps.push(app);
  }

  /** Database, index prefix and app; `env` adds to (or overrides) the test defaults. */
  static async start(env: NodeJS.ProcessEnv = {}): Promise<ApiTestEnv> {
    const db = await createTestDatabase();
    const indexPrefix = randomIndexPrefix();
    const es = createTestSearchClient();
    const fullEnv: NodeJS.ProcessEnv = {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '4',
      ELASTICSEARCH_NODES: TEST_ELASTICSEARCH_NODE,
      ES_INDEX_PREFIX: indexPrefix,
      LOG_LEVEL: 'silent',
      // High enough that the many logins of a test file are never throttled; the throttle has its own app.
      LOGIN_THROTTLE_LIMIT: '1000',
      LOGIN_THROTTLE_IP_LIMIT: '1000',
      DASHBOARD_DIST: '/nonexistent/ascolto-dashboard',
      ...env,
    };
    try {
      const app = await createApiApp(fullEnv);
      return new ApiTestEnv(db, indexPrefix, es, app, fullEnv);
    } catch (error) {
      await deleteIndicesWithPrefix(es, indexPrefix).catch(() => undefined);
      await es.close();
      await db.drop();
      throw error;
    }
  }

  /** Another app on the same database and indices, with different settings. */
  async startAnotherApp(env: NodeJS.ProcessEnv): Promise<INestApplication> {
    const app = await createApiApp({ ...this.env, ...env });
    this.apps.push(app);
    return app;
  }

  http(app: INestApplication = this.app): ReturnType<typeof request> {
    return request(app.getHttpServer());
  }

  async close(): Promise<void> {
    for (const app of this.apps) await app.close();
    await deleteIndicesWithPrefix(this.es, this.indexPrefix);
    await this.es.close();
    await this.db.drop();
  }

  /** A user of each role, created the way `create-user` creates them. */
  async createUsers(roles: Role[] = ['admin', 'lead', 'agent', 'analyst']): Promise<void> {
    for (const role of roles) {
      const email = `${role}@ascolto.test`;
      const entity = await createUserAccount(this.db.dataSource.manager, { email, password: PASSWORD, name: `The ${role}`, role });
      this.users.set(role, { email, user: { id: entity.id, email, name: `The ${role}`, role, locale: entity.locale } });
    }
  }

  /** A signed-in supertest agent (keeps cookies) and the CSRF token to echo on writes. */
  async login(role: Role, app: INestApplication = this.app): Promise<{ agent: Agent; csrf: string }> {
    const account = this.users.get(role);
    if (!account) throw new Error(`no ${role} user; call createUsers() first`);
    const agent = request.agent(app.getHttpServer());
    const res = await agent.post('/api/auth/login').send({ email: account.email, password: PASSWORD }).expect(200);
    const csrf = cookieValue(res.headers['set-cookie'], 'XSRF-TOKEN');
    if (!csrf) throw new Error('login did not set XSRF-TOKEN');
    return { agent, csrf };
  }

  /** Indexes mentions through the same bulk indexer the worker uses, visible at once. */
  async indexMentions(mentions: Mention[]): Promise<void> {
    const manager = new MentionIndexManager(this.es, { indexPrefix: this.indexPrefix, shards: 1, replicas: 0 });
    const report = await new BulkMentionIndexer(this.es, manager).indexBatch(mentions, { refresh: 'wait_for' });
    if (report.failed.length > 0) throw new Error(`indexing failed: ${JSON.stringify(report.failed)}`);
  }

  /** The document as Elasticsearch holds it (real-time get through the alias's indices). */
  async documentOf(id: string): Promise<Mention | undefined> {
    const res = await this.es.search<Mention>({ index: `${this.indexPrefix}mentions`, query: { ids: { values: [id] } } });
    return res.hits.hits[0]?._source;
  }

  async auditEvents(action: string): Promise<Array<{ actor_id: string | null; entity_id: string | null; data: Record<string, unknown> }>> {
    return this.db.dataSource.query('SELECT actor_id, entity_id, data FROM audit_events WHERE action = $1 ORDER BY id', [action]);
  }
}

/** The value of cookie `name` among Set-Cookie headers. */
export function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const header of headers) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === name) return decodeURIComponent(pair.slice(eq + 1));
  }
  return undefined;
}

/** The Set-Cookie header for `name` (with its attributes). */
export function cookieHeader(setCookie: string | string[] | undefined, name: string): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return headers.find((h) => h.startsWith(`${name}=`));
}
