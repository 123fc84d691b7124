import { randomBytes } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Client } from '@elastic/elasticsearch';
import type { SourceSettingValue, SourceType } from '@ascolto/domain';
import { CollectorRunEntity, CredentialCipher, SourceCursorEntity, SourceEntity } from '@ascolto/persistence';
import { MentionIndexManager } from '@ascolto/search';
import { createTestDatabase, type TestDatabase } from '@ascolto/testing';
import { CollectionRunService } from '../src/collection/collection-run.service';
import { SEARCH_CLIENT } from '../src/search/search.providers';
import { createWorker } from '../src/worker.factory';

/** A fixed key for tests only: credentials in test databases are encrypted with it. */
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 7).toString('base64');
const TEST_CIPHER = CredentialCipher.fromEnv({ ASCOLTO_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY });

/** A worker wired to a fresh database and a fresh index prefix, with schedules off. */
export class WorkerHarness {
  db!: TestDatabase;
  app!: INestApplicationContext;
  indexPrefix = `t-${randomBytes(4).toString('hex')}-`;

  async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<this> {
    this.db = await createTestDatabase();
    this.app = await this.createWorker(extraEnv);
    return this;
  }

  /** Another worker process-alike on the same database and indices (for lock tests). */
  createWorker(extraEnv: NodeJS.ProcessEnv = {}): Promise<INestApplicationContext> {
    return createWorker({
      env: {
        ...process.env,
        DATABASE_URL: this.db.url,
        ES_INDEX_PREFIX: this.indexPrefix,
        OUTBOUND_ALLOWLIST: '127.0.0.1',
        ASCOLTO_CREDENTIALS_KEY: TEST_CREDENTIALS_KEY,
        // Retries and timeouts fast enough for tests; the policies themselves are unchanged.
        COLLECTOR_TIMEOUT_MS: '2000',
        COLLECTOR_BACKOFF_BASE_MS: '20',
        COLLECTOR_MAX_WAIT_MS: '3000',
        ...extraEnv,
      },
      schedule: false,
      plainLogs: true,
    });
  }

  get runs(): CollectionRunService {
    return this.app.get(CollectionRunService);
  }

  get dataSource(): DataSource {
    return this.db.dataSource;
  }

  get search(): Client {
    return this.app.get<Client>(SEARCH_CLIENT);
  }

  async addSource(url: string, name = 'Test feed'): Promise<SourceEntity> {
    return this.dataSource.getRepository(SourceEntity).save({ type: 'rss', name, url, schedule: '*/5 * * * * *', enabled: true });
  }

  /** A source of any type, with settings and (encrypted, as the API stores them) credentials. */
  async addTypedSource(spec: {
    type: SourceType;
    url: string;
    name?: string;
    settings?: Record<string, SourceSettingValue>;
    credentials?: Record<string, string>;
    topicId?: string | null;
    budgetLimit?: number | null;
  }): Promise<SourceEntity> {
    const repo = this.dataSource.getRepository(SourceEntity);
    const source = await repo.save({
      type: spec.type,
      name: spec.name ?? `Test ${spec.type}`,
      url: spec.url,
      schedule: '*/5 * * * * *',
      enabled: true,
      settings: spec.settings ?? {},
      topicId: spec.topicId ?? null,
      budgetLimit: spec.budgetLimit ?? null,
    });
    if (spec.credentials) {
      source.credentialsEncrypted = TEST_CIPHER.encrypt(source.id, spec.credentials);
      await repo.update({ id: source.id }, { credentialsEncrypted: source.credentialsEncrypted });
    }
    return source;
  }

  /** The source row as it is now (attention, failures, backoff). */
  async sourceState(sourceId: string): Promise<SourceEntity> {
    return this.dataSource.getRepository(SourceEntity).findOneByOrFail({ id: sourceId });
  }

  /** The credentials stored for a source, decrypted (to check token refreshes). */
  async credentialsOf(sourceId: string): Promise<Record<string, string>> {
    const source = await this.sourceState(sourceId);
    return TEST_CIPHER.decrypt(sourceId, source.credentialsEncrypted);
  }

  /** Indexed mention documents (after a refresh), by id. */
  async indexedMentions<T = Record<string, unknown>>(): Promise<Map<string, T>> {
    const alias = this.app.get(MentionIndexManager).readAlias;
    await this.search.indices.refresh({ index: alias });
    const response = await this.search.search<T & { id: string }>({ index: alias, size: 10_000, query: { match_all: {} } });
    return new Map(response.hits.hits.map((hit) => [hit._source!.id, hit._source as T]));
  }

  async cursorOf(sourceId: string): Promise<unknown> {
    return (await this.dataSource.getRepository(SourceCursorEntity).findOneBy({ sourceId }))?.cursor ?? null;
  }

  async runsOf(sourceId: string): Promise<CollectorRunEntity[]> {
    return this.dataSource.getRepository(CollectorRunEntity).find({ where: { sourceId }, order: { startedAt: 'ASC' } });
  }

  /** Every indexed mention id (after a refresh), sorted. */
  async indexedIds(): Promise<string[]> {
    const alias = this.app.get(MentionIndexManager).readAlias;
    await this.search.indices.refresh({ index: alias });
    const response = await this.search.search<{ id: string }>({ index: alias, size: 10_000, _source: ['id'], query: { match_all: {} } });
    return response.hits.hits.map((hit) => hit._source!.id).sort();
  }

  async stop(): Promise<void> {
    const manager = this.app?.get(MentionIndexManager);
    await manager?.deleteAll().catch(() => undefined);
    await this.app?.close();
    await this.db?.drop();
  }
}
